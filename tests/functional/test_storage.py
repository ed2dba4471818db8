"""Object store (DESIGN.md §1, INFRA.md §1.1/§1.13/§2.8): the BNCC catalog from the bncc-data
bucket (API.md §4.13.2) over a local S3-protocol server (npm s3rver via deploy/local/s3.sh,
skipped only when npm is unreachable), and `eduautismo lifecycle` on the local store, on
s3rver and on a SigV4-verifying fake S3 that hands out task-role credentials."""
import hashlib
import hmac
import http.server
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

import pytest
import requests

from conftest import BINARY, BNCC_CSV, ROOT

S3_SCRIPT = str(ROOT / "deploy/local/s3.sh")
BNCC_EXTRA = BNCC_CSV.parent / "bncc_extra.csv"
BUCKET = "bncc-data-test"


@pytest.fixture(scope="module")
def s3rver():
    d = tempfile.mkdtemp(prefix="edu-s3-")
    r = subprocess.run(["bash", S3_SCRIPT, "start", d, "0", BUCKET, "edu-exports"],
                       capture_output=True, text=True, timeout=300)
    if r.returncode == 3:
        pytest.skip("s3rver cannot be installed (npm registry unreachable): " + r.stderr.strip())
    assert r.returncode == 0, r.stdout + r.stderr
    url = re.search(r"url=(\S+)", r.stdout).group(1)
    yield url
    subprocess.run(["bash", S3_SCRIPT, "stop", d], capture_output=True)
    shutil.rmtree(d, ignore_errors=True)


def upload(url, bucket, key, path_or_bytes):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else open(path_or_bytes, "rb").read()
    r = requests.put(f"{url}/{bucket}/{urllib.parse.quote(key)}", data=data, timeout=10)
    assert r.status_code == 200, r.text


def s3_env(url, prefix):
    return {"BNCC_DATA_PATH": None, "S3_BUCKET_BNCC_DATA": BUCKET, "BNCC_DATA_PREFIX": prefix,
            "S3_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER"}


def bncc_health(server, timeout=30):
    """components.bncc once the background bucket load has ended."""
    deadline = time.time() + timeout
    while True:
        b = requests.get(server.url("/api/v1/health/detailed"), timeout=5).json()["components"]["bncc"]
        if b["status"] == "loaded" or not b.get("reason", "").startswith("loading") or time.time() > deadline:
            return b
        time.sleep(0.05)


# --- BNCC catalog from the bncc-data bucket (API.md §4.13.2) ---

@pytest.mark.skipif(not BNCC_CSV.exists(), reason="reference BNCC dataset missing")
def test_bncc_catalog_loads_from_the_bucket_with_prefix(s3rver, make_server):
    upload(s3rver, BUCKET, "catalog/2018/bncc.csv", BNCC_CSV)
    upload(s3rver, BUCKET, "catalog/2018/bncc_extra.csv", BNCC_EXTRA)
    s = make_server(env=s3_env(s3rver, "catalog/2018/"))
    b = bncc_health(s)
    version = hashlib.sha256(BNCC_CSV.read_bytes()).hexdigest()[:12]
    assert b == {"status": "loaded", "count": 1580, "skipped_rows": 0, "source": "s3", "version": version}
    r = requests.get(s.url("/api/v1/bncc/skills/EF15LP01"), timeout=5)
    assert r.status_code == 200
    assert r.json()["field_of_action"] == "Todos os campos de atuação"  # bncc_extra.csv came too
    assert r.json()["pdf_page"] == 97
    assert requests.get(s.url("/api/v1/bncc/skills"), timeout=5).json()["total"] == 1580
    loaded = [l for l in s.log_lines() if l.get("event") == "bncc_catalog_loaded"]
    assert loaded and loaded[0]["source"] == "s3"
    assert loaded[0]["location"] == f"s3://{BUCKET}/catalog/2018/bncc.csv"
    # Credentials never reach the logs.
    assert "S3RVER" not in s.logs().replace("S3RVER listening", "")


def test_missing_bucket_object_means_catalog_not_loaded(s3rver, make_server):
    s = make_server(env=s3_env(s3rver, "absent/"))
    b = bncc_health(s)
    assert b["status"] == "not_loaded"
    assert "bncc.csv not found" in b["reason"] and f"s3://{BUCKET}/absent/bncc.csv" in b["reason"]
    r = requests.get(s.url("/api/v1/bncc/skills"), timeout=5)
    assert r.status_code == 503 and r.json() == {"detail": "Catálogo BNCC não carregado"}
    v = requests.get(s.url("/api/v1/bncc/validate/EF01MA01"), timeout=5).json()
    assert v["catalog_loaded"] is False and v["exists"] is None
    assert requests.get(s.url("/api/v1/health/ready"), timeout=5).status_code == 200
    assert any(l.get("event") == "bncc_catalog_load_failed" and l["level"] == "ERROR" for l in s.log_lines())


def test_wrong_header_in_the_bucket_object_means_not_loaded(s3rver, make_server):
    upload(s3rver, BUCKET, "bad/bncc.csv", b"codigo,descricao\nEF01MA01,x\n")
    s = make_server(env=s3_env(s3rver, "bad/"))
    b = bncc_health(s)
    assert b["status"] == "not_loaded" and "wrong header" in b["reason"]


def test_unreachable_s3_is_retried_then_reported(make_server):
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{port.getsockname()[1]}"
    port.close()  # nothing listens there
    s = make_server(env=s3_env(url, ""))
    assert requests.get(s.url("/api/v1/health/ready"), timeout=5).status_code == 200  # start-up did not wait
    b = bncc_health(s, timeout=30)
    assert b["status"] == "not_loaded" and "cannot read" in b["reason"], b
    assert sum(1 for l in s.log_lines() if l.get("event") == "bncc_catalog_retry") == 3


@pytest.mark.skipif(not BNCC_CSV.exists(), reason="reference BNCC dataset missing")
def test_bncc_bucket_on_the_local_object_store(make_server, tmp_path):
    objects = tmp_path / "objects"
    (objects / "catalog").mkdir(parents=True)
    shutil.copy(BNCC_CSV, objects / "catalog" / "bncc.csv")
    s = make_server(env={"BNCC_DATA_PATH": None, "STORAGE_URL": f"file://{objects}",
                         "S3_BUCKET_BNCC_DATA": "catalog"})
    b = bncc_health(s)
    assert b["status"] == "loaded" and b["count"] == 1580 and b["source"] == "s3"
    # no bncc_extra.csv: the extra fields are null
    assert requests.get(s.url("/api/v1/bncc/skills/EF15LP01"), timeout=5).json()["pdf_page"] is None


# --- eduautismo lifecycle ---

def lifecycle(env, *args):
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "ENVIRONMENT": "test", "LOG_FORMAT": "json"}
    base.update(env)
    return subprocess.run([BINARY, "lifecycle", *args], env=base, capture_output=True, text=True, timeout=60)


def test_lifecycle_on_the_local_store(tmp_path):
    objects = tmp_path / "data" / "objects"
    old = objects / "exports" / "2025" / "planos_pendentes_20250101_000000.csv"
    new = objects / "exports" / "planos_pendentes_20260101_000000.csv"
    upload_old = objects / "uploads" / "foto.png"
    stale = objects / ".tmp" / "crash.part"
    fresh = objects / ".tmp" / "writing.part"
    for p in (old, new, upload_old, stale, fresh):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x" * 10)
    day = 86400
    now = time.time()
    os.utime(old, (now - 91 * day, now - 91 * day))
    os.utime(new, (now - 89 * day, now - 89 * day))
    os.utime(upload_old, (now - 400 * day, now - 400 * day))
    os.utime(stale, (now - 8 * day, now - 8 * day))
    env = {"EDU_DATA_DIR": str(tmp_path / "data")}

    dry = lifecycle(env)
    assert dry.returncode == 0, dry.stderr
    assert "would delete exports/2025/planos_pendentes_20250101_000000.csv" in dry.stdout
    assert "would delete crash.part" in dry.stdout
    assert "summary: would delete 2 file(s), 20 bytes" in dry.stdout
    assert old.exists() and stale.exists()

    applied = lifecycle(env, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "deleted exports/2025/planos_pendentes_20250101_000000.csv" in applied.stdout
    assert not old.exists() and not old.parent.exists() and not stale.exists()
    assert new.exists() and fresh.exists() and upload_old.exists()

    again = lifecycle(env, "--apply")
    assert "summary: deleted 0 file(s)" in again.stdout
    assert lifecycle(env, "--bogus").returncode == 2


def test_lifecycle_reports_s3rver_has_no_lifecycle_support(s3rver):
    r = lifecycle({"S3_BUCKET_EXPORTS": "edu-exports", "S3_ENDPOINT_URL": s3rver,
                   "AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER"})
    assert r.returncode == 1
    assert "exports (bucket edu-exports): ERROR GetBucketLifecycleConfiguration s3://edu-exports/" in r.stdout
    assert "NotImplemented" in r.stdout


class FakeS3:
    """GET/PUT/DELETE ?lifecycle with SigV4 verification, plus an ECS-style credentials
    endpoint. Records every problem in `errors`."""

    KEY_ID, SECRET, TOKEN = "ASIATASKROLEEXAMPLE", "task/role+secret", "session-token/=="

    def __init__(self, bind="127.0.0.1"):
        self.configs, self.errors, self.calls, self.cred_calls = {}, [], [], 0
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def reply(self, status, body=b""):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def handle_any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                if self.path.startswith("/creds"):
                    fake.cred_calls += 1
                    if self.headers.get("Authorization") != "task-token":
                        return self.reply(401)
                    return self.reply(200, (
                        '{"AccessKeyId": "%s", "SecretAccessKey": "%s", "Token": "%s", '
                        '"Expiration": "2099-01-01T00:00:00Z"}' % (fake.KEY_ID, fake.SECRET, fake.TOKEN)).encode())
                fake.verify(self, body)
                path, _, query = self.path.partition("?")
                bucket = path.strip("/")
                fake.calls.append((self.command, bucket, query))
                if query != "lifecycle=":
                    return self.reply(400)
                if self.command == "GET":
                    if bucket not in fake.configs:
                        return self.reply(404, b"<Error><Code>NoSuchLifecycleConfiguration</Code>"
                                               b"<Message>none</Message></Error>")
                    return self.reply(200, fake.configs[bucket])
                if self.command == "PUT":
                    import base64
                    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
                    if self.headers.get("Content-MD5") != md5:
                        fake.errors.append("Content-MD5 mismatch")
                    fake.configs[bucket] = body
                    return self.reply(200)
                if self.command == "DELETE":
                    fake.configs.pop(bucket, None)
                    return self.reply(204)
                return self.reply(405)

            do_GET = do_PUT = do_DELETE = do_POST = do_HEAD = handle_any

        self.httpd = http.server.ThreadingHTTPServer((bind, 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def verify(self, req, body):
        auth = req.headers.get("Authorization", "")
        m = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/s3/aws4_request, "
                         r"SignedHeaders=([^,]+), Signature=([0-9a-f]{64})", auth)
        if not m:
            self.errors.append("malformed Authorization: " + auth)
            return
        key_id, date8, region, signed, signature = m.groups()
        if key_id != self.KEY_ID:
            self.errors.append("signed with key " + key_id)
        if req.headers.get("x-amz-security-token") != self.TOKEN:
            self.errors.append("missing session token")
        payload = req.headers.get("x-amz-content-sha256", "")
        if payload != hashlib.sha256(body).hexdigest():
            self.errors.append("x-amz-content-sha256 is not the body hash")
        names = signed.split(";")
        if names != sorted(names):
            self.errors.append("SignedHeaders not sorted: " + signed)
        path, _, query = req.path.partition("?")
        pairs = sorted((urllib.parse.quote(urllib.parse.unquote(k), safe="-_.~"),
                        urllib.parse.quote(urllib.parse.unquote(v), safe="-_.~"))
                       for k, _, v in (p.partition("=") for p in query.split("&") if p))
        if "&".join(f"{k}={v}" for k, v in pairs) != query:
            self.errors.append("query not canonical: " + query)
        canonical = "\n".join([req.command, path, query,
                               "".join(f"{n}:{' '.join(req.headers.get(n, '').split())}\n" for n in names),
                               signed, payload])
        amz_date = req.headers.get("x-amz-date", "")
        scope = f"{date8}/{region}/s3/aws4_request"
        sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        k = ("AWS4" + self.SECRET).encode()
        for part in (date8, region, "s3", "aws4_request"):
            k = hmac.new(k, part.encode(), hashlib.sha256).digest()
        if hmac.new(k, sts.encode(), hashlib.sha256).hexdigest() != signature:
            self.errors.append("SignatureDoesNotMatch for " + req.command + " " + req.path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_lifecycle_verifies_and_applies_bucket_rules_with_task_role_credentials():
    fake = FakeS3()
    try:
        env = {"S3_BUCKET_UPLOADS": "edu-uploads", "S3_BUCKET_EXPORTS": "edu-exports",
               "S3_BUCKET_ML_MODELS": "edu-models", "S3_BUCKET_BNCC_DATA": "edu-bncc",
               "S3_ENDPOINT_URL": f"http://127.0.0.1:{fake.port}", "AWS_REGION": "sa-east-1",
               "AWS_CONTAINER_CREDENTIALS_FULL_URI": f"http://127.0.0.1:{fake.port}/creds",
               "AWS_CONTAINER_AUTHORIZATION_TOKEN": "task-token"}
        fake.configs["edu-bncc"] = b"<LifecycleConfiguration/>"  # no rules: fine for bncc-data
        verify = lifecycle(env)
        assert verify.returncode == 1, verify.stdout + verify.stderr
        assert "uploads (bucket edu-uploads): NO lifecycle configuration" in verify.stdout
        assert "missing rule exports-archive-and-expire: transition 30 d → GLACIER; expire after 90 d" in verify.stdout
        assert "bncc-data (bucket edu-bncc): OK (0 rule(s))" in verify.stdout
        assert "summary: 4 bucket(s), 3 differ, 0 error(s)" in verify.stdout
        assert not any(c[0] == "PUT" for c in fake.calls)  # verify only

        applied = lifecycle(env, "--apply")
        assert applied.returncode == 0, applied.stdout + applied.stderr
        assert applied.stdout.count("applied:") == 3
        assert b"<Days>90</Days>" in fake.configs["edu-exports"]
        assert b"<NewerNoncurrentVersions>3</NewerNoncurrentVersions>" in fake.configs["edu-models"]

        again = lifecycle(env)
        assert again.returncode == 0, again.stdout
        assert "summary: 4 bucket(s), 0 differ, 0 error(s)" in again.stdout

        # A rule changed behind our back is reported.
        fake.configs["edu-exports"] = fake.configs["edu-exports"].replace(b"<Days>90</Days>", b"<Days>30</Days>")
        drift = lifecycle(env)
        assert drift.returncode == 1 and "exports (bucket edu-exports): DIFFERS" in drift.stdout
        assert fake.errors == [], fake.errors
        assert fake.cred_calls == 4  # one fetch per process, cached within it
    finally:
        fake.close()


def non_loopback_ip():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("192.0.2.1", 9))  # no packet is sent
        ip = s.getsockname()[0]
    except OSError:
        return None
    finally:
        s.close()
    return None if ip.startswith("127.") else ip


def test_static_keys_are_ignored_unless_the_endpoint_is_a_loopback_test_server():
    ip = non_loopback_ip()
    if ip is None:
        pytest.skip("this machine has no non-loopback IPv4 address to serve the fake S3 on")
    fake = FakeS3(bind="0.0.0.0")
    try:
        env = {"S3_BUCKET_EXPORTS": "edu-exports", "S3_ENDPOINT_URL": f"http://{ip}:{fake.port}",
               "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "env-secret",
               "AWS_CONTAINER_CREDENTIALS_FULL_URI": f"http://127.0.0.1:{fake.port}/creds",
               "AWS_CONTAINER_AUTHORIZATION_TOKEN": "task-token"}
        r = lifecycle(env)
        assert "exports (bucket edu-exports): NO lifecycle configuration" in r.stdout, r.stdout + r.stderr
        assert fake.cred_calls == 1 and fake.errors == [], fake.errors  # task-role key, not the env key
        assert "AWS_ACCESS_KEY_ID is ignored" in r.stdout + r.stderr
    finally:
        fake.close()
