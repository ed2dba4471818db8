"""API documentation (API.md §4.1, checklist X-20): /openapi.json generated from the route
table, /docs and /redoc rendered with assets served by the server itself."""
import gzip
import re
import uuid

import requests

METHODS = {"get", "post", "put", "patch", "delete"}


def _openapi(api):
    r = api.get("/openapi.json")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    return r.json()


def _fill(path):
    # a UUID for every parameter: never equal to a literal segment
    return re.sub(r"\{[^}]+\}", lambda m: str(uuid.uuid4()), path)


def test_openapi_document(api):
    doc = _openapi(api)
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["title"] == "EduAutismo IA"
    assert doc["info"]["version"] == api.get("/health").json()["version"]
    paths = doc["paths"]
    for p in ["/", "/health", "/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready",
              "/api/v1/health/startup", "/api/v1/health/detailed"]:
        assert "get" in paths[p], p
        op = paths[p]["get"]
        assert op["summary"] and op["operationId"] and "200" in op["responses"]
    assert "/openapi.json" not in paths and "/docs" not in paths
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    ids = [op["operationId"] for item in paths.values() for m, op in item.items() if m in METHODS]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    for path, item in paths.items():
        params = re.findall(r"\{([^}]+)\}", path)
        for method, op in item.items():
            assert method in METHODS, (path, method)
            declared = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
            assert declared == params, (path, method)
            if "security" in op:
                assert op["security"] == [{"HTTPBearer": []}]
                assert "401" in op["responses"]


def test_openapi_lists_exactly_the_served_routes(api):
    """For every documented path, the server's 405 Allow header (routing happens before
    authentication, so no credentials are needed) lists exactly the documented methods."""
    doc = _openapi(api)
    for path, item in doc["paths"].items():
        documented = {m.upper() for m in item if m in METHODS}
        r = api.request("PROPFIND", _fill(path))
        assert r.status_code == 405, (path, r.status_code, r.text[:200])
        allow = set(r.headers["Allow"].split(", "))
        expected = documented | ({"HEAD"} if "GET" in documented else set())
        assert allow == expected, (path, allow, expected)


def test_openapi_is_gzipped_and_cacheable(api):
    raw = requests.get(api.server.url("/openapi.json"), headers={"Accept-Encoding": "gzip"}, stream=True)
    assert raw.status_code == 200
    assert raw.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in raw.headers["Vary"]
    body = gzip.decompress(raw.raw.read())
    assert body.startswith(b"{")
    etag = raw.headers["ETag"]
    r = api.get("/openapi.json", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    assert api.get("/health", headers={"Accept-Encoding": "gzip"}).headers.get("Content-Encoding") is None
    # not rate limited, no authentication
    assert "RateLimit-Limit" not in raw.headers


def _local_assets(html):
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs
    for ref in refs:
        assert ref.startswith("/"), f"external reference {ref}"
        assert "//" not in ref
    return refs


def test_swagger_ui_page_and_assets(api):
    r = api.get("/docs")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    html = r.text
    assert "SwaggerUIBundle" in html and "/openapi.json" in html
    for ref in _local_assets(html):
        a = api.get(ref)
        assert a.status_code == 200, ref
        assert len(a.content) > 100
        assert "max-age" in a.headers["Cache-Control"]
    js = api.get("/docs/assets/swagger-ui-bundle.js")
    assert js.headers["Content-Type"] == "application/javascript"
    assert js.headers["Content-Encoding"] == "gzip"  # requests sends Accept-Encoding: gzip
    assert len(js.content) > 500_000
    assert api.get("/docs/assets/swagger-ui.css").headers["Content-Type"] == "text/css"
    assert api.get("/docs/assets/nope.js").status_code == 404


def test_redoc_page_and_assets(api):
    r = api.get("/redoc")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert 'spec-url="/openapi.json"' in r.text
    refs = _local_assets(r.text)
    assert "/docs/assets/redoc.standalone.js" in refs
    for ref in refs:
        assert api.get(ref).status_code == 200, ref
    js = api.get("/docs/assets/redoc.standalone.js")
    assert len(js.content) > 300_000
    etag = js.headers["ETag"]
    assert api.get("/docs/assets/redoc.standalone.js", headers={"If-None-Match": etag}).status_code == 304


def _render(url):
    """DOM after JavaScript ran, from headless Chromium (Debian `chromium`)."""
    import shutil
    import subprocess

    import pytest

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("chromium not installed (scripts/install-deps.sh installs it)")
    out = subprocess.run([exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                          "--no-first-run", "--virtual-time-budget=15000", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    return out.stdout


def test_docs_pages_render_in_a_browser(api):
    """Swagger UI and ReDoc actually run on the embedded assets and render /openapi.json."""
    summary = api.get("/openapi.json").json()["paths"]["/api/v1/health"]["get"]["summary"]
    dom = _render(api.server.url("/docs"))
    assert 'data-path="/api/v1/health"' in dom, dom[-2000:]
    assert "Failed to load API definition" not in dom
    assert summary in dom
    dom = _render(api.server.url("/redoc"))
    assert summary in dom, dom[-2000:]
    assert "Something went wrong" not in dom
