"""Functional test harness: drives the real `eduautismo` binary over HTTP.

The backend comes from EDU_TEST_BACKEND (sqlite, the default, or postgres). For postgres the
suite starts its own throwaway PostgreSQL with deploy/local/postgres.sh on a free loopback
port in a temporary directory and stops it by its PID at the end.

Fixtures:
  server  - one server for the whole session (fresh database), with `.url(path)`
  api     - an `Api` client bound to `server` (requests.Session + helpers)
  make_server(env) - start an extra server with custom environment (stopped automatically);
                    make_server.fresh_database_url() gives a database URL on either backend
  postgres - the session's PostgreSQL cluster (None on SQLite); db_sql(url, sql) reads a database
  teacher / other_teacher - registered, logged-in users (tokens) — need the auth routes
  admin   - an admin provisioned out of band (`eduautismo create-admin`), logged in
  redis_mode - EDU_TEST_REDIS=standalone|tls|cluster|cluster-tls runs the suite with every
            server on one Redis (started here with deploy/local/redis.sh; TLS with a generated
            CA and an AUTH token); unset → no Redis (in-process defaults).
Helpers: api.new_admin() → Api bound to a fresh admin's token; server.cli(*args, input=...)
runs an `eduautismo` subcommand against the server's database; server.set_user_active(email, b).
"""
import json
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

ROOT = pathlib.Path(os.environ.get("EDU_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
# ../shared beside the repository, or ../../shared from a worktree one level deeper.
SHARED = pathlib.Path(os.environ.get("EDU_SHARED_DIR") or next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()),
    ROOT.parent / "shared"))
BINARY = os.environ.get("EDU_BINARY", str(ROOT / "build" / "eduautismo"))
BACKEND = os.environ.get("EDU_TEST_BACKEND", "sqlite")
BNCC_CSV = SHARED / "data" / "bncc" / "bncc.csv"
TEST_FIELD_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
REDIS_MODE = os.environ.get("EDU_TEST_REDIS", "")
# Environment every Server gets when the suite runs in a Redis mode (set by `redis_mode`).
REDIS_ENV = {}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


PG_SCRIPT = str(ROOT / "deploy/local/postgres.sh")
PGBIN = "/usr/lib/postgresql/15/bin"


def _as_postgres(cmd):
    return (["runuser", "-u", "postgres", "--"] + cmd) if os.geteuid() == 0 else cmd


class Postgres:
    """A throwaway PostgreSQL cluster (the session's, or a private one for tests that stop it)."""

    def __init__(self):
        self.base = _temp_dir("edu-pg-")
        os.chmod(self.base, 0o755)
        self.dir = os.path.join(self.base, "primary")
        out = subprocess.run(["bash", PG_SCRIPT, "start", self.dir], check=True, capture_output=True,
                             text=True, env={**os.environ, "PG_FSYNC": "off"}).stdout
        self.port = int(out.split("port=")[1].split()[0])
        self.replica_dirs = []

    def new_database(self):
        name = "edu_" + uuid.uuid4().hex[:12]
        subprocess.run(["bash", PG_SCRIPT, "createdb", self.dir, name],
                       check=True, capture_output=True, text=True)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def start_replica(self):
        """Starts a streaming read replica of this cluster; returns its port."""
        d = os.path.join(self.base, f"replica{len(self.replica_dirs) + 1}")
        out = subprocess.run(["bash", PG_SCRIPT, "replica", d, self.dir],
                             check=True, capture_output=True, text=True).stdout
        self.replica_dirs.append(d)
        return int(out.split("port=")[1].split()[0])

    def stop_server(self, d=None):
        """Stops the server (fast shutdown) but keeps its data directory."""
        subprocess.run(["bash", PG_SCRIPT, "stop", d or self.dir], check=True, capture_output=True)

    def start_server(self, d=None):
        d = d or self.dir
        subprocess.run(_as_postgres([f"{PGBIN}/pg_ctl", "-D", f"{d}/data", "-l", f"{d}/postgres.log",
                                     "-w", "start"]), check=True, capture_output=True)

    def server_pids(self, d=None):
        """The postmaster and all its children (backends, background workers)."""
        with open(os.path.join(d or self.dir, "data", "postmaster.pid")) as f:
            master = int(f.readline())
        pids = [master]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == master:
                            pids.append(int(entry))
                except (OSError, IndexError, ValueError):
                    pass
        return pids

    def stop(self):
        for d in self.replica_dirs + [self.dir]:
            subprocess.run(["bash", PG_SCRIPT, "stop", d], capture_output=True)
        subprocess.run(["rm", "-rf", self.base])


# Every temporary directory the harness creates, removed when the session ends (servers and
# fixtures clean their own as they stop; this catches the rest: SQLite files of restarted
# servers, servers that failed to start on purpose).
_TEMP_DIRS = []


def _temp_dir(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    _TEMP_DIRS.append(d)
    return d


@pytest.fixture(scope="session", autouse=True)
def _remove_temp_dirs():
    yield
    for d in _TEMP_DIRS:
        subprocess.run(["rm", "-rf", d])


def new_sqlite_url():
    d = _temp_dir("edu-sqlite-")
    return "sqlite:///" + os.path.join(d, "eduautismo.db")


def db_sql(url, statement):
    """Runs one SQL statement on the database behind `url` (either backend) and returns the
    rows as lists of strings. Tests use it to look behind the API."""
    if url.startswith("sqlite:///"):
        import sqlite3
        conn = sqlite3.connect(url[len("sqlite:///"):], timeout=30)
        try:
            cur = conn.execute(statement)
            rows = [[None if v is None else str(v) for v in r] for r in cur.fetchall()]
            conn.commit()
            return rows
        finally:
            conn.close()
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                          "-d", url, "-c", statement], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line != ""]


class Redis:
    """Throwaway Redis (deploy/local/redis.sh): standalone, TLS or a 3-master/3-replica
    cluster on loopback in a temp dir, stopped by its PIDs."""

    def __init__(self, kind="standalone", password=None, env=None):
        self.kind = kind
        self.password = password
        self.base = _temp_dir("edu-redis-")
        self.script = str(ROOT / "deploy/local/redis.sh")
        self.env = dict(os.environ)
        self.env.pop("REDIS_PASSWORD", None)
        if password:
            self.env["REDIS_PASSWORD"] = password
        self.env.update(env or {})
        args = {"standalone": ["start"], "tls": ["start-tls"], "cluster": ["cluster"],
                "cluster-tls": ["cluster", "--tls"]}[kind]
        out = subprocess.run(["bash", self.script, args[0], self.base, *args[1:]], check=True,
                             capture_output=True, text=True, env=self.env).stdout
        info = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        self.url = info["url"]
        self.port = int(info["port"])
        self.ports = [int(p) for p in info.get("ports", str(self.port)).split(",")]
        self.ca = info.get("ca")
        self.cluster = kind.startswith("cluster")

    def server_env(self):
        env = {"REDIS_URL": self.url, "REDIS_CLUSTER_MODE": "true" if self.cluster else "false"}
        if self.password:
            env["REDIS_AUTH_TOKEN"] = self.password
        if self.ca:
            env["EDU_REDIS_TLS_CA_FILE"] = self.ca
        return env

    def cli(self, *args, port=None, check=True):
        cmd = ["redis-cli", "-h", "127.0.0.1", "-p", str(port or self.port)]
        if self.ca:
            cmd += ["--tls", "--cacert", self.ca]
        if self.password:
            cmd += ["--no-auth-warning", "-a", self.password]
        if self.cluster and port is None:
            cmd.append("-c")
        r = subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True,
                           timeout=10)
        if check and r.returncode != 0:
            raise RuntimeError(f"redis-cli {args} failed: {r.stderr}")
        return r.stdout.strip()

    def live_ports(self):
        out = []
        for p in self.ports:
            try:
                if self.cli("PING", port=p, check=False) == "PONG":
                    out.append(p)
            except subprocess.TimeoutExpired:
                pass
        return out

    def keys(self, pattern="*"):
        """Every key matching `pattern` (all nodes of a cluster)."""
        found = set()
        for p in self.live_ports():
            out = self.cli("--scan", "--pattern", pattern, port=p, check=False)
            found.update(k for k in out.splitlines() if k)
        return sorted(found)

    def node_of(self, key):
        """The live node port answering for `key` (follows MOVED in cluster mode)."""
        if not self.cluster:
            return self.port
        for p in self.live_ports():
            role = self.cli("ROLE", port=p, check=False).splitlines()
            if role and role[0] == "master" and self.cli("EXISTS", key, port=p, check=False) == "1":
                return p
        return None

    def command(self, *args):
        """Runs a keyed command on the node owning the key (cluster) or the server."""
        if self.cluster:
            node = self.node_of(args[1]) if len(args) > 1 else None
            if node:
                return self.cli(*args, port=node)
        return self.cli(*args)

    def flush(self):
        for p in self.live_ports():
            self.cli("FLUSHALL", port=p, check=False)

    def stop_node(self, port=None):
        subprocess.run(["bash", self.script, "stop-node", self.base, str(port or self.port)],
                       check=True, capture_output=True)

    def start_node(self, port=None):
        subprocess.run(["bash", self.script, "start-node", self.base, str(port or self.port)],
                       check=True, capture_output=True, env=self.env)

    def stop(self):
        subprocess.run(["bash", self.script, "stop", self.base], capture_output=True)
        subprocess.run(["rm", "-rf", self.base])


class Server:
    """One eduautismo process on a free port."""

    def __init__(self, env=None, database_url=None, wait=True):
        self.tmp = _temp_dir("edu-srv-")
        self.port = free_port()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ENVIRONMENT": "test",
            "PORT": str(self.port),
            "EDU_BIND_ADDRESS": "127.0.0.1",
            "EDU_DATA_DIR": os.path.join(self.tmp, "data"),
            "JWT_SECRET": "test-secret-0123456789-0123456789-abcdef",
            # Like production, every process sharing a database shares the field encryption
            # master key (tests that restart servers on one database rely on it).
            "FIELD_ENCRYPTION_KEY": TEST_FIELD_KEY,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "RATE_LIMIT_PER_MINUTE": "0",
            "RATE_LIMIT_USER_PER_MINUTE": "0",
            "RATE_LIMIT_AUTH_PER_MINUTE": "0",
            "SHUTDOWN_SETTLE_SECONDS": "0",
            "SHUTDOWN_GRACE_SECONDS": "10",
            "MAIL_OUTBOX_DIR": os.path.join(self.tmp, "outbox"),
            "NOTIFICATION_SWEEP_INTERVAL_SECONDS": "0",
            # Many tests log in with wrong passwords from 127.0.0.1: keep the brute-force
            # limit per IP out of their way (test_auth.py tests it with its own servers).
            "EDU_LOGIN_MAX_FAILURES_PER_IP": "0",
            # The session-wide `api` client keeps one keep-alive connection across tests. With
            # the production idle timeout (75 s, longer than the ALB's 60 s so that clients there
            # never meet it), a request sent at the instant the server closes that connection after
            # a long stretch of tests not using it is lost (the HTTP keep-alive race; seen once in
            # CI after test_redis.py's ~75 s). The idle timeout itself is tested in
            # tests/unit/http/server_limits_test.cpp.
            "EDU_IDLE_TIMEOUT_SECONDS": "3600",
        }
        if BNCC_CSV.exists():
            self.env["BNCC_DATA_PATH"] = str(BNCC_CSV)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.env.update(REDIS_ENV)
        if env:
            self.env.update({k: str(v) for k, v in env.items() if v is not None})
            for k, v in env.items():
                if v is None:
                    self.env.pop(k, None)
        self.log_path = os.path.join(self.tmp, "server.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([BINARY, "serve"], env=self.env, cwd=self.tmp,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.base_url = f"http://127.0.0.1:{self.port}"
        if wait:
            self.wait_ready()

    def url(self, path):
        return self.base_url + path

    def wait_ready(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.logs()}")
            try:
                if requests.get(self.url("/api/v1/health/ready"), timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not become ready:\n" + self.logs())

    def logs(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def log_lines(self):
        out = []
        for line in self.logs().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def cli(self, *args, input=None, check=True):
        """Runs `eduautismo <args>` with this server's configuration (same database)."""
        env = dict(self.env)
        env["PORT"] = "0"
        r = subprocess.run([BINARY, *args], env=env, cwd=self.tmp, input=input,
                           capture_output=True, text=True, timeout=120)
        if check and r.returncode != 0:
            raise RuntimeError(f"eduautismo {' '.join(args)} failed ({r.returncode}):\n"
                               f"{r.stdout}\n{r.stderr}")
        return r

    def create_admin(self, email, password, full_name="Administrador"):
        """Provisions an admin out of band (API.md §2.5); returns its user id."""
        return self.cli("create-admin", email, "--name", full_name,
                        input=password + "\n").stdout.strip()

    def set_user_active(self, email, active):
        self.cli("set-user-active", email, "true" if active else "false")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def cleanup(self):
        subprocess.run(["rm", "-rf", self.tmp])


class Api:
    """requests wrapper bound to a server, with JSON helpers and bearer tokens."""

    def __init__(self, server, token=None):
        self.server = server
        self.session = requests.Session()
        self.token = token

    def with_token(self, token):
        return Api(self.server, token)

    def request(self, method, path, token=None, headers=None, **kw):
        h = dict(headers or {})
        tok = token if token is not None else self.token
        if tok:
            h["Authorization"] = f"Bearer {tok}"
        kw.setdefault("timeout", 30)
        return self.session.request(method, self.server.url(path), headers=h, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # --- account helpers (auth routes, API.md §4.3) ---
    def register(self, email=None, password="Senha@Forte123", full_name="Professora Teste",
                 role="teacher"):
        email = email or f"user_{uuid.uuid4().hex[:10]}@escola.com.br"
        r = self.post("/api/v1/auth/register",
                      json={"email": email, "password": password, "full_name": full_name,
                            "role": role})
        assert r.status_code == 201, r.text
        return email, password, r.json()

    def login(self, email, password):
        r = self.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        return r.json()

    def new_admin(self, email=None, password="Admin@Forte123", full_name="Admin Teste"):
        """Creates an admin with `eduautismo create-admin`, logs in; returns an Api."""
        email = email or f"admin_{uuid.uuid4().hex[:10]}@escola.com.br"
        self.server.create_admin(email, password, full_name)
        tokens = self.login(email, password)
        api = self.with_token(tokens["access_token"])
        api.user = tokens["user"]
        api.tokens = tokens
        api.email = email
        api.password = password
        return api

    def new_user(self, role="teacher", **kw):
        """Registers and logs in a user; returns an Api bound to its access token."""
        email, password, user = self.register(role=role, **kw)
        tokens = self.login(email, password)
        api = self.with_token(tokens["access_token"])
        api.user = tokens["user"]
        api.tokens = tokens
        api.email = email
        api.password = password
        return api


@pytest.fixture(scope="session", autouse=True)
def redis_mode():
    """EDU_TEST_REDIS=standalone|tls|cluster|cluster-tls: one Redis for every server of the run."""
    if not REDIS_MODE:
        yield None
        return
    r = Redis(REDIS_MODE, password="auth-token-" + uuid.uuid4().hex[:8]
              if REDIS_MODE in ("tls", "cluster-tls") else None)
    REDIS_ENV.update(r.server_env())
    yield r
    REDIS_ENV.clear()
    r.stop()


@pytest.fixture(scope="session")
def postgres():
    if BACKEND != "postgres":
        yield None
        return
    pg = Postgres()
    yield pg
    pg.stop()


def _database_url(postgres):
    return postgres.new_database() if postgres else None


@pytest.fixture(scope="session")
def server(postgres):
    s = Server(database_url=_database_url(postgres))
    yield s
    rc = s.stop()
    s.cleanup()
    assert rc == 0, f"server exited with {rc}"


@pytest.fixture
def make_server(postgres):
    """Factory for extra servers: make_server(env={...}, fresh_db=True)."""
    started = []

    def factory(env=None, fresh_db=True, database_url=None, wait=True):
        url = database_url or (_database_url(postgres) if fresh_db else None)
        s = Server(env=env, database_url=url, wait=wait)
        started.append(s)
        return s

    factory.new_database_url = lambda: _database_url(postgres)
    # A concrete URL on either backend (SQLite: a fresh file), for tests that restart a server
    # on the same database or look into it with db_sql().
    factory.fresh_database_url = lambda: postgres.new_database() if postgres else new_sqlite_url()
    yield factory
    for s in started:
        s.stop(signal.SIGKILL)
        s.cleanup()


@pytest.fixture(scope="session")
def api(server):
    return Api(server)


@pytest.fixture
def teacher(api):
    return api.new_user("teacher")


@pytest.fixture
def other_teacher(api):
    return api.new_user("teacher")


@pytest.fixture
def admin(api):
    return api.new_admin()
