"""Helpers shared by the teaching-area tests (students, activities, assessments)."""
import datetime
import re
import uuid

TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def today():
    return datetime.datetime.now(datetime.timezone.utc).date()


def years_ago(n, days=0):
    """The same calendar day n years earlier (Feb 29 → Feb 28), minus `days` days."""
    t = today()
    try:
        d = t.replace(year=t.year - n)
    except ValueError:
        d = t.replace(year=t.year - n, day=28)
    return (d - datetime.timedelta(days=days)).isoformat()


def student_body(**over):
    body = {"name": "João Silva", "date_of_birth": years_ago(10), "age": 9,
            "diagnosis": "TEA Nível 1", "tea_level": "level_1",
            "interests": ["dinossauros", "lego"]}
    body.update(over)
    return body


def make_student(user, **over):
    r = user.post("/api/v1/students/", json=student_body(**over))
    assert r.status_code == 201, r.text
    return r.json()


def activity_body(student_id, **over):
    body = {"student_id": student_id, "title": "Atividade de Teste",
            "description": "Descrição da atividade de teste", "activity_type": "cognitive",
            "difficulty": "easy", "duration_minutes": 30,
            "objectives": ["Objetivo 1", "Objetivo 2"], "materials": ["Material 1", "Material 2"],
            "instructions": ["Instrução 1"], "theme": "matemática"}
    body.update(over)
    return body


def make_activity(user, student_id, **over):
    r = user.post("/api/v1/activities/", json=activity_body(student_id, **over))
    assert r.status_code == 201, r.text
    return r.json()


def make_assessment(user, activity_id, student_id, **over):
    body = {"activity_id": activity_id, "student_id": student_id,
            "completion_status": "completed", "engagement_level": "high",
            "difficulty_rating": "appropriate"}
    body.update(over)
    r = user.post("/api/v1/assessments/", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def random_id():
    return str(uuid.uuid4())


def error_at(resp, loc):
    """The 422 error object at `loc` (a list), or None."""
    for e in resp.json()["detail"]:
        if e["loc"] == loc:
            return e
    return None


def catalog_loaded(api):
    """Whether the server has a BNCC catalog loaded (the bncc routes may not be built yet)."""
    r = api.get("/api/v1/bncc/validate/EF03MA01")
    return r.status_code == 200 and r.json().get("catalog_loaded") is True
