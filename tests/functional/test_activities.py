"""Activities (API.md §4.5, §5.6; checklist §8.4)."""
import pytest

from teaching_helpers import (TS_RE, activity_body, catalog_loaded, error_at, make_activity,
                              make_student, random_id)

BASE = "/api/v1/activities"
GEN = BASE + "/generate"
MULTI = BASE + "/generate-multidisciplinary"

FULL_KEYS = ["id", "created_at", "updated_at", "title", "description", "activity_type",
             "difficulty", "duration_minutes", "objectives", "materials", "instructions",
             "adaptations", "visual_supports", "success_criteria", "theme", "tags",
             "generated_by_ai", "generation_metadata", "is_published", "is_template",
             "student_id", "created_by_id", "subject", "grade_level", "pedagogical_type",
             "bncc_competencies"]
LIST_KEYS = ["id", "created_at", "updated_at", "title", "activity_type", "difficulty",
             "duration_minutes", "theme", "generated_by_ai", "student_id", "subject",
             "grade_level", "pedagogical_type", "bncc_competencies"]


@pytest.fixture
def s1(teacher):
    return make_student(teacher)


def gen_body(student_id, **over):
    body = {"student_id": student_id, "activity_type": "cognitive", "difficulty": "easy",
            "duration_minutes": 30, "theme": "números e cores"}
    body.update(over)
    return body


def test_ac01_generate(teacher, s1):
    r = teacher.post(GEN, json=gen_body(s1["id"]))
    assert r.status_code == 201, r.text
    a = r.json()
    assert list(a) == FULL_KEYS
    assert (a["student_id"], a["activity_type"], a["difficulty"], a["duration_minutes"], a["theme"]) == \
        (s1["id"], "cognitive", "easy", 30, "números e cores")
    assert a["generated_by_ai"] is True and a["is_published"] is True and a["is_template"] is False
    assert a["title"] == "Atividade Cognitiva - números e cores"
    assert a["description"] == ("Atividade cognitiva personalizada para João Silva, com nível de "
                                "dificuldade fácil. Esta atividade foi criada considerando o perfil "
                                "de aprendizagem do aluno: TEA Nível 1.")
    assert [len(a[k]) for k in ("objectives", "materials", "instructions", "adaptations",
                                "visual_supports", "success_criteria")] == [3, 3, 6, 4, 3, 4]
    assert a["tags"] == ["cognitive", "easy"]
    assert a["created_by_id"] == teacher.user["id"]
    md = a["generation_metadata"]
    assert md["model"] == "template-based" and md["note"] == "Generated using built-in template"
    assert md["student_profile"] == {"name": "João Silva", "age": 10, "diagnosis": "TEA Nível 1",
                                     "tea_level": "level_1", "interests": ["dinossauros", "lego"]}
    assert md["generation_params"] == {"activity_type": "cognitive", "difficulty": "easy",
                                       "duration_minutes": 30, "theme": "números e cores"}
    assert a["instructions"][0] == "1. Prepare o ambiente garantindo que esteja calmo e organizado"
    assert TS_RE.match(a["created_at"])


def test_ac02_generate_errors(api, teacher, other_teacher, s1):
    r = api.post(GEN, json=gen_body(s1["id"]))
    assert r.status_code == 401
    r = teacher.post(GEN, json=gen_body(random_id()))
    assert r.status_code == 404 and r.json() == {"detail": "Aluno não encontrado"}
    s2 = make_student(other_teacher)
    r = teacher.post(GEN, json=gen_body(s2["id"]))
    assert r.status_code == 403
    assert r.json() == {"detail": "Você não tem permissão para criar atividades para este aluno"}


def test_ac03_generate_validation(teacher, s1):
    r = teacher.post(GEN, json=gen_body(s1["id"], duration_minutes=200))
    e = error_at(r, ["body", "duration_minutes"])
    assert r.status_code == 422 and e["type"] == "less_than_equal"
    assert teacher.post(GEN, json=gen_body(s1["id"], duration_minutes=4)).status_code == 422
    r = teacher.post(GEN, json=gen_body(s1["id"], activity_type="magic"))
    assert error_at(r, ["body", "activity_type"])["type"] == "enum"
    r = teacher.post(GEN, json={})
    assert [e["loc"][1] for e in r.json()["detail"]] == ["student_id", "activity_type",
                                                        "difficulty", "duration_minutes"]
    for field, bad in (("difficulty", "impossible"), ("subject", "quimica_x"),
                       ("grade_level", "x"), ("pedagogical_type", "palestra")):
        r = teacher.post(GEN, json=gen_body(s1["id"], **{field: bad}))
        assert r.status_code == 422 and error_at(r, ["body", field])["type"] == "enum", field
    r = teacher.post(GEN, json=gen_body(s1["id"], theme="t" * 256))
    assert error_at(r, ["body", "theme"])["type"] == "string_too_long"
    # duration as "30" or 30.0 is coerced (lax rules)
    assert teacher.post(GEN, json=gen_body(s1["id"], duration_minutes="30")).status_code == 201
    assert teacher.post(GEN, json=gen_body(s1["id"], duration_minutes=30.0)).status_code == 201
    r = teacher.post(GEN, json=gen_body(s1["id"], duration_minutes=30.5))
    assert error_at(r, ["body", "duration_minutes"])["type"] == "int_from_float"


def test_ac04_every_skill_domain(teacher, s1):
    titles = {"cognitive": "Atividade Cognitiva", "social": "Atividade Social",
              "motor": "Atividade Motora", "academic": "Atividade Acadêmica",
              "daily_living": "Atividade Vida Diária", "sensory": "Atividade Sensorial",
              "communication": "Atividade Comunicação"}
    for t, title in titles.items():
        r = teacher.post(GEN, json=gen_body(s1["id"], activity_type=t, theme=None))
        assert r.status_code == 201
        assert r.json()["activity_type"] == t and r.json()["generated_by_ai"] is True
        assert r.json()["title"] == title and r.json()["theme"] is None


def test_ac05_generate_stores_curriculum_fields(teacher, s1):
    r = teacher.post(GEN, json=gen_body(s1["id"], subject="matematica", bncc_competencies=["EF03MA01"]))
    assert r.status_code == 201
    a = r.json()
    assert a["subject"] == "matematica" and a["bncc_competencies"] == ["EF03MA01"]
    assert a["grade_level"] is None and a["pedagogical_type"] is None
    assert teacher.get(f"{BASE}/{a['id']}").json() == a


def test_ac06_manual_create_and_defaults(teacher, s1):
    a = make_activity(teacher, s1["id"])
    assert list(a) == FULL_KEYS
    assert a["generated_by_ai"] is False and a["generation_metadata"] is None
    assert a["is_published"] is True and a["bncc_competencies"] == [] and a["tags"] == []
    assert a["objectives"] == ["Objetivo 1", "Objetivo 2"] and a["theme"] == "matemática"
    body = activity_body(s1["id"])
    for k in ("activity_type", "difficulty", "duration_minutes"):
        del body[k]
    r = teacher.post(BASE + "/", json=body)
    assert r.status_code == 201
    assert (r.json()["activity_type"], r.json()["difficulty"], r.json()["duration_minutes"]) == \
        ("cognitive", "easy", 30)


def test_ac07_string_list_rule(teacher, s1):
    r = teacher.post(BASE + "/", json=activity_body(s1["id"], objectives=[]))
    e = error_at(r, ["body", "objectives"])
    assert r.status_code == 422 and e["type"] == "value_error"
    assert e["msg"] == "Value error, Lista não pode estar vazia"
    r = teacher.post(BASE + "/", json=activity_body(s1["id"], materials=["  ", ""]))
    assert error_at(r, ["body", "materials"])["msg"] == "Value error, Lista não pode estar vazia"
    body = activity_body(s1["id"])
    del body["instructions"]
    r = teacher.post(BASE + "/", json=body)
    assert error_at(r, ["body", "instructions"])["type"] == "missing"
    a = make_activity(teacher, s1["id"], objectives=["  Ler  "])
    assert a["objectives"] == ["Ler"]
    r = teacher.post(BASE + "/", json=activity_body(s1["id"], objectives=["ok", 5]))
    assert error_at(r, ["body", "objectives", 1])["type"] == "string_type"
    r = teacher.post(BASE + "/", json=activity_body(s1["id"], adaptations="não é lista"))
    assert error_at(r, ["body", "adaptations"])["type"] == "list_type"


def test_ac08_text_rules(teacher, s1):
    for over, field, typ in ((dict(title="ab"), "title", "string_too_short"),
                             (dict(title="t" * 501), "title", "string_too_long"),
                             (dict(description="curta"), "description", "string_too_short"),
                             (dict(theme="t" * 256), "theme", "string_too_long"),
                             (dict(title=None), "title", "string_type")):
        r = teacher.post(BASE + "/", json=activity_body(s1["id"], **over))
        assert r.status_code == 422 and error_at(r, ["body", field])["type"] == typ, over
    a = make_activity(teacher, s1["id"], title="t" * 500, theme="θ" * 255, description="d" * 50000)
    assert len(a["title"]) == 500 and a["theme"] == "θ" * 255 and len(a["description"]) == 50000


def test_ac09_bncc_normalised(teacher, s1):
    a = make_activity(teacher, s1["id"], bncc_competencies=["ef03ma01", "(EF03MA02)", "EF03MA01"])
    assert a["bncc_competencies"] == ["EF03MA01", "EF03MA02"]


def test_ac10_bncc_grammar(teacher, s1):
    r = teacher.post(BASE + "/", json=activity_body(s1["id"], bncc_competencies=["EF03MA01", "EF99ZZ99"]))
    assert r.status_code == 422
    e = error_at(r, ["body", "bncc_competencies", 1])
    assert e["type"] == "value_error" and e["msg"] == "Value error, Código BNCC inválido: EF99ZZ99"
    assert e["input"] == "EF99ZZ99"


def test_ac11_bncc_catalog_membership(api, teacher, s1, make_server):
    body = activity_body(s1["id"], bncc_competencies=["EF05MA26", "EM13LP55", "EF03MA01"])
    if catalog_loaded(api):
        r = teacher.post(BASE + "/", json=body)
        assert r.status_code == 422
        e = error_at(r, ["body", "bncc_competencies"])
        assert e["msg"] == "Value error, Códigos BNCC não encontrados: EF05MA26, EM13LP55"
        assert e["ctx"]["unknown_codes"] == ["EF05MA26", "EM13LP55"]
    # Catalog not loaded: only the grammar is checked (BN-13).
    srv = make_server(env={"BNCC_DATA_PATH": None})
    from conftest import Api
    user = Api(srv).new_user()
    s = make_student(user)
    r = user.post(BASE + "/", json=activity_body(s["id"], bncc_competencies=["EF05MA26"]))
    assert r.status_code == 201 and r.json()["bncc_competencies"] == ["EF05MA26"]


def test_ac12_too_many_codes(teacher, s1):
    r = teacher.post(BASE + "/", json=activity_body(s1["id"], bncc_competencies=["EF03MA01"] * 51))
    e = error_at(r, ["body", "bncc_competencies"])
    assert r.status_code == 422 and e["type"] == "too_long" and e["ctx"]["max_length"] == 50
    # 50 items (duplicates removed) are fine.
    a = make_activity(teacher, s1["id"], bncc_competencies=["EF03MA01"] * 50)
    assert a["bncc_competencies"] == ["EF03MA01"]


def test_ac13_ac14_meta(api):
    r = api.get(BASE + "/meta/subjects", headers={"Authorization": "Bearer garbage"})
    assert r.status_code == 200
    subjects = r.json()
    assert len(subjects) == 25 and list(subjects)[:2] == ["matematica", "portugues"]
    assert list(subjects)[-1] == "educacao_ambiental"
    assert subjects["matematica"] == "Matemática" and subjects["portugues"] == "Português"
    assert subjects["educacao_fisica"] == "Educação Física"
    assert r.headers["Cache-Control"] == \
        "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400"
    etag = r.headers["ETag"]
    r2 = api.get(BASE + "/meta/subjects", headers={"If-None-Match": etag})
    assert r2.status_code == 304 and r2.content == b""
    assert r2.headers["ETag"] == etag and r2.headers["Cache-Control"].startswith("public")
    h = api.request("HEAD", BASE + "/meta/subjects")
    assert h.status_code == 200 and h.content == b""
    g = api.get(BASE + "/meta/grade-levels").json()
    assert len(g) == 18 and list(g)[0] == "infantil_maternal" and list(g)[-1] == "eja_medio_3"
    assert g["infantil_1"] == "Infantil I" and g["fundamental_1_3ano"] == "3º Ano - Fundamental I"
    assert g["medio_1ano"] == "1ª Série - Ensino Médio" and g["infantil_maternal"] == "Infantil - Maternal"
    p = api.get(BASE + "/meta/pedagogical-types").json()
    assert len(p) == 10 and p["jogo_educativo"] == "Jogo Educativo"


def test_ac15_ac16_search(teacher, s1):
    make_activity(teacher, s1["id"], subject="matematica", grade_level="fundamental_1_3ano")
    make_activity(teacher, s1["id"], subject="matematica", grade_level="fundamental_1_3ano",
                  pedagogical_type="exercicio", bncc_competencies=["EF03MA01", "EF03MA02"])
    make_activity(teacher, s1["id"], subject="historia", grade_level="fundamental_2_6ano")
    r = teacher.get(BASE + "/search?subject=matematica")
    assert r.status_code == 200 and len(r.json()) >= 2
    assert all(a["subject"] == "matematica" for a in r.json())
    assert list(r.json()[0]) == LIST_KEYS
    r = teacher.get(BASE + "/search?grade_level=fundamental_1_3ano")
    assert r.json() and all(a["grade_level"] == "fundamental_1_3ano" for a in r.json())
    r = teacher.get(BASE + "/search?subject=matematica&grade_level=fundamental_1_3ano"
                           "&pedagogical_type=exercicio&has_bncc=true")
    items = r.json()
    assert len(items) >= 1
    for a in items:
        assert (a["subject"], a["grade_level"], a["pedagogical_type"]) == \
            ("matematica", "fundamental_1_3ano", "exercicio")
        assert a["bncc_competencies"]
    r = teacher.get(BASE + f"/search?student_id={s1['id']}&activity_type=cognitive&difficulty=easy")
    assert len(r.json()) == 3


def test_ac17_has_bncc(teacher, s1):
    with_code = make_activity(teacher, s1["id"], bncc_competencies=["EF03MA01"])
    without = make_activity(teacher, s1["id"])
    empty = make_activity(teacher, s1["id"], bncc_competencies=[])
    yes = [a["id"] for a in teacher.get(BASE + "/search?has_bncc=true").json()]
    no = [a["id"] for a in teacher.get(BASE + "/search?has_bncc=false").json()]
    assert yes == [with_code["id"]]
    assert no == [empty["id"], without["id"]]


def test_ac18_search_validation_and_scope(teacher, other_teacher, s1):
    for q in ("subject=quimica_x", "difficulty=impossible", "grade_level=x", "limit=101",
              "limit=0", "skip=-1", "pedagogical_type=y", "activity_type=z", "has_bncc=talvez",
              "student_id=123"):
        assert teacher.get(BASE + "/search?" + q).status_code == 422, q
    r = teacher.get(BASE + "/search?subject=quimica_x")
    assert error_at(r, ["query", "subject"])["ctx"]["expected"].startswith("'matematica', 'portugues'")
    s2 = make_student(other_teacher)
    theirs = make_activity(other_teacher, s2["id"], subject="matematica")
    mine = [a["id"] for a in teacher.get(BASE + "/search?subject=matematica&limit=100").json()]
    assert theirs["id"] not in mine
    assert teacher.get(BASE + f"/search?student_id={s2['id']}").json() == []


def test_ac19_ac20_search_by_bncc(teacher, other_teacher, s1):
    a = make_activity(teacher, s1["id"], bncc_competencies=["EF03MA01"])
    r = teacher.get(BASE + "/search/bncc/EF03MA01")
    assert r.status_code == 200 and [x["id"] for x in r.json()] == [a["id"]]
    assert all("EF03MA01" in x["bncc_competencies"] for x in r.json())
    assert teacher.get(BASE + "/search/bncc/ef03ma01").json() == r.json()
    assert teacher.get(BASE + "/search/bncc/(EF03MA01)").json() == r.json()
    r = teacher.get(BASE + "/search/bncc/EF99ZZ99")
    assert r.status_code == 200 and r.json() == []
    s2 = make_student(other_teacher)
    make_activity(other_teacher, s2["id"], bncc_competencies=["EF03MA06"])
    ids = [make_activity(teacher, s1["id"], bncc_competencies=["EF03MA05", "EF03MA06"])["id"]
           for _ in range(5)]
    first = teacher.get(BASE + "/search/bncc/EF03MA06?skip=0&limit=3").json()
    second = teacher.get(BASE + "/search/bncc/EF03MA06?skip=3&limit=3").json()
    assert [x["id"] for x in first] == ids[::-1][:3]
    assert [x["id"] for x in second] == ids[::-1][3:]
    assert teacher.get(BASE + "/search/bncc/EF03MA06?limit=101").status_code == 422
    # Codes change with updates; unpublished activities disappear.
    teacher.put(f"{BASE}/{ids[0]}", json={"bncc_competencies": ["EF03MA07"]})
    teacher.delete(f"{BASE}/{ids[1]}")
    assert len(teacher.get(BASE + "/search/bncc/EF03MA06").json()) == 3
    assert [x["id"] for x in teacher.get(BASE + "/search/bncc/EF03MA07").json()] == [ids[0]]


def test_ac21_multidisciplinary_checks(teacher, other_teacher, s1):
    r = teacher.post(MULTI, json=gen_body(s1["id"]))
    assert r.status_code == 400
    assert r.json() == {"detail": "subject e grade_level são obrigatórios para geração multidisciplinar"}
    r = teacher.post(MULTI, json=gen_body(s1["id"], subject="matematica", grade_level=None))
    assert r.status_code == 400
    r = teacher.post(MULTI, json=gen_body("00000000-0000-0000-0000-000000000000",
                                          subject="matematica", grade_level="fundamental_1_3ano"))
    assert r.status_code == 404 and r.json() == {"detail": "Aluno não encontrado"}
    s2 = make_student(other_teacher)
    r = teacher.post(MULTI, json=gen_body(s2["id"], subject="matematica", grade_level="fundamental_1_3ano"))
    assert r.status_code == 403
    r = teacher.post(MULTI, json=gen_body(s1["id"], duration_minutes=0))
    assert r.status_code == 422


def test_ac22_multidisciplinary(teacher, s1):
    r = teacher.post(MULTI, json=gen_body(s1["id"], theme=None, subject="matematica",
                                          grade_level="fundamental_1_3ano",
                                          pedagogical_type="exercicio",
                                          bncc_competencies=["EF03MA01"]))
    assert r.status_code == 201, r.text
    a = r.json()
    assert a["title"] == "Atividade de Matemática - 3º Ano - Fundamental I"
    assert ", no formato exercício," in a["description"]
    assert a["description"].startswith("Atividade de Matemática para 3º Ano - Fundamental I, no formato exercício, "
                                       "personalizada para João Silva, com nível de dificuldade fácil.")
    assert "Trabalhar a habilidade BNCC EF03MA01" in a["objectives"]
    assert a["objectives"][:5] == ["Desenvolver habilidades de Matemática adequadas à etapa 3º Ano - Fundamental I",
                                   "Desenvolver habilidades de cognitiva adequadas ao nível do aluno",
                                   "Promover engajamento através de atividades adaptadas",
                                   "Respeitar o perfil sensorial e ritmo de aprendizagem",
                                   "Trabalhar a habilidade BNCC EF03MA01"]
    assert a["tags"] == ["matematica", "fundamental_1_3ano"]
    md = a["generation_metadata"]
    assert md["model"] == "template-based" and md["bncc_codes"] == ["EF03MA01"]
    assert list(md) == ["model", "subject", "grade_level", "pedagogical_type", "bncc_codes", "student_profile"]
    assert (a["subject"], a["grade_level"], a["pedagogical_type"], a["bncc_competencies"]) == \
        ("matematica", "fundamental_1_3ano", "exercicio", ["EF03MA01"])
    assert a["generated_by_ai"] is True and a["is_published"] is True


def test_ac23_list(teacher, other_teacher, s1):
    s_other = make_student(teacher, name="Outro")
    a1 = make_activity(teacher, s1["id"])
    a2 = make_activity(teacher, s_other["id"], activity_type="social", difficulty="hard")
    hidden = make_activity(teacher, s1["id"])
    teacher.delete(f"{BASE}/{hidden['id']}")
    s2 = make_student(other_teacher)
    theirs = make_activity(other_teacher, s2["id"])
    items = teacher.get(BASE + "/").json()
    assert [a["id"] for a in items] == [a2["id"], a1["id"]]
    assert theirs["id"] not in [a["id"] for a in items]
    assert [a["id"] for a in teacher.get(BASE + f"/?student_id={s1['id']}").json()] == [a1["id"]]
    assert [a["id"] for a in teacher.get(BASE + "/?activity_type=cognitive").json()] == [a1["id"]]
    assert [a["id"] for a in teacher.get(BASE + "/?difficulty=hard").json()] == [a2["id"]]
    assert teacher.get(BASE + "/?activity_type=x").status_code == 422
    assert teacher.get(BASE + "/?limit=1001").status_code == 422
    assert len(teacher.get(BASE + "/?limit=1").json()) == 1


def test_ac24_get(api, teacher, other_teacher, s1):
    a1 = make_activity(teacher, s1["id"])
    assert teacher.get(f"{BASE}/{a1['id']}").json() == a1
    r = other_teacher.get(f"{BASE}/{a1['id']}")
    assert r.status_code == 403
    assert r.json() == {"detail": "Você não tem permissão para acessar esta atividade"}
    assert api.new_admin().get(f"{BASE}/{a1['id']}").status_code == 200
    r = teacher.get(f"{BASE}/{random_id()}")
    assert r.status_code == 404 and r.json() == {"detail": "Activity not found"}
    r = teacher.get(BASE + "/123")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "activity_id"]


def test_ac25_update(teacher, other_teacher, s1):
    a1 = make_activity(teacher, s1["id"])
    r = teacher.put(f"{BASE}/{a1['id']}", json={"title": "Novo título", "bncc_competencies": ["EF03MA01"]})
    assert r.status_code == 200
    u = r.json()
    assert u["title"] == "Novo título" and u["bncc_competencies"] == ["EF03MA01"]
    assert u["objectives"] == a1["objectives"] and u["updated_at"] > a1["updated_at"]
    assert teacher.put(f"{BASE}/{a1['id']}", json={"objectives": []}).status_code == 422
    r = teacher.put(f"{BASE}/{a1['id']}", json={"bncc_competencies": ["XX"]})
    assert r.status_code == 422
    assert error_at(r, ["body", "bncc_competencies", 0])["msg"] == "Value error, Código BNCC inválido: XX"
    r = teacher.put(f"{BASE}/{a1['id']}", json={"theme": None, "subject": "fisica"})
    assert r.json()["theme"] is None and r.json()["subject"] == "fisica"
    r = teacher.put(f"{BASE}/{a1['id']}", json={"generated_by_ai": True, "generation_metadata": {"x": 1},
                                               "student_id": random_id()})
    assert r.json()["generated_by_ai"] is False and r.json()["generation_metadata"] is None
    assert r.json()["student_id"] == s1["id"]
    assert teacher.put(f"{BASE}/{a1['id']}", json={"activity_type": None}).status_code == 422
    r = other_teacher.put(f"{BASE}/{a1['id']}", json={"title": "Invasão"})
    assert r.status_code == 403
    assert teacher.get(f"{BASE}/{a1['id']}").json()["title"] == "Novo título"
    assert teacher.put(f"{BASE}/{random_id()}", json={"title": "Nada"}).status_code == 404


def test_ac26_soft_delete(teacher, other_teacher, s1):
    a1 = make_activity(teacher, s1["id"], subject="matematica", bncc_competencies=["EF03MA01"])
    assert other_teacher.delete(f"{BASE}/{a1['id']}").status_code == 403
    r = teacher.delete(f"{BASE}/{a1['id']}")
    assert r.status_code == 204 and r.content == b""
    got = teacher.get(f"{BASE}/{a1['id']}")
    assert got.status_code == 200 and got.json()["is_published"] is False
    assert a1["id"] not in [a["id"] for a in teacher.get(BASE + "/").json()]
    assert a1["id"] not in [a["id"] for a in teacher.get(BASE + "/search?subject=matematica").json()]
    assert a1["id"] not in [a["id"] for a in teacher.get(BASE + "/search/bncc/EF03MA01").json()]
    assert a1["id"] not in [a["id"] for a in teacher.get(f"/api/v1/students/{s1['id']}/activities").json()]
    assert teacher.delete(f"{BASE}/{a1['id']}").status_code == 204
    r = teacher.put(f"{BASE}/{a1['id']}", json={"is_published": True})
    assert r.status_code == 200 and r.json()["is_published"] is True
    assert a1["id"] in [a["id"] for a in teacher.get(BASE + "/").json()]
    assert teacher.delete(f"{BASE}/{random_id()}").status_code == 404


def test_unicode_activity_round_trip(teacher, s1):
    a = make_activity(teacher, s1["id"], title="Ação com emoji 🧩", theme="coração ❤️",
                      objectives=["Aprender ç e ã 🎯"], tags=["ênfase", "🎨"])
    got = teacher.get(f"{BASE}/{a['id']}").json()
    assert got["title"] == "Ação com emoji 🧩" and got["theme"] == "coração ❤️"
    assert got["objectives"] == ["Aprender ç e ã 🎯"] and got["tags"] == ["ênfase", "🎨"]
