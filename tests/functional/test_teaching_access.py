"""Ownership in the teaching area (API.md §2.5): another teacher never reads, changes, lists or
assesses a teacher's students, activities or assessments (403 on direct access, silently
scoped lists, never data); an admin sees and changes everything."""
import json

import pytest

from teaching_helpers import make_activity, make_assessment, make_student


@pytest.fixture
def owned(teacher):
    s = make_student(teacher, name="Aluno Secreto", diagnosis="Diagnóstico confidencial")
    a = make_activity(teacher, s["id"], title="Atividade secreta", bncc_competencies=["EF03MA01"],
                      subject="matematica")
    x = make_assessment(teacher, a["id"], s["id"], notes="Nota confidencial")
    return s, a, x


SECRETS = ("Aluno Secreto", "Diagnóstico confidencial", "Atividade secreta", "Nota confidencial")


def assert_no_data(r):
    text = r.content.decode("utf-8")
    for secret in SECRETS:
        assert secret not in text, (r.request.method, r.request.url, text)


@pytest.mark.parametrize("role", ["teacher", "parent", "therapist"])
def test_other_users_get_403_or_nothing(api, owned, role):
    s, a, x = owned
    intruder = api.new_user(role)
    forbidden = [
        ("GET", f"/api/v1/students/{s['id']}", None),
        ("PUT", f"/api/v1/students/{s['id']}", {"name": "Hackeado"}),
        ("DELETE", f"/api/v1/students/{s['id']}", None),
        ("GET", f"/api/v1/students/{s['id']}/activities", None),
        ("GET", f"/api/v1/students/{s['id']}/assessments", None),
        ("GET", f"/api/v1/activities/{a['id']}", None),
        ("PUT", f"/api/v1/activities/{a['id']}", {"title": "Hackeado"}),
        ("DELETE", f"/api/v1/activities/{a['id']}", None),
        ("POST", "/api/v1/activities/generate", {"student_id": s["id"], "activity_type": "social",
                                                 "difficulty": "easy", "duration_minutes": 20}),
        ("POST", "/api/v1/activities/generate-multidisciplinary",
         {"student_id": s["id"], "activity_type": "social", "difficulty": "easy",
          "duration_minutes": 20, "subject": "arte", "grade_level": "infantil_1"}),
        ("POST", "/api/v1/activities/", {"student_id": s["id"], "title": "Intrusa",
                                         "description": "Tentativa de criação", "objectives": ["a"],
                                         "materials": ["b"], "instructions": ["c"]}),
        ("POST", "/api/v1/assessments/", {"activity_id": a["id"], "student_id": s["id"],
                                          "completion_status": "completed", "engagement_level": "high",
                                          "difficulty_rating": "appropriate"}),
        ("GET", f"/api/v1/assessments/{x['id']}", None),
        ("PUT", f"/api/v1/assessments/{x['id']}", {"notes": "Hackeado"}),
        ("DELETE", f"/api/v1/assessments/{x['id']}", None),
        ("GET", f"/api/v1/assessments/student/{s['id']}", None),
        ("GET", f"/api/v1/assessments/progress/{s['id']}", None),
    ]
    for method, path, body in forbidden:
        r = intruder.request(method, path, json=body)
        assert r.status_code == 403, (method, path, r.status_code, r.text)
        assert set(r.json()) == {"detail"}
        assert_no_data(r)
    scoped = ["/api/v1/students/", "/api/v1/students/?is_active=true", "/api/v1/activities/",
              f"/api/v1/activities/?student_id={s['id']}", "/api/v1/activities/search",
              "/api/v1/activities/search?subject=matematica", f"/api/v1/activities/search?student_id={s['id']}",
              "/api/v1/activities/search/bncc/EF03MA01", "/api/v1/assessments/",
              f"/api/v1/assessments/?student_id={s['id']}", f"/api/v1/assessments/?activity_id={a['id']}"]
    for path in scoped:
        r = intruder.get(path)
        assert r.status_code == 200 and r.json() == [], (path, r.text)


def test_owner_data_unchanged_after_attempts(api, teacher, owned):
    s, a, x = owned
    intruder = api.new_user()
    intruder.put(f"/api/v1/students/{s['id']}", json={"name": "Hackeado"})
    intruder.put(f"/api/v1/activities/{a['id']}", json={"title": "Hackeado"})
    intruder.delete(f"/api/v1/activities/{a['id']}")
    intruder.put(f"/api/v1/assessments/{x['id']}", json={"notes": "Hackeado"})
    intruder.delete(f"/api/v1/assessments/{x['id']}")
    intruder.delete(f"/api/v1/students/{s['id']}")
    assert teacher.get(f"/api/v1/students/{s['id']}").json() == s
    got = teacher.get(f"/api/v1/activities/{a['id']}").json()
    assert got["title"] == "Atividade secreta" and got["is_published"] is True
    assert teacher.get(f"/api/v1/assessments/{x['id']}").json()["notes"] == "Nota confidencial"


def test_admin_sees_and_changes_everything(api, teacher, owned):
    s, a, x = owned
    admin = api.new_admin()
    assert admin.get(f"/api/v1/students/{s['id']}").status_code == 200
    assert s["id"] in [y["id"] for y in admin.get("/api/v1/students/?limit=1000").json()]
    assert a["id"] in [y["id"] for y in admin.get("/api/v1/activities/?limit=1000").json()]
    assert a["id"] in [y["id"] for y in admin.get("/api/v1/activities/search/bncc/EF03MA01?limit=100").json()]
    assert x["id"] in [y["id"] for y in admin.get("/api/v1/assessments/?limit=1000").json()]
    assert admin.get(f"/api/v1/assessments/progress/{s['id']}").json()["total_assessments"] == 1
    r = admin.put(f"/api/v1/students/{s['id']}", json={"name": "Nome corrigido"})
    assert r.status_code == 200 and r.json()["teacher_id"] == teacher.user["id"]
    # An activity created by the admin for the teacher's student belongs to the teacher.
    r = admin.post("/api/v1/activities/generate", json={"student_id": s["id"], "activity_type": "motor",
                                                         "difficulty": "medium", "duration_minutes": 15})
    assert r.status_code == 201 and r.json()["created_by_id"] == admin.user["id"]
    assert r.json()["id"] in [y["id"] for y in teacher.get("/api/v1/activities/").json()]
    r = admin.post("/api/v1/assessments/", json={"activity_id": a["id"], "student_id": s["id"],
                                                 "completion_status": "in_progress",
                                                 "engagement_level": "low", "difficulty_rating": "too_hard"})
    assert r.status_code == 201 and r.json()["assessed_by_id"] == admin.user["id"]
    assert admin.delete(f"/api/v1/assessments/{x['id']}").status_code == 204
    assert admin.delete(f"/api/v1/students/{s['id']}").status_code == 204
    assert teacher.get(f"/api/v1/students/{s['id']}").status_code == 404


def test_missing_credentials_are_401_everywhere(api, owned):
    s, a, x = owned
    for method, path in (("GET", "/api/v1/students/"), ("GET", f"/api/v1/students/{s['id']}"),
                         ("GET", "/api/v1/activities/"), ("GET", "/api/v1/activities/search"),
                         ("GET", "/api/v1/activities/search/bncc/EF03MA01"),
                         ("POST", "/api/v1/activities/generate"), ("GET", "/api/v1/assessments/"),
                         ("GET", f"/api/v1/assessments/progress/{s['id']}")):
        r = api.request(method, path)
        assert r.status_code == 401 and r.json() == {"detail": "Not authenticated"}
        assert r.headers["WWW-Authenticate"] == "Bearer"
        r = api.request(method, path, token="garbage")
        assert r.status_code == 401 and r.json() == {"detail": "Could not validate credentials"}
