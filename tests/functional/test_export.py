"""Pending-review exports (API.md §4.12; checklist §8.11): CSV and XLSX round trips through
Python's csv module and openpyxl, with Portuguese text intact."""
import csv
import datetime as dt
import gzip
import io
import re
import time
import uuid

import pytest

from conftest import Api
from plan_helpers import (EXPORT, PLANS, CareWorld, as_prof, create_plan, days_ago, db_exec,
                          today)

openpyxl = pytest.importorskip("openpyxl")

CSV_HEADER = ["ID", "Prioridade", "Título", "Descrição", "Status", "Frequência de Revisão",
              "Precisa Revisão", "Última Revisão", "Data de Criação", "Data de Atualização"]


@pytest.fixture
def fresh(make_server):
    return CareWorld(Api(make_server()))


def seed_ip16(w, p1_title="Plano P1 de revisão"):
    titles = [p1_title, "Plano P2 de revisão", "Plano P3 de revisão", "Plano P4 concluído"]
    plans = [create_plan(w.t1, w.s1, w.psy, title=t) for t in titles]
    p1, p2, p3, p4 = plans
    srv = w.t1.server
    db_exec(srv, f"UPDATE intervention_plans SET status = 'active' WHERE id IN ('{p1['id']}', '{p2['id']}', '{p3['id']}')")
    db_exec(srv, f"UPDATE intervention_plans SET last_reviewed_at = '{days_ago(15)}' WHERE id = '{p2['id']}'")
    db_exec(srv, f"UPDATE intervention_plans SET last_reviewed_at = '{days_ago(8)}' WHERE id = '{p3['id']}'")
    db_exec(srv, f"UPDATE intervention_plans SET status = 'completed', start_date = '{days_ago(30)}', "
                 f"end_date = '{days_ago(1)}' WHERE id = '{p4['id']}'")
    return plans


def br(iso_date):
    y, m, d = iso_date.split("-")
    return f"{d}/{m}/{y}"


def read_csv(r):
    assert r.content.startswith("\ufeff".encode())
    text = r.content.decode("utf-8")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_ex01_ex02_ex03_summary_auth_and_empty(fresh, api):
    w = fresh
    r = w.t1.get(EXPORT + "/summary")
    assert r.status_code == 200
    assert r.json() == {"total": 0, "high_priority": 0, "medium_priority": 0, "low_priority": 0,
                        "excel_available": True}
    for path in ("/csv", "/excel"):
        r = w.t1.get(EXPORT + path)
        assert r.status_code == 404 and r.json() == {"detail": "No plans found to export"}
    anon = Api(w.t1.server)
    for path in ("/summary", "/csv", "/excel"):
        r = anon.get(EXPORT + path)
        assert r.status_code == 401 and r.json() == {"detail": "Not authenticated"}
    seed_ip16(w)
    r = w.t1.get(EXPORT + "/summary")
    assert list(r.json().keys()) == ["total", "high_priority", "medium_priority", "low_priority",
                                     "excel_available"]
    assert r.json() == {"total": 3, "high_priority": 2, "medium_priority": 1, "low_priority": 0,
                        "excel_available": True}
    assert w.t1.get(EXPORT + "/summary", params={"priority": "high"}).json()["total"] == 2
    e = w.t1.get(EXPORT + "/summary", params={"priority": "invalid"})
    assert e.status_code == 422 and e.json()["detail"][0]["type"] == "string_pattern_mismatch"
    assert w.t1.get(EXPORT + "/summary", params={"professional_id": w.spe["id"]}).json()["total"] == 0
    assert w.t1.get(EXPORT + "/summary", params={"professional_id": w.psy["id"]}).json()["total"] == 3


def test_ex04_csv(fresh):
    w = fresh
    p1, p2, p3, _ = seed_ip16(w)
    r = w.t1.get(EXPORT + "/csv")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="planos_pendentes_\d{8}_\d{6}\.csv"',
                        r.headers["Content-Disposition"])
    stamp = re.search(r"(\d{8})_\d{6}", r.headers["Content-Disposition"]).group(1)
    assert stamp == today().strftime("%Y%m%d")
    raw = r.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    lines = raw[1:].split("\r\n")
    assert lines[0] == ",".join(f'"{h}"' for h in CSV_HEADER)
    assert lines[-1] == "" and len(lines) == 5 and "\n" not in "".join(lines)
    rows = read_csv(r)
    assert rows[0] == CSV_HEADER
    data = rows[1:]
    assert [x[0] for x in data] == [p1["id"], p2["id"], p3["id"]]
    assert [x[1] for x in data] == ["HIGH", "HIGH", "MEDIUM"]
    assert all(x[4] == "active" and x[5] == "weekly" and x[6] == "Sim" for x in data)
    assert [x[7] for x in data] == ["Nunca", br(days_ago(15)), br(days_ago(8))]
    assert data[0][2] == "Plano P1 de revisão"
    assert data[0][3] == "Plano focado em competências socioemocionais"
    created = dt.datetime.strptime(p1["created_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert data[0][8] == created.strftime("%d/%m/%Y %H:%M")
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", data[0][9])


def test_ex05_include_student_and_quoting(fresh):
    w = fresh
    tricky = 'Plano "Especial", ação; ênfase'
    seed_ip16(w, p1_title=tricky)
    p1 = w.t1.get(PLANS + "/pending-review").json()["items"][0]
    w.t1.put(f"{PLANS}/{p1['id']}", json={"description": None}, headers=as_prof(w.psy))
    r = w.t1.get(EXPORT + "/csv", params={"include_student": "true"})
    assert r.status_code == 200
    raw = r.content.decode("utf-8")
    assert raw[1:].split("\r\n")[0].endswith('"Data de Atualização","Aluno ID","Aluno Nome","Aluno Idade"')
    assert '"Plano ""Especial"", ação; ênfase"' in raw
    rows = read_csv(r)
    assert rows[0] == CSV_HEADER + ["Aluno ID", "Aluno Nome", "Aluno Idade"]
    first = rows[1]
    assert first[2] == tricky and first[3] == ""
    assert first[10] == w.s1["id"] and first[11] == "João Silva" and first[12] == "10"
    assert all(len(row) == 13 for row in rows)


def test_ex06_limits(fresh):
    w = fresh
    for q in ({"limit": 5000}, {"limit": 2000}):
        assert w.t1.get(EXPORT + "/csv", params=q).status_code == 404
    seed_ip16(w)
    for q in ({"limit": 5000}, {"limit": 2000}):
        assert w.t1.get(EXPORT + "/csv", params=q).status_code == 200
        assert w.t1.get(EXPORT + "/excel", params=q).status_code == 200
    for q in ({"limit": 5001}, {"limit": 0}, {"skip": -1}, {"professional_id": "invalid-uuid"},
              {"priority": "nonexistent"}, {"include_student": "talvez"}):
        for path in ("/csv", "/excel"):
            r = w.t1.get(EXPORT + path, params=q)
            assert r.status_code == 422, (path, q, r.text)
    e = w.t1.get(EXPORT + "/csv", params={"priority": "nonexistent"}).json()["detail"][0]
    assert e["ctx"] == {"pattern": "^(high|medium|low)$"}
    r = w.t1.get(EXPORT + "/csv", params={"priority": "high", "limit": 100})
    assert r.status_code == 200 and len(read_csv(r)) == 3
    r = w.t1.get(EXPORT + "/csv", params={"skip": 2, "limit": 1})
    assert [x[1] for x in read_csv(r)[1:]] == ["MEDIUM"]
    assert w.t1.get(EXPORT + "/csv", params={"skip": 3}).status_code == 404
    assert w.t1.get(EXPORT + "/csv", params={"professional_id": w.spe["id"]}).status_code == 404
    assert w.t1.get(EXPORT + "/excel", params={"professional_id": w.spe["id"]}).status_code == 404


def test_ex07_excel(fresh):
    w = fresh
    p1, p2, p3, _ = seed_ip16(w, p1_title="Avaliação de comunicação — ênfase em ações")
    r = w.t1.get(EXPORT + "/excel", headers={"Accept-Encoding": "gzip"}, stream=True)
    assert r.status_code == 200
    assert "Content-Encoding" not in r.headers  # XLSX is never compressed
    body = r.raw.read()
    assert r.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(r'attachment; filename="planos_pendentes_\d{8}_\d{6}\.xlsx"',
                        r.headers["Content-Disposition"])
    wb = openpyxl.load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["Planos Pendentes de Revisão", "Resumo"]
    ws = wb["Planos Pendentes de Revisão"]
    header = [c.value for c in ws[1]]
    assert header == ["Prioridade"] + [h for h in CSV_HEADER if h != "Prioridade"]
    assert ws["A1"].font.bold and ws["A1"].font.color.rgb.endswith("FFFFFF")
    assert ws["A1"].fill.fgColor.rgb.endswith("4472C4")
    assert ws.max_row == 4
    assert [ws.cell(row=i, column=1).value for i in range(2, 5)] == ["HIGH", "HIGH", "MEDIUM"]
    assert [ws.cell(row=i, column=2).value for i in range(2, 5)] == [p1["id"], p2["id"], p3["id"]]
    assert ws["C2"].value == "Avaliação de comunicação — ênfase em ações"
    assert ws["D2"].value == "Plano focado em competências socioemocionais"
    assert ws["G2"].value == "Sim" and ws["H2"].value == "Nunca" and ws["H3"].value == br(days_ago(15))
    assert ws["A2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["A4"].fill.fgColor.rgb.endswith("FFEB9C")
    assert ws.column_dimensions["A"].width == pytest.approx(20, abs=1)
    s = wb["Resumo"]
    assert s["A1"].value == "Resumo da Exportação" and s["A1"].font.bold and s["A1"].font.sz == 14
    assert [s[f"A{i}"].value for i in (3, 4, 5, 6, 8)] == [
        "Total de Planos:", "Alta Prioridade:", "Média Prioridade:", "Baixa Prioridade:",
        "Data da Exportação:"]
    assert [s[f"B{i}"].value for i in (3, 4, 5, 6)] == [3, 2, 1, 0]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", s["B8"].value)
    # counts are those of the selection before skip/limit; priority filter applies
    r = w.t1.get(EXPORT + "/excel", params={"priority": "high", "skip": 1, "include_student": "true"})
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb["Planos Pendentes de Revisão"]
    assert ws.max_row == 2 and ws["B2"].value == p2["id"]
    assert [c.value for c in ws[1]][-3:] == ["Aluno ID", "Aluno Nome", "Aluno Idade"]
    assert ws.cell(row=2, column=12).value == "João Silva" and ws.cell(row=2, column=13).value == 10
    assert [wb["Resumo"][f"B{i}"].value for i in (3, 4, 5, 6)] == [2, 2, 0, 0]


def seed_many(w, n):
    """n active, never-reviewed plans inserted directly (one statement per row)."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values = []
    for i in range(n):
        pid = str(uuid.uuid4())
        values.append(
            f"('{pid}', '{w.s1['id']}', '{w.psy['id']}', 'Plano em massa nº {i} — revisão', "
            f"'Objetivo com acentuação suficiente para o teste', 'Descrição \"{i}\"', '[{{}}]', '[\"a\"]', '{{}}', "
            f"'{today().isoformat()}', '{(today() + dt.timedelta(days=30)).isoformat()}', 'weekly', "
            f"'active', 0, '1', '{now}', '{now}')")
    db_exec(w.t1.server,
            "INSERT INTO intervention_plans (id, student_id, created_by_id, title, objective, description, "
            "strategies, target_behaviors, success_criteria, start_date, end_date, review_frequency, status, "
            "progress_percentage, needs_review, created_at, updated_at) VALUES " + ", ".join(values))


def test_ex08_performance(fresh):
    w = fresh
    seed_many(w, 1000)
    t0 = time.monotonic()
    r = w.t1.get(EXPORT + "/csv", params={"include_student": "true"})
    csv_s = time.monotonic() - t0
    assert r.status_code == 200 and len(read_csv(r)) == 1001
    assert csv_s < 5, csv_s
    t0 = time.monotonic()
    r = w.t1.get(EXPORT + "/excel")
    xlsx_s = time.monotonic() - t0
    assert r.status_code == 200
    assert xlsx_s < 10, xlsx_s
    ws = openpyxl.load_workbook(io.BytesIO(r.content))["Planos Pendentes de Revisão"]
    assert ws.max_row == 1001
    assert ws["C2"].value.startswith("Plano em massa nº") and ws["C2"].value.endswith("— revisão")
    r = w.t1.get(EXPORT + "/csv", headers={"Accept-Encoding": "gzip"}, stream=True)
    assert r.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(r.raw.read()).startswith("\ufeff".encode())
