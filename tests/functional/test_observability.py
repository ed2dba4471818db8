"""Logs, metrics and tracing (INFRA.md §1.4–§1.6): trace ids in logs and responses, EMF lines
on stdout, DogStatsD datagrams, Prometheus text on METRICS_PORT, X-Ray segments."""
import json
import re
import socket
import time

import requests

from conftest import free_port

ROOT_RE = re.compile(r"^1-[0-9a-f]{8}-[0-9a-f]{24}$")


def _udp_listener():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(0.5)
    return s, s.getsockname()[1]


def _drain(sock, until, timeout=5.0):
    data = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            data.append(sock.recv(65535).decode())
        except socket.timeout:
            if until(data):
                break
    return data


def test_trace_headers_and_log_fields(api):
    r = api.get("/", headers={"X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"})
    assert r.headers["X-Amzn-Trace-Id"] == "Root=1-5759e988-bd862e3fe1be46a994272793"
    r = api.get("/", headers={"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
    assert r.headers["X-Amzn-Trace-Id"] == "Root=1-4bf92f35-77b34da6a3ce929d0e0e4736"
    r = api.get("/", headers={"X-Request-ID": "trace-check-1"})
    root = r.headers["X-Amzn-Trace-Id"][len("Root="):]
    assert ROOT_RE.match(root)
    time.sleep(0.2)
    lines = [l for l in api.server.log_lines() if l.get("request_id") == "trace-check-1"]
    assert lines, "access log line missing"
    line = lines[-1]
    for key in ["timestamp", "level", "service", "env", "version", "message", "event", "request_id",
                "trace_id", "method", "path", "route", "status", "duration_ms"]:
        assert key in line, key
    assert line["trace_id"] == root
    assert line["event"] == "http_request" and line["route"] == "/"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", line["timestamp"])


def test_health_requests_are_not_logged(api):
    api.get("/api/v1/health", headers={"X-Request-ID": "health-not-logged"})
    api.get("/api/v1/health/live", headers={"X-Request-ID": "health-not-logged"})
    time.sleep(0.2)
    assert not [l for l in api.server.log_lines() if l.get("request_id") == "health-not-logged"]


def test_emf_lines_on_stdout(make_server):
    s = make_server(env={"ENVIRONMENT": "test", "SERVICE_NAME": "edu-test-svc"})
    for _ in range(5):
        assert requests.get(s.url("/"), timeout=5).status_code == 200
    requests.get(s.url("/api/v1/health"), timeout=5)
    assert s.stop() == 0  # SIGTERM: shutdown flushes the partial window
    emf = [l for l in s.log_lines() if "_aws" in l]
    assert emf, s.logs()[-2000:]
    api = [l for l in emf if l["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "eduautismo/api"]
    assert api
    line = api[-1]
    assert isinstance(line["_aws"]["Timestamp"], int)
    cw = line["_aws"]["CloudWatchMetrics"][0]
    assert cw["Dimensions"] == [["Environment", "Service"]]
    assert {"Name": "latency", "Unit": "Milliseconds"} in cw["Metrics"]
    assert {"Name": "p95_latency", "Unit": "Milliseconds"} in cw["Metrics"]
    assert {"Name": "in_flight_requests", "Unit": "Count"} in cw["Metrics"]
    assert line["Environment"] == "test" and line["Service"] == "edu-test-svc"
    assert len(line["latency"]) == 5  # the health request is excluded
    assert line["p95_latency"] >= min(line["latency"])
    assert list(line.keys())[:3] == ["_aws", "Environment", "Service"]


def test_dogstatsd_datagrams(make_server):
    sock, port = _udp_listener()
    try:
        s = make_server(env={"METRICS_SINK": "dogstatsd", "DD_DOGSTATSD_PORT": str(port),
                             "DD_ENV": "ci", "SERVICE_NAME": "edu-dd"})
        for _ in range(3):
            requests.get(s.url("/"), timeout=5)
        data = _drain(sock, lambda d: "latency" in "".join(d))
        text = "\n".join(data)
        assert re.search(r"^eduautismo\.api\.latency:[0-9.]+\|d\|#env:ci,service:edu-dd$", text, re.M), text
        # EMF is off with METRICS_SINK=dogstatsd
        s.stop()
        assert not [l for l in s.log_lines() if "_aws" in l]
    finally:
        sock.close()


def test_prometheus_metrics_port(make_server):
    mport = free_port()
    s = make_server(env={"METRICS_PORT": str(mport), "METRICS_SINK": "none"})
    for _ in range(2):
        requests.get(s.url("/"), timeout=5)
    requests.get(s.url("/api/v1/nope"), timeout=5)
    r = requests.get(f"http://127.0.0.1:{mport}/metrics", timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert 'eduautismo_http_requests_total{method="GET",route="/",status="200"} 2' in r.text
    assert 'route="unmatched",status="404"' in r.text
    assert "eduautismo_http_request_duration_seconds_bucket" in r.text
    assert "eduautismo_http_requests_in_flight" in r.text
    # /metrics exists only on the metrics port
    assert requests.get(s.url("/metrics"), timeout=5).status_code == 404
    assert requests.get(f"http://127.0.0.1:{mport}/", timeout=5).status_code == 404
    started = [l for l in s.log_lines() if l.get("event") == "startup"]
    assert started and started[0]["metrics_port"] == mport


def test_xray_segments_when_tracing_enabled(make_server):
    sock, port = _udp_listener()
    try:
        s = make_server(env={"TRACING_ENABLED": "true", "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{port}",
                             "TRACING_SAMPLE_RATE": "0", "SERVICE_NAME": "edu-xray"})
        hdr = {"X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}
        requests.get(s.url("/api/v1/nope"), headers=hdr, timeout=5)
        requests.get(s.url("/"), timeout=5)  # not sampled (rate 0, no decision)
        requests.get(s.url("/api/v1/health"), headers=hdr, timeout=5)  # health: never traced
        data = _drain(sock, lambda d: len(d) >= 1, timeout=3)
        assert len(data) == 1, data
        header, segment = data[0].split("\n", 1)
        assert json.loads(header) == {"format": "json", "version": 1}
        seg = json.loads(segment)
        assert seg["name"] == "edu-xray"
        assert seg["trace_id"] == "1-5759e988-bd862e3fe1be46a994272793"
        assert seg["parent_id"] == "53995c3f42cd8ad8"
        assert re.match(r"^[0-9a-f]{16}$", seg["id"])
        assert seg["end_time"] >= seg["start_time"] > 1.6e9
        assert seg["http"]["request"]["method"] == "GET"
        assert seg["http"]["response"]["status"] == 404
        assert seg["error"] is True and "fault" not in seg
        assert seg["origin"] == "AWS::ECS::Container"
    finally:
        sock.close()
