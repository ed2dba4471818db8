"""Students (API.md §4.4; checklist §8.3 and the student items of §8.1)."""
import requests

from teaching_helpers import (TS_RE, error_at, make_activity, make_student, random_id,
                              student_body, years_ago)

BASE = "/api/v1/students"


def test_st01_create(teacher):
    r = teacher.post(BASE + "/", json={
        "name": "Maria Silva", "date_of_birth": years_ago(11, days=10),
        "diagnosis": "Transtorno do Espectro Autista - Nível 2", "tea_level": "level_2",
        "interests": ["música", "arte"], "learning_profile": {"visual": 8}})
    assert r.status_code == 201, r.text
    s = r.json()
    assert list(s) == ["id", "created_at", "updated_at", "name", "date_of_birth", "age",
                       "diagnosis", "tea_level", "interests", "learning_profile", "is_active",
                       "teacher_id"]
    assert s["name"] == "Maria Silva" and s["tea_level"] == "level_2" and s["age"] == 11
    assert s["teacher_id"] == teacher.user["id"] and s["is_active"] is True
    assert s["interests"] == ["música", "arte"] and s["learning_profile"] == {"visual": 8}
    assert TS_RE.match(s["created_at"]) and TS_RE.match(s["updated_at"])
    assert r.headers["Cache-Control"] == "no-store"


def test_st02_without_credentials(api):
    r = api.post(BASE + "/", json=student_body())
    assert r.status_code == 401
    assert r.json() == {"detail": "Not authenticated"}
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_st03_too_young(teacher):
    for dob in (years_ago(1), years_ago(0, days=-1)):
        r = teacher.post(BASE + "/", json=student_body(date_of_birth=dob))
        assert r.status_code == 422
        e = error_at(r, ["body", "date_of_birth"])
        assert e["type"] == "value_error"
        assert e["msg"] == "Value error, Idade deve ser pelo menos 2 anos"


def test_st04_age_bounds(teacher):
    assert make_student(teacher, date_of_birth=years_ago(2))["age"] == 2
    assert make_student(teacher, date_of_birth=years_ago(21))["age"] == 21
    r = teacher.post(BASE + "/", json=student_body(date_of_birth=years_ago(25)))
    assert r.status_code == 422
    assert error_at(r, ["body", "date_of_birth"])["msg"] == "Value error, Idade deve ser no máximo 21 anos"


def test_st05_field_rules(teacher):
    cases = [({"name": "A"}, ["body", "name"], "string_too_short"),
             ({"diagnosis": "TE"}, ["body", "diagnosis"], "string_too_short"),
             ({"interests": [f"i{n}" for n in range(21)]}, ["body", "interests"], "too_long"),
             ({"tea_level": "level_4"}, ["body", "tea_level"], "enum"),
             ({"date_of_birth": "15/03/2015"}, ["body", "date_of_birth"], "date_from_datetime_parsing"),
             ({"name": "x" * 256}, ["body", "name"], "string_too_long"),
             ({"diagnosis": "d" * 501}, ["body", "diagnosis"], "string_too_long"),
             ({"interests": ["ok", 3]}, ["body", "interests", 1], "string_type"),
             ({"learning_profile": [1]}, ["body", "learning_profile"], "dict_type"),
             ({"name": 12}, ["body", "name"], "string_type")]
    for over, loc, typ in cases:
        r = teacher.post(BASE + "/", json=student_body(**over))
        assert r.status_code == 422, (over, r.text)
        e = error_at(r, loc)
        assert e is not None and e["type"] == typ, (over, r.text)
    r = teacher.post(BASE + "/", json=student_body(tea_level="level_4"))
    assert error_at(r, ["body", "tea_level"])["msg"] == "Input should be 'level_1', 'level_2' or 'level_3'"
    # Boundaries are accepted, never truncated.
    s = make_student(teacher, name="x" * 255, diagnosis="d" * 500, interests=[f"i{n}" for n in range(20)])
    assert len(s["name"]) == 255 and len(s["diagnosis"]) == 500 and len(s["interests"]) == 20


def test_st06_ignored_age(teacher):
    s = make_student(teacher)
    assert s["age"] == 10


def test_st07_lists_are_scoped_and_ordered(api, teacher, other_teacher):
    s1 = make_student(teacher, name="Bruno")
    make_student(teacher, name="ana")
    make_student(teacher, name="Álvaro")
    make_student(teacher, name="carla")
    s2 = make_student(other_teacher, name="Outro Aluno")
    mine = teacher.get(BASE + "/").json()
    ids = [s["id"] for s in mine]
    assert s1["id"] in ids and s2["id"] not in ids
    names = [s["name"] for s in mine]
    assert names == sorted(names, key=lambda n: n.lower())
    assert names == ["ana", "Bruno", "carla", "Álvaro"]
    theirs = [s["id"] for s in other_teacher.get(BASE).json()]
    assert s2["id"] in theirs and s1["id"] not in theirs
    admin = api.new_admin()
    everyone = [s["id"] for s in admin.get(BASE + "/?limit=1000").json()]
    assert s1["id"] in everyone and s2["id"] in everyone


def test_st08_pagination_and_filter(teacher):
    a = make_student(teacher, name="Aluno A")
    b = make_student(teacher, name="Aluno B")
    for q in ("skip=-1", "limit=0", "limit=1001", "limit=abc"):
        r = teacher.get(BASE + "/?" + q)
        assert r.status_code == 422, q
    r = teacher.get(BASE + "/?limit=1001")
    e = error_at(r, ["query", "limit"])
    assert e["type"] == "less_than_equal" and e["ctx"] == {"le": 1000} and e["input"] == "1001"
    assert len(teacher.get(BASE + "/?limit=1").json()) == 1
    assert [s["id"] for s in teacher.get(BASE + "/?skip=1&limit=1").json()] == [b["id"]]
    assert teacher.put(f"{BASE}/{a['id']}", json={"is_active": False}).status_code == 200
    inactive = teacher.get(BASE + "/?is_active=false").json()
    assert [s["id"] for s in inactive] == [a["id"]]
    assert [s["id"] for s in teacher.get(BASE + "/?is_active=true").json()] == [b["id"]]
    assert teacher.get(BASE + "/?foo=bar").status_code == 200
    assert teacher.get(BASE + "/?is_active=maybe").status_code == 422


def test_st09_get(api, teacher, other_teacher):
    s = make_student(teacher)
    assert teacher.get(f"{BASE}/{s['id']}").json() == s
    r = other_teacher.get(f"{BASE}/{s['id']}")
    assert r.status_code == 403
    assert r.json() == {"detail": "Você não tem permissão para acessar este aluno"}
    assert api.new_admin().get(f"{BASE}/{s['id']}").status_code == 200
    r = teacher.get(f"{BASE}/{random_id()}")
    assert r.status_code == 404 and r.json() == {"detail": "Student not found"}


def test_st10_update(teacher, other_teacher):
    s = make_student(teacher)
    r = teacher.put(f"{BASE}/{s['id']}", json={"name": "João P. Silva", "interests": ["trens"]})
    assert r.status_code == 200, r.text
    u = r.json()
    assert u["name"] == "João P. Silva" and u["interests"] == ["trens"]
    assert u["diagnosis"] == s["diagnosis"] and u["updated_at"] > s["updated_at"]
    assert u["created_at"] == s["created_at"] and u["teacher_id"] == s["teacher_id"]
    r = teacher.put(f"{BASE}/{s['id']}", json={"tea_level": None})
    assert r.status_code == 200 and r.json()["tea_level"] is None
    r = teacher.put(f"{BASE}/{s['id']}", json={"learning_profile": {"auditivo": 3}})
    assert r.json()["learning_profile"] == {"auditivo": 3}
    r = teacher.put(f"{BASE}/{s['id']}", json={"learning_profile": None})
    assert r.json()["learning_profile"] is None
    r = teacher.put(f"{BASE}/{s['id']}", json={"date_of_birth": years_ago(1)})
    assert r.status_code == 422
    r = teacher.put(f"{BASE}/{s['id']}", json={"name": None})
    assert r.status_code == 422
    assert error_at(r, ["body", "name"])["type"] == "string_type"
    r = teacher.put(f"{BASE}/{s['id']}", json={"teacher_id": other_teacher.user["id"]})
    assert r.status_code == 200 and r.json()["teacher_id"] == teacher.user["id"]
    r = teacher.put(f"{BASE}/{s['id']}", json={})  # no change, updated_at refreshed
    assert r.status_code == 200 and r.json()["updated_at"] > u["updated_at"]
    r = other_teacher.put(f"{BASE}/{s['id']}", json={"name": "Invasor"})
    assert r.status_code == 403
    assert teacher.get(f"{BASE}/{s['id']}").json()["name"] == "João P. Silva"
    assert teacher.put(f"{BASE}/{random_id()}", json={"name": "Zé Ninguém"}).status_code == 404


def test_st11_student_subresources(teacher, other_teacher):
    s = make_student(teacher)
    a1 = make_activity(teacher, s["id"])
    r = teacher.get(f"{BASE}/{s['id']}/activities")
    assert r.status_code == 200 and a1["id"] in [a["id"] for a in r.json()]
    r = teacher.get(f"{BASE}/{s['id']}/assessments")
    assert r.status_code == 200 and r.json() == []
    for sub in ("activities", "assessments"):
        r = other_teacher.get(f"{BASE}/{s['id']}/{sub}")
        assert r.status_code == 403
        assert r.json() == {"detail": "Você não tem permissão para acessar este aluno"}
        assert teacher.get(f"{BASE}/{random_id()}/{sub}").status_code == 404
        assert teacher.get(f"{BASE}/{s['id']}/{sub}?limit=1001").status_code == 422


def test_st12_delete_cascades(teacher, other_teacher):
    s = make_student(teacher)
    a1 = make_activity(teacher, s["id"])
    r = other_teacher.delete(f"{BASE}/{s['id']}")
    assert r.status_code == 403
    r = teacher.delete(f"{BASE}/{s['id']}")
    assert r.status_code == 204 and r.content == b""
    assert "Content-Type" not in r.headers
    assert teacher.get(f"{BASE}/{s['id']}").status_code == 404
    assert teacher.get(f"/api/v1/activities/{a1['id']}").status_code == 404
    assert teacher.delete(f"{BASE}/{s['id']}").status_code == 404


def test_unicode_round_trip(teacher):
    name = "Conceição Araújo 🦕✨ — ñ ü ß 漢字"
    s = make_student(teacher, name=name, diagnosis="Diagnóstico com ç, ã e emoji 🧩",
                     interests=["música 🎵", "coração ❤️", "ação"],
                     learning_profile={"preferência": "visual 👀", "nível": 3, "lista": [1, "ã"]})
    got = teacher.get(f"{BASE}/{s['id']}").json()
    assert got["name"] == name
    assert got["diagnosis"] == "Diagnóstico com ç, ã e emoji 🧩"
    assert got["interests"] == ["música 🎵", "coração ❤️", "ação"]
    assert got["learning_profile"] == {"preferência": "visual 👀", "nível": 3, "lista": [1, "ã"]}
    # Length limits count code points: 255 emoji are a valid name.
    s2 = make_student(teacher, name="🦕" * 255)
    assert teacher.get(f"{BASE}/{s2['id']}").json()["name"] == "🦕" * 255
    r = teacher.post(BASE + "/", json=student_body(name="🦕" * 256))
    assert r.status_code == 422


def test_cross_cutting_student_requests(api, teacher):
    # X-07 malformed JSON, X-08 wrong content type, X-09/X-10 missing fields, X-11 auth first.
    r = teacher.post(BASE + "/", data='{"name": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    errs = r.json()["detail"]
    assert len(errs) == 1 and errs[0]["type"] == "json_invalid" and errs[0]["loc"][0] == "body"
    r = teacher.post(BASE + "/", data='{"name": "x"}', headers={"Content-Type": "text/plain"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "model_attributes_type"
    assert r.json()["detail"][0]["loc"] == ["body"]
    body = student_body()
    del body["name"]
    r = teacher.post(BASE + "/", json=body)
    e = error_at(r, ["body", "name"])
    assert e["type"] == "missing" and e["msg"] == "Field required"
    r = teacher.post(BASE + "/", json={})
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "name"], ["body", "date_of_birth"],
                                                      ["body", "diagnosis"]]
    r = requests.post(api.server.url(BASE + "/"), data='{"name": ',
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 401
    # path UUID parsing and canonical forms.
    r = teacher.get(BASE + "/abc")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["path", "student_id"]
    assert r.json()["detail"][0]["type"] == "uuid_parsing"
    s = make_student(teacher)
    assert teacher.get(f"{BASE}/{s['id'].upper()}").json()["id"] == s["id"]
    assert teacher.get(f"{BASE}/{s['id'].replace('-', '')}").json()["id"] == s["id"]
    # Trailing slash insensitive, no redirect.
    r = teacher.get(BASE, allow_redirects=False)
    assert r.status_code == 200
    r = teacher.get(f"{BASE}/{s['id']}/", allow_redirects=False)
    assert r.status_code == 200


def test_postman_create_without_date_of_birth(teacher):
    # §6 row 12: date_of_birth stays required.
    body = student_body()
    del body["date_of_birth"]
    r = teacher.post(BASE + "/", json=body)
    assert r.status_code == 422
    assert error_at(r, ["body", "date_of_birth"])["type"] == "missing"


def test_control_characters_never_truncate_or_fail(teacher):
    """A NUL or other control character is stored exactly or refused with 422 — never cut, never 500."""
    r = teacher.post(BASE + "/", json=student_body(name="Ana\u0000Maria", interests=["a\u0000"]))
    assert r.status_code == 422
    assert error_at(r, ["body", "name"])["msg"] == "Value error, Texto não pode conter o caractere nulo (U+0000)"
    assert error_at(r, ["body", "interests", 0])["type"] == "value_error"
    for name in ("Ana\tMaria\n", "Ana\u001fMaria", "Ana\u007fMaria"):
        r = teacher.post(BASE + "/", json=student_body(name=name, interests=[name]))
        assert r.status_code == 201, (name, r.text)
        got = teacher.get(f"{BASE}/{r.json()['id']}").json()
        assert got["name"] == name and got["interests"] == [name]
