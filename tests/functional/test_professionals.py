"""Professionals (API.md §4.7, checklist §8.6)."""
import re
import uuid

import pytest

from care_helpers import make_professional, unique_email, user_or_skip

BASE = "/api/v1/professionals"
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
EDUCATION = {"teacher", "special_educator", "school_coordinator", "school_manager", "psychopedagogist"}
HEALTH = {"psychologist", "psychiatrist", "neuropediatrician", "occupational_therapist",
          "speech_therapist", "physiotherapist"}


@pytest.fixture(scope="module")
def user(api):
    return user_or_skip(api)


def test_pr01_create_echoes_and_derives(user):
    email = unique_email()
    body = {"name": "Dr. Ana Silva", "email": email, "role": "psychologist",
            "specialization": "Psicologia Infantil", "license_number": "CRP-01/12345",
            "organization": "Clínica Vida", "phone": "(11) 98888-7777"}
    r = user.post(BASE + "/", json=body)
    assert r.status_code == 201, r.text
    p = r.json()
    assert list(p.keys()) == ["id", "name", "email", "role", "role_display", "specialization",
                              "license_number", "organization", "phone", "is_active",
                              "is_education_professional", "is_health_professional",
                              "created_at", "updated_at"]
    assert p["name"] == "Dr. Ana Silva" and p["email"] == email and p["role"] == "psychologist"
    assert p["role_display"] == "Psicóloga(o)"
    assert p["is_health_professional"] is True and p["is_education_professional"] is False
    assert p["is_active"] is True
    assert uuid.UUID(p["id"]).version == 7
    assert TS.match(p["created_at"]) and TS.match(p["updated_at"])
    assert r.headers["Cache-Control"] == "no-store"


def test_pr02_duplicate_email_any_case(user):
    email = unique_email()
    make_professional(user, email=email)
    for variant in (email, email.upper()):
        r = user.post(BASE + "/", json={"name": "Outra Pessoa", "email": variant,
                                        "role": "teacher", "organization": "Escola"})
        assert r.status_code == 400
        assert r.json() == {"detail": f"Email {email} já está cadastrado"}


def test_email_stored_lower_case_and_validated(user):
    email = unique_email().upper()
    p = make_professional(user, email=email)
    assert p["email"] == email.lower()
    r = user.post(BASE + "/", json={"name": "Fulano", "email": "not-an-email", "role": "teacher",
                                    "organization": "Escola"})
    assert r.status_code == 422
    err = r.json()["detail"][0]
    assert err["loc"] == ["body", "email"] and err["type"] == "value_error"
    assert err["msg"].startswith("value is not a valid email address: ")


def test_pr03_without_credentials(api):
    r = api.post(BASE + "/", json={"name": "Dr. Ana", "email": unique_email(),
                                   "role": "psychologist", "organization": "Clínica"})
    assert r.status_code == 401
    assert r.json() == {"detail": "Not authenticated"}
    assert api.get(BASE + "/").status_code == 401
    assert api.get(BASE + "/statistics/overview").status_code == 401


def test_pr04_get_and_missing(user):
    p = make_professional(user)
    r = user.get(f"{BASE}/{p['id']}")
    assert r.status_code == 200 and r.json()["id"] == p["id"] and r.json()["name"] == p["name"]
    assert user.get(f"{BASE}/{p['id'].upper()}").json()["id"] == p["id"]
    assert user.get(f"{BASE}/{p['id'].replace('-', '')}").json()["id"] == p["id"]
    rid = str(uuid.uuid4())
    r = user.get(f"{BASE}/{rid}")
    assert r.status_code == 404
    assert r.json() == {"detail": f"Profissional {rid} não encontrado"}
    r = user.get(f"{BASE}/abc")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "professional_id"]


def test_pr05_partial_update(user):
    p = make_professional(user, phone="(11) 1111-1111", specialization="ABA")
    r = user.put(f"{BASE}/{p['id']}", json={"name": "Dr. Ana Maria Silva", "phone": "(11) 99999-9999"})
    assert r.status_code == 200, r.text
    q = r.json()
    assert q["name"] == "Dr. Ana Maria Silva" and q["phone"] == "(11) 99999-9999"
    assert q["email"] == p["email"] and q["specialization"] == "ABA"
    assert q["updated_at"] > p["updated_at"] and q["created_at"] == p["created_at"]
    # null clears a nullable field; null on a required one is a type error
    r = user.put(f"{BASE}/{p['id']}", json={"specialization": None})
    assert r.status_code == 200 and r.json()["specialization"] is None
    r = user.put(f"{BASE}/{p['id']}", json={"name": None})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "string_type"
    # own e-mail is fine, another professional's is not
    assert user.put(f"{BASE}/{p['id']}", json={"email": p["email"].upper()}).status_code == 200
    other = make_professional(user)
    r = user.put(f"{BASE}/{p['id']}", json={"email": other["email"]})
    assert r.status_code == 400
    assert r.json() == {"detail": f"Email {other['email']} já está cadastrado"}
    # role change updates the derived flags
    r = user.put(f"{BASE}/{p['id']}", json={"role": "teacher"})
    assert r.json()["role_display"] == "Professor(a)"
    assert r.json()["is_education_professional"] is True and r.json()["is_health_professional"] is False
    rid = str(uuid.uuid4())
    r = user.put(f"{BASE}/{rid}", json={"name": "Ninguém Aqui"})
    assert r.status_code == 404 and r.json() == {"detail": f"Profissional {rid} não encontrado"}
    r = user.put(f"{BASE}/{p['id']}", json={"name": "Dr", "phone": "1" * 21, "role": "x"})
    assert r.status_code == 422
    assert [e["loc"][1] for e in r.json()["detail"]] == ["name", "role", "phone"]


def test_pr06_soft_delete(user):
    name = f"Inativo {uuid.uuid4().hex[:8]}"
    p = make_professional(user, name=name)
    r = user.delete(f"{BASE}/{p['id']}")
    assert r.status_code == 204 and r.content == b""
    assert user.delete(f"{BASE}/{p['id']}").status_code == 204  # idempotent
    r = user.get(f"{BASE}/{p['id']}")
    assert r.status_code == 200 and r.json()["is_active"] is False
    listed = user.get(BASE + "/", params={"search": name}).json()
    assert listed["total"] == 0 and listed["professionals"] == []
    listed = user.get(BASE + "/", params={"search": name, "is_active": "false"}).json()
    assert [x["id"] for x in listed["professionals"]] == [p["id"]]
    r = user.put(f"{BASE}/{p['id']}", json={"is_active": True})
    assert r.status_code == 200 and r.json()["is_active"] is True
    rid = str(uuid.uuid4())
    assert user.delete(f"{BASE}/{rid}").status_code == 404


def test_pr07_pr09_page_envelope(user):
    tag = uuid.uuid4().hex[:8]
    ids = [make_professional(user, name=f"Paginado {tag} {i}")["id"] for i in range(5)]
    r = user.get(BASE + "/", params={"search": f"Paginado {tag}", "skip": 0, "limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert list(body.keys()) == ["professionals", "total", "page", "page_size", "total_pages"]
    assert body["total"] == 5 and body["page"] == 1 and body["page_size"] == 2
    assert body["total_pages"] == 3 and len(body["professionals"]) == 2
    body2 = user.get(BASE + "/", params={"search": f"Paginado {tag}", "skip": 2, "limit": 2}).json()
    assert body2["page"] == 2 and len(body2["professionals"]) == 2
    body3 = user.get(BASE + "/", params={"search": f"paginado {tag}", "skip": 4, "limit": 2}).json()
    assert body3["page"] == 3 and len(body3["professionals"]) == 1
    seen = [x["id"] for x in body["professionals"] + body2["professionals"] + body3["professionals"]]
    assert seen == ids  # names sort in creation order here
    for q in ({"limit": 0}, {"limit": 1001}, {"skip": -1}, {"limit": "x"}):
        assert user.get(BASE + "/", params=q).status_code == 422
    empty = user.get(BASE + "/", params={"search": uuid.uuid4().hex}).json()
    assert empty["total"] == 0 and empty["total_pages"] == 0 and empty["page"] == 1


def test_order_is_case_insensitive_by_name(user):
    tag = uuid.uuid4().hex[:8]
    make_professional(user, name=f"zeta {tag}")
    make_professional(user, name=f"Alfa {tag}")
    make_professional(user, name=f"beta {tag}")
    names = [x["name"] for x in user.get(BASE + "/", params={"search": tag}).json()["professionals"]]
    assert names == [f"Alfa {tag}", f"beta {tag}", f"zeta {tag}"]


def test_pr08_filters(user):
    tag = uuid.uuid4().hex[:8]
    make_professional(user, role="teacher", name=f"Prof. {tag}", organization=f"Escola {tag} Azul")
    make_professional(user, role="psychologist", name=f"Dr. {tag}")
    r = user.get(BASE + "/", params={"role": "teacher"})
    assert r.status_code == 200 and all(x["role"] == "teacher" for x in r.json()["professionals"])
    r = user.get(BASE + "/", params={"role": "wizard"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "enum"
    r = user.get(BASE + "/", params={"search": "Dr."}).json()
    assert r["total"] >= 1 and any("dr." in x["name"].lower() for x in r["professionals"])
    r = user.get(BASE + "/", params={"organization": f"ESCOLA {tag.upper()}"}).json()
    assert r["total"] == 1 and r["professionals"][0]["role"] == "teacher"
    # search matches the e-mail too
    p = make_professional(user, name="Sem Marcador")
    r = user.get(BASE + "/", params={"search": p["email"].split("@")[0].upper()}).json()
    assert [x["id"] for x in r["professionals"]] == [p["id"]]
    # LIKE wildcards are literal
    assert user.get(BASE + "/", params={"search": "%"}).json()["total"] == 0


def test_pr10_area_filters(user):
    for role in ("special_educator", "speech_therapist", "social_worker"):
        make_professional(user, role=role)
    edu = user.get(BASE + "/", params={"is_education": "true", "limit": 1000}).json()["professionals"]
    assert edu and all(x["role"] in EDUCATION for x in edu)
    health = user.get(BASE + "/", params={"is_health": "true", "limit": 1000}).json()["professionals"]
    assert health and all(x["role"] in HEALTH for x in health)
    neither = user.get(BASE + "/", params={"is_health": "false", "is_education": "false",
                                           "limit": 1000}).json()["professionals"]
    assert neither and all(x["role"] in {"social_worker", "nutritionist"} for x in neither)
    assert user.get(BASE + "/", params={"is_health": "maybe"}).status_code == 422


def test_pr11_statistics(make_server):
    srv = make_server()
    from conftest import Api
    u = user_or_skip(Api(srv))
    a = make_professional(u, role="psychologist", organization="Clínica A")
    make_professional(u, role="psychologist", organization="Clínica B")
    make_professional(u, role="teacher", organization="Clínica A")
    make_professional(u, role="nutritionist", organization="clínica a")
    assert u.delete(f"{BASE}/{a['id']}").status_code == 204
    r = u.get(BASE + "/statistics/overview")
    assert r.status_code == 200
    assert r.json() == {"total_professionals": 4, "total_active": 3, "total_inactive": 1,
                        "by_role": {"teacher": 1, "psychologist": 2, "nutritionist": 1},
                        "education_professionals": 1, "health_professionals": 2,
                        "organizations_count": 3}
    assert list(r.json()["by_role"].keys()) == ["teacher", "psychologist", "nutritionist"]


def test_pr12_validation(user):
    ok = {"name": "Dr. Ana", "email": unique_email(), "role": "psychologist", "organization": "Clínica"}
    cases = [({"name": "Dr"}, "name", "string_too_short"),
             ({"organization": None}, "organization", "string_type"),
             ({"phone": "1" * 21}, "phone", "string_too_long"),
             ({"role": "x"}, "role", "enum"),
             ({"name": "x" * 256}, "name", "string_too_long"),
             ({"license_number": "x" * 101}, "license_number", "string_too_long"),
             ({"specialization": 5}, "specialization", "string_type")]
    for change, field, kind in cases:
        body = dict(ok, **change)
        r = user.post(BASE + "/", json=body)
        assert r.status_code == 422, (change, r.text)
        assert {"loc": ["body", field], "type": kind} in [
            {"loc": e["loc"], "type": e["type"]} for e in r.json()["detail"]], r.text
    body = dict(ok)
    del body["organization"]
    r = user.post(BASE + "/", json=body)
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "missing"
    r = user.post(BASE + "/", json={})
    assert [e["loc"][1] for e in r.json()["detail"]] == ["name", "email", "role", "organization"]
    r = user.post(BASE + "/", data="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"
    r = user.post(BASE + "/", json=[1])
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "model_attributes_type"
