"""Assessments and progress analysis (API.md §4.6, §5.9; checklist §8.5)."""
import pytest

from teaching_helpers import (TS_RE, error_at, make_activity, make_assessment, make_student,
                              random_id)

BASE = "/api/v1/assessments"
KEYS = ["id", "created_at", "updated_at", "activity_id", "student_id", "assessed_by_id",
        "completion_status", "engagement_level", "difficulty_rating", "actual_duration_minutes",
        "notes", "strengths_observed", "challenges_observed", "recommendations",
        "modifications_made", "skills_demonstrated", "behavioral_notes", "independence_level",
        "assistance_needed", "objectives_met"]


@pytest.fixture
def s1(teacher):
    return make_student(teacher)


@pytest.fixture
def a1(teacher, s1):
    return make_activity(teacher, s1["id"])


def test_as01_create(teacher, s1, a1):
    r = teacher.post(BASE + "/", json={
        "activity_id": a1["id"], "student_id": s1["id"], "completion_status": "completed",
        "engagement_level": "high", "difficulty_rating": "appropriate",
        "actual_duration_minutes": 35, "notes": "Concluiu com entusiasmo",
        "strengths_observed": "Atenção sustentada", "challenges_observed": "Transições",
        "recommendations": "Manter apoio visual", "independence_level": "Independente com supervisão",
        "assistance_needed": "Mínima"})
    assert r.status_code == 201, r.text
    x = r.json()
    assert list(x) == KEYS
    assert (x["activity_id"], x["student_id"], x["completion_status"], x["engagement_level"],
            x["difficulty_rating"], x["actual_duration_minutes"]) == \
        (a1["id"], s1["id"], "completed", "high", "appropriate", 35)
    assert x["assessed_by_id"] == teacher.user["id"] and TS_RE.match(x["created_at"])
    assert x["independence_level"] == "Independente com supervisão"


def test_as02_errors(api, teacher, other_teacher, s1, a1):
    body = {"activity_id": a1["id"], "student_id": s1["id"], "completion_status": "completed",
            "engagement_level": "high", "difficulty_rating": "appropriate"}
    assert api.post(BASE + "/", json=body).status_code == 401
    r = teacher.post(BASE + "/", json={**body, "activity_id": random_id()})
    assert r.status_code == 404 and r.json() == {"detail": "Activity not found"}
    r = teacher.post(BASE + "/", json={**body, "student_id": random_id()})
    assert r.status_code == 404 and r.json() == {"detail": "Student not found"}
    r = other_teacher.post(BASE + "/", json=body)
    assert r.status_code == 403 and r.json() == {"detail": "Você não tem permissão para avaliar este aluno"}
    other_student = make_student(teacher, name="Outro Aluno")
    r = teacher.post(BASE + "/", json={**body, "student_id": other_student["id"]})
    assert r.status_code == 400 and r.json() == {"detail": "A atividade não pertence a este aluno"}
    # Another teacher's activity with that teacher's student is still "not permitted".
    s2 = make_student(other_teacher)
    r = teacher.post(BASE + "/", json={**body, "student_id": s2["id"]})
    assert r.status_code == 403


def test_as03_minimal_body(teacher, s1, a1):
    x = make_assessment(teacher, a1["id"], s1["id"], duration_minutes=99)
    assert x["actual_duration_minutes"] is None and x["notes"] is None
    assert x["skills_demonstrated"] is None and x["objectives_met"] is None


def test_as04_get(api, teacher, other_teacher, s1, a1):
    x = make_assessment(teacher, a1["id"], s1["id"])
    r = teacher.get(f"{BASE}/{x['id']}")
    assert r.status_code == 200 and r.json()["id"] == x["id"] and r.json()["activity_id"] == a1["id"]
    r = other_teacher.get(f"{BASE}/{x['id']}")
    assert r.status_code == 403 and r.json() == {"detail": "You don't have permission to view this assessment"}
    r = teacher.get(f"{BASE}/{random_id()}")
    assert r.status_code == 404 and r.json() == {"detail": "Assessment not found"}
    assert api.new_admin().get(f"{BASE}/{x['id']}").status_code == 200
    assert teacher.get(BASE + "/nope").status_code == 422


def test_as05_by_student(teacher, other_teacher, s1, a1):
    ids = [make_assessment(teacher, a1["id"], s1["id"])["id"] for _ in range(3)]
    r = teacher.get(f"{BASE}/student/{s1['id']}")
    assert [x["id"] for x in r.json()] == ids[::-1]
    assert [x["id"] for x in teacher.get(f"{BASE}/student/{s1['id']}?skip=1&limit=1").json()] == [ids[1]]
    assert teacher.get(f"/api/v1/students/{s1['id']}/assessments").json() == r.json()
    r = other_teacher.get(f"{BASE}/student/{s1['id']}")
    assert r.status_code == 403 and r.json() == {"detail": "Você não tem permissão para acessar este aluno"}
    r = teacher.get(f"{BASE}/student/{random_id()}")
    assert r.status_code == 404 and r.json() == {"detail": "Student not found"}
    assert teacher.get(f"{BASE}/student/{s1['id']}?limit=1001").status_code == 422


def test_as06_update(teacher, other_teacher, s1, a1):
    x = make_assessment(teacher, a1["id"], s1["id"], completion_status="in_progress",
                        engagement_level="medium", notes="inicial", objectives_met={"a": True})
    r = teacher.put(f"{BASE}/{x['id']}", json={"completion_status": "completed",
                                               "engagement_level": "high",
                                               "notes": "Atualização: concluiu com apoio"})
    assert r.status_code == 200
    u = r.json()
    assert (u["completion_status"], u["engagement_level"], u["notes"]) == \
        ("completed", "high", "Atualização: concluiu com apoio")
    assert u["objectives_met"] == {"a": True} and u["updated_at"] > x["updated_at"]
    r = teacher.put(f"{BASE}/{x['id']}", json={"notes": None, "objectives_met": None,
                                               "activity_id": random_id()})
    assert r.json()["notes"] is None and r.json()["objectives_met"] is None
    assert r.json()["activity_id"] == a1["id"]
    assert teacher.put(f"{BASE}/{x['id']}", json={"completion_status": None}).status_code == 422
    assert teacher.put(f"{BASE}/{x['id']}", json={"notes": "n" * 2001}).status_code == 422
    r = other_teacher.put(f"{BASE}/{x['id']}", json={"notes": "invasão"})
    assert r.status_code == 403
    assert r.json() == {"detail": "You don't have permission to update this assessment"}
    assert teacher.get(f"{BASE}/{x['id']}").json()["notes"] is None
    assert teacher.put(f"{BASE}/{random_id()}", json={}).status_code == 404


def test_as07_objects_round_trip(teacher, s1, a1):
    skills = {"contagem": "até 20", "nível": 3, "lista": ["ç", 1, None]}
    notes = {"manhã": {"humor": "calmo 😊"}}
    x = make_assessment(teacher, a1["id"], s1["id"], skills_demonstrated=skills,
                        behavioral_notes=notes, objectives_met={"Contar": True, "Ler": False, "Somar": "yes"})
    got = teacher.get(f"{BASE}/{x['id']}").json()
    assert got["skills_demonstrated"] == skills and got["behavioral_notes"] == notes
    assert got["objectives_met"] == {"Contar": True, "Ler": False, "Somar": True}
    r = teacher.post(BASE + "/", json={"activity_id": a1["id"], "student_id": s1["id"],
                                       "completion_status": "completed", "engagement_level": "high",
                                       "difficulty_rating": "appropriate", "objectives_met": {"a": "talvez"}})
    assert r.status_code == 422
    assert error_at(r, ["body", "objectives_met", "a"])["type"] == "bool_parsing"


def test_as08_as09_validation(teacher, s1, a1):
    base = {"activity_id": a1["id"], "student_id": s1["id"], "completion_status": "completed",
            "engagement_level": "high", "difficulty_rating": "appropriate"}
    for over, loc, typ in ((dict(completion_status="invalid_status"), "completion_status", "enum"),
                           (dict(engagement_level="extreme"), "engagement_level", "enum"),
                           (dict(difficulty_rating="meh"), "difficulty_rating", "enum"),
                           (dict(actual_duration_minutes=-10), "actual_duration_minutes", "greater_than_equal"),
                           (dict(independence_level="i" * 51), "independence_level", "string_too_long"),
                           (dict(assistance_needed="a" * 256), "assistance_needed", "string_too_long"),
                           (dict(skills_demonstrated="texto"), "skills_demonstrated", "dict_type"),
                           (dict(activity_id="x"), "activity_id", "uuid_parsing")):
        r = teacher.post(BASE + "/", json={**base, **over})
        assert r.status_code == 422, over
        assert error_at(r, ["body", loc])["type"] == typ, (over, r.text)
    assert make_assessment(teacher, a1["id"], s1["id"], notes="n" * 2000)["notes"] == "n" * 2000
    for field in ("notes", "strengths_observed", "challenges_observed", "recommendations", "modifications_made"):
        r = teacher.post(BASE + "/", json={**base, field: "n" * 2001})
        e = error_at(r, ["body", field])
        assert r.status_code == 422 and e["type"] == "value_error"
        assert e["msg"] == "Value error, Texto não pode exceder 2000 caracteres"
    r = teacher.post(BASE + "/", json={})
    assert [e["loc"][1] for e in r.json()["detail"]] == ["activity_id", "student_id", "completion_status",
                                                        "engagement_level", "difficulty_rating"]


def test_as10_delete(teacher, other_teacher, s1, a1):
    x = make_assessment(teacher, a1["id"], s1["id"])
    r = other_teacher.delete(f"{BASE}/{x['id']}")
    assert r.status_code == 403
    assert r.json() == {"detail": "You don't have permission to delete this assessment"}
    r = teacher.delete(f"{BASE}/{x['id']}")
    assert r.status_code == 204 and r.content == b""
    assert teacher.get(f"{BASE}/{x['id']}").status_code == 404
    assert teacher.delete(f"{BASE}/{x['id']}").status_code == 404


def test_as11_list(api, teacher, other_teacher, s1, a1):
    s_b = make_student(teacher, name="Beatriz")
    a_b = make_activity(teacher, s_b["id"])
    mine = make_assessment(teacher, a1["id"], s1["id"])
    other = make_assessment(teacher, a_b["id"], s_b["id"])
    r = teacher.get(f"{BASE}/?student_id={s1['id']}")
    assert [x["id"] for x in r.json()] == [mine["id"]]
    assert [x["id"] for x in teacher.get(f"{BASE}/?activity_id={a_b['id']}").json()] == [other["id"]]
    assert [x["id"] for x in teacher.get(BASE + "/").json()] == [other["id"], mine["id"]]
    assert other_teacher.get(BASE + "/").json() == []
    assert other_teacher.get(f"{BASE}/?student_id={s1['id']}").json() == []
    assert teacher.get(BASE + "/?limit=1001").status_code == 422
    assert teacher.get(BASE + "/?student_id=abc").status_code == 422
    admin_ids = [x["id"] for x in api.new_admin().get(BASE + "/?limit=1000").json()]
    assert mine["id"] in admin_ids and other["id"] in admin_ids


def test_as12_progress_without_assessments(teacher, s1):
    r = teacher.get(f"{BASE}/progress/{s1['id']}")
    assert r.status_code == 200
    p = r.json()
    assert p["status"] == "insufficient_data"
    assert p["message"] == "Não há avaliações suficientes para análise"
    assert p["insights"] == [] and p["total_assessments"] == 0 and p["difficulty_distribution"] == {}
    assert p["student_id"] == s1["id"] and p["student_name"] == "João Silva"


def test_as13_progress(teacher, s1, a1):
    for e in ("low", "medium", "high", "very_high", "very_high"):
        make_assessment(teacher, a1["id"], s1["id"], engagement_level=e)
    p = teacher.get(f"{BASE}/progress/{s1['id']}").json()
    assert list(p) == ["student_id", "student_name", "status", "message", "total_assessments",
                       "completed_count", "completion_rate", "success_rate", "avg_engagement",
                       "engagement_trend", "trend_slope", "avg_recent_independence",
                       "difficulty_distribution", "insights", "first_assessment_at",
                       "last_assessment_at", "method", "generated_at"]
    assert p["status"] == "ok" and p["message"] is None
    assert p["total_assessments"] == 5 and p["completed_count"] == 5
    assert p["completion_rate"] == 1.0 and p["success_rate"] == 0.6
    assert p["avg_engagement"] == 2.8 and p["trend_slope"] == 0.8
    assert p["engagement_trend"] == "improving"
    assert p["insights"] == ["Excelente taxa de conclusão de atividades",
                             "Todas as atividades recentes foram concluídas"]
    assert p["method"] == "rule_based" and p["difficulty_distribution"] == {"appropriate": 5}
    assert TS_RE.match(p["first_assessment_at"]) and TS_RE.match(p["generated_at"])


def test_as14_progress_access(teacher, other_teacher, s1):
    assert other_teacher.get(f"{BASE}/progress/{s1['id']}").status_code == 403
    r = teacher.get(f"{BASE}/progress/{random_id()}")
    assert r.status_code == 404 and r.json() == {"detail": "Student not found"}


def test_assessments_survive_activity_soft_delete_and_die_with_student(teacher, s1, a1):
    x = make_assessment(teacher, a1["id"], s1["id"])
    teacher.delete(f"/api/v1/activities/{a1['id']}")
    assert teacher.get(f"{BASE}/{x['id']}").status_code == 200
    teacher.delete(f"/api/v1/students/{s1['id']}")
    assert teacher.get(f"{BASE}/{x['id']}").status_code == 404
