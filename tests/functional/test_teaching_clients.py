"""The teaching calls of the legacy web client (React, Origin http://localhost:5173) and of the
Postman collection (API.md §6 row 12): CORS preflights, JSON bodies, trailing slashes, and
every enum of the teaching area refused with 422 wherever it is accepted."""
import requests

from teaching_helpers import activity_body, error_at, make_student, student_body

ORIGIN = "http://localhost:5173"


def test_web_client_flow(api, teacher):
    s = make_student(teacher)
    for method, path in (("POST", "/api/v1/students/"), ("PUT", f"/api/v1/students/{s['id']}"),
                         ("POST", "/api/v1/activities/generate"),
                         ("POST", "/api/v1/activities/generate-multidisciplinary"),
                         ("GET", "/api/v1/activities/search"), ("POST", "/api/v1/assessments/"),
                         ("GET", f"/api/v1/assessments/progress/{s['id']}")):
        r = requests.options(api.server.url(path), headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization,content-type"}, timeout=10)
        assert r.status_code == 200, (method, path)
        assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert r.headers["Access-Control-Allow-Headers"] == "authorization,content-type"
    h = {"Origin": ORIGIN}
    r = teacher.post("/api/v1/activities/generate-multidisciplinary", headers=h, json={
        "student_id": s["id"], "activity_type": "academic", "difficulty": "medium",
        "duration_minutes": 45, "subject": "ciencias", "grade_level": "fundamental_1_4ano",
        "pedagogical_type": "experimento", "bncc_competencies": ["EF04CI01"]})
    assert r.status_code == 201, r.text
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    a = r.json()
    for path in ("/api/v1/students", "/api/v1/students/", f"/api/v1/students/{s['id']}",
                 "/api/v1/activities", f"/api/v1/students/{s['id']}/activities",
                 f"/api/v1/activities/search?subject=ciencias&grade_level=fundamental_1_4ano",
                 "/api/v1/activities/search/bncc/EF04CI01", "/api/v1/activities/meta/subjects",
                 "/api/v1/activities/meta/grade-levels", "/api/v1/activities/meta/pedagogical-types"):
        r = teacher.get(path, headers=h, allow_redirects=False)
        assert r.status_code == 200, path
        assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    r = teacher.post("/api/v1/assessments/", headers=h, json={
        "activity_id": a["id"], "student_id": s["id"], "completion_status": "completed",
        "engagement_level": "very_high", "difficulty_rating": "appropriate"})
    assert r.status_code == 201
    progress = teacher.get(f"/api/v1/assessments/progress/{s['id']}", headers=h).json()
    assert progress["total_assessments"] == 1 and progress["engagement_trend"] == "insufficient_data"


def test_every_teaching_enum_is_validated(teacher):
    s = make_student(teacher)
    bad = "não_existe"
    checks = [
        ("POST", "/api/v1/students/", student_body(tea_level=bad), "tea_level"),
        ("PUT", f"/api/v1/students/{s['id']}", {"tea_level": bad}, "tea_level"),
    ]
    for field in ("activity_type", "difficulty", "subject", "grade_level", "pedagogical_type"):
        checks.append(("POST", "/api/v1/activities/", activity_body(s["id"], **{field: bad}), field))
        checks.append(("POST", "/api/v1/activities/generate",
                       {"student_id": s["id"], "activity_type": "social", "difficulty": "easy",
                        "duration_minutes": 20, field: bad}, field))
    a = teacher.post("/api/v1/activities/", json=activity_body(s["id"])).json()
    for field in ("activity_type", "difficulty", "subject", "grade_level", "pedagogical_type"):
        checks.append(("PUT", f"/api/v1/activities/{a['id']}", {field: bad}, field))
    for field in ("completion_status", "engagement_level", "difficulty_rating"):
        body = {"activity_id": a["id"], "student_id": s["id"], "completion_status": "completed",
                "engagement_level": "high", "difficulty_rating": "appropriate", field: bad}
        checks.append(("POST", "/api/v1/assessments/", body, field))
    for method, path, body, field in checks:
        r = teacher.request(method, path, json=body)
        assert r.status_code == 422, (method, path, field, r.text)
        e = error_at(r, ["body", field])
        assert e["type"] == "enum" and e["input"] == bad and e["msg"].startswith("Input should be '")
    # Values are case-sensitive.
    r = teacher.post("/api/v1/students/", json=student_body(tea_level="LEVEL_1"))
    assert r.status_code == 422
    for q in ("activity_type", "difficulty"):
        assert teacher.get(f"/api/v1/activities/?{q}={bad}").status_code == 422
