"""Root, health, routing and the standard headers (API.md §1.2, §1.8, §4.1, §4.2)."""
import gzip
import re
import socket
import threading
import time

import requests

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-XSS-Protection": "1; mode=block",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def assert_standard_headers(r):
    for k, v in SECURITY_HEADERS.items():
        assert r.headers.get(k) == v, (k, r.headers)
    assert re.fullmatch(r"\d+\.\d{4}", r.headers["X-Process-Time"])
    assert r.headers.get("X-Request-ID")


def test_root(api):
    r = api.get("/")
    assert r.status_code == 200
    body = r.json()
    assert body["app"] == "EduAutismo IA"
    assert body["status"] == "online"
    assert body["environment"] == "test"
    assert body["links"]["api_v1"] == "/api/v1"


def test_health_endpoints(api):
    for path in ["/health", "/api/v1/health", "/api/v1/health/"]:
        r = api.get(path)
        assert r.status_code == 200
        assert r.json()["status"] == "healthy"
        assert r.headers["Cache-Control"] == "no-store"
        assert_standard_headers(r)
    assert api.get("/api/v1/health/live").json()["status"] == "alive"
    assert api.get("/api/v1/health/ready").json()["status"] == "ready"
    assert api.get("/api/v1/health/startup").json()["status"] == "started"
    d = api.get("/api/v1/health/detailed").json()
    assert d["status"] == "healthy"
    assert d["components"]["database"]["status"] == "up"
    assert d["components"]["database"]["type"] in ("sqlite", "postgresql")
    assert d["components"]["read_replicas"] == []


def test_unknown_path_and_wrong_method(api):
    r = api.get("/api/v1/nope")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    assert_standard_headers(r)
    assert r.headers["Cache-Control"] == "no-store"
    r = api.post("/api/v1/health")
    assert r.status_code == 405 and r.json() == {"detail": "Method Not Allowed"}
    assert r.headers["Allow"] == "GET, HEAD"
    r = api.get("/api//health")
    assert r.status_code == 404


def test_head_has_no_body(api):
    r = api.request("HEAD", "/api/v1/health")
    assert r.status_code == 200
    assert r.content == b""
    assert int(r.headers["Content-Length"]) > 0


def test_request_id_echoed_or_generated(api):
    r = api.get("/health", headers={"X-Request-ID": "abc.DEF_123-x"})
    assert r.headers["X-Request-ID"] == "abc.DEF_123-x"
    r = api.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert re.fullmatch(r"[0-9a-f-]{36}", r.headers["X-Request-ID"])


def test_cors_preflight_and_actual(api):
    r = api.request("OPTIONS", "/api/v1/students",
                    headers={"Origin": "http://localhost:3000",
                             "Access-Control-Request-Method": "POST",
                             "Access-Control-Request-Headers": "authorization,content-type"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert r.headers["Access-Control-Allow-Headers"] == "authorization,content-type"
    assert r.headers["Access-Control-Max-Age"] == "600"
    assert_standard_headers(r)
    r = api.request("OPTIONS", "/api/v1/students",
                    headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
    assert r.status_code == 400 and r.text == "Disallowed CORS origin"
    r = api.get("/health", headers={"Origin": "http://localhost:5173"})
    assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "X-Process-Time" in r.headers["Access-Control-Expose-Headers"]
    r = api.get("/health", headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_gzip_for_large_bodies(api):
    r = api.session.get(api.server.url("/api/v1/health/detailed"), headers={"Accept-Encoding": "identity"})
    small = r.content
    assert "Content-Encoding" not in r.headers
    # the OpenAPI document is large: it must be compressed when accepted
    raw = requests.get(api.server.url("/openapi.json"), headers={"Accept-Encoding": "gzip"}, stream=True)
    if raw.status_code == 200:
        assert raw.headers.get("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in raw.headers.get("Vary", "")
        data = gzip.decompress(raw.raw.read())
        assert data.startswith(b"{")
    assert small


def test_body_too_large(api):
    r = api.post("/api/v1/auth/login", data=b"x" * (1024 * 1024 + 10),
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json() == {"detail": "Request body too large"}


def test_header_too_large(api):
    r = api.get("/health", headers={"X-Big": "a" * 20000})
    assert r.status_code == 431


def test_slow_loris_is_cut(make_server):
    s = make_server(env={"EDU_READ_TIMEOUT_SECONDS": "2"})
    sock = socket.create_connection(("127.0.0.1", s.port))
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    start = time.time()
    sock.settimeout(10)
    data = b""
    try:
        while True:
            chunk = sock.recv(1024)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    assert time.time() - start < 8, "incomplete request held the connection open"
    sock.close()
    # the server still serves others
    assert requests.get(s.url("/health"), timeout=5).status_code == 200


def test_graceful_shutdown_finishes_in_flight(make_server):
    s = make_server(env={"SHUTDOWN_SETTLE_SECONDS": "1", "SHUTDOWN_GRACE_SECONDS": "10",
                         "EDU_TEST_SLOW_ROUTE": "true"})
    result = {}

    def slow():
        result["r"] = requests.get(s.url("/api/v1/health/test-slow?ms=2500"), timeout=20)

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    s.proc.send_signal(15)
    time.sleep(0.3)
    # draining: readiness is 503 during the settle period
    r = requests.get(s.url("/api/v1/health/ready"), timeout=5)
    assert r.status_code == 503
    assert r.json() == {"detail": "Service not ready: draining"}
    time.sleep(1.2)
    # after the settle period new connections are refused
    refused = False
    try:
        requests.get(s.url("/health"), timeout=2)
    except requests.ConnectionError:
        refused = True
    assert refused
    t.join()
    assert result["r"].status_code == 200
    assert s.proc.wait(timeout=15) == 0


def test_invalid_config_exits_with_one_clear_line(make_server):
    s = make_server(env={"MAX_DISCIPLINES": "24"}, wait=False)
    assert s.proc.wait(timeout=10) != 0
    text = s.logs()
    assert "MAX_DISCIPLINES" in text and "expected 25" in text
    s2 = make_server(env={"PORT": "abc"}, wait=False)
    assert s2.proc.wait(timeout=10) != 0
    assert "PORT" in s2.logs()
