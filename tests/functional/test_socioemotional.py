"""Socio-emotional indicators (API.md §4.10, §5.8, checklist §8.9)."""
import datetime
import uuid

import pytest

from care_helpers import iso, make_professional, make_student, prof_header, user_or_skip

BASE = "/api/v1/socioemotional-indicators"
NOW = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def days_ago(n, hours=0):
    return iso(NOW - datetime.timedelta(days=n, hours=hours))


class Ctx:
    pass


@pytest.fixture(scope="module")
def c(api):
    c = Ctx()
    c.user = user_or_skip(api)
    c.psy = make_professional(c.user, "psychologist")
    c.spe = make_professional(c.user, "speech_therapist")
    c.P = prof_header(c.psy)
    return c


@pytest.fixture
def S(c):
    """A fresh student per test keeps the analytics exact."""
    return make_student(c.user)["id"]


def create(c, student, type_="emotional_regulation", score=6, when=None, who=None, **kw):
    b = {"student_id": student, "indicator_type": type_, "context": "classroom", "score": score,
         "measured_at": when or iso(NOW)}
    b.update(kw)
    r = c.user.post(BASE + "/", json=b, headers=prof_header(who) if who else c.P)
    assert r.status_code == 201, r.text
    return r.json()


def test_se01_create(c, S):
    r = c.user.post(BASE + "/", headers=c.P, json={
        "student_id": S, "indicator_type": "emotional_regulation", "context": "classroom",
        "score": 6, "observations": "Observou-se melhora", "specific_behaviors": "Respirou fundo",
        "environmental_factors": "Sala calma", "triggers": "Barulho", "supports_used": "Timer visual",
        "measured_at": iso(NOW), "professional_id": str(uuid.uuid4())})
    assert r.status_code == 201, r.text
    i = r.json()
    assert list(i.keys()) == ["id", "student_id", "professional_id", "indicator_type", "context",
                              "score", "observations", "specific_behaviors",
                              "environmental_factors", "triggers", "supports_used", "measured_at",
                              "created_at", "updated_at", "score_level", "is_concerning",
                              "indicator_display_name"]
    assert i["indicator_type"] == "emotional_regulation" and i["score"] == 6
    assert i["score_level"] == "Moderado" and i["is_concerning"] is False
    assert i["indicator_display_name"] == "Regulação Emocional"
    assert i["professional_id"] == c.psy["id"] and i["triggers"] == "Barulho"


def test_se02_validation_and_existence(c, S):
    for score, kind in ((15, "less_than_equal"), (0, "greater_than_equal"), (6.5, "int_from_float"),
                        ("x", "int_parsing"), (None, "int_type")):
        r = c.user.post(BASE + "/", headers=c.P, json={
            "student_id": S, "indicator_type": "flexibility", "context": "home", "score": score,
            "measured_at": iso(NOW)})
        assert r.status_code == 422, score
        assert [(e["loc"], e["type"]) for e in r.json()["detail"]] == [(["body", "score"], kind)]
    r = c.user.post(BASE + "/", headers=c.P, json={})
    assert [e["loc"][1] for e in r.json()["detail"]] == [
        "student_id", "indicator_type", "context", "score", "measured_at"]
    r = c.user.post(BASE + "/", headers=c.P, json={
        "student_id": S, "indicator_type": "joy", "context": "space", "score": 5,
        "measured_at": "x", "observations": 3})
    assert [e["type"] for e in r.json()["detail"]] == [
        "enum", "enum", "datetime_from_date_parsing", "string_type"]
    rid = str(uuid.uuid4())
    r = c.user.post(BASE + "/", headers=c.P, json={
        "student_id": rid, "indicator_type": "flexibility", "context": "home", "score": 5,
        "measured_at": iso(NOW)})
    assert r.status_code == 404 and r.json() == {"detail": f"Estudante {rid} não encontrado"}
    r = c.user.post(BASE + "/", json={
        "student_id": S, "indicator_type": "flexibility", "context": "home", "score": 5,
        "measured_at": iso(NOW)})
    assert r.status_code == 404
    assert r.json() == {"detail": f"Profissional {c.user.user['id']} não encontrado"}
    r = c.user.get(BASE + "/", headers={"X-Professional-ID": "abc"})
    assert r.status_code == 400
    assert r.json() == {"detail": "Invalid Professional ID format in X-Professional-ID header"}


def test_se03_bulk(c, S):
    r = c.user.post(BASE + "/bulk", headers=c.P, json={
        "student_id": S, "measured_at": iso(NOW), "indicators": [
            {"indicator_type": "emotional_regulation", "context": "classroom", "score": 6},
            {"indicator_type": "social_interaction", "context": "classroom", "score": 7},
            {"indicator_type": "attention_focus", "context": "classroom", "score": 5,
             "observations": "ok"}]})
    assert r.status_code == 201, r.text
    b = r.json()
    assert list(b.keys()) == ["created_count", "failed_count", "created_ids", "errors"]
    assert b["created_count"] == 3 and b["failed_count"] == 0 and b["errors"] is None
    assert len(b["created_ids"]) == 3
    got = [c.user.get(f"{BASE}/{i}", headers=c.P).json() for i in b["created_ids"]]
    assert [g["indicator_type"] for g in got] == [
        "emotional_regulation", "social_interaction", "attention_focus"]
    assert all(g["student_id"] == S and g["professional_id"] == c.psy["id"] for g in got)
    assert got[2]["observations"] == "ok"


def test_se04_bulk_item_failures(c, S):
    r = c.user.post(BASE + "/bulk", headers=c.P, json={
        "student_id": S, "measured_at": iso(NOW), "indicators": [
            {"indicator_type": "emotional_regulation", "context": "classroom", "score": 6},
            {"indicator_type": "social_interaction", "context": "classroom", "score": 15},
            {"indicator_type": "attention_focus", "context": "classroom", "score": 7}]})
    assert r.status_code == 201, r.text
    b = r.json()
    assert b["created_count"] == 2 and b["failed_count"] == 1 and len(b["created_ids"]) == 2
    assert b["errors"] == ["Erro ao criar indicador: score: Input should be less than or equal to 10"]
    listed = c.user.get(f"{BASE}/student/{S}/list", headers=c.P).json()
    assert listed["total"] == 2
    # several problems in one item; item-level student_id cannot override the top level
    r = c.user.post(BASE + "/bulk", headers=c.P, json={
        "student_id": S, "measured_at": iso(NOW), "indicators": [
            {"indicator_type": "joy", "score": 0},
            {"indicator_type": "flexibility", "context": "home", "score": 3,
             "student_id": str(uuid.uuid4())}]})
    b = r.json()
    assert b["created_count"] == 1 and b["failed_count"] == 1
    assert b["errors"] == [
        "Erro ao criar indicador: indicator_type: Input should be 'emotional_regulation', "
        "'social_interaction', 'communication_skills', 'adaptive_behavior', 'sensory_processing', "
        "'attention_focus', 'anxiety_level', 'frustration_tolerance', 'self_regulation', "
        "'peer_relationship', 'executive_function' or 'flexibility'; context: Field required; "
        "score: Input should be greater than or equal to 1"]
    assert c.user.get(f"{BASE}/{b['created_ids'][0]}", headers=c.P).json()["student_id"] == S
    # unknown student / professional are per-item failures, not request errors
    rid = str(uuid.uuid4())
    item = {"indicator_type": "flexibility", "context": "home", "score": 3}
    r = c.user.post(BASE + "/bulk", headers=c.P, json={
        "student_id": rid, "measured_at": iso(NOW), "indicators": [item, item]})
    assert r.status_code == 201
    assert r.json() == {"created_count": 0, "failed_count": 2, "created_ids": [],
                        "errors": [f"Erro ao criar indicador: Estudante {rid} não encontrado"] * 2}
    r = c.user.post(BASE + "/bulk", headers=prof_header(rid), json={
        "student_id": S, "measured_at": iso(NOW), "indicators": [item]})
    assert r.json()["errors"] == [f"Erro ao criar indicador: Profissional {rid} não encontrado"]


def test_bulk_top_level_validation(c, S):
    for payload, loc, kind in (
            ({"student_id": S, "measured_at": iso(NOW), "indicators": []}, ["body", "indicators"], "too_short"),
            ({"student_id": S, "measured_at": iso(NOW), "indicators": {}}, ["body", "indicators"], "list_type"),
            ({"student_id": S, "measured_at": iso(NOW), "indicators": [1]}, ["body", "indicators", 0], "dict_type"),
            ({"student_id": "x", "measured_at": iso(NOW), "indicators": [{}]}, ["body", "student_id"], "uuid_parsing"),
            ({"student_id": S, "indicators": [{}]}, ["body", "measured_at"], "missing"),
            ({"student_id": S, "measured_at": iso(NOW)}, ["body", "indicators"], "missing")):
        r = c.user.post(BASE + "/bulk", headers=c.P, json=payload)
        assert r.status_code == 422, payload
        assert [(e["loc"], e["type"]) for e in r.json()["detail"]] == [(loc, kind)], r.text
    assert c.user.get(f"{BASE}/student/{S}/list", headers=c.P).json()["total"] == 0


def test_se05_get(c, S):
    i = create(c, S)
    r = c.user.get(f"{BASE}/{i['id']}")  # any acting professional may read
    assert r.status_code == 200 and r.json()["id"] == i["id"] and r.json()["score"] == 6
    rid = str(uuid.uuid4())
    r = c.user.get(f"{BASE}/{rid}", headers=c.P)
    assert r.status_code == 404 and r.json() == {"detail": f"Indicador {rid} não encontrado"}
    assert c.user.get(f"{BASE}/xyz", headers=c.P).status_code == 422


def test_se06_update_recorder_rule(c, S):
    i = create(c, S, observations="antes")
    url = f"{BASE}/{i['id']}"
    r = c.user.put(url, json={"score": 8, "observations": "Progresso significativo observado"}, headers=c.P)
    assert r.status_code == 200, r.text
    u = r.json()
    assert u["score"] == 8 and u["observations"] == "Progresso significativo observado"
    assert u["score_level"] == "Alto" and u["updated_at"] > i["updated_at"]
    assert u["measured_at"] == i["measured_at"] and u["created_at"] == i["created_at"]
    r = c.user.put(url, json={"score": 1}, headers=prof_header(c.spe))
    assert r.status_code == 403
    assert r.json() == {"detail": "Apenas o profissional que criou o indicador pode editá-lo"}
    assert c.user.put(url, json={"score": 1}).status_code == 403  # token user is not the recorder
    assert c.user.get(url, headers=c.P).json()["score"] == 8
    r = c.user.put(url, json={"observations": None, "indicator_type": "anxiety_level",
                              "student_id": str(uuid.uuid4())}, headers=c.P)
    assert r.status_code == 200
    u = r.json()
    assert u["observations"] is None and u["indicator_type"] == "anxiety_level"
    assert u["is_concerning"] is True and u["indicator_display_name"] == "Nível de Ansiedade"
    assert u["student_id"] == S
    for bad in ({"score": 11}, {"score": None}, {"context": "x"}, {"measured_at": None}):
        assert c.user.put(url, json=bad, headers=c.P).status_code == 422, bad
    rid = str(uuid.uuid4())
    r = c.user.put(f"{BASE}/{rid}", json={"score": 2}, headers=c.P)
    assert r.status_code == 404 and r.json() == {"detail": f"Indicador {rid} não encontrado"}


def test_se07_delete_recorder_rule(c, S):
    i = create(c, S)
    url = f"{BASE}/{i['id']}"
    r = c.user.delete(url, headers=prof_header(c.spe))
    assert r.status_code == 403
    assert r.json() == {"detail": "Apenas o profissional que criou o indicador pode removê-lo"}
    assert c.user.get(url, headers=c.P).status_code == 200
    r = c.user.delete(url, headers=c.P)
    assert r.status_code == 204 and r.content == b""
    r = c.user.get(url, headers=c.P)
    assert r.status_code == 404 and r.json() == {"detail": f"Indicador {i['id']} não encontrado"}


def test_se08_list_filters(c, S):
    a = create(c, S, "emotional_regulation", 6, days_ago(3), observations="Calmo na rotina")
    b = create(c, S, "social_interaction", 2, days_ago(2), specific_behaviors="Evitou o grupo", context="recess")
    d = create(c, S, "emotional_regulation", 9, days_ago(1), who=c.spe)

    def ids(**q):
        r = c.user.get(BASE + "/", params=dict(student_id=S, **q), headers=c.P)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["indicators"]]

    r = c.user.get(BASE + "/", params={"student_id": S}, headers=c.P).json()
    assert list(r.keys()) == ["indicators", "total", "page", "page_size", "total_pages"]
    assert r["total"] == 3
    assert ids() == [d["id"], b["id"], a["id"]]  # newest measured_at first
    assert ids(indicator_type="emotional_regulation") == [d["id"], a["id"]]
    assert ids(context="recess") == [b["id"]]
    assert ids(professional_id=c.spe["id"]) == [d["id"]]
    assert ids(score_min=6, score_max=6) == [a["id"]]
    assert ids(search="ROTINA") == [a["id"]]
    assert ids(search="grupo") == [b["id"]]
    assert ids(limit=1, skip=1) == [b["id"]]
    for q in ({"indicator_type": "foo"}, {"context": "foo"}, {"score_min": 11}, {"score_max": 0},
              {"professional_id": "x"}, {"is_concerning": "perhaps"}, {"skip": -1}):
        assert c.user.get(BASE + "/", params=q, headers=c.P).status_code == 422, q
    r = c.user.get(f"{BASE}/student/{S}/list", params={"limit": 2}, headers=c.P).json()
    assert [x["id"] for x in r["indicators"]] == [d["id"], b["id"]] and r["total_pages"] == 2
    r = c.user.get(f"{BASE}/student/{uuid.uuid4()}/list", headers=c.P).json()
    assert r["total"] == 0 and r["indicators"] == []


def test_se09_is_concerning_filter(c, S):
    er3 = create(c, S, "emotional_regulation", 3)
    an8 = create(c, S, "anxiety_level", 8)
    er6 = create(c, S, "emotional_regulation", 6)
    an2 = create(c, S, "anxiety_level", 2)
    r = c.user.get(BASE + "/", params={"student_id": S, "concerning_only": "true"}, headers=c.P)
    assert r.status_code == 200 and r.json()["total"] >= 2
    got = {x["id"] for x in c.user.get(BASE + "/", params={"student_id": S, "is_concerning": "true"},
                                       headers=c.P).json()["indicators"]}
    assert got == {er3["id"], an8["id"]}
    got = c.user.get(BASE + "/", params={"student_id": S, "is_concerning": "false"},
                     headers=c.P).json()["indicators"]
    assert {x["id"] for x in got} == {er6["id"], an2["id"]}
    assert all(x["is_concerning"] is False for x in got)


def test_se10_derived_values(c, S):
    cases = [("emotional_regulation", 4, True), ("emotional_regulation", 5, False),
             ("anxiety_level", 7, True), ("anxiety_level", 6, False),
             ("executive_function", 7, True)]
    for t, score, concerning in cases:
        assert create(c, S, t, score)["is_concerning"] is concerning, (t, score)
    levels = {2: "Muito Baixo", 3: "Baixo", 4: "Baixo", 5: "Moderado", 7: "Alto", 8: "Alto",
              9: "Muito Alto"}
    for score, level in levels.items():
        assert create(c, S, "flexibility", score)["score_level"] == level


def test_se11_trend(c, S):
    for k, score in enumerate([5, 6, 7, 8, 9]):
        create(c, S, "emotional_regulation", score, days_ago(5 - k, hours=1))
    create(c, S, "emotional_regulation", 1, days_ago(30))  # outside the 7-day window
    create(c, S, "flexibility", 1, days_ago(1))             # another type
    r = c.user.get(f"{BASE}/student/{S}/trend",
                   params={"indicator_type": "emotional_regulation", "days": 7}, headers=c.P)
    assert r.status_code == 200, r.text
    t = r.json()
    assert list(t.keys()) == ["indicator_type", "indicator_display_name", "measurements",
                              "average_score", "trend_direction", "latest_score",
                              "earliest_score", "measurement_count"]
    assert t["indicator_type"] == "emotional_regulation" and t["trend_direction"] == "improving"
    assert [m["score"] for m in t["measurements"]] == [5, 6, 7, 8, 9]
    assert list(t["measurements"][0].keys()) == ["date", "score", "context"]
    assert t["average_score"] == 7.0 and t["earliest_score"] == 5 and t["latest_score"] == 9
    assert t["measurement_count"] == 5
    assert '"average_score": 7.0' in r.text
    # the default 90-day window includes the older one: 1,5,6,7,8,9 → m1 = 4, m2 = 8
    t = c.user.get(f"{BASE}/student/{S}/trend", params={"indicator_type": "emotional_regulation"},
                   headers=c.P).json()
    assert t["measurement_count"] == 6 and t["average_score"] == 6.0 and t["earliest_score"] == 1


def test_se12_trend_errors(c, S):
    url = f"{BASE}/student/{S}/trend"
    assert c.user.get(url, params={"indicator_type": "foo"}, headers=c.P).status_code == 422
    for d in (0, 366):
        r = c.user.get(url, params={"indicator_type": "flexibility", "days": d}, headers=c.P)
        assert r.status_code == 422
    r = c.user.get(url, headers=c.P)
    assert r.status_code == 422
    assert r.json()["detail"] == [{"type": "missing", "loc": ["query", "indicator_type"],
                                   "msg": "Field required", "input": None}]
    r = c.user.get(url, params={"indicator_type": "flexibility"}, headers=c.P)
    assert r.status_code == 404
    assert r.json() == {"detail": "Nenhuma medição encontrada para flexibility nos últimos 90 dias"}
    create(c, S, "flexibility", 5, days_ago(10))
    r = c.user.get(url, params={"indicator_type": "flexibility", "days": 5}, headers=c.P)
    assert r.json() == {"detail": "Nenhuma medição encontrada para flexibility nos últimos 5 dias"}
    t = c.user.get(url, params={"indicator_type": "flexibility", "days": 11}, headers=c.P).json()
    assert t["measurement_count"] == 1 and t["trend_direction"] == "stable"


def test_se13_profile(c, S):
    for t in ("emotional_regulation", "social_interaction", "attention_focus", "flexibility"):
        create(c, S, t, 6, days_ago(2))
    create(c, S, "anxiety_level", 9, days_ago(3))
    create(c, S, "anxiety_level", 7, days_ago(1))
    create(c, S, "sensory_processing", 3, days_ago(120))
    create(c, S, "self_regulation", 2, days_ago(4))
    create(c, S, "self_regulation", 8, days_ago(5))  # older one; latest is the score 2
    r = c.user.get(f"{BASE}/student/{S}/profile", headers=c.P)
    assert r.status_code == 200, r.text
    p = r.json()
    assert list(p.keys()) == ["student_id", "student_name", "total_measurements",
                              "last_measured_at", "indicators_summary", "concerning_indicators",
                              "strengths", "areas_for_development", "trends"]
    assert p["student_id"] == S and p["student_name"] == "João Silva"
    assert p["total_measurements"] == 9
    assert list(p["indicators_summary"].keys()) == [
        "emotional_regulation", "social_interaction", "sensory_processing", "attention_focus",
        "anxiety_level", "self_regulation", "flexibility"]
    assert p["indicators_summary"]["anxiety_level"] == {
        "count": 2, "average_score": 8.0, "latest_score": 7, "is_concerning": True}
    assert p["indicators_summary"]["self_regulation"] == {
        "count": 2, "average_score": 5.0, "latest_score": 2, "is_concerning": True}
    assert p["concerning_indicators"] == ["Nível de Ansiedade", "Autorregulação"]
    assert p["strengths"] == ["Processamento Sensorial"]
    assert p["areas_for_development"] == ["Nível de Ansiedade"]
    assert "Nível de Ansiedade" not in p["strengths"]
    assert [t["indicator_type"] for t in p["trends"]] == [
        "emotional_regulation", "social_interaction", "attention_focus", "anxiety_level",
        "self_regulation", "flexibility"]
    sr = p["trends"][4]
    assert [m["score"] for m in sr["measurements"]] == [8, 2] and sr["trend_direction"] == "declining"
    rid = str(uuid.uuid4())
    r = c.user.get(f"{BASE}/student/{rid}/profile", headers=c.P)
    assert r.status_code == 404 and r.json() == {"detail": f"Estudante {rid} não encontrado"}


def test_profile_without_measurements(c, S):
    p = c.user.get(f"{BASE}/student/{S}/profile", headers=c.P).json()
    assert p == {"student_id": S, "student_name": "João Silva", "total_measurements": 0,
                 "last_measured_at": None, "indicators_summary": {}, "concerning_indicators": [],
                 "strengths": [], "areas_for_development": [], "trends": []}


def test_se14_compare(c, S):
    create(c, S, "emotional_regulation", 5, days_ago(30))
    create(c, S, "emotional_regulation", 7, iso(NOW))
    create(c, S, "anxiety_level", 1, days_ago(30))  # other type is ignored
    q = {"indicator_type": "emotional_regulation", "period1_start": days_ago(35),
         "period1_end": days_ago(25), "period2_start": days_ago(5), "period2_end": iso(NOW)}
    r = c.user.get(f"{BASE}/student/{S}/compare", params=q, headers=c.P)
    assert r.status_code == 200, r.text
    b = r.json()
    assert list(b.keys()) == ["student_id", "indicator_type", "period1_start", "period1_end",
                              "period1_average", "period2_start", "period2_end",
                              "period2_average", "change_percentage", "change_direction",
                              "statistical_significance"]
    assert b["period1_average"] == 5.0 and b["period2_average"] == 7.0
    assert b["change_percentage"] == 40.0 and b["change_direction"] == "improved"
    assert b["statistical_significance"] is True
    assert b["period2_end"] == iso(NOW) + "Z"
    assert '"period1_average": 5.0' in r.text
    # bounds are inclusive; bare dates are midnight UTC; decline of 2/7
    day = (NOW - datetime.timedelta(days=30)).date().isoformat()
    create(c, S, "flexibility", 7, day + "T00:00:00")
    create(c, S, "flexibility", 5, days_ago(1))
    q2 = {"indicator_type": "flexibility", "period1_start": day, "period1_end": day,
          "period2_start": days_ago(2), "period2_end": days_ago(0)}
    b = c.user.get(f"{BASE}/student/{S}/compare", params=q2, headers=c.P).json()
    assert b["period1_start"] == day + "T00:00:00.000000Z"
    assert b["change_percentage"] == -28.57 and b["change_direction"] == "declined"
    assert b["statistical_significance"] is True


def test_se15_compare_errors(c, S):
    create(c, S, "emotional_regulation", 5, days_ago(30))
    q = {"indicator_type": "emotional_regulation", "period1_start": days_ago(35),
         "period1_end": days_ago(25), "period2_start": days_ago(5), "period2_end": iso(NOW)}
    r = c.user.get(f"{BASE}/student/{S}/compare", params=q, headers=c.P)
    assert r.status_code == 404
    assert r.json() == {"detail": "Dados insuficientes para comparação entre períodos"}
    q2 = dict(q)
    del q2["period2_end"]
    r = c.user.get(f"{BASE}/student/{S}/compare", params=q2, headers=c.P)
    assert r.status_code == 422
    assert r.json()["detail"] == [{"type": "missing", "loc": ["query", "period2_end"],
                                   "msg": "Field required", "input": None}]
    r = c.user.get(f"{BASE}/student/{S}/compare", params=dict(q, indicator_type="x",
                                                               period1_start="ontem"), headers=c.P)
    assert [e["loc"][1] for e in r.json()["detail"]] == ["indicator_type", "period1_start"]


def test_no_credentials(api):
    assert api.get(BASE + "/").status_code == 401
    assert api.post(BASE + "/bulk", json={}).status_code == 401


def test_bad_input_is_422_never_500(c, S):
    item = {"indicator_type": "flexibility", "context": "home", "score": 3, "triggers": "a\u0000"}
    r = c.user.post(BASE + "/bulk", headers=c.P, json={
        "student_id": S, "measured_at": iso(NOW), "indicators": [item]})
    assert r.status_code == 201
    assert r.json()["errors"] == [
        "Erro ao criar indicador: triggers: Value error, Texto não pode conter o caractere nulo (U+0000)"]
    r = c.user.post(BASE + "/", headers=c.P, json=dict(item, student_id=S, measured_at=iso(NOW)))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "triggers"]
    r = c.user.post(BASE + "/bulk", headers=c.P, json={
        "student_id": S, "measured_at": "0000-01-01", "indicators": [{}]})
    assert r.status_code == 422
    q = {"indicator_type": "flexibility", "period1_start": "0001-01-01", "period1_end": "9999-12-31",
         "period2_start": "0001-01-01T00:00:00+01:00", "period2_end": "9999-12-31"}
    r = c.user.get(f"{BASE}/student/{S}/compare", params=q, headers=c.P)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "period2_start"]
    q["period2_start"] = "0001-01-01"
    r = c.user.get(f"{BASE}/student/{S}/compare", params=q, headers=c.P)
    assert r.status_code == 404  # the widest valid range, no data
    r = c.user.get(BASE + "/", params={"search": "\x00"}, headers=c.P)
    assert r.status_code == 200 and r.json()["total"] == 0
    r = c.user.get(f"{BASE}/student/{S}/trend", params={"indicator_type": "flexibility",
                                                        "days": "9" * 25}, headers=c.P)
    assert r.status_code == 422
