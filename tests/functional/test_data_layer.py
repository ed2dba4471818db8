"""Data layer behaviours (issue 3): migrations under concurrency, schema-version guard, a lost
or hung database (503 + Retry-After, never a hang, recovery without restart), pool exhaustion,
and read replicas. Tests that stop PostgreSQL use a private cluster, never the session's."""
import json
import os
import signal
import subprocess
import threading
import time

import pytest
import requests

from conftest import BACKEND, BINARY, ROOT, Api, Postgres, db_sql

pg_only = pytest.mark.skipif(BACKEND != "postgres", reason="PostgreSQL-specific behaviour")
UNAVAILABLE = {"detail": "Serviço temporariamente indisponível"}
TEST_ROUTE = "/api/v1/health/test-slow"


def cli_env(database_url):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        "LOG_FORMAT": "json",
        "JWT_SECRET": "test-secret-0123456789-0123456789-abcdef",
    }


def known_migrations(dialect):
    return sorted(int(f.split("_")[0]) for f in os.listdir(ROOT / "migrations" / dialect) if f.endswith(".sql"))


def dialect_of(url):
    return "sqlite" if url.startswith("sqlite") else "postgres"


def get(server, path, timeout=30):
    t0 = time.monotonic()
    r = requests.get(server.url(path), timeout=timeout)
    return r, time.monotonic() - t0


def wait_for(predicate, timeout, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.fixture
def private_pg():
    if BACKEND != "postgres":
        pytest.skip("PostgreSQL-specific behaviour")
    pg = Postgres()
    yield pg
    pg.stop()


# ---------------------------------------------------------------- migrations

def test_concurrent_migrate_applies_each_migration_once(make_server):
    url = make_server.fresh_database_url()
    procs = [subprocess.Popen([BINARY, "migrate"], env=cli_env(url), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
    versions = known_migrations(dialect_of(url))
    applied_now = sum(int(o.rsplit("applied now:", 1)[1].split()[0]) for o in outs)
    assert applied_now == len(versions), outs
    rows = db_sql(url, "SELECT version, COUNT(*) FROM schema_migrations GROUP BY version ORDER BY version")
    assert [(int(v), int(n)) for v, n in rows] == [(v, 1) for v in versions]
    # A later run has nothing to do.
    again = subprocess.run([BINARY, "migrate"], env=cli_env(url), capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "applied now: 0" in again.stdout
    status = subprocess.run([BINARY, "migrate", "--status"], env=cli_env(url), capture_output=True, text=True)
    assert f"schema version {versions[-1]} (latest known {versions[-1]})" in status.stdout


def test_serve_refuses_a_schema_newer_than_it_knows(make_server):
    url = make_server.fresh_database_url()
    s = make_server(database_url=url)
    assert s.stop() == 0
    db_sql(url, "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES (9999, '9999_from_the_future', '2030-01-01T00:00:00Z')")
    for env in ({}, {"DB_MIGRATE_ON_START": "false"}):
        s2 = make_server(database_url=url, env=env, wait=False)
        rc = s2.proc.wait(timeout=60)
        assert rc != 0
        lines = [l for l in s2.log_lines() if l.get("event") == "startup_failed"]
        assert lines and "database schema version 9999 is newer than this binary knows" in lines[0]["message"], s2.logs()
    m = subprocess.run([BINARY, "migrate"], env=cli_env(url), capture_output=True, text=True, timeout=60)
    assert m.returncode != 0
    assert "9999" in m.stdout + m.stderr


# ---------------------------------------------------------------- pool exhaustion

def test_pool_exhaustion_waits_a_bounded_time_then_503(make_server):
    s = make_server(env={"DB_POOL_SIZE": "1", "EDU_DB_ACQUIRE_TIMEOUT_MS": "700",
                         "EDU_TEST_SLOW_ROUTE": "true"})
    holder = {}

    def hold():
        holder["r"] = requests.get(s.url(TEST_ROUTE + "?ms=3000&db=hold"), timeout=30)

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.8)
    r, elapsed = get(s, TEST_ROUTE + "?ms=0&db=hold")
    assert r.status_code == 503, r.text
    assert r.json() == UNAVAILABLE
    assert r.headers["Retry-After"] == "5"
    assert 0.6 <= elapsed < 2.5, elapsed
    t.join()
    assert holder["r"].status_code == 200
    # The slot is free again.
    r, _ = get(s, TEST_ROUTE + "?ms=0&db=hold")
    assert r.status_code == 200


# ---------------------------------------------------------------- lost database (PostgreSQL)

def test_lost_database_answers_503_quickly_and_recovers(make_server, private_pg):
    pg = private_pg
    s = make_server(database_url=pg.new_database(), env={"EDU_TEST_SLOW_ROUTE": "true"})
    assert get(s, TEST_ROUTE + "?ms=0&db=read")[0].json()["db"] == 1

    pg.stop_server()
    for _ in range(5):
        r, elapsed = get(s, TEST_ROUTE + "?ms=0&db=read")
        assert r.status_code == 503, r.text
        assert r.json() == UNAVAILABLE
        assert r.headers["Retry-After"] == "5"
        assert r.headers["Cache-Control"] == "no-store"
        assert elapsed < 2.0, elapsed
    assert get(s, "/api/v1/health/live")[0].status_code == 200
    r, elapsed = get(s, "/api/v1/health/detailed")
    assert r.status_code == 200 and elapsed < 3.0
    d = r.json()
    assert d["status"] == "degraded"
    assert d["components"]["database"]["status"] == "down"
    assert d["components"]["database"]["type"] == "postgresql"
    assert "postgres@" not in d["components"]["database"]["error"]
    # Readiness may cache its last answer for up to 5 s.
    assert wait_for(lambda: get(s, "/api/v1/health/ready")[0].status_code == 503, 8)
    r = get(s, "/api/v1/health/ready")[0]
    assert r.json() == {"detail": "Service not ready: database unavailable"}

    pg.start_server()
    assert wait_for(lambda: get(s, TEST_ROUTE + "?ms=0&db=read")[0].status_code == 200, 10)
    assert get(s, TEST_ROUTE + "?ms=0&db=hold")[0].status_code == 200
    assert wait_for(lambda: get(s, "/api/v1/health/ready")[0].status_code == 200, 8)
    assert get(s, "/api/v1/health/detailed")[0].json()["status"] == "healthy"
    assert s.proc.poll() is None
    events = [l.get("event") for l in s.log_lines()]
    assert "db_unavailable" in events and events.count("db_connected") >= 2


def test_hung_database_never_hangs_a_request(make_server, private_pg):
    """A server that stops answering (SIGSTOP: packets accepted, nothing comes back) costs a
    bounded wait — statement deadline, cancel request, connect timeout — then 503."""
    pg = private_pg
    s = make_server(database_url=pg.new_database(),
                    env={"EDU_TEST_SLOW_ROUTE": "true", "EDU_DB_STATEMENT_TIMEOUT_MS": "1000",
                         "EDU_DB_CONNECT_TIMEOUT_MS": "1000", "EDU_DB_ACQUIRE_TIMEOUT_MS": "1000"})
    for _ in range(3):
        assert get(s, TEST_ROUTE + "?ms=0&db=read")[0].status_code == 200
    pids = pg.server_pids()
    try:
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        r, elapsed = get(s, TEST_ROUTE + "?ms=0&db=read")
        assert r.status_code == 503 and r.headers["Retry-After"] == "5"
        assert elapsed < 8.0, elapsed
        r, elapsed = get(s, TEST_ROUTE + "?ms=0&db=read")
        assert r.status_code == 503 and elapsed < 3.0, elapsed
        r, elapsed = get(s, "/api/v1/health/detailed")
        assert r.status_code == 200 and r.json()["status"] == "degraded" and elapsed < 3.0
    finally:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
    assert wait_for(lambda: get(s, TEST_ROUTE + "?ms=0&db=read")[0].status_code == 200, 10)
    # A statement running past statement_timeout is cancelled by the server → 503, and the
    # connection stays usable.
    r, elapsed = get(s, TEST_ROUTE + "?ms=0&db=read")
    assert r.status_code == 200


# ---------------------------------------------------------------- read replicas (PostgreSQL)

def test_read_replica_is_used_reported_and_bypassed_when_down(make_server, private_pg):
    pg = private_pg
    url = pg.new_database()  # before the base backup, so the replica has the database
    rport = pg.start_replica()
    s = make_server(database_url=url, env={"DB_READ_HOSTS": f"127.0.0.1:{rport}",
                                           "EDU_TEST_SLOW_ROUTE": "true"})
    d = get(s, "/api/v1/health/detailed")[0].json()
    assert d["status"] == "healthy"
    [rep] = d["components"]["read_replicas"]
    assert rep["host"] == f"127.0.0.1:{rport}" and rep["status"] == "up"
    assert isinstance(rep["latency_ms"], float)
    # Plain reads go to the standby; the primary still takes what must be consistent.
    r = get(s, TEST_ROUTE + "?ms=0&db=replica")[0]
    assert r.status_code == 200 and r.json()["in_recovery"] is True
    assert get(s, TEST_ROUTE + "?ms=0&db=read")[0].status_code == 200
    # The replica's data follows the primary (streaming).
    replica_url = url.replace(str(pg.port), str(rport))
    assert wait_for(lambda: db_sql(replica_url, "SELECT COUNT(*) FROM schema_migrations")[0][0] != "0", 10)

    # Read-your-writes: with replay paused on the standby, a user who just wrote reads from the
    # primary for a few seconds; everyone else (and later that user too) reads the standby.
    api = Api(s)
    writer, other = api.new_user("teacher"), api.new_user("teacher")
    db_sql(replica_url, "SELECT pg_wal_replay_pause()")
    try:
        r = writer.post("/api/v1/professionals", json={
            "name": "Leitura Própria", "email": "rw@escola.com.br", "role": "psychologist",
            "organization": "Escola Réplica"})
        assert r.status_code == 201, r.text

        def listed(client):
            r = client.get("/api/v1/professionals", params={"organization": "Escola Réplica"})
            assert r.status_code == 200
            return r.json()["total"]

        assert listed(writer) == 1   # primary: sees its own write
        assert listed(other) == 0    # standby: replay paused
        time.sleep(5.5)
        assert listed(writer) == 0   # the affinity window is over
    finally:
        db_sql(replica_url, "SELECT pg_wal_replay_resume()")
    assert wait_for(lambda: listed(other) == 1, 10)

    pg.stop_server(pg.replica_dirs[0])
    d = get(s, "/api/v1/health/detailed")[0].json()
    assert d["status"] == "degraded"
    assert d["components"]["database"]["status"] == "up"
    assert d["components"]["read_replicas"] == [{"host": f"127.0.0.1:{rport}", "status": "down", "latency_ms": None}]
    for _ in range(3):
        r, elapsed = get(s, TEST_ROUTE + "?ms=0&db=replica")
        assert r.status_code == 200 and r.json()["in_recovery"] is False and elapsed < 2.0
    assert get(s, "/api/v1/health/ready")[0].status_code == 200  # replicas never fail readiness

    pg.start_server(pg.replica_dirs[0])
    assert wait_for(lambda: get(s, "/api/v1/health/detailed")[0].json()["status"] == "healthy", 10)
    assert get(s, TEST_ROUTE + "?ms=0&db=replica")[0].json()["in_recovery"] is True


# ---------------------------------------------------------------- configuration (PostgreSQL)

@pg_only
def test_db_variables_configure_postgres_and_the_password_never_shows(make_server, postgres):
    secret = "Sup3r-Secret-Pw"
    url = postgres.new_database()
    host_port, name = url.split("@", 1)[1].split("/", 1)
    host, port = host_port.split(":")
    # DB_* instead of DATABASE_URL (the local cluster trusts loopback, so any password works).
    s = make_server(env={"DB_HOST": host, "DB_PORT": port, "DB_NAME": name, "DB_USER": "postgres",
                         "DB_PASSWORD": secret, "DB_SSLMODE": "disable"})
    d = requests.get(s.url("/api/v1/health/detailed"), timeout=10).json()
    assert d["components"]["database"] == {"status": "up", "type": "postgresql",
                                           "latency_ms": d["components"]["database"]["latency_ms"]}
    ready = [l for l in s.log_lines() if l.get("event") == "db_pool_ready"]
    assert ready and ready[0]["host"] == f"{host}:{port}" and ready[0]["sslmode"] == "disable"
    # The same through DATABASE_URL, with percent-escapes in the password.
    s2 = make_server(database_url=url.replace("postgres@", "postgres:Sup3r%2DSecret%2DPw@"))
    assert requests.get(s2.url("/api/v1/health/ready"), timeout=10).status_code == 200
    # An unreachable server: one clear line, fast, naming host:port and never the password.
    dead = f"postgresql://postgres:{secret}@127.0.0.1:1/{name}"
    t0 = time.monotonic()
    m = subprocess.run([BINARY, "migrate"], env=cli_env(dead), capture_output=True, text=True, timeout=30)
    assert m.returncode != 0 and time.monotonic() - t0 < 5
    assert "cannot connect to 127.0.0.1:1" in m.stdout + m.stderr
    for text in (s.logs(), s2.logs(), m.stdout + m.stderr, json.dumps(d)):
        assert secret not in text and "Sup3r%2D" not in text
