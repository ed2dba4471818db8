"""LGPD protection of children's health data (DESIGN.md §6, docs/architecture.md "LGPD"):
sensitive fields are ciphertext in the database file while the API returns plaintext, every
access to those records leaves an audit_log row (ids only), and the server log never holds the
student's personal data. Runs on both backends (EDU_TEST_BACKEND)."""
import datetime
import json
import subprocess
import uuid

import pytest

from care_helpers import iso, make_professional, prof_header
from conftest import BINARY, Api, db_sql

NOW = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
STUDENTS = "/api/v1/students"
OBS = "/api/v1/observations"


def ten_years_ago():
    t = datetime.date.today()
    return t.replace(year=t.year - 10, day=min(t.day, 28)).isoformat()


def null(v):
    """SQL NULL as db_sql returns it: None (sqlite3) or "" (psql -A)."""
    return v is None or v == ""


def marker(label):
    return f"{label}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def env(make_server):
    """A private server on a database the test can read directly."""
    url = make_server.fresh_database_url()
    srv = make_server(database_url=url)
    user = Api(srv).new_user("teacher")
    return srv, url, user


def new_student(user, **over):
    body = {"name": "Maria Sigilosa", "date_of_birth": ten_years_ago(),
            "diagnosis": "Diagnóstico TEA nível 2 com TDAH", "tea_level": "level_2",
            "interests": ["música"], "learning_profile": {"canal": "visual", "atenção": 15}}
    body.update(over)
    r = user.post(STUDENTS + "/", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def student_row(url, sid):
    [row] = db_sql(url, f"SELECT diagnosis, tea_level, learning_profile, name FROM students "
                        f"WHERE id = '{sid}'")
    return row


def audit_rows(url, resource_type, resource_id=None):
    sql = (f"SELECT action, resource_id, actor_user_id, request_id, details FROM audit_log "
           f"WHERE resource_type = '{resource_type}'")
    if resource_id:
        sql += f" AND resource_id = '{resource_id}'"
    return db_sql(url, sql + " ORDER BY occurred_at, id")


def test_student_sensitive_fields_encrypted_at_rest(env):
    srv, url, user = env
    diag = marker("Autismo-Laudo")
    s = new_student(user, diagnosis=diag, learning_profile={"segredo": diag, "nível": "ç"})
    diagnosis, tea, profile, name = student_row(url, s["id"])
    assert diagnosis.startswith("enc:v1:") and diag not in diagnosis
    assert tea.startswith("enc:v1:") and "level_2" not in tea
    # the json column holds a JSON string with the ciphertext
    assert json.loads(profile).startswith("enc:v1:") and diag not in profile
    assert name == "Maria Sigilosa"  # name stays clear: the list sorts by it
    # the API returns plaintext
    got = user.get(f"{STUDENTS}/{s['id']}").json()
    assert got["diagnosis"] == diag and got["tea_level"] == "level_2"
    assert got["learning_profile"] == {"segredo": diag, "nível": "ç"}
    assert [x["diagnosis"] for x in user.get(STUDENTS + "/").json()] == [diag]
    # update: re-encrypted, still plaintext through the API; clearing stores NULL
    diag2 = marker("Novo-Laudo")
    r = user.put(f"{STUDENTS}/{s['id']}", json={"diagnosis": diag2, "tea_level": None,
                                                 "learning_profile": None})
    assert r.status_code == 200, r.text
    assert r.json()["diagnosis"] == diag2 and r.json()["tea_level"] is None
    d2, tea2, prof2, _ = student_row(url, s["id"])
    assert d2.startswith("enc:v1:") and d2 != diagnosis and diag2 not in d2
    assert null(tea2) and null(prof2)
    assert user.get(f"{STUDENTS}/{s['id']}").json()["learning_profile"] is None


def test_ciphertext_is_bound_to_its_row(env):
    """A ciphertext copied into another row does not decrypt: 500, and the value never leaks."""
    srv, url, user = env
    a = new_student(user, name="Aluno A", diagnosis=marker("LaudoA"))
    b = new_student(user, name="Aluno B", diagnosis=marker("LaudoB"))
    db_sql(url, f"UPDATE students SET diagnosis = (SELECT diagnosis FROM students WHERE id = "
                f"'{a['id']}') WHERE id = '{b['id']}'")
    r = user.get(f"{STUDENTS}/{b['id']}")
    assert r.status_code == 500
    assert a["diagnosis"] not in r.text
    assert user.get(f"{STUDENTS}/{a['id']}").json()["diagnosis"] == a["diagnosis"]


def test_plaintext_rows_written_before_encryption_still_read(env):
    srv, url, user = env
    s = new_student(user)
    db_sql(url, f"UPDATE students SET diagnosis = 'Laudo antigo em claro', tea_level = 'level_1', "
                f"learning_profile = '{{\"antigo\": true}}' WHERE id = '{s['id']}'")
    got = user.get(f"{STUDENTS}/{s['id']}").json()
    assert (got["diagnosis"], got["tea_level"], got["learning_profile"]) == \
        ("Laudo antigo em claro", "level_1", {"antigo": True})
    # the next write re-encrypts every sensitive column
    assert user.put(f"{STUDENTS}/{s['id']}", json={"is_active": False}).status_code == 200
    d, t, p, _ = student_row(url, s["id"])
    assert d.startswith("enc:v1:") and t.startswith("enc:v1:") and json.loads(p).startswith("enc:v1:")
    assert user.get(f"{STUDENTS}/{s['id']}").json()["diagnosis"] == "Laudo antigo em claro"


def test_key_rotation_old_rows_read_new_rows_use_new_key(make_server):
    url = make_server.fresh_database_url()
    old_key = "11" * 32
    new_key = "22" * 32
    s1 = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": old_key})
    u = Api(s1).new_user("teacher")
    st = new_student(u, diagnosis="Laudo da chave antiga")
    old_cipher = student_row(url, st["id"])[0]
    s1.stop()
    # Without the old key the row is refused (500), never returned as garbage.
    s2 = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": new_key})
    assert Api(s2, u.token).get(f"{STUDENTS}/{st['id']}").status_code == 500
    s2.stop()
    s3 = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": new_key,
                                            "FIELD_ENCRYPTION_PREVIOUS_KEYS": old_key})
    u3 = Api(s3, u.token)
    assert u3.get(f"{STUDENTS}/{st['id']}").json()["diagnosis"] == "Laudo da chave antiga"
    assert u3.put(f"{STUDENTS}/{st['id']}", json={"name": "Renomeado"}).status_code == 200
    new_cipher = student_row(url, st["id"])[0]
    assert new_cipher.split(":")[2] != old_cipher.split(":")[2]  # key id changed
    s3.stop()
    s4 = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": new_key})
    assert Api(s4, u.token).get(f"{STUDENTS}/{st['id']}").json()["diagnosis"] == "Laudo da chave antiga"


def test_generated_local_key_persists_per_data_dir(make_server, tmp_path):
    url = make_server.fresh_database_url()
    data = str(tmp_path / "data")
    env = {"FIELD_ENCRYPTION_KEY": None, "EDU_DATA_DIR": data}
    s1 = make_server(database_url=url, env=env)
    [warn] = [l for l in s1.log_lines() if l.get("event") == "field_encryption_key_generated"]
    assert warn["level"] == "WARN"
    u = Api(s1).new_user("teacher")
    st = new_student(u, diagnosis="Laudo com chave local")
    s1.stop()
    key_file = tmp_path / "data" / "field_encryption.key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    s2 = make_server(database_url=url, env=env)
    assert Api(s2, u.token).get(f"{STUDENTS}/{st['id']}").json()["diagnosis"] == "Laudo com chave local"


def test_production_requires_the_key(make_server):
    s = make_server(env={"ENVIRONMENT": "production", "FIELD_ENCRYPTION_KEY": None}, wait=False)
    assert s.proc.wait(timeout=30) != 0
    assert "FIELD_ENCRYPTION_KEY is required" in s.logs()


ACTIVITIES = "/api/v1/activities"


def activity_row(url, aid):
    [row] = db_sql(url, f"SELECT description, generation_metadata, title FROM activities WHERE id = '{aid}'")
    return row


def test_generated_activity_keeps_name_and_diagnosis_encrypted_at_rest(env):
    """A generated activity copies the student's name and diagnosis into its description and
    profile metadata (API.md §5.6): both columns are ciphertext in the database."""
    srv, url, user = env
    name, diag = marker("Aluno"), marker("Laudo-Gerado")
    st = new_student(user, name=name, diagnosis=diag)
    generated = []
    r = user.post(ACTIVITIES + "/generate", json={
        "student_id": st["id"], "activity_type": "cognitive", "difficulty": "easy",
        "duration_minutes": 30, "theme": "números"})
    assert r.status_code == 201, r.text
    generated.append(r.json())
    r = user.post(ACTIVITIES + "/generate-multidisciplinary", json={
        "student_id": st["id"], "subject": "matematica", "grade_level": "fundamental_1_3ano",
        "activity_type": "academic", "difficulty": "medium", "duration_minutes": 40})
    assert r.status_code == 201, r.text
    generated.append(r.json())
    for a in generated:
        assert name in a["description"] and diag in a["description"]
        assert a["generation_metadata"]["student_profile"]["diagnosis"] == diag
        description, metadata, _ = activity_row(url, a["id"])
        assert description.startswith("enc:v1:") and name not in description and diag not in description
        assert json.loads(metadata).startswith("enc:v1:") and diag not in metadata and name not in metadata
        got = user.get(f"{ACTIVITIES}/{a['id']}").json()
        assert got["description"] == a["description"]
        assert got["generation_metadata"] == a["generation_metadata"]
    # lists decrypt too; an update keeps both columns encrypted and readable
    listed = {x["id"]: x for x in user.get(ACTIVITIES + "/", params={"student_id": st["id"]}).json()}
    assert all(listed[a["id"]]["description"] == a["description"] for a in generated)
    a = generated[0]
    r = user.put(f"{ACTIVITIES}/{a['id']}", json={"title": "Título novo"})
    assert r.status_code == 200, r.text
    assert r.json()["description"] == a["description"]
    assert r.json()["generation_metadata"] == a["generation_metadata"]
    description, metadata, title = activity_row(url, a["id"])
    assert title == "Título novo" and description.startswith("enc:v1:")
    assert json.loads(metadata).startswith("enc:v1:")
    # a ciphertext moved to another activity does not decrypt there (bound to its row)
    other = generated[1]
    db_sql(url, f"UPDATE activities SET description = (SELECT description FROM activities "
                f"WHERE id = '{a['id']}') WHERE id = '{other['id']}'")
    r = user.get(f"{ACTIVITIES}/{other['id']}")
    assert r.status_code == 500 and diag not in r.text


def test_activity_rows_written_before_encryption_still_read(env):
    srv, url, user = env
    st = new_student(user)
    r = user.post(ACTIVITIES + "/generate", json={
        "student_id": st["id"], "activity_type": "social", "difficulty": "easy",
        "duration_minutes": 20})
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    db_sql(url, f"UPDATE activities SET description = 'Descrição antiga em claro', "
                f"generation_metadata = '{{\"model\": \"antigo\"}}' WHERE id = '{aid}'")
    got = user.get(f"{ACTIVITIES}/{aid}").json()
    assert got["description"] == "Descrição antiga em claro"
    assert got["generation_metadata"] == {"model": "antigo"}
    # the next write re-encrypts both
    assert user.put(f"{ACTIVITIES}/{aid}", json={"duration_minutes": 25}).status_code == 200
    description, metadata, _ = activity_row(url, aid)
    assert description.startswith("enc:v1:") and json.loads(metadata).startswith("enc:v1:")
    got = user.get(f"{ACTIVITIES}/{aid}").json()
    assert (got["description"], got["generation_metadata"]) == ("Descrição antiga em claro", {"model": "antigo"})


def test_observation_content_encrypted_search_still_works(env):
    srv, url, user = env
    st = new_student(user)
    psy = make_professional(user, "psychologist")
    secret = marker("Crise-Sensorial")
    body = {"student_id": st["id"], "observation_type": "sensory", "context": "therapy",
            "content": f"Registro privado: {secret} durante a sessão de AGITAÇÃO",
            "behavioral_indicators": {"nota": secret}, "is_private": True,
            "severity_level": 3, "observed_at": iso(NOW)}
    r = user.post(OBS + "/", json=body, headers=prof_header(psy))
    assert r.status_code == 201, r.text
    o = r.json()
    [[content, behavioral, social]] = db_sql(
        url, f"SELECT content, behavioral_indicators, socioemotional_indicators FROM observations "
             f"WHERE id = '{o['id']}'")
    assert content.startswith("enc:v1:") and secret not in content
    assert json.loads(behavioral).startswith("enc:v1:") and secret not in behavioral
    assert null(social)
    got = user.get(f"{OBS}/{o['id']}", headers=prof_header(psy)).json()
    assert got["content"] == body["content"] and got["behavioral_indicators"] == {"nota": secret}
    # search (case-insensitive substring of content) runs on the decrypted text
    for q in (secret.lower(), "agitação", "AGITAÇÃO"):
        r = user.get(OBS + "/", params={"student_id": st["id"], "search": q},
                     headers=prof_header(psy)).json()
        assert [x["id"] for x in r["observations"]] == [o["id"]] and r["total"] == 1, q
    r = user.get(OBS + "/", params={"search": "nada-disso"}, headers=prof_header(psy)).json()
    assert r["observations"] == [] and r["total"] == 0
    # update of another column keeps the content encrypted and readable
    r = user.put(f"{OBS}/{o['id']}", json={"severity_level": 5}, headers=prof_header(psy))
    assert r.status_code == 200 and r.json()["content"] == body["content"]
    [[content2]] = db_sql(url, f"SELECT content FROM observations WHERE id = '{o['id']}'")
    assert content2.startswith("enc:v1:")


INDICATORS = "/api/v1/socioemotional-indicators"
INDICATOR_TEXTS = ("observations", "specific_behaviors", "environmental_factors", "triggers",
                   "supports_used")


def indicator_row(url, iid):
    [row] = db_sql(url, f"SELECT {', '.join(INDICATOR_TEXTS)} FROM socioemotional_indicators "
                        f"WHERE id = '{iid}'")
    return row


def test_indicator_free_text_encrypted_search_still_works(env):
    srv, url, user = env
    st = new_student(user)
    psy = make_professional(user, "psychologist")
    secret = marker("Autolesão")
    texts = {k: f"{k}: {secret} no RECREIO" for k in INDICATOR_TEXTS}
    r = user.post(INDICATORS + "/", headers=prof_header(psy), json={
        "student_id": st["id"], "indicator_type": "anxiety_level", "context": "recess", "score": 8,
        "measured_at": iso(NOW), **texts})
    assert r.status_code == 201, r.text
    i = r.json()
    for stored in indicator_row(url, i["id"]):
        assert stored.startswith("enc:v1:") and secret not in stored
    got = user.get(f"{INDICATORS}/{i['id']}", headers=prof_header(psy)).json()
    assert {k: got[k] for k in INDICATOR_TEXTS} == texts
    # search (case-insensitive substring of observations or specific_behaviors) on the decrypted text
    for q in (secret.upper(), "recreio", "specific_behaviors: " + secret.lower()):
        r = user.get(INDICATORS + "/", params={"student_id": st["id"], "search": q},
                     headers=prof_header(psy)).json()
        assert [x["id"] for x in r["indicators"]] == [i["id"]] and r["total"] == 1, q
    r = user.get(INDICATORS + "/", params={"search": "triggers:"}, headers=prof_header(psy)).json()
    assert r["indicators"] == [] and r["total"] == 0  # only the two searchable columns match
    # a partial update: the new text is sealed, the others stay sealed and readable; null clears
    r = user.put(f"{INDICATORS}/{i['id']}", headers=prof_header(psy),
                 json={"triggers": "Barulho alto", "supports_used": None, "score": 5})
    assert r.status_code == 200, r.text
    assert r.json()["triggers"] == "Barulho alto" and r.json()["supports_used"] is None
    assert r.json()["observations"] == texts["observations"]
    row = indicator_row(url, i["id"])
    assert all(v.startswith("enc:v1:") for v in row[:4]) and null(row[4])
    # rows written before encryption still read, and the next write re-encrypts them
    db_sql(url, f"UPDATE socioemotional_indicators SET observations = 'Texto antigo em claro' "
                f"WHERE id = '{i['id']}'")
    assert user.get(f"{INDICATORS}/{i['id']}", headers=prof_header(psy)).json()["observations"] == \
        "Texto antigo em claro"
    assert user.put(f"{INDICATORS}/{i['id']}", headers=prof_header(psy), json={"score": 6}).status_code == 200
    assert indicator_row(url, i["id"])[0].startswith("enc:v1:")
    assert user.get(f"{INDICATORS}/{i['id']}", headers=prof_header(psy)).json()["observations"] == \
        "Texto antigo em claro"


PLANS = "/api/v1/intervention-plans"
PLAN_NARRATIVE = ("description", "strategies", "target_behaviors", "success_criteria")
NOTE_TEXTS = ("content", "challenges", "successes", "next_steps")


def test_plan_narrative_and_progress_notes_encrypted_at_rest(env):
    srv, url, user = env
    st = new_student(user)
    psy = make_professional(user, "psychologist")
    secret = marker("Crise-Agressiva")
    body = {"student_id": st["id"], "title": "Plano Regulação", "objective": "Reduzir crises em sala de aula",
            "description": f"Histórico: {secret}",
            "strategies": [{"name": "Pausa", "description": secret}],
            "target_behaviors": [f"Evitar {secret}"], "success_criteria": {"meta": secret},
            "start_date": datetime.date.today().isoformat(),
            "end_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "review_frequency": "weekly"}
    r = user.post(PLANS + "/", json=body, headers=prof_header(psy))
    assert r.status_code == 201, r.text
    plan = r.json()
    assert user.post(f"{PLANS}/{plan['id']}/status", json={"status": "active"},
                     headers=prof_header(psy)).status_code == 200
    r = user.post(f"{PLANS}/{plan['id']}/progress-notes", headers=prof_header(psy),
                  json={"note": f"Nota {secret}", "challenges": f"Desafio {secret}", "successes": None,
                        "next_steps": f"Passo {secret}", "progress_percentage": 20})
    assert r.status_code == 200, r.text
    [row] = db_sql(url, f"SELECT {', '.join(PLAN_NARRATIVE)}, title FROM intervention_plans "
                        f"WHERE id = '{plan['id']}'")
    assert row[0].startswith("enc:v1:") and all(json.loads(v).startswith("enc:v1:") for v in row[1:4])
    assert secret not in json.dumps(row) and row[4] == "Plano Regulação"
    [note] = db_sql(url, f"SELECT {', '.join(NOTE_TEXTS)} FROM intervention_plan_progress_notes "
                         f"WHERE plan_id = '{plan['id']}'")
    assert note[0].startswith("enc:v1:") and note[1].startswith("enc:v1:") and null(note[2])
    assert secret not in json.dumps(note)
    got = user.get(f"{PLANS}/{plan['id']}").json()
    assert {k: got[k] for k in PLAN_NARRATIVE} == {k: body[k] for k in PLAN_NARRATIVE}
    n = got["progress_notes"][0]
    assert (n["content"], n["challenges"], n["successes"], n["next_steps"]) == \
        (f"Nota {secret}", f"Desafio {secret}", None, f"Passo {secret}")
    # lists decrypt; the title search stays in SQL; partial updates seal what they write
    listed = user.get(PLANS + "/", params={"search": "regulação"}).json()
    assert [p["description"] for p in listed["plans"]] == [body["description"]], listed
    r = user.put(f"{PLANS}/{plan['id']}", headers=prof_header(psy),
                 json={"target_behaviors": ["Novo alvo"], "description": None})
    assert r.status_code == 200, r.text
    assert r.json()["target_behaviors"] == ["Novo alvo"] and r.json()["description"] is None
    assert r.json()["strategies"] == body["strategies"]
    [[desc, target]] = db_sql(url, f"SELECT description, target_behaviors FROM intervention_plans "
                                   f"WHERE id = '{plan['id']}'")
    assert null(desc) and json.loads(target).startswith("enc:v1:")
    # the pending-review list and statistics (scalar columns only) still answer
    assert user.get(PLANS + "/pending-review", headers=prof_header(psy)).status_code == 200
    assert user.get(PLANS + "/statistics/overview").json()["total_plans"] == 1


SEALED = {"students": ("diagnosis", "tea_level", "learning_profile"),
          "observations": ("content", "behavioral_indicators", "socioemotional_indicators"),
          "activities": ("description", "generation_metadata"),
          "socioemotional_indicators": INDICATOR_TEXTS,
          "intervention_plans": PLAN_NARRATIVE,
          "intervention_plan_progress_notes": NOTE_TEXTS}
DOCUMENTS = {"learning_profile", "behavioral_indicators", "socioemotional_indicators", "generation_metadata",
             "strategies", "target_behaviors", "success_criteria"}


def sealed_key_ids(url):
    """{key id or "plain"} over every non-null sealed value in the database."""
    ids = set()
    for table, columns in SEALED.items():
        for row in db_sql(url, f"SELECT {', '.join(columns)} FROM {table}"):
            for column, v in zip(columns, row):
                if null(v):
                    continue
                if column in DOCUMENTS:
                    v = json.loads(v)
                    if not isinstance(v, str):
                        ids.add("plain")
                        continue
                ids.add(v.split(":")[2] if v.startswith("enc:v1:") else "plain")
    return ids


def test_reencrypt_command_rotates_and_seals_legacy_values(make_server):
    url = make_server.fresh_database_url()
    old_key, new_key = "33" * 32, "44" * 32
    s1 = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": old_key})
    u = Api(s1).new_user("teacher")
    secret = marker("Laudo-Rotacao")
    st = new_student(u, diagnosis=secret)
    psy = make_professional(u, "psychologist")
    r = u.post(OBS + "/", headers=prof_header(psy), json={
        "student_id": st["id"], "observation_type": "sensory", "context": "therapy",
        "content": f"Obs {secret}", "behavioral_indicators": {"x": secret}, "observed_at": iso(NOW)})
    assert r.status_code == 201, r.text
    obs = r.json()
    r = u.post(ACTIVITIES + "/generate", json={"student_id": st["id"], "activity_type": "motor",
                                               "difficulty": "hard", "duration_minutes": 15})
    assert r.status_code == 201, r.text
    act = r.json()
    r = u.post(INDICATORS + "/", headers=prof_header(psy), json={
        "student_id": st["id"], "indicator_type": "anxiety_level", "context": "home", "score": 3,
        "measured_at": iso(NOW), "triggers": f"Gatilho {secret}"})
    assert r.status_code == 201, r.text
    ind = r.json()
    r = u.post(PLANS + "/", headers=prof_header(psy), json={
        "student_id": st["id"], "title": "Plano rotação", "objective": "Objetivo do plano de rotação",
        "description": f"Plano {secret}", "target_behaviors": [secret],
        "strategies": [{"name": "Rotina"}], "success_criteria": {"meta": "x"},
        "start_date": datetime.date.today().isoformat(),
        "end_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()})
    assert r.status_code == 201, r.text
    plan = r.json()
    assert u.post(f"{PLANS}/{plan['id']}/status", json={"status": "active"},
                  headers=prof_header(psy)).status_code == 200
    for k in range(2):
        r = u.post(f"{PLANS}/{plan['id']}/progress-notes", headers=prof_header(psy),
                   json={"note": f"Nota {k} {secret}", "next_steps": f"Passo {k}"})
        assert r.status_code == 200, r.text
    # values written before their column was encrypted
    db_sql(url, f"UPDATE students SET tea_level = 'level_3' WHERE id = '{st['id']}'")
    db_sql(url, f"UPDATE activities SET generation_metadata = '{{\"model\": \"antigo\"}}' "
                f"WHERE id = '{act['id']}'")
    db_sql(url, f"UPDATE socioemotional_indicators SET observations = 'Antigo {secret}' "
                f"WHERE id = '{ind['id']}'")
    db_sql(url, f"UPDATE intervention_plan_progress_notes SET challenges = 'Desafio antigo' "
                f"WHERE plan_id = '{plan['id']}' AND content LIKE 'enc:%'")
    [old_id] = sealed_key_ids(url) - {"plain"}
    s1.stop()

    s2 = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": new_key,
                                            "FIELD_ENCRYPTION_PREVIOUS_KEYS": old_key})
    dry = s2.cli("reencrypt", "--dry-run").stdout
    assert "students: 1 rows, 1 to rewrite" in dry and "activities: 1 rows, 1 to rewrite" in dry, dry
    assert sealed_key_ids(url) == {old_id, "plain"}  # a dry run writes nothing
    out = s2.cli("reencrypt").stdout  # while s2 serves
    assert "observations: 1 rows, 1 rewritten" in out and "socioemotional_indicators: 1 rows, 1 rewritten" in out, out
    assert "intervention_plans: 1 rows, 1 rewritten" in out, out
    assert "intervention_plan_progress_notes: 2 rows, 2 rewritten" in out, out
    assert secret not in out
    [new_id] = sealed_key_ids(url)
    assert new_id != old_id
    again = s2.cli("reencrypt").stdout.splitlines()  # nothing left to do
    assert len(again) == len(SEALED) and all(", 0 rewritten under key " in line for line in again), again
    s2.stop()

    s3 = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": new_key})  # old key gone
    u3 = Api(s3, u.token)
    got = u3.get(f"{STUDENTS}/{st['id']}").json()
    assert (got["diagnosis"], got["tea_level"]) == (secret, "level_3")
    got = u3.get(f"{OBS}/{obs['id']}", headers=prof_header(psy)).json()
    assert got["content"] == f"Obs {secret}" and got["behavioral_indicators"] == {"x": secret}
    assert u3.get(f"{ACTIVITIES}/{act['id']}").json()["generation_metadata"] == {"model": "antigo"}
    got = u3.get(f"{INDICATORS}/{ind['id']}", headers=prof_header(psy)).json()
    assert (got["observations"], got["triggers"]) == (f"Antigo {secret}", f"Gatilho {secret}")
    got = u3.get(f"{PLANS}/{plan['id']}").json()
    assert (got["description"], got["target_behaviors"]) == (f"Plano {secret}", [secret])
    assert [(n["content"], n["challenges"], n["next_steps"]) for n in got["progress_notes"]] == \
        [(f"Nota {k} {secret}", "Desafio antigo", f"Passo {k}") for k in range(2)]
    # a value that does not decrypt is reported by id (never by content) and fails the run
    db_sql(url, f"UPDATE socioemotional_indicators SET triggers = (SELECT diagnosis FROM students "
                f"WHERE id = '{st['id']}') WHERE id = '{ind['id']}'")
    db_sql(url, f"UPDATE students SET tea_level = 'level_2' WHERE id = '{st['id']}'")
    r = s3.cli("reencrypt", check=False)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"socioemotional_indicators {ind['id']}: does not decrypt" in r.stdout
    assert "students: 1 rows, 1 rewritten" in r.stdout  # the other tables still progress
    assert secret not in r.stdout + r.stderr


def test_reencrypt_never_generates_a_key(make_server, tmp_path):
    """Without FIELD_ENCRYPTION_KEY and without the data directory's key file, reencrypt stops:
    sealing under a fresh key would lock the service out of every value it rewrote."""
    url = make_server.fresh_database_url()
    s = make_server(database_url=url, env={"FIELD_ENCRYPTION_KEY": "55" * 32})
    u = Api(s).new_user("teacher")
    db_sql(url, f"UPDATE students SET diagnosis = 'Laudo em claro' WHERE id = "
                f"'{new_student(u)['id']}'")
    data = tmp_path / "elsewhere"
    env = dict(s.env, FIELD_ENCRYPTION_KEY="", EDU_DATA_DIR=str(data), PORT="0")
    env.pop("FIELD_ENCRYPTION_KEY")
    r = subprocess.run([BINARY, "reencrypt"], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "refusing to generate one" in r.stderr
    assert not (data / "field_encryption.key").exists()
    assert db_sql(url, "SELECT diagnosis FROM students")[0][0] == "Laudo em claro"


def test_audit_rows_for_every_access(env):
    srv, url, user = env
    uid = user.user["id"]
    diag = marker("LaudoAuditado")
    s = new_student(user, diagnosis=diag)
    sid = s["id"]
    user.get(f"{STUDENTS}/{sid}")
    user.get(STUDENTS + "/")
    user.put(f"{STUDENTS}/{sid}", json={"interests": ["xadrez"]})
    psy = make_professional(user, "psychologist")
    h = prof_header(psy)
    o = user.post(OBS + "/", json={"student_id": sid, "observation_type": "social",
                                   "context": "recess", "content": f"Brincou sozinho {diag}",
                                   "observed_at": iso(NOW)}, headers=h).json()
    user.get(f"{OBS}/{o['id']}", headers=h)
    user.get(OBS + "/", params={"student_id": sid}, headers=h)
    user.get(f"{OBS}/student/{sid}/summary", headers=h)
    user.put(f"{OBS}/{o['id']}", json={"severity_level": 2}, headers=h)
    assert user.delete(f"{OBS}/{o['id']}", headers=h).status_code == 204
    assert user.delete(f"{STUDENTS}/{sid}").status_code == 204

    rows = audit_rows(url, "student")
    actions = [(a, None if null(rid) else rid) for a, rid, *_ in rows]
    assert actions == [("create", sid), ("read", sid), ("list", None), ("update", sid),
                       ("delete", sid)], actions
    assert all(r[2] == uid and r[3] for r in rows)  # actor and request id recorded
    assert json.loads(rows[2][4]) == {"ids": [sid]}
    orows = audit_rows(url, "observation")
    assert [(a, None if null(rid) else rid) for a, rid, *_ in orows] == [
        ("create", o["id"]), ("read", o["id"]), ("list", None), ("list", None),
        ("update", o["id"]), ("delete", o["id"])]
    assert json.loads(orows[2][4])["ids"] == [o["id"]]
    assert json.loads(orows[3][4])["student_id"] == sid
    assert all(json.loads(r[4])["professional_id"] == psy["id"] for r in orows)
    # ids only: no value of the records in the audit trail
    dump = json.dumps(db_sql(url, "SELECT * FROM audit_log"))
    assert diag not in dump and "Maria Sigilosa" not in dump and "Brincou" not in dump


def test_audit_failure_fails_reads_closed_but_not_committed_writes(make_server):
    if not make_server.fresh_database_url().startswith("sqlite"):
        pytest.skip("breaks the audit table through the SQLite file")
    url = make_server.fresh_database_url()
    srv = make_server(database_url=url)
    user = Api(srv).new_user("teacher")
    s = new_student(user)
    db_sql(url, "ALTER TABLE audit_log RENAME TO audit_log_off")
    try:
        r = user.get(f"{STUDENTS}/{s['id']}")
        assert r.status_code == 500 and s["diagnosis"] not in r.text
        assert user.get(STUDENTS + "/").status_code == 500
        r = user.put(f"{STUDENTS}/{s['id']}", json={"name": "Nome Novo"})
        assert r.status_code == 200  # committed: not turned into an error
        fallback = [l for l in srv.log_lines() if l.get("event") == "audit_fallback"]
        assert fallback and fallback[-1]["resource_id"] == s["id"]
    finally:
        db_sql(url, "ALTER TABLE audit_log_off RENAME TO audit_log")
    assert user.get(f"{STUDENTS}/{s['id']}").json()["name"] == "Nome Novo"


def test_logs_never_hold_student_personal_data(make_server):
    """Exercise the student and observation routes (success and error paths) with distinctive
    values and search the whole server log for them."""
    srv = make_server(env={"LOG_LEVEL": "DEBUG"})
    user = Api(srv).new_user("teacher")
    name = marker("Zuleica Quintanilha")
    diag = marker("DiagnosticoRaroXYZ")
    note = marker("ObservacaoIntimaQWE")
    s = new_student(user, name=name, diagnosis=diag, learning_profile={"nota": diag})
    sid = s["id"]
    user.get(f"{STUDENTS}/{sid}")
    user.get(STUDENTS + "/")
    user.put(f"{STUDENTS}/{sid}", json={"diagnosis": diag + " revisado", "name": name})
    user.put(f"{STUDENTS}/{sid}", json={"diagnosis": diag[:2], "name": name + "x" * 300})  # 422
    user.post(STUDENTS + "/", json={"name": name, "diagnosis": diag, "date_of_birth": "2030-01-01"})
    user.post("/api/v1/activities/generate", json={
        "student_id": sid, "activity_type": "cognitive", "difficulty": "easy",
        "duration_minutes": 30, "theme": "cores"})
    psy = make_professional(user, "psychologist")
    h = prof_header(psy)
    o = user.post(OBS + "/", json={"student_id": sid, "observation_type": "emotional",
                                   "context": "therapy", "content": f"{note} com {name}",
                                   "is_private": True, "observed_at": iso(NOW)}, headers=h).json()
    user.get(f"{OBS}/{o['id']}", headers=h)
    user.get(OBS + "/", params={"search": note}, headers=h)
    user.get(f"{OBS}/student/{sid}/summary", headers=h)
    user.put(f"{OBS}/{o['id']}", json={"content": "curto"}, headers=h)  # 422
    user.get(f"{OBS}/{o['id']}")  # no X-Professional-ID: privacy 403
    user.delete(f"{OBS}/{o['id']}", headers=h)
    user.delete(f"{STUDENTS}/{sid}")
    srv.stop()
    logs = srv.logs()
    assert "/api/v1/students" in logs  # the access log did record the requests
    for secret in (name, diag, note):
        assert secret not in logs, secret
