"""Activity generation (API.md §5.6): the built-in generator for every subject and grade
level, determinism, ENABLE_MULTIDISCIPLINARY, and the optional OpenAI-compatible provider
against a local chat-completions server started by the test (answer, timeout, error)."""
import http.server
import json
import threading
import time

import pytest

from conftest import Api
from teaching_helpers import catalog_loaded, make_student

MULTI = "/api/v1/activities/generate-multidisciplinary"
GEN = "/api/v1/activities/generate"

SUBJECTS = ["matematica", "portugues", "literatura", "redacao", "ciencias", "historia", "geografia",
            "arte", "educacao_fisica", "musica", "ingles", "espanhol", "biologia", "fisica",
            "quimica", "filosofia", "sociologia", "informatica", "artes_visuais", "teatro", "danca",
            "educacao_profissional", "empreendedorismo", "educacao_financeira", "educacao_ambiental"]
CONTENT = ("objectives", "materials", "instructions", "adaptations", "visual_supports", "success_criteria")


def body(student_id, **over):
    b = {"student_id": student_id, "activity_type": "cognitive", "difficulty": "easy",
         "duration_minutes": 30, "subject": "matematica", "grade_level": "fundamental_1_3ano"}
    b.update(over)
    return b


def test_every_subject_gets_its_own_tea_strategies(api, teacher):
    s = make_student(teacher, tea_level="level_2", interests=["trens", "planetas"])
    subjects = api.get("/api/v1/activities/meta/subjects").json()
    assert list(subjects) == SUBJECTS
    seen = {}
    for subject in SUBJECTS:
        r = teacher.post(MULTI, json=body(s["id"], subject=subject, pedagogical_type="jogo_educativo"))
        assert r.status_code == 201, (subject, r.text)
        a = r.json()
        assert a["title"] == f"Atividade de {subjects[subject]} - 3º Ano - Fundamental I"
        assert a["tags"] == [subject, "fundamental_1_3ano"] and a["subject"] == subject
        # The contract's template items come first, then the curriculum block.
        assert a["materials"][:3] == ["Material visual de apoio", "Recursos adaptados para TEA",
                                      "Ambiente estruturado e previsível"]
        assert a["instructions"][5] == "6. Permita pausas sensoriais se o aluno demonstrar necessidade"
        assert len(a["instructions"]) > 6 and a["instructions"][6].startswith("7. ")
        assert len(a["adaptations"]) > 4 and len(a["visual_supports"]) > 3
        assert any("(trens e planetas)" in m for m in a["materials"])
        assert any(x.startswith("Nível 2 de suporte") for x in a["adaptations"])
        assert any("regras do jogo" in i for i in a["instructions"])
        seen[subject] = tuple(a["adaptations"][4:7])
    assert len(set(seen.values())) == 25  # 25 different strategy sets
    text = lambda subj: " ".join(seen[subj])
    assert "manipuláveis" in text("matematica") and "pequenos passos" in text("matematica")
    assert "estrutura previsível" in text("portugues")
    assert "sensorial" in text("ciencias")
    assert "linhas do tempo visuais" in text("historia")
    assert "mapas claros" in text("geografia").lower()


def test_every_grade_level(api, teacher):
    s = make_student(teacher)
    grades = api.get("/api/v1/activities/meta/grade-levels").json()
    assert len(grades) == 18
    for grade, display in grades.items():
        r = teacher.post(MULTI, json=body(s["id"], grade_level=grade, subject="geografia"))
        assert r.status_code == 201, grade
        assert r.json()["title"] == f"Atividade de Geografia - {display}"
        assert r.json()["grade_level"] == grade


def test_generation_is_deterministic(teacher):
    s = make_student(teacher)
    for path, b in ((MULTI, body(s["id"], subject="quimica", grade_level="medio_1ano",
                                 pedagogical_type="experimento", bncc_competencies=["EM13CNT101"],
                                 theme="misturas")),
                    (GEN, body(s["id"], subject="quimica"))):
        first = teacher.post(path, json=b).json()
        second = teacher.post(path, json=b).json()
        assert first["id"] != second["id"]
        for k in ("title", "description", "generation_metadata", "tags") + CONTENT:
            assert first[k] == second[k], k


def test_standard_template_keeps_contract_lists_without_curriculum(teacher):
    s = make_student(teacher, tea_level="level_3", interests=["água"])
    a = teacher.post(GEN, json={"student_id": s["id"], "activity_type": "social",
                                "difficulty": "medium", "duration_minutes": 10}).json()
    assert [len(a[k]) for k in CONTENT] == [3, 3, 6, 4, 3, 4]
    assert a["generation_metadata"]["student_profile"]["tea_level"] == "level_3"
    assert a["description"].startswith("Atividade social personalizada para João Silva, com nível de dificuldade médio.")


def test_bncc_skill_texts_become_objectives(api, teacher):
    if not catalog_loaded(api):
        pytest.skip("BNCC catalog not loaded in this build")
    s = make_student(teacher)
    a = teacher.post(MULTI, json=body(s["id"], bncc_competencies=["EF03MA01"])).json()
    assert "Trabalhar a habilidade BNCC EF03MA01" in a["objectives"]
    assert any(o.startswith("(EF03MA01) ") and len(o) > 20 for o in a["objectives"])


def test_multidisciplinary_can_be_disabled(make_server):
    srv = make_server(env={"ENABLE_MULTIDISCIPLINARY": "false"})
    user = Api(srv).new_user()
    s = make_student(user)
    r = user.post(MULTI, json=body(s["id"]))
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    r = Api(srv).post(MULTI, json=body(s["id"]))  # without credentials too
    assert r.status_code == 404
    assert Api(srv).get("/api/v1/activities/meta/subjects").status_code == 200
    assert user.post(GEN, json=body(s["id"])).status_code == 201


# ---------------------------------------------------------------- OpenAI-compatible provider

class FakeChat:
    """A local chat-completions server: mode 'answer', 'slow' or 'error'."""

    def __init__(self, mode="answer", answer=None):
        self.mode = mode
        self.answer = answer
        self.requests = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length))
                fake.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                      "body": payload})
                if fake.mode == "slow":
                    time.sleep(3)
                if fake.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "boom"}}')
                    return
                content = json.dumps(fake.answer, ensure_ascii=False)
                out = json.dumps({"id": "chatcmpl-1", "object": "chat.completion",
                                  "model": payload["model"],
                                  "choices": [{"index": 0, "finish_reason": "stop",
                                               "message": {"role": "assistant", "content": content}}]}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except BrokenPipeError:
                    pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


LLM_ANSWER = {"title": "Dinossauros que contam", "description": "Contagem e agrupamento com dinossauros de brinquedo.",
              "objectives": ["Contar coleções até 100", " "], "materials": ["Dinossauros de brinquedo"],
              "instructions": ["Separe os dinossauros por cor", "Conte cada grupo"],
              "duration_minutes": 40, "adaptations": ["Apoio visual"], "visual_supports": ["Quadro numérico"],
              "success_criteria": ["Conta corretamente"]}


@pytest.fixture
def fake_chat():
    servers = []

    def start(mode="answer", answer=None):
        f = FakeChat(mode, answer if answer is not None else LLM_ANSWER)
        servers.append(f)
        return f

    yield start
    for f in servers:
        f.close()


def llm_server(make_server, chat, timeout=5):
    return make_server(env={"OPENAI_API_KEY": "sk-test-key", "OPENAI_MODEL": "modelo-teste",
                            "OPENAI_BASE_URL": f"http://127.0.0.1:{chat.port}/v1",
                            "OPENAI_TIMEOUT_SECONDS": str(timeout)})


def test_llm_answer_is_used(make_server, fake_chat):
    chat = fake_chat("answer")
    srv = llm_server(make_server, chat)
    user = Api(srv).new_user()
    s = make_student(user, name="Nome Privado Único")
    r = user.post(MULTI, json=body(s["id"], pedagogical_type="jogo_educativo",
                                   bncc_competencies=["EF03MA01"]))
    assert r.status_code == 201, r.text
    a = r.json()
    assert a["title"] == "Dinossauros que contam"
    assert a["objectives"] == ["Contar coleções até 100"]  # blanks dropped
    assert a["duration_minutes"] == 40 and a["generated_by_ai"] is True
    assert a["tags"] == ["matematica", "fundamental_1_3ano"]
    md = a["generation_metadata"]
    assert md["model"] == "modelo-teste" and md["bncc_codes"] == ["EF03MA01"]
    assert md["student_profile"]["name"] == "Nome Privado Único"
    assert len(chat.requests) == 1
    req = chat.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer sk-test-key"
    assert req["body"]["model"] == "modelo-teste"
    assert req["body"]["response_format"] == {"type": "json_object"}
    prompt = json.dumps(req["body"]["messages"], ensure_ascii=False)
    assert "Nome Privado Único" not in prompt and s["id"] not in prompt
    assert "TEA Nível 1" in prompt and "dinossauros" in prompt and "EF03MA01" in prompt
    # Same inputs → served from the nlp cache, no second call.
    assert user.post(MULTI, json=body(s["id"], pedagogical_type="jogo_educativo",
                                      bncc_competencies=["EF03MA01"])).json()["title"] == "Dinossauros que contam"
    assert len(chat.requests) == 1
    # The standard route never calls the provider.
    assert user.post(GEN, json=body(s["id"])).json()["generation_metadata"]["model"] == "template-based"
    assert len(chat.requests) == 1
    health = Api(srv).get("/api/v1/health/detailed").json()
    assert health["components"]["llm"]["status"] == "configured"


@pytest.mark.parametrize("mode", ["slow", "error"])
def test_llm_failure_falls_back_to_template(make_server, fake_chat, mode):
    chat = fake_chat(mode)
    srv = llm_server(make_server, chat, timeout=1)
    user = Api(srv).new_user()
    s = make_student(user)
    started = time.time()
    r = user.post(MULTI, json=body(s["id"]))
    assert r.status_code == 201, r.text
    assert time.time() - started < 2.9  # bounded by OPENAI_TIMEOUT_SECONDS, not the server
    a = r.json()
    assert a["generation_metadata"]["model"] == "template-based"
    assert a["title"] == "Atividade de Matemática - 3º Ano - Fundamental I"
    assert len(chat.requests) == 1
    assert any(l.get("event") == "llm_fallback" for l in srv.log_lines())


def test_llm_answer_breaking_the_rules_falls_back(make_server, fake_chat):
    chat = fake_chat("answer", answer={"title": "ab", "description": "curta", "objectives": []})
    srv = llm_server(make_server, chat)
    user = Api(srv).new_user()
    s = make_student(user)
    a = user.post(MULTI, json=body(s["id"])).json()
    assert a["generation_metadata"]["model"] == "template-based"


def test_subject_requests_and_bncc_searches_reach_the_metrics(make_server):
    """INFRA.md §1.5: requests_per_subject for activities requests carrying a valid subject;
    searches_per_code for GET /activities/search/bncc/{code}; nlp cache hits/misses."""
    import requests
    from conftest import free_port
    mport = free_port()
    srv = make_server(env={"METRICS_PORT": str(mport), "METRICS_SINK": "none"})
    user = Api(srv).new_user()
    s = make_student(user)
    for _ in range(2):
        assert user.post(MULTI, json=body(s["id"], subject="historia")).status_code == 201
    assert user.get("/api/v1/activities/search?subject=historia").status_code == 200
    assert user.get("/api/v1/activities/search?subject=bogus").status_code == 422  # not counted
    assert user.get("/api/v1/activities/search/bncc/ef03ma01").status_code == 200
    text = requests.get(f"http://127.0.0.1:{mport}/metrics", timeout=5).text
    lines = [l for l in text.splitlines() if not l.startswith("#")]
    subjects = {l.rsplit(" ", 1)[0]: float(l.rsplit(" ", 1)[1])
                for l in lines if l.startswith("eduautismo_requests_per_subject_total")}
    assert subjects == {'eduautismo_requests_per_subject_total{subject="historia"}': 3.0}, subjects
    searches = [l for l in lines if l.startswith("eduautismo_bncc_searches_per_code_total")]
    assert sum(float(l.rsplit(" ", 1)[1]) for l in searches) == 1, searches
    nlp_hits = [l for l in lines if l.startswith("eduautismo_cache_hits_total") and 'cache="nlp"' in l]
    assert nlp_hits and float(nlp_hits[0].rsplit(" ", 1)[1]) == 1  # second identical generation
