"""Rate limiting (API.md §1.9) and Redis (INFRA.md §1.9–§1.12) against the real binary.

In-process limiter tests run without Redis; the others start their own Redis with
deploy/local/redis.sh (standalone, TLS + AUTH, a 3+3 cluster) so that counters never collide
with other tests. Limits are switched on per server (conftest turns them off by default).
Windows are aligned to the minute: tests that count wait for a fresh window when fewer than
~10 s are left, so that a count never straddles a boundary.
"""
import datetime
import os
import signal
import threading
import time
import uuid

import pytest
import requests

from conftest import Api, Redis

AUTH = "/api/v1/auth"
ME = AUTH + "/me"  # protected: without a token it is an unauthenticated request (per-IP limiter)
NO_LIMITS = {"RATE_LIMIT_PER_MINUTE": "0", "RATE_LIMIT_USER_PER_MINUTE": "0",
             "RATE_LIMIT_AUTH_PER_MINUTE": "0"}


def limits(ip=100, user=300, auth=10, **extra):
    env = {"RATE_LIMIT_PER_MINUTE": str(ip), "RATE_LIMIT_USER_PER_MINUTE": str(user),
           "RATE_LIMIT_AUTH_PER_MINUTE": str(auth)}
    env.update({k: (None if v is None else str(v)) for k, v in extra.items()})
    return env


def fresh_window(min_left=10):
    """Sleeps into the next minute when fewer than `min_left` seconds remain in this one."""
    now = time.time()
    left = 60 - (now % 60)
    if left < min_left:
        time.sleep(left + 0.2)
    return int(time.time() // 60)


def seconds_left():
    return 60 - (time.time() % 60)


def anon(server, path=ME, headers=None, method="GET", **kw):
    return requests.request(method, server.url(path), headers=headers or {}, timeout=10, **kw)


def assert_rate_headers(r, limit):
    assert r.headers["RateLimit-Limit"] == str(limit)
    assert r.headers["RateLimit-Policy"] == f"{limit};w=60"
    remaining = int(r.headers["RateLimit-Remaining"])
    reset = int(r.headers["RateLimit-Reset"])
    assert 0 <= remaining <= limit
    assert 1 <= reset <= 60
    return remaining, reset


def health(server):
    r = requests.get(server.url("/api/v1/health/detailed"), timeout=10)
    assert r.status_code == 200
    return r.json()


def wait_for(pred, timeout, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


# ----------------------------------------------------------------------- in-process limiter

def test_per_ip_limit_headers_and_429(make_server):
    s = make_server(env=limits(ip=5, REDIS_URL=None))
    fresh_window()
    seen = []
    for i in range(5):
        r = anon(s)
        assert r.status_code == 401, r.text  # passed the limiter, then authentication
        remaining, reset = assert_rate_headers(r, 5)
        seen.append(remaining)
    assert seen == [4, 3, 2, 1, 0]
    r = anon(s)
    assert r.status_code == 429
    body = r.json()
    assert body["detail"] == "Rate limit exceeded"
    assert isinstance(body["retry_after"], int) and 1 <= body["retry_after"] <= 60
    assert r.headers["Retry-After"] == str(body["retry_after"])
    assert r.headers["RateLimit-Reset"] == r.headers["Retry-After"]
    assert r.headers["RateLimit-Remaining"] == "0"
    assert r.headers["RateLimit-Limit"] == "5"
    assert r.headers["Cache-Control"] == "no-store"
    assert list(body) == ["detail", "retry_after"]
    assert any(l.get("event") == "rate_limited" for l in s.log_lines())


def test_exempt_routes_are_never_limited(make_server):
    s = make_server(env=limits(ip=1, auth=1, REDIS_URL=None))
    fresh_window()
    for _ in range(4):
        for path in ("/health", "/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready",
                     "/api/v1/health/detailed", "/"):
            r = anon(s, path)
            assert r.status_code == 200, (path, r.status_code)
            assert "RateLimit-Limit" not in r.headers
    # CORS preflights are exempt too.
    for _ in range(3):
        r = requests.options(s.url(ME), headers={"Origin": "http://localhost:5173",
                                                 "Access-Control-Request-Method": "GET"})
        assert r.status_code == 200
        assert "RateLimit-Limit" not in r.headers
    assert anon(s).status_code == 401
    assert anon(s).status_code == 429


def test_authenticated_requests_count_per_user(make_server):
    s = make_server(env=limits(ip=4, user=5, auth=0, REDIS_URL=None))
    api = Api(s)
    fresh_window(20)
    email = f"rl_{uuid.uuid4().hex[:8]}@example.com"
    api.register(email=email)                      # IP count 1
    tok = api.login(email, "Senha@Forte123")["access_token"]  # IP count 2
    for i in range(5):
        r = api.get(ME, token=tok)
        assert r.status_code == 200, r.text
        assert r.headers["RateLimit-Limit"] == "5"
        assert r.headers["RateLimit-Remaining"] == str(4 - i)
    r = api.get(ME, token=tok)
    assert r.status_code == 429
    assert r.headers["RateLimit-Limit"] == "5"
    # The user's traffic was not counted against the IP: two unauthenticated requests left.
    r = anon(s)
    assert r.status_code == 401 and r.headers["RateLimit-Limit"] == "4"
    assert r.headers["RateLimit-Remaining"] == "1"
    # An invalid token is an unauthenticated request (per IP).
    r = anon(s, headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401 and r.headers["RateLimit-Remaining"] == "0"
    assert anon(s, headers={"Authorization": "Bearer not-a-token"}).status_code == 429


def test_auth_routes_have_an_extra_per_ip_limiter(make_server):
    s = make_server(env=limits(ip=100, auth=2, REDIS_URL=None))
    fresh_window()
    statuses = []
    for _ in range(3):
        r = anon(s, AUTH + "/password-reset", method="POST", json={"email": "x"})
        statuses.append(r.status_code)
    assert statuses == [422, 422, 429]
    assert r.headers["RateLimit-Limit"] == "2" and r.headers["RateLimit-Remaining"] == "0"
    # Every auth path shares that limiter.
    for path in ("/login", "/register", "/refresh", "/forgot-password",
                 "/password-reset/confirm", "/reset-password"):
        assert anon(s, AUTH + path, method="POST", json={}).status_code == 429, path
    # The general per-IP limiter counted them too (9 of 100), and applies on other routes.
    r = anon(s)
    assert r.status_code == 401
    assert r.headers["RateLimit-Limit"] == "100"
    assert r.headers["RateLimit-Remaining"] == str(100 - 10)


def test_client_ip_from_forwarded_for_per_trusted_hops(make_server):
    s = make_server(env=limits(ip=2, TRUSTED_PROXY_HOPS=1, REDIS_URL=None))
    fresh_window()
    a = {"X-Forwarded-For": "203.0.113.1"}
    b = {"X-Forwarded-For": "spoofed, 203.0.113.2"}  # hops=1: the rightmost entry counts
    assert [anon(s, headers=a).status_code for _ in range(3)] == [401, 401, 429]
    assert [anon(s, headers=b).status_code for _ in range(3)] == [401, 401, 429]
    # Without trusted hops the header is ignored: everyone is the socket peer.
    s0 = make_server(env=limits(ip=2, REDIS_URL=None))
    codes = [anon(s0, headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(3)]
    assert codes == [401, 401, 429]


def test_zero_disables_every_limiter(make_server):
    s = make_server(env=dict(NO_LIMITS, REDIS_URL=None))
    for _ in range(30):
        r = anon(s)
        assert r.status_code == 401
        assert "RateLimit-Limit" not in r.headers


# --------------------------------------------------------------------------- standalone Redis

@pytest.fixture(scope="module")
def redis_one():
    r = Redis("standalone")
    yield r
    r.stop()


def test_health_reports_redis(make_server, redis_one):
    s = make_server(env=dict(redis_one.server_env()))
    h = health(s)
    assert h["status"] == "healthy"
    assert h["components"]["redis"]["status"] == "up"
    assert h["components"]["redis"]["cluster_mode"] is False
    assert h["components"]["redis"]["cache_enabled"] is True
    assert isinstance(h["components"]["redis"]["latency_ms"], (int, float))
    assert list(h["components"]["redis"]) == ["status", "latency_ms", "cluster_mode",
                                              "cache_enabled"]
    # Without REDIS_URL the component says so.
    s2 = make_server(env={"REDIS_URL": None})
    assert health(s2)["components"]["redis"] == {"status": "not_configured"}
    # A configured Redis that is down: degraded, still 200, never readiness.
    s3 = make_server(env={"REDIS_URL": "redis://127.0.0.1:1"})
    h3 = health(s3)
    assert h3["status"] == "degraded"
    red = h3["components"]["redis"]
    assert red["status"] == "down" and red["cluster_mode"] is False and "error" in red
    assert "127.0.0.1" not in red["error"]
    assert requests.get(s3.url("/api/v1/health/ready"), timeout=5).status_code == 200


def test_rate_limit_keys_in_redis(make_server, redis_one):
    redis_one.flush()
    s = make_server(env=dict(redis_one.server_env(), **limits(ip=3)))
    minute = fresh_window()
    assert [anon(s).status_code for _ in range(4)] == [401, 401, 401, 429]
    key = f"rl:{{ip:127.0.0.1}}:{minute}"
    assert redis_one.cli("GET", key) == "4"
    pttl = int(redis_one.cli("PTTL", key))
    assert 0 < pttl <= 60000


def test_sessions_and_revocations_live_in_redis(make_server, redis_one):
    s = make_server(env=dict(redis_one.server_env(), **NO_LIMITS))
    api = Api(s)
    user = api.new_user()
    claims = _claims(user.tokens["access_token"])
    key = f"sess:{{{claims['user_id']}}}:{claims['sid']}"
    value = redis_one.cli("GET", key)
    assert value.startswith("L"), value
    ttl = int(redis_one.cli("TTL", key))
    assert 7 * 86400 - 120 < ttl <= 7 * 86400  # remaining refresh lifetime
    assert user.get(ME).status_code == 200
    # A second instance on the same database and Redis.
    s2 = make_server(env=dict(redis_one.server_env(), **NO_LIMITS,
                              EDU_DATA_DIR=s.env["EDU_DATA_DIR"]), fresh_db=False,
                     database_url=s.env.get("DATABASE_URL"))
    other = Api(s2, user.tokens["access_token"])
    assert other.get(ME).status_code == 200
    assert user.post(AUTH + "/logout").status_code == 200
    assert redis_one.cli("GET", key) == "R"
    rkey = f"revoked:{{{claims['jti']}}}"
    assert redis_one.cli("EXISTS", rkey) == "1"
    assert 0 < int(redis_one.cli("TTL", rkey)) <= 1800
    # Effective on every instance immediately.
    r = other.get(ME)
    assert r.status_code == 401 and r.json() == {"detail": "Could not validate credentials"}
    assert user.get(ME).status_code == 401
    # Password-reset style "revoke all": refresh reuse revokes the whole session.
    u2 = api.new_user()
    c2 = _claims(u2.tokens["access_token"])
    first = api.post(AUTH + "/refresh", json={"refresh_token": u2.tokens["refresh_token"]})
    assert first.status_code == 200
    reuse = api.post(AUTH + "/refresh", json={"refresh_token": u2.tokens["refresh_token"]})
    assert reuse.status_code == 401
    assert redis_one.cli("GET", f"sess:{{{c2['user_id']}}}:{c2['sid']}") == "R"
    assert Api(s2, first.json()["access_token"]).get(ME).status_code == 401


def test_session_entry_evicted_falls_back_to_the_database(make_server, redis_one):
    s = make_server(env=dict(redis_one.server_env(), **NO_LIMITS))
    api = Api(s)
    user = api.new_user()
    c = _claims(user.tokens["access_token"])
    key = f"sess:{{{c['user_id']}}}:{c['sid']}"
    redis_one.cli("DEL", key)  # as if evicted (volatile-lru)
    assert user.get(ME).status_code == 200
    assert redis_one.cli("GET", key).startswith("L")  # re-populated from the database
    # After a logout whose Redis entries were lost, the database still decides, and its
    # answer (revoked) is cached as a tombstone.
    assert user.post(AUTH + "/logout").status_code == 200
    redis_one.cli("DEL", key, f"revoked:{{{c['jti']}}}")
    assert user.get(ME).status_code == 401
    assert redis_one.cli("GET", key) == "R"


def test_bncc_results_cached_in_redis_with_ttl(make_server, redis_one):
    env = dict(redis_one.server_env(), **NO_LIMITS)
    s1 = make_server(env=env)
    if health(s1)["components"]["bncc"]["status"] != "loaded":
        pytest.skip("BNCC catalog not available")
    q = f"/api/v1/bncc/skills?q=fra%C3%A7%C3%B5es&limit=7&offset={uuid.uuid4().int % 50}"
    before = set(redis_one.keys("bnccq:*"))
    r1 = anon(s1, q)
    assert r1.status_code == 200
    new = set(redis_one.keys("bnccq:*")) - before
    assert len(new) == 1, new
    key = new.pop()
    assert key.startswith("bnccq:{") and key.endswith("}") and len(key) == len("bnccq:{}") + 64
    ttl = int(redis_one.cli("TTL", key))
    assert 3590 <= ttl <= 3600  # BNCC_CACHE_TTL
    # Another instance answers the same query from the shared cache (a Redis hit).
    s2 = make_server(env=env)
    hits = lambda: int(next(l.split(":")[1] for l in redis_one.cli("INFO", "stats").splitlines()
                            if l.startswith("keyspace_hits")))
    h0 = hits()
    r2 = anon(s2, q)
    assert r2.status_code == 200 and r2.json() == r1.json()
    assert hits() > h0
    # BNCC_CACHE_TTL drives the key TTL.
    s3 = make_server(env=dict(env, BNCC_CACHE_TTL="120"))
    anon(s3, "/api/v1/bncc/skills?q=geometria&limit=3&offset=" + str(uuid.uuid4().int % 50))
    ttls = [int(redis_one.cli("TTL", k)) for k in redis_one.keys("bnccq:*")]
    assert any(0 < t <= 120 for t in ttls), ttls


def test_cache_disabled_keeps_limits_and_sessions_on_redis(make_server, redis_one):
    redis_one.flush()
    s = make_server(env=dict(redis_one.server_env(), CACHE_ENABLED="false", **limits(ip=50)))
    h = health(s)
    assert h["components"]["redis"]["cache_enabled"] is False
    assert h["components"]["redis"]["status"] == "up"
    api = Api(s)
    fresh_window()
    user = api.new_user()
    for _ in range(3):
        assert user.get(ME).status_code == 200
        anon(s)
        anon(s, "/api/v1/bncc/skills?q=frações")
        anon(s, "/api/v1/bncc/components")
    keys = redis_one.keys()
    assert any(k.startswith("rl:{") for k in keys), keys
    assert any(k.startswith("sess:{") for k in keys), keys
    assert not any(k.startswith(("bnccq:", "nlp:")) for k in keys), keys


def test_every_key_has_a_ttl(make_server, redis_one):
    s = make_server(env=dict(redis_one.server_env(), **limits(ip=1000, user=1000, auth=100)))
    api = Api(s)
    user = api.new_user()
    user.get(ME)
    for path in ("/api/v1/bncc/skills?q=numeros", "/api/v1/bncc/components"):
        anon(s, path)
    user.post(AUTH + "/logout")
    keys = redis_one.keys()
    assert keys
    for k in keys:
        assert int(redis_one.cli("PTTL", k)) > 0, k


def test_shared_limit_across_three_instances(make_server, redis_one):
    """3 processes on one Redis, one client IP, 150 requests in one window → exactly 100 pass."""
    redis_one.flush()
    env = dict(redis_one.server_env(), **limits(ip=100))
    servers = [make_server(env=env) for _ in range(3)]
    sessions = [requests.Session() for _ in servers]
    # A public route (200) when the BNCC catalog is loaded, else an unauthenticated /auth/me
    # (401 after passing the limiter). Health is not limited: asking costs no request.
    catalog = health(servers[0])["components"]["bncc"]["status"] == "loaded"
    path, ok_status = ("/api/v1/bncc/components", 200) if catalog else (ME, 401)
    # 150 requests take well under a second; keep them inside one minute.
    fresh_window(min_left=10)
    start_left = seconds_left()
    results = []
    lock = threading.Lock()

    def worker(k):
        for i in range(k, 150, 6):
            srv = servers[i % 3]
            r = sessions[i % 3].get(srv.url(path), timeout=10) if k < 3 else \
                requests.get(srv.url(path), timeout=10)
            with lock:
                results.append((i % 3, r.status_code, r.headers.get("RateLimit-Remaining")))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seconds_left() < start_left, "the run crossed a minute boundary"
    passed = [r for r in results if r[1] != 429]
    limited = [r for r in results if r[1] == 429]
    assert len(results) == 150
    assert len(passed) == 100, (len(passed), len(limited))
    assert {r[1] for r in passed} == {ok_status}
    # Each instance both admitted and refused requests: the counter is really shared.
    assert {r[0] for r in limited} == {0, 1, 2}
    assert all(r[2] == "0" for r in limited)


def test_fail_closed_answers_503_when_redis_is_unreachable(make_server):
    s = make_server(env={"REDIS_URL": "redis://127.0.0.1:1", **limits(ip=100),
                         "RATE_LIMIT_FAIL_OPEN": "false"})
    r = anon(s)
    assert r.status_code == 503
    assert r.json()["detail"] == "Rate limiter unavailable"
    assert requests.get(s.url("/api/v1/health/ready"), timeout=5).status_code == 200
    # Fail-open (default): allowed, headers from the per-process counters.
    s2 = make_server(env={"REDIS_URL": "redis://127.0.0.1:1", **limits(ip=100)})
    fresh_window()
    for _ in range(3):
        r = anon(s2)
        assert r.status_code == 401
        assert r.headers["RateLimit-Limit"] == "100"


def test_tls_with_auth_token(make_server):
    r = Redis("tls", password="tok-" + uuid.uuid4().hex)
    try:
        assert r.url.startswith("rediss://localhost:")
        s = make_server(env=dict(r.server_env(), **limits(ip=100)))
        h = health(s)
        assert h["components"]["redis"]["status"] == "up", h
        assert h["status"] == "healthy"
        minute = fresh_window()
        for _ in range(3):
            assert anon(s).status_code == 401
        assert r.cli("GET", f"rl:{{ip:127.0.0.1}}:{minute}") == "3"
        user = Api(s).new_user()
        assert user.get(ME).status_code == 200
        assert any(k.startswith("sess:{") for k in r.keys())
        # A wrong token: AUTH refused → Redis down for the server, which keeps serving.
        bad = make_server(env=dict(r.server_env(), REDIS_AUTH_TOKEN="wrong", **limits(ip=100)))
        hb = health(bad)
        assert hb["status"] == "degraded"
        assert "AUTH rejected" in hb["components"]["redis"]["error"]
        assert "wrong" not in hb["components"]["redis"]["error"]
        assert anon(bad).status_code == 401
        # No CA given: the certificate is not trusted → down, never a silent plaintext fallback.
        env = dict(r.server_env())
        env["EDU_REDIS_TLS_CA_FILE"] = None
        untrusted = make_server(env=env)
        hu = health(untrusted)
        assert hu["components"]["redis"]["status"] == "down"
        assert "certificate" in hu["components"]["redis"]["error"]
    finally:
        r.stop()


# ---------------------------------------------------------------------------- failure paths

class Load:
    """Background traffic: authenticated and anonymous requests; records every status."""

    def __init__(self, server, token, threads=4):
        self.server, self.token = server, token
        self.stop_event = threading.Event()
        self.statuses = []
        self.errors = []
        self.slow = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(threads)]

    def run(self, i):
        sess = requests.Session()
        n = 0
        while not self.stop_event.is_set():
            n += 1
            headers = {"Authorization": f"Bearer {self.token}"} if (n + i) % 2 else {}
            path = ME if n % 3 else "/api/v1/bncc/skills?q=fracoes&limit=5"
            t0 = time.time()
            try:
                r = sess.get(self.server.url(path), headers=headers, timeout=10)
                code = r.status_code
            except requests.RequestException as e:
                with self.lock:
                    self.errors.append(repr(e))
                continue
            dt = time.time() - t0
            with self.lock:
                self.statuses.append(code)
                if dt > 2.0:
                    self.slow.append((path, dt))
            time.sleep(0.005)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for t in self.threads:
            t.join()

    def count(self):
        with self.lock:
            return len(self.statuses)

    def server_errors(self):
        with self.lock:
            return [c for c in self.statuses if c >= 500]


def test_redis_stopped_mid_load_then_back(make_server):
    r = Redis("standalone")
    try:
        s = make_server(env=dict(r.server_env(), **limits(ip=100000, user=100000, auth=1000)))
        api = Api(s)
        user = api.new_user()
        with Load(s, user.tokens["access_token"]) as load:
            time.sleep(1.0)
            before = load.count()
            r.stop_node()
            down = wait_for(lambda: health(s)["components"]["redis"]["status"] == "down", 5)
            assert down
            h = health(s)
            assert h["status"] == "degraded"
            assert h["components"]["redis"]["status"] == "down"
            assert requests.get(s.url("/api/v1/health/ready"), timeout=5).status_code == 200
            time.sleep(2.0)
            during = load.count()
            assert during - before > 50, "traffic stalled while Redis was down"
            # Revocation while Redis is down reaches the database; sessions are checked there.
            victim = api.new_user()
            assert victim.get(ME).status_code == 200
            assert victim.post(AUTH + "/logout").status_code == 200
            assert victim.get(ME).status_code == 401
            r.start_node()
            up = wait_for(lambda: health(s)["components"]["redis"]["status"] == "up", 10)
            assert up, health(s)
            assert health(s)["status"] == "healthy"
            time.sleep(1.5)
        assert load.errors == []
        assert load.server_errors() == [], f"{len(load.server_errors())} 5xx responses"
        assert load.slow == []
        assert load.count() > during
        # Reconnected: the limiter and the sessions write to Redis again.
        keys = r.keys()
        assert any(k.startswith("rl:{") for k in keys), keys
        # The revocation made during the outage was replayed into Redis.
        vc = _claims(victim.tokens["access_token"])
        assert wait_for(lambda: r.cli("GET", f"sess:{{{vc['user_id']}}}:{vc['sid']}") == "R", 5)
        assert victim.get(ME).status_code == 401
    finally:
        r.stop()


def test_stalled_redis_costs_a_timeout_not_a_hang(make_server):
    r = Redis("standalone")
    pid = None
    try:
        s = make_server(env=dict(r.server_env(), EDU_REDIS_TIMEOUT_MS="150",
                                 **limits(ip=100000, user=100000)))
        user = Api(s).new_user()
        pid = int(open(os.path.join(r.base, f"node-{r.port}", "redis.pid")).read())
        os.kill(pid, signal.SIGSTOP)
        worst = 0.0
        for _ in range(40):
            t0 = time.time()
            code = user.get(ME).status_code
            worst = max(worst, time.time() - t0)
            assert code == 200
        assert worst < 1.5, worst
        h = health(s)
        assert h["components"]["redis"]["status"] == "down"
    finally:
        if pid:
            os.kill(pid, signal.SIGCONT)
        r.stop()


# ------------------------------------------------------------------------------------ cluster

@pytest.fixture(scope="module")
def cluster():
    c = Redis("cluster")
    yield c
    c.stop()


def test_cluster_mode_end_to_end(make_server, cluster):
    s = make_server(env=dict(cluster.server_env(), **limits(ip=3)))
    h = health(s)
    assert h["components"]["redis"]["status"] == "up", h
    assert h["components"]["redis"]["cluster_mode"] is True
    minute = fresh_window()
    assert [anon(s).status_code for _ in range(4)] == [401, 401, 401, 429]
    assert cluster.cli("GET", f"rl:{{ip:127.0.0.1}}:{minute}") == "4"
    s2 = make_server(env=dict(cluster.server_env(), **NO_LIMITS))
    user = Api(s2).new_user()
    c = _claims(user.tokens["access_token"])
    assert cluster.cli("GET", f"sess:{{{c['user_id']}}}:{c['sid']}").startswith("L")
    assert user.post(AUTH + "/logout").status_code == 200
    assert cluster.cli("GET", f"sess:{{{c['user_id']}}}:{c['sid']}") == "R"


def test_cluster_failover_under_load(make_server, cluster):
    """Kill the master owning this client's rate-limit key; the service keeps answering
    (fail-open, database fallback) and follows the promoted replica once it is healthy."""
    s = make_server(env=dict(cluster.server_env(), **limits(ip=100000, user=100000)))
    user = Api(s).new_user()
    minute = fresh_window()
    anon(s)
    victim = cluster.node_of(f"rl:{{ip:127.0.0.1}}:{minute}")
    assert victim in cluster.ports
    with Load(s, user.tokens["access_token"]) as load:
        time.sleep(1.0)
        t0 = time.time()
        cluster.stop_node(victim)
        # The cluster notices (node timeout 1 s) and promotes the replica; the server's
        # health follows within a bounded time.
        assert wait_for(lambda: health(s)["components"]["redis"]["status"] == "down", 10,
                        step=0.05) or True
        healthy = wait_for(lambda: health(s)["components"]["redis"]["status"] == "up"
                           and time.time() - t0 > 1.0, 25, step=0.2)
        assert healthy, health(s)
        recovered_after = time.time() - t0
        mark = load.count()
        time.sleep(2.0)
        assert load.count() - mark > 20
    assert load.errors == []
    assert load.server_errors() == [], f"{len(load.server_errors())} 5xx responses"
    # The limiter writes to the new master again.
    m = int(time.time() // 60)
    anon(s)
    owner = cluster.node_of(f"rl:{{ip:127.0.0.1}}:{m}")
    assert owner is not None and owner != victim
    print(f"failover: redis healthy again after {recovered_after:.1f} s")
    cluster.start_node(victim)  # rejoins as a replica


def _claims(token):
    import base64
    import json
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_suite_runs_on_redis(api, redis_mode):
    """EDU_TEST_REDIS mode (ctest functional_auth_redis*): every server really uses Redis."""
    if redis_mode is None:
        pytest.skip("EDU_TEST_REDIS not set")
    h = health(api.server)
    assert h["components"]["redis"]["status"] == "up", h
    assert h["components"]["redis"]["cluster_mode"] is redis_mode.cluster
    user = api.new_user()
    c = _claims(user.tokens["access_token"])
    assert redis_mode.cli("GET", f"sess:{{{c['user_id']}}}:{c['sid']}").startswith("L")
