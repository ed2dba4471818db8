"""BNCC catalog (API.md §4.13, §8.13, caching §1.8.2): endpoints, search semantics checked
against a Python reference over the dataset (read in place, never copied into the repository),
imports (good, bad rows, truncated file, duplicates, bad header), caching headers and 304,
malformed input (422, never 500), health and observability."""
import csv
import json
import os
import shutil
import subprocess
import tempfile
import unicodedata
import urllib.parse

import pytest
import requests

from conftest import BACKEND, BINARY, BNCC_CSV, SHARED

BNCC_DIR = SHARED / "data" / "bncc"
B = "/api/v1/bncc"
VERSION = "f42864698b8a"  # first 12 hex digits of sha256(bncc.csv), README.md
STAGE_ORDER = {"EI": 0, "EF": 1, "EM": 2}

pytestmark = pytest.mark.skipif(not BNCC_CSV.exists(), reason="reference dataset not available")


# ----------------------------------------------------------------- Python reference (§4.13.4)

def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


def norm_code(s):
    return s.replace("(", "").replace(")", "").upper().strip()


_ROWS = None


def rows():
    global _ROWS
    if _ROWS is None:
        with open(BNCC_CSV, encoding="utf-8", newline="") as f:
            _ROWS = sorted(csv.DictReader(f), key=lambda r: (STAGE_ORDER[r["stage"]], r["code"]))
    return _ROWS


def reference_search(q):
    tokens = fold(q).replace("(", "").replace(")", "").split()
    hits = [r["code"] for r in rows()
            if all(t in fold(r["code"] + " " + r["description"]) for t in tokens)]
    exact = norm_code(q)
    if tokens and exact in hits:
        hits.remove(exact)
        hits.insert(0, exact)
    return hits


def all_codes(api, query):
    """Every code of a search, following the pages."""
    out, skip = [], 0
    while True:
        r = api.get(f"{B}/skills", params={**query, "skip": skip, "limit": 100})
        assert r.status_code == 200, r.text
        body = r.json()
        out += [s["code"] for s in body["items"]]
        if not body["has_more"]:
            assert len(out) == body["total"]
            return out
        skip += 100


def total(api, **query):
    r = api.get(f"{B}/skills", params=query)
    assert r.status_code == 200, r.text
    return r.json()["total"]


def assert_422(r, loc=None):
    assert r.status_code == 422, (r.status_code, r.text)
    assert r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert isinstance(body["detail"], list) and body["detail"]
    if loc is not None:
        assert body["detail"][0]["loc"] == loc, body
    return body["detail"]


def catalog_cache_control(ttl=3600):
    return f"public, max-age={ttl}, s-maxage={ttl}, stale-while-revalidate=86400"


# ----------------------------------------------------------------- §8.13 acceptance items

def test_bn01_list_public_with_cache_headers_and_304(api):
    r = api.get(f"{B}/skills", headers={"Authorization": "Bearer not-a-valid-token"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1580 and body["skip"] == 0 and body["limit"] == 20
    assert body["has_more"] is True and len(body["items"]) == 20
    assert body["items"][0]["code"] == "EI01CG01"
    assert list(body) == ["items", "total", "skip", "limit", "has_more"]
    assert r.headers["Cache-Control"] == catalog_cache_control()
    etag = r.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    r304 = api.get(f"{B}/skills", headers={"If-None-Match": etag})
    assert r304.status_code == 304 and r304.content == b""
    assert r304.headers["ETag"] == etag
    assert r304.headers["Cache-Control"] == catalog_cache_control()
    # Another query has another tag; a stale tag gets the full body.
    other = api.get(f"{B}/skills", params={"stage": "EM"})
    assert other.headers["ETag"] != etag
    assert api.get(f"{B}/skills", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_bn02_year_and_stage_filters(api):
    assert total(api, stage="EF", year=6) == 275
    assert total(api, stage="EF", year=9) == 282
    assert total(api, year=1) == 367
    assert total(api, stage="EI", year=1) == 29
    assert total(api, stage="EF", year=6, component="Arte") == 35
    codes = all_codes(api, {"stage": "EF", "year": 6})
    assert all(c[2:4] in ("06", "67", "69") for c in codes)


def test_bn03_text_search(api):
    assert all_codes(api, {"q": "π"}) == ["EF07MA33"]
    fr = all_codes(api, {"q": "fracoes"})
    assert len(fr) == 6 and all_codes(api, {"q": "frações"}) == fr
    assert total(api, q="ef03ma") == 28
    assert all_codes(api, {"q": "circunferencia"}) == ["EF07MA22", "EF07MA33", "EF09MA11"]
    assert all_codes(api, {"q": "EF07MA33"})[0] == "EF07MA33"


def test_text_search_matches_python_reference(api):
    """Accent/case folding and ranking equal a Python NFD reference (same on every backend)."""
    for q in ["acao", "AÇÃO", "fracoes equivalentes", "(π)", "ef15lp", "Ler E escrever",
              "circunferência", "  ", "leitura 1º", "“", "ef01lp01", "%", "_", "dança"]:
        assert all_codes(api, {"q": q}) == reference_search(q), q
    assert total(api, q="acao") > 0 and total(api, q="acao") == total(api, q="AÇÃO")


def test_bn04_component_and_area_filters(api):
    assert total(api, stage="EF", component="matematica") == 247
    assert total(api, stage="EF", component="MA") == 247
    assert total(api, component="Arte") == 61
    assert total(api, stage="EM", area="LGG") == 82
    assert total(api, area="Linguagens") == 609
    assert total(api, stage="EM", component="LP") == 54
    assert total(api, stage="EF", component="Matemática", year=7, q="π") == 1
    theme = total(api, thematic_unit="numeros")
    assert theme > 0 and theme == total(api, thematic_unit="NÚMEROS")


def test_bn05_query_validation(api):
    for params, loc in [({"limit": 101}, ["query", "limit"]), ({"limit": 0}, ["query", "limit"]),
                        ({"stage": "XX"}, ["query", "stage"]), ({"stage": "ef"}, ["query", "stage"]),
                        ({"year": 0}, ["query", "year"]), ({"year": 10}, ["query", "year"]),
                        ({"skip": -1}, ["query", "skip"]), ({"q": "x" * 201}, ["query", "q"]),
                        ({"year": "abc"}, ["query", "year"]), ({"limit": "1e3"}, ["query", "limit"]),
                        ({"skip": "9" * 30}, ["query", "skip"])]:
        assert_422(api.get(f"{B}/skills", params=params), loc)
    err = assert_422(api.get(f"{B}/skills", params={"stage": "XX"}))[0]
    assert err["type"] == "enum" and err["msg"] == "Input should be 'EI', 'EF' or 'EM'"
    err = assert_422(api.get(f"{B}/skills", params={"limit": 101}))[0]
    assert err["type"] == "less_than_equal" and err["ctx"] == {"le": 100}
    # 200 characters are fine; errors of several fields come together.
    assert api.get(f"{B}/skills", params={"q": "á" * 200}).status_code == 200
    assert len(assert_422(api.get(f"{B}/skills", params={"year": 0, "limit": 0}))) == 2


def test_bn06_skill_by_code(api):
    r = api.get(f"{B}/skills/EF15LP01")
    assert r.status_code == 200
    s = r.json()
    assert list(s) == ["code", "stage", "stage_name", "years", "component", "component_code", "area",
                       "area_code", "thematic_unit", "knowledge_objects", "description",
                       "field_of_action", "language_practice", "axis", "specific_competencies",
                       "pdf_page"]
    assert s["stage"] == "EF" and s["stage_name"] == "Ensino Fundamental"
    assert s["years"] == [1, 2, 3, 4, 5]
    assert s["component"] == "Língua Portuguesa" and s["component_code"] == "LP"
    assert s["area"] == "Linguagens" and s["area_code"] is None
    assert s["thematic_unit"] and s["knowledge_objects"]
    assert s["field_of_action"] == "Todos os campos de atuação" and s["pdf_page"] == 97
    assert r.headers["Cache-Control"] == catalog_cache_control()
    assert api.get(f"{B}/skills/EF15LP01", headers={"If-None-Match": r.headers["ETag"]}).status_code == 304


def test_bn07_normalised_path(api):
    r = api.get(f"{B}/skills/ef67ef01")
    assert r.status_code == 200
    assert r.json()["code"] == "EF67EF01" and r.json()["years"] == [6, 7]
    assert r.json()["component"] == "Educação Física"
    assert api.get(f"{B}/skills/%28EM13LGG103%29").json()["code"] == "EM13LGG103"
    assert api.get(f"{B}/skills/%20em13lgg103%20").json()["code"] == "EM13LGG103"


def test_bn08_unknown_code_is_404_cacheable(api):
    for code in ["EF05MA26", "EM13LGG504", "EM13LP55", "EI01EO07", "EI01TS04", "EM13MAT408"]:
        r = api.get(f"{B}/skills/{code}")
        assert r.status_code == 404, code
        assert r.json() == {"detail": f"Habilidade BNCC {code} não encontrada"}
        assert r.headers["Cache-Control"] == "public, max-age=300"
    assert api.get(f"{B}/skills/ef05ma26").json() == {"detail": "Habilidade BNCC EF05MA26 não encontrada"}


def test_bn09_malformed_code_is_422(api):
    for code in ["EF99ZZ99", "EF12AR14", "EF06LI016", "EF69AR125", "EM12LGG101", "EF01LI01",
                 "EF15MA01", "EF06AR01", "EF01EF01", "EI04EO01", "EF05CO011"]:
        detail = assert_422(api.get(f"{B}/skills/{code}"), ["path", "code"])
        assert detail == [{"type": "value_error", "loc": ["path", "code"],
                           "msg": "Value error, Código BNCC inválido", "input": code,
                           "ctx": {"error": "Código BNCC inválido"}}]


def test_bn10_decoded_fields(api):
    s = api.get(f"{B}/skills/EM13MAT316").json()
    assert s["area_code"] == "MAT" and s["component"] is None and s["years"] == [1, 2, 3]
    s = api.get(f"{B}/skills/EM13LP54").json()
    assert (s["component"], s["component_code"], s["area_code"]) == ("Língua Portuguesa", "LP", "LGG")
    assert s["specific_competencies"] == ["LGG-1", "LGG-3"]
    s = api.get(f"{B}/skills/EI02EF09").json()
    assert s["stage"] == "EI" and s["component"] == "Escuta, fala, pensamento e imaginação"
    assert s["area"] is None and s["years"] == [2]
    assert api.get(f"{B}/skills/EF12EF01").json()["component"] == "Educação Física"
    assert "π" in api.get(f"{B}/skills/EF07MA33").json()["description"]


def test_bn11_components(api):
    r = api.get(f"{B}/components")
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == catalog_cache_control() and r.headers["ETag"]
    body = r.json()
    assert list(body) == ["total", "catalog_version", "stages", "components", "areas"]
    assert body["total"] == 1580 and body["catalog_version"] == VERSION
    assert [(s["code"], s["name"], s["count"]) for s in body["stages"]] == [
        ("EI", "Educação Infantil", 93), ("EF", "Ensino Fundamental", 1304), ("EM", "Ensino Médio", 183)]
    comps = {(c["stage"], c["code"]): c for c in body["components"]}
    assert comps[("EF", "LP")]["count"] == 391 and comps[("EF", "MA")]["count"] == 247
    assert comps[("EI", "EF")]["count"] == 27 and comps[("EM", "LP")]["count"] == 54
    assert comps[("EF", "MA")]["area"] == "Matemática" and comps[("EI", "EF")]["area"] is None
    areas = {(a["stage"], a["code"] or a["name"]): a["count"] for a in body["areas"]}
    assert areas[("EM", "LGG")] == 82 and areas[("EM", "MAT")] == 43
    assert areas[("EM", "CHS")] == 32 and areas[("EM", "CNT")] == 26
    assert areas[("EF", "Linguagens")] == 609
    assert all(a["code"] is None for a in body["areas"] if a["stage"] == "EF")
    # sorted by stage order, then folded name
    for key in ("components", "areas"):
        order = [(STAGE_ORDER[x["stage"]], fold(x["name"])) for x in body[key]]
        assert order == sorted(order), key


def test_bn12_validate(api):
    r = api.get(f"{B}/validate/EM13MAT316")
    assert r.status_code == 200 and r.headers["ETag"]
    v = r.json()
    assert list(v) == ["input", "code", "well_formed", "exists", "catalog_loaded", "error", "decoded"]
    assert v["well_formed"] is True and v["exists"] is True and v["catalog_loaded"] is True
    assert v["error"] is None
    d = v["decoded"]
    assert list(d) == ["stage", "stage_name", "year_segment", "years", "age_group", "component_code",
                       "component", "area_code", "area", "competency", "sequence"]
    assert (d["competency"], d["sequence"], d["area_code"], d["years"]) == (3, 16, "MAT", [1, 2, 3])
    v = api.get(f"{B}/validate/EF05MA26").json()
    assert v["well_formed"] is True and v["exists"] is False
    d = api.get(f"{B}/validate/EF69AR01").json()["decoded"]
    assert d["years"] == [6, 7, 8, 9] and d["year_segment"] == "69" and d["age_group"] is None
    d = api.get(f"{B}/validate/EI02TS01").json()["decoded"]
    assert d["age_group"]["code"] == "02" and d["component_code"] == "TS"
    v = api.get(f"{B}/validate/EF99ZZ99").json()
    assert v == {"input": "EF99ZZ99", "code": "EF99ZZ99", "well_formed": False, "exists": False,
                 "catalog_loaded": True, "error": "Código BNCC inválido", "decoded": None}
    v = api.get(f"{B}/validate/%20(em13lp01)%20").json()
    assert v["input"] == " (em13lp01) " and v["code"] == "EM13LP01" and v["exists"] is True


def test_bn13_catalog_not_loaded(make_server):
    srv = make_server(env={"BNCC_DATA_PATH": None})
    for path in [f"{B}/skills", f"{B}/skills/EF01MA01", f"{B}/components"]:
        r = requests.get(srv.url(path), timeout=10)
        assert r.status_code == 503, path
        assert r.json() == {"detail": "Catálogo BNCC não carregado"}
        assert r.headers["Cache-Control"] == "no-store"
    v = requests.get(srv.url(f"{B}/validate/EF01MA01"), timeout=10).json()
    assert v["well_formed"] is True and v["exists"] is None and v["catalog_loaded"] is False
    assert v["decoded"]["stage"] == "EF"
    v = requests.get(srv.url(f"{B}/validate/EF99ZZ99"), timeout=10).json()
    assert v["exists"] is False and v["catalog_loaded"] is False
    # Validation still comes first (422 before 503).
    assert requests.get(srv.url(f"{B}/skills?limit=0"), timeout=10).status_code == 422
    assert requests.get(srv.url(f"{B}/skills/EF99ZZ99"), timeout=10).status_code == 422
    d = requests.get(srv.url("/api/v1/health/detailed"), timeout=10).json()
    assert d["components"]["bncc"] == {"status": "not_loaded", "reason": "not_configured"}
    assert requests.get(srv.url("/api/v1/health/ready"), timeout=10).status_code == 200


def make_dataset(tmp, edit=None, extra=True):
    """A temporary copy of the reference dataset (outside the repository), optionally edited."""
    d = tempfile.mkdtemp(prefix="bncc-", dir=tmp)
    text = BNCC_CSV.read_text(encoding="utf-8")
    if edit:
        text = edit(text)
    with open(os.path.join(d, "bncc.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    if extra:
        shutil.copy(BNCC_DIR / "bncc_extra.csv", os.path.join(d, "bncc_extra.csv"))
    return d


def test_bn14_duplicate_and_malformed_rows_are_skipped(make_server, tmp_path):
    def edit(text):
        lines = text.split("\n")
        lines.insert(5, lines[3])                         # duplicated row
        lines.insert(6, "EF99ZZ99" + lines[7][8:])        # malformed code
        return "\n".join(lines)
    srv = make_server(env={"BNCC_DATA_PATH": make_dataset(tmp_path, edit)})
    b = requests.get(srv.url("/api/v1/health/detailed"), timeout=10).json()["components"]["bncc"]
    assert b["status"] == "loaded" and b["count"] == 1580 and b["skipped_rows"] == 2
    assert b["source"] == "file" and len(b["version"]) == 12 and b["version"] != VERSION
    skipped = [x for x in srv.log_lines() if x.get("event") == "bncc_row_skipped"]
    assert sorted(x["line"] for x in skipped) == [6, 7]
    assert all(x["level"] == "WARN" for x in skipped)


# ----------------------------------------------------------------- loading and import-bncc

def test_health_reports_loaded_catalog(api):
    b = api.get("/api/v1/health/detailed").json()["components"]["bncc"]
    assert b == {"status": "loaded", "count": 1580, "skipped_rows": 0, "source": "file",
                 "version": VERSION}


def test_data_path_may_be_a_directory_and_extra_file_is_optional(make_server, tmp_path):
    srv = make_server(env={"BNCC_DATA_PATH": str(BNCC_DIR)})
    s = requests.get(srv.url(f"{B}/skills/EF15LP01"), timeout=10).json()
    assert s["pdf_page"] == 97
    no_extra = make_dataset(tmp_path, extra=False)
    srv2 = make_server(env={"BNCC_DATA_PATH": os.path.join(no_extra, "bncc.csv")})
    s = requests.get(srv2.url(f"{B}/skills/EF15LP01"), timeout=10).json()
    assert s["pdf_page"] is None and s["field_of_action"] is None and s["specific_competencies"] == []


def test_bad_header_or_missing_file_is_not_loaded(make_server, tmp_path):
    bad = make_dataset(tmp_path, lambda t: t.replace("code,stage", "codigo,stage", 1))
    for path in [bad, str(tmp_path / "nowhere")]:
        srv = make_server(env={"BNCC_DATA_PATH": path})
        b = requests.get(srv.url("/api/v1/health/detailed"), timeout=10).json()["components"]["bncc"]
        assert b["status"] == "not_loaded" and b["reason"] not in ("", "not_configured")
        assert requests.get(srv.url(f"{B}/skills"), timeout=10).status_code == 503
        failed = [x for x in srv.log_lines() if x.get("event") == "bncc_catalog_load_failed"]
        assert failed and failed[0]["level"] == "ERROR"


def run_import(path, env):
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "ENVIRONMENT": "test", "LOG_LEVEL": "ERROR",
            **env}
    return subprocess.run([BINARY, "import-bncc", str(path)], env=full, capture_output=True,
                          text=True, timeout=60)


def test_import_bncc_command(make_server, tmp_path):
    if BACKEND == "postgres":
        db_env = {"DATABASE_URL": make_server.new_database_url()}
    else:
        db_env = {"EDU_DATA_DIR": str(tmp_path / "data")}
    # Good file: stored, then idempotent.
    r = run_import(BNCC_DIR, db_env)
    assert r.returncode == 0, r.stderr
    assert f"BNCC catalog {VERSION}: 1580 skills, 0 rows skipped; stored" in r.stdout
    parse_ms = float(r.stdout.split("(parse ")[1].split(" ms")[0])
    store_ms = float(r.stdout.split(", store ")[1].split(" ms")[0])
    assert parse_ms + store_ms < 1000
    r = run_import(BNCC_DIR / "bncc.csv", db_env)
    assert r.returncode == 0 and "already stored (same dataset), nothing written" in r.stdout

    # A bad file (wrong header) is refused and leaves the stored catalog intact.
    bad = make_dataset(tmp_path, lambda t: t.replace("description", "descricao", 1))
    r = run_import(bad, db_env)
    assert r.returncode == 1 and "wrong header" in r.stderr and "unchanged" in r.stderr
    empty = make_dataset(tmp_path, lambda t: t.split("\n")[0] + "\n")
    assert run_import(empty, db_env).returncode == 1
    assert run_import(tmp_path / "missing.csv", db_env).returncode == 1

    # A server without BNCC_DATA_PATH serves the stored copy.
    srv = make_server(env={**db_env, "BNCC_DATA_PATH": None}, fresh_db=False,
                      database_url=db_env.get("DATABASE_URL"))
    b = requests.get(srv.url("/api/v1/health/detailed"), timeout=10).json()["components"]["bncc"]
    assert b == {"status": "loaded", "count": 1580, "skipped_rows": 0, "source": "file", "version": VERSION}
    s = requests.get(srv.url(f"{B}/skills/EM13LP54"), timeout=10).json()
    assert s["specific_competencies"] == ["LGG-1", "LGG-3"]
    srv.stop()

    # A truncated file with duplicates: bad rows reported by line, good rows replace the catalog.
    def edit(text):
        lines = text.split("\n")
        lines.insert(3, lines[2])                     # duplicate of line 3 as line 4
        lines = lines[:800] + [lines[800][:15]]        # cut inside the code/stage/years of line 801
        return "\n".join(lines)
    cut = make_dataset(tmp_path, edit)
    r = run_import(cut, db_env)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "bncc.csv line 4: skipped EI01CG02: duplicate code (first on line 3)" in out
    summary = [l for l in out.splitlines() if l.startswith("BNCC catalog ")][0]
    assert "bncc.csv line 801: skipped" in out and "expected 8 fields" in out
    assert "798 skills, 2 rows skipped; stored" in summary
    srv = make_server(env={**db_env, "BNCC_DATA_PATH": None}, fresh_db=False,
                      database_url=db_env.get("DATABASE_URL"))
    b = requests.get(srv.url("/api/v1/health/detailed"), timeout=10).json()["components"]["bncc"]
    assert b["status"] == "loaded" and b["count"] == 798 and b["skipped_rows"] == 2


def test_import_usage_errors():
    r = subprocess.run([BINARY, "import-bncc"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "usage" in r.stderr


# ----------------------------------------------------------------- malformed input: 422, never 500

@pytest.mark.parametrize("raw", [
    "'%20OR%201=1--", "EF01MA01'%3B%20DROP%20TABLE%20bncc_skills%3B--", "%00", "EF01%00MA01",
    "%01%02%1F", "%0A", "%FF%FE", "%C3%28", "EF01MA01%E2%80%8B", "A" * 4000, "%25", "..%5C..",
    "%F0%9F%98%80", "EF01MA01;", "1e9", "-1", "EF01MA01%20OR%201", "ＥＦ０１ＭＡ０１",
])
def test_malformed_codes_are_422_never_500(api, raw):
    r = api.get(f"{B}/skills/{raw}")
    assert r.status_code == 422, (raw, r.status_code, r.text[:200])
    detail = r.json()["detail"]
    assert detail[0]["loc"] == ["path", "code"]
    v = api.get(f"{B}/validate/{raw}")
    assert v.status_code == 200
    assert v.json()["well_formed"] is False and v.json()["decoded"] is None


def test_malformed_queries_never_500(api):
    for q in ["' OR 1=1 --", "\"; DROP TABLE bncc_skills; --", "%", "_", "\\", "\x00", "\x01\x02",
              "EF01MA01' --", "*", "\"unterminated", "NEAR(a b)", "a AND b OR c", "ﬁ", "\u200b"]:
        r = api.get(f"{B}/skills", params={"q": q})
        assert r.status_code == 200, (q, r.text)
        assert [s["code"] for s in r.json()["items"]] == reference_search(q)[:20], q
    # percent-encoded junk in the query string
    for raw in ["q=%FF%FE", "q=%C3", "component=%00", "area=%E2%82", "thematic_unit=%ZZ", "q=%"]:
        r = api.get(f"{B}/skills?{raw}")
        assert r.status_code == 200, raw
        r.json()
    for raw in ["stage=%FF", "year=%00", "limit=%E2%82%AC", "skip=1%00"]:
        r = api.get(f"{B}/skills?{raw}")
        assert r.status_code == 422, raw
        r.json()  # the echoed input is valid JSON (invalid UTF-8 becomes U+FFFD)


# ----------------------------------------------------------------- headers, HEAD, TTL, observability

def test_head_gzip_and_trailing_slash(api):
    r = api.request("HEAD", f"{B}/skills")
    assert r.status_code == 200 and r.content == b"" and r.headers["ETag"]
    r = api.get(f"{B}/skills/", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers.get("Content-Encoding") == "gzip"
    assert r.json()["total"] == 1580
    assert api.post(f"{B}/skills").status_code == 405


def test_cache_ttl_configures_cache_control(make_server):
    srv = make_server(env={"BNCC_CACHE_TTL": "120"})
    r = requests.get(srv.url(f"{B}/components"), timeout=10)
    assert r.headers["Cache-Control"] == catalog_cache_control(120)


def test_searches_are_logged_with_the_code(make_server):
    srv = make_server()
    requests.get(srv.url(f"{B}/skills/ef01ma01?grade_level=fundamental_1_1ano"), timeout=10)
    requests.get(srv.url(f"{B}/validate/EM13LP01"), timeout=10)
    requests.get(srv.url(f"{B}/skills/EF99ZZ99"), timeout=10)
    lines = srv.log_lines()
    searches = [x for x in lines if x.get("event") == "bncc_search"]
    assert [x["bncc_code"] for x in searches] == ["EF01MA01", "EM13LP01", "_malformed"]
    assert searches[0]["grade_level"] == "fundamental_1_1ano"
    access = [x for x in lines if x.get("event") == "http_request" and x["path"].startswith(B)]
    assert access[0]["bncc_code"] == "EF01MA01" and access[0]["subject"] == "matematica"
    assert access[0]["route"] == "/api/v1/bncc/skills/{code}"


def test_searches_and_cache_hits_reach_the_metrics(make_server):
    from conftest import free_port
    mport = free_port()
    srv = make_server(env={"METRICS_PORT": str(mport), "METRICS_SINK": "none"})
    for _ in range(3):
        requests.get(srv.url(f"{B}/skills/EF01MA01?grade_level=fundamental_1_1ano"), timeout=10)
    requests.get(srv.url(f"{B}/validate/EM13LP01"), timeout=10)
    text = requests.get(f"http://127.0.0.1:{mport}/metrics", timeout=5).text
    lines = [l for l in text.splitlines() if not l.startswith("#")]
    searches = {l.rsplit(" ", 1)[0]: float(l.rsplit(" ", 1)[1])
                for l in lines if l.startswith("eduautismo_bncc_searches_per_code_total")}
    assert sum(searches.values()) == 4, searches
    assert any('fundamental_1_1ano' in k and v == 3 for k, v in searches.items()), searches
    hits = [l for l in lines if l.startswith("eduautismo_cache_hits_total") and 'cache="bncc"' in l]
    misses = [l for l in lines if l.startswith("eduautismo_cache_misses_total") and 'cache="bncc"' in l]
    assert hits and float(hits[0].rsplit(" ", 1)[1]) == 2      # 2nd and 3rd look-ups of EF01MA01
    assert misses and float(misses[0].rsplit(" ", 1)[1]) >= 2  # first EF01MA01, EM13LP01
