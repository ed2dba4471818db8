"""Observations (API.md §4.8, checklist §8.7): acting professional, privacy rule, author rule."""
import datetime
import re
import uuid

import pytest

from care_helpers import iso, make_professional, make_student, prof_header, user_or_skip

BASE = "/api/v1/observations"
PRIVATE = "Acesso negado. Esta observação é privada e visível apenas para profissionais de saúde."
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
NOW = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Ctx:
    pass


@pytest.fixture(scope="module")
def c(api):
    c = Ctx()
    c.user = user_or_skip(api)
    c.student = make_student(c.user)
    c.psy = make_professional(c.user, "psychologist")
    c.spe = make_professional(c.user, "speech_therapist")
    c.tea = make_professional(c.user, "teacher")
    c.S = c.student["id"]
    return c


def body(c, **kw):
    b = {"student_id": c.S, "observation_type": "behavioral", "context": "classroom",
         "content": "Aluno demonstrou agitação durante a transição", "severity_level": 4,
         "observed_at": iso(NOW)}
    b.update(kw)
    return b


def create(c, who, **kw):
    r = c.user.post(BASE + "/", json=body(c, **kw), headers=prof_header(who))
    assert r.status_code == 201, r.text
    return r.json()


def test_ob01_create(c):
    r = c.user.post(BASE + "/", json=body(c), headers=prof_header(c.psy))
    assert r.status_code == 201, r.text
    o = r.json()
    assert list(o.keys()) == ["id", "student_id", "professional_id", "observation_type", "context",
                              "content", "behavioral_indicators", "socioemotional_indicators",
                              "severity_level", "requires_intervention", "is_private", "tags",
                              "attachments", "observed_at", "created_at", "updated_at",
                              "requires_immediate_attention", "is_accessible_by_education_only"]
    assert o["professional_id"] == c.psy["id"] and o["student_id"] == c.S
    assert o["requires_immediate_attention"] is True
    assert o["is_accessible_by_education_only"] is True
    assert o["tags"] == [] and o["attachments"] == [] and o["is_private"] is False
    assert o["behavioral_indicators"] is None and o["requires_intervention"] is False
    assert all(TS.match(o[k]) for k in ("observed_at", "created_at", "updated_at"))


def test_defaults_and_round_trip(c):
    b = body(c, observation_type="clinical", context="therapy", tags=["sono", "rotina"],
             attachments=[{"name": "laudo.pdf", "url": "s3://x"}],
             behavioral_indicators={"z": 1, "a": [1, 2], "m": {"k": None}},
             socioemotional_indicators=None, observed_at="2025-03-01T10:00:00-03:00")
    del b["severity_level"]
    r = c.user.post(BASE + "/", json=b, headers=prof_header(c.spe))
    assert r.status_code == 201, r.text
    o = r.json()
    assert o["severity_level"] == 1 and o["requires_immediate_attention"] is False
    assert o["tags"] == ["sono", "rotina"]
    assert o["attachments"] == [{"name": "laudo.pdf", "url": "s3://x"}]
    assert list(o["behavioral_indicators"].keys()) == ["z", "a", "m"]
    assert o["behavioral_indicators"] == {"z": 1, "a": [1, 2], "m": {"k": None}}
    assert o["socioemotional_indicators"] is None
    assert o["observed_at"] == "2025-03-01T13:00:00.000000Z"
    assert o["is_accessible_by_education_only"] is False  # clinical
    got = c.user.get(f"{BASE}/{o['id']}", headers=prof_header(c.spe)).json()
    assert got == o


def test_ob02_acting_professional_and_student(c, api):
    r = c.user.post(BASE + "/", json=body(c))
    assert r.status_code == 404
    assert r.json() == {"detail": f"Profissional {c.user.user['id']} não encontrado"}
    rid = str(uuid.uuid4())
    r = c.user.post(BASE + "/", json=body(c, student_id=rid), headers=prof_header(c.psy))
    assert r.status_code == 404 and r.json() == {"detail": f"Estudante {rid} não encontrado"}
    # student is checked before the professional
    r = c.user.post(BASE + "/", json=body(c, student_id=rid), headers=prof_header(rid))
    assert r.json() == {"detail": f"Estudante {rid} não encontrado"}
    r = c.user.post(BASE + "/", json=body(c), headers=prof_header(rid))
    assert r.status_code == 404 and r.json() == {"detail": f"Profissional {rid} não encontrado"}
    # header format is checked after authentication and before validation
    for path in (BASE + "/", f"{BASE}/{rid}", f"{BASE}/student/{c.S}/summary",
                 f"{BASE}/requiring-intervention/list"):
        r = c.user.get(path, headers={"X-Professional-ID": "abc"})
        assert r.status_code == 400, path
        assert r.json() == {"detail": "Invalid Professional ID format in X-Professional-ID header"}
    r = c.user.post(BASE + "/", json={}, headers={"X-Professional-ID": "abc"})
    assert r.status_code == 400
    r = api.post(BASE + "/", json=body(c), headers={"X-Professional-ID": "abc"})
    assert r.status_code == 401
    # upper-case and 32-hex forms are accepted
    o = create(c, c.psy["id"].upper().replace("-", ""))
    assert o["professional_id"] == c.psy["id"]


def test_ob03_validation(c):
    h = prof_header(c.psy)
    cases = [({"content": "curto"}, ["body", "content"], "string_too_short"),
             ({"severity_level": 6}, ["body", "severity_level"], "less_than_equal"),
             ({"severity_level": 0}, ["body", "severity_level"], "greater_than_equal"),
             ({"context": "space"}, ["body", "context"], "enum"),
             ({"observation_type": None}, ["body", "observation_type"], "enum"),
             ({"student_id": "abc"}, ["body", "student_id"], "uuid_parsing"),
             ({"tags": "x"}, ["body", "tags"], "list_type"),
             ({"tags": None}, ["body", "tags"], "list_type"),
             ({"tags": [1]}, ["body", "tags", 0], "string_type"),
             ({"attachments": ["x"]}, ["body", "attachments", 0], "dict_type"),
             ({"attachments": [{"a": 1}]}, ["body", "attachments", 0, "a"], "string_type"),
             ({"attachments": {}}, ["body", "attachments"], "list_type"),
             ({"behavioral_indicators": []}, ["body", "behavioral_indicators"], "dict_type"),
             ({"is_private": "maybe"}, ["body", "is_private"], "bool_parsing"),
             ({"observed_at": "ontem"}, ["body", "observed_at"], "datetime_from_date_parsing")]
    for change, loc, kind in cases:
        r = c.user.post(BASE + "/", json=body(c, **change), headers=h)
        assert r.status_code == 422, (change, r.text)
        assert [(e["loc"], e["type"]) for e in r.json()["detail"]] == [(loc, kind)], (change, r.text)
    b = body(c)
    del b["observed_at"]
    r = c.user.post(BASE + "/", json=b, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "observed_at"]
    r = c.user.post(BASE + "/", json={}, headers=h)
    assert [e["loc"][1] for e in r.json()["detail"]] == [
        "student_id", "observation_type", "context", "content", "observed_at"]
    # validation comes before the existence checks
    r = c.user.post(BASE + "/", json=body(c, student_id=str(uuid.uuid4()), content="x"), headers=h)
    assert r.status_code == 422


def test_ob04_private_single_read(c):
    o = create(c, c.psy, is_private=True, observation_type="clinical")
    url = f"{BASE}/{o['id']}"
    assert c.user.get(url, headers=prof_header(c.psy)).status_code == 200
    assert c.user.get(url, headers=prof_header(c.spe)).status_code == 200  # any health professional
    for h in (prof_header(c.tea), {}, prof_header(str(uuid.uuid4()))):
        r = c.user.get(url, headers=h)
        assert r.status_code == 403 and r.json() == {"detail": PRIVATE}
        assert "content" not in r.text
    rid = str(uuid.uuid4())
    r = c.user.get(f"{BASE}/{rid}", headers=prof_header(c.psy))
    assert r.status_code == 404 and r.json() == {"detail": f"Observação {rid} não encontrada"}
    assert c.user.get(f"{BASE}/nope", headers=prof_header(c.psy)).status_code == 422


def test_ob05_list_privacy_and_filters(c):
    student = make_student(c.user, "Aluno Lista")["id"]
    a = create(c, c.psy, student_id=student, severity_level=2, observed_at=iso(NOW - datetime.timedelta(days=2)))
    b = create(c, c.psy, student_id=student, severity_level=5, is_private=True,
               observation_type="emotional", content="Crise de ansiedade registrada na terapia",
               observed_at=iso(NOW - datetime.timedelta(days=1)))
    d = create(c, c.spe, student_id=student, severity_level=4, context="recess",
               content="Interagiu bem com colegas no recreio", observation_type="social",
               observed_at=iso(NOW))

    def ids(h, **q):
        r = c.user.get(BASE + "/", params=dict(student_id=student, **q), headers=h)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["observations"]]

    assert ids(prof_header(c.psy)) == [d["id"], b["id"], a["id"]]  # observed_at descending
    assert ids(prof_header(c.tea)) == [d["id"], a["id"]]
    assert ids({}) == [d["id"], a["id"]]
    assert ids(prof_header(c.psy), severity_min=4) == [d["id"], b["id"]]
    assert ids(prof_header(c.psy), severity_min=3, severity_max=4) == [d["id"]]
    assert ids(prof_header(c.psy), search="AGITAÇÃO".lower()) == [a["id"]]
    assert ids(prof_header(c.psy), observation_type="social") == [d["id"]]
    assert ids(prof_header(c.psy), context="recess") == [d["id"]]
    assert ids(prof_header(c.psy), professional_id=c.spe["id"]) == [d["id"]]
    assert ids(prof_header(c.psy), requires_intervention="false") == [d["id"], b["id"], a["id"]]
    r = c.user.get(BASE + "/", params={"student_id": student, "limit": 2, "skip": 2},
                   headers=prof_header(c.psy)).json()
    assert r["total"] == 3 and r["page"] == 2 and r["total_pages"] == 2
    assert [x["id"] for x in r["observations"]] == [a["id"]]
    for q in ({"observation_type": "foo"}, {"context": "foo"}, {"severity_min": 0},
              {"severity_max": 6}, {"student_id": "x"}, {"limit": 0}, {"limit": 1001}):
        r = c.user.get(BASE + "/", params=q, headers=prof_header(c.psy))
        assert r.status_code == 422, q
    # by-student list: same filters, unknown student → empty page
    r = c.user.get(f"{BASE}/student/{student}/list", params={"context": "recess"},
                   headers=prof_header(c.tea)).json()
    assert [x["id"] for x in r["observations"]] == [d["id"]]
    r = c.user.get(f"{BASE}/student/{student}/list", headers=prof_header(c.tea)).json()
    assert r["total"] == 2
    r = c.user.get(f"{BASE}/student/{uuid.uuid4()}/list", headers=prof_header(c.psy)).json()
    assert r == {"observations": [], "total": 0, "page": 1, "page_size": 100, "total_pages": 0}


def test_ob06_update_author_rule(c):
    o = create(c, c.psy)
    url = f"{BASE}/{o['id']}"
    r = c.user.put(url, json={"content": "Conteúdo alterado por outra pessoa"}, headers=prof_header(c.spe))
    assert r.status_code == 403
    assert r.json() == {"detail": "Apenas o profissional que criou a observação pode editá-la"}
    assert c.user.put(url, json={"severity_level": 1}, headers={}).status_code == 403
    r = c.user.put(url, json={"content": "Aluno se acalmou após pausa sensorial", "severity_level": 2,
                              "tags": ["pausa"], "behavioral_indicators": {"x": "y"}},
                   headers=prof_header(c.psy))
    assert r.status_code == 200, r.text
    u = r.json()
    assert u["content"] == "Aluno se acalmou após pausa sensorial" and u["severity_level"] == 2
    assert u["tags"] == ["pausa"] and u["behavioral_indicators"] == {"x": "y"}
    assert u["context"] == o["context"] and u["observed_at"] == o["observed_at"]
    assert u["requires_immediate_attention"] is False and u["updated_at"] > o["updated_at"]
    assert u["created_at"] == o["created_at"] and u["student_id"] == o["student_id"]
    # student_id is not updatable; null clears a nullable document, not a required field
    r = c.user.put(url, json={"student_id": str(uuid.uuid4()), "behavioral_indicators": None},
                   headers=prof_header(c.psy))
    assert r.status_code == 200 and r.json()["student_id"] == c.S
    assert r.json()["behavioral_indicators"] is None
    r = c.user.put(url, json={"content": None, "severity_level": 9}, headers=prof_header(c.psy))
    assert r.status_code == 422
    assert [e["loc"][1] for e in r.json()["detail"]] == ["content", "severity_level"]
    # the stored row is unchanged by refused attempts
    assert c.user.get(url, headers=prof_header(c.psy)).json()["content"] == u["content"]
    # privacy is checked before authorship
    p = create(c, c.psy, is_private=True)
    r = c.user.put(f"{BASE}/{p['id']}", json={"severity_level": 1}, headers=prof_header(c.tea))
    assert r.status_code == 403 and r.json() == {"detail": PRIVATE}
    r = c.user.put(f"{BASE}/{p['id']}", json={"severity_level": 1}, headers=prof_header(c.spe))
    assert r.json() == {"detail": "Apenas o profissional que criou a observação pode editá-la"}
    # making it private hides it from education professionals
    r = c.user.put(url, json={"is_private": True}, headers=prof_header(c.psy))
    assert r.status_code == 200 and r.json()["is_accessible_by_education_only"] is False
    assert c.user.get(url, headers=prof_header(c.tea)).status_code == 403
    rid = str(uuid.uuid4())
    r = c.user.put(f"{BASE}/{rid}", json={"severity_level": 1}, headers=prof_header(c.psy))
    assert r.status_code == 404 and r.json() == {"detail": f"Observação {rid} não encontrada"}


def test_ob07_delete_author_rule(c):
    o = create(c, c.psy)
    url = f"{BASE}/{o['id']}"
    r = c.user.delete(url, headers=prof_header(c.spe))
    assert r.status_code == 403
    assert r.json() == {"detail": "Apenas o profissional que criou a observação pode removê-la"}
    assert c.user.get(url, headers=prof_header(c.spe)).status_code == 200
    p = create(c, c.psy, is_private=True)
    r = c.user.delete(f"{BASE}/{p['id']}", headers=prof_header(c.tea))
    assert r.status_code == 403 and r.json() == {"detail": PRIVATE}
    r = c.user.delete(url, headers=prof_header(c.psy))
    assert r.status_code == 204 and r.content == b""
    r = c.user.get(url, headers=prof_header(c.psy))
    assert r.status_code == 404 and r.json() == {"detail": f"Observação {o['id']} não encontrada"}
    assert c.user.delete(url, headers=prof_header(c.psy)).status_code == 404


def test_ob08_summary(c):
    student = make_student(c.user, "Aluno Resumo")["id"]
    t = lambda d: iso(NOW - datetime.timedelta(hours=d))  # noqa: E731
    create(c, c.psy, student_id=student, observation_type="behavioral", context="recess",
           severity_level=3, tags=["crise", "barulho"], observed_at=t(5))
    create(c, c.psy, student_id=student, observation_type="social", context="recess",
           severity_level=3, tags=["crise"], requires_intervention=True, observed_at=t(4))
    create(c, c.spe, student_id=student, observation_type="behavioral", context="classroom",
           severity_level=5, tags=["barulho", "crise"], observed_at=t(3))
    priv = create(c, c.psy, student_id=student, observation_type="clinical", context="therapy",
                  severity_level=1, tags=["medicação"], is_private=True,
                  requires_intervention=True, observed_at=t(1))
    r = c.user.get(f"{BASE}/student/{student}/summary", headers=prof_header(c.tea))
    assert r.status_code == 200
    s = r.json()
    assert list(s.keys()) == ["student_id", "total_observations", "by_type", "by_severity",
                              "requires_intervention_count", "most_common_contexts",
                              "most_common_tags", "recent_observations"]
    assert s["student_id"] == student and s["total_observations"] == 3
    assert s["by_type"] == {"behavioral": 2, "social": 1}
    assert s["by_severity"] == {"3": 2, "5": 1}
    assert s["requires_intervention_count"] == 1
    assert s["most_common_contexts"] == [{"context": "recess", "count": 2},
                                         {"context": "classroom", "count": 1}]
    assert s["most_common_tags"] == [{"tag": "crise", "count": 3}, {"tag": "barulho", "count": 2}]
    assert [o["observed_at"][:13] for o in s["recent_observations"]] == sorted(
        [o["observed_at"][:13] for o in s["recent_observations"]], reverse=True)
    assert priv["id"] not in r.text and "medicação" not in r.text
    s = c.user.get(f"{BASE}/student/{student}/summary", headers=prof_header(c.psy)).json()
    assert s["total_observations"] == 4 and s["by_type"]["clinical"] == 1
    assert s["by_severity"] == {"1": 1, "3": 2, "5": 1} and s["requires_intervention_count"] == 2
    assert s["recent_observations"][0]["id"] == priv["id"]
    rid = str(uuid.uuid4())
    r = c.user.get(f"{BASE}/student/{rid}/summary", headers=prof_header(c.psy))
    assert r.status_code == 200
    assert r.json() == {"student_id": rid, "total_observations": 0, "by_type": {}, "by_severity": {},
                        "requires_intervention_count": 0, "most_common_contexts": [],
                        "most_common_tags": [], "recent_observations": []}


def test_ob09_requiring_intervention(c):
    public = create(c, c.spe, requires_intervention=True)
    private = create(c, c.psy, requires_intervention=True, is_private=True)
    plain = create(c, c.spe)

    def listed(h):
        r = c.user.get(f"{BASE}/requiring-intervention/list", params={"limit": 1000}, headers=h)
        assert r.status_code == 200
        items = r.json()["observations"]
        assert all(o["requires_intervention"] for o in items)
        return {o["id"] for o in items}, items

    ids, items = listed(prof_header(c.tea))
    assert public["id"] in ids and private["id"] not in ids and plain["id"] not in ids
    assert all(not o["is_private"] for o in items)
    ids, _ = listed({})
    assert private["id"] not in ids
    ids, items = listed(prof_header(c.psy))
    assert public["id"] in ids and private["id"] in ids
    dates = [o["observed_at"] for o in items]
    assert dates == sorted(dates, reverse=True)


def test_no_credentials(api, c):
    assert api.get(BASE + "/").status_code == 401
    assert api.post(BASE + "/", json=body(c)).status_code == 401
    assert api.get(f"{BASE}/student/{c.S}/summary").status_code == 401


def test_student_delete_cascades(c):
    """Deleting a student removes its observations and indicators (API.md §5.4)."""
    student = make_student(c.user, "Aluno Removido")["id"]
    o = create(c, c.psy, student_id=student)
    r = c.user.post("/api/v1/socioemotional-indicators/", headers=prof_header(c.psy), json={
        "student_id": student, "indicator_type": "flexibility", "context": "home", "score": 5,
        "measured_at": iso(NOW)})
    assert r.status_code == 201, r.text
    ind = r.json()
    assert c.user.delete(f"/api/v1/students/{student}").status_code == 204
    assert c.user.get(f"{BASE}/{o['id']}", headers=prof_header(c.psy)).status_code == 404
    r = c.user.get(f"/api/v1/socioemotional-indicators/{ind['id']}", headers=prof_header(c.psy))
    assert r.status_code == 404
    r = c.user.get(f"{BASE}/student/{student}/summary", headers=prof_header(c.psy))
    assert r.json()["total_observations"] == 0


def test_other_users_and_professionals_see_no_private_data(c, api):
    """A second account acting as an unrelated education professional never receives private data."""
    other = user_or_skip(api)
    tea2 = make_professional(other, "special_educator")
    secret = "Conteúdo clínico sigiloso do aluno"
    p = create(c, c.psy, is_private=True, content=secret, requires_intervention=True)
    h = prof_header(tea2)
    for url in (f"{BASE}/{p['id']}",):
        r = other.get(url, headers=h)
        assert r.status_code == 403 and secret not in r.text
    for url, params in ((BASE + "/", {"student_id": c.S, "limit": 1000}),
                        (f"{BASE}/student/{c.S}/list", {"limit": 1000}),
                        (f"{BASE}/student/{c.S}/summary", {}),
                        (f"{BASE}/requiring-intervention/list", {"limit": 1000}),
                        (BASE + "/", {"search": "sigiloso"})):
        r = other.get(url, params=params, headers=h)
        assert r.status_code == 200 and secret not in r.text and p["id"] not in r.text, url
    r = other.put(f"{BASE}/{p['id']}", json={"content": "tentativa de alteração"}, headers=h)
    assert r.status_code == 403 and secret not in r.text
    r = other.delete(f"{BASE}/{p['id']}", headers=h)
    assert r.status_code == 403
    # even acting as the author's id, a user may edit: the header is trusted as given (§2.6)
    assert other.get(f"{BASE}/{p['id']}", headers=prof_header(c.psy)).status_code == 200


def test_bad_input_is_422_never_500(c):
    """Inputs a backend cannot store are refused by validation on SQLite and PostgreSQL alike."""
    h = prof_header(c.psy)
    nul = "Valor com \u0000 caractere nulo"
    cases = [({"content": nul}, ["body", "content"]),
             ({"tags": ["ok", "a\u0000"]}, ["body", "tags", 1]),
             ({"behavioral_indicators": {"k": ["\u0000"]}}, ["body", "behavioral_indicators"]),
             ({"attachments": [{"url": "x\u0000"}]}, ["body", "attachments", 0, "url"]),
             ({"observed_at": "0000-06-01T00:00:00Z"}, ["body", "observed_at"]),
             ({"observed_at": "0001-01-01T00:00:00+05:00"}, ["body", "observed_at"]),
             ({"observed_at": "9999-12-31T23:00:00-05:00"}, ["body", "observed_at"]),
             ({"severity_level": 1e20}, ["body", "severity_level"]),
             ({"severity_level": "9" * 30}, ["body", "severity_level"])]
    for change, loc in cases:
        r = c.user.post(BASE + "/", json=body(c, **change), headers=h)
        assert r.status_code == 422, (change, r.text)
        assert [e["loc"] for e in r.json()["detail"]] == [loc], (change, r.text)
    r = c.user.post(BASE + "/", json=body(c, observed_at="9999-12-31T23:59:59.999999Z"), headers=h)
    assert r.status_code == 201 and r.json()["observed_at"] == "9999-12-31T23:59:59.999999Z"
    r = c.user.get(BASE + "/", params={"search": "a\x00b"}, headers=h)  # filters only compare
    assert r.status_code == 200 and r.json()["total"] == 0
    for q in ({"search": "\x00"}, {"organization": "\x00"}):
        r = c.user.get("/api/v1/professionals/", params=q)
        assert r.status_code == 200 and r.json()["total"] == 0
    r = c.user.get(BASE + "/", params={"skip": "9" * 17}, headers=h)
    assert r.status_code == 200 and r.json()["observations"] == []
    r = c.user.get(BASE + "/", params={"skip": "9" * 30}, headers=h)
    assert r.status_code == 422
    r = c.user.post("/api/v1/professionals/", json={
        "name": "Dr. \u0000", "email": "nul@clinica.com.br", "role": "teacher", "organization": "Escola"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "name"]
    r = c.user.post(BASE + "/", data=b"\xff\xfe", headers=dict(h, **{"Content-Type": "application/json"}))
    assert r.status_code == 422
