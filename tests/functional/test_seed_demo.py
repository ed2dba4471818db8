"""`eduautismo seed-demo` (scripts/run.sh): demo data on an empty database, idempotent."""
import subprocess

from conftest import BINARY, Api

DEMO_EMAIL = "professora.demo@eduautismo.com.br"
DEMO_PASSWORD = "EduAutismo@Demo2025"


def test_help_lists_seed_demo():
    r = subprocess.run([BINARY, "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "seed-demo" in r.stdout + r.stderr


def test_seed_demo_on_empty_database_is_idempotent(make_server):
    srv = make_server()
    first = srv.cli("seed-demo").stdout
    assert DEMO_EMAIL in first and DEMO_PASSWORD in first
    second = srv.cli("seed-demo").stdout
    assert "already present" in second and DEMO_PASSWORD not in second
    api = Api(srv)
    tokens = api.login(DEMO_EMAIL, DEMO_PASSWORD)
    demo = api.with_token(tokens["access_token"])
    assert tokens["user"]["role"] == "teacher"
    students = demo.get("/api/v1/students/").json()
    assert [s["name"] for s in students] == ["Ana Beatriz Souza", "Lucas Oliveira", "Maria Clara Santos"]
    activities = demo.get("/api/v1/activities/").json()
    assert len(activities) == 6 and all(a["generated_by_ai"] for a in activities)
    assert {a["subject"] for a in activities} == {"matematica", "geografia", "portugues", None}
    progress = demo.get(f"/api/v1/assessments/progress/{students[0]['id']}").json()
    assert progress["status"] == "ok" and progress["total_assessments"] == 4
    assert progress["engagement_trend"] == "improving"


def test_seed_demo_leaves_a_used_database_alone(make_server):
    srv = make_server()
    Api(srv).new_user()
    out = srv.cli("seed-demo").stdout
    assert "not added" in out
    r = Api(srv).post("/api/v1/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert r.status_code == 401
