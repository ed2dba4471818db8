"""Helpers for the intervention-plan, notification and export tests (API.md §4.9, §4.11, §4.12).

`db_exec(server, sql)` runs SQL directly against a server's database (SQLite file or
PostgreSQL) to seed states the API cannot produce (a review 15 days ago, an expired
notification). Write dialect-neutral SQL: dates/timestamps as quoted ISO strings, booleans as
'0'/'1' string literals (PostgreSQL accepts them for boolean, SQLite stores them as integers).
"""
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import uuid

import pytest

from care_helpers import make_professional, user_or_skip  # noqa: F401 (re-exported)

PLANS = "/api/v1/intervention-plans"
NOTIFS = "/api/v1/notifications"
EXPORT = "/api/v1/export/pending-review"


def today():
    return dt.datetime.now(dt.timezone.utc).date()


def days_ago(n):
    return (today() - dt.timedelta(days=n)).isoformat()


def years_ago(n):
    t = today()
    try:
        return t.replace(year=t.year - n).isoformat()
    except ValueError:  # Feb 29
        return t.replace(year=t.year - n, day=28).isoformat()


def db_exec(server, sql):
    """Runs one or more statements against the server's database; returns rows of the last."""
    url = server.env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        psql = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
        out = subprocess.run([psql, url, "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", "-f", "-"],
                             input=sql, check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]
    path = os.path.join(server.env["EDU_DATA_DIR"], "eduautismo.db")
    con = sqlite3.connect(path, timeout=30)
    try:
        cur = con.cursor()
        rows = []
        for stmt in [s for s in sql.split(";") if s.strip()]:
            cur.execute(stmt)
            rows = cur.fetchall()
        con.commit()
        return [tuple("" if v is None else str(v) for v in r) for r in rows]
    finally:
        con.close()


def student_or_skip(user, name="João Silva"):
    body = {"name": name, "date_of_birth": years_ago(10), "age": 9, "diagnosis": "TEA Nível 1",
            "tea_level": "level_1", "interests": ["dinossauros", "lego"]}
    r = user.post("/api/v1/students/", json=body)
    if r.status_code == 404:
        pytest.skip("students routes not available in this build")
    assert r.status_code == 201, r.text
    return r.json()


def plan_body(student_id, involved=(), **overrides):
    body = {
        "student_id": student_id,
        "title": "Plano de Desenvolvimento Socioemocional",
        "objective": "Desenvolver habilidades de regulação emocional e interação social",
        "description": "Plano focado em competências socioemocionais",
        "strategies": [
            {"name": "Rotina visual", "description": "Quadro de rotina com pictogramas"},
            {"name": "Pausas sensoriais", "description": "Intervalos programados"},
        ],
        "target_behaviors": ["Esperar a vez", "Pedir ajuda", "Nomear emoções"],
        "success_criteria": {"frequencia": "3x por semana", "duracao": "10 minutos",
                             "independencia": "parcial", "registro": "diário"},
        "start_date": today().isoformat(),
        "end_date": (today() + dt.timedelta(days=90)).isoformat(),
        "review_frequency": "weekly",
        "professionals_involved_ids": list(involved),
    }
    body.update(overrides)
    return body


def as_prof(pro):
    """Headers acting as a professional (dict or id)."""
    pid = pro["id"] if isinstance(pro, dict) else pro
    return {"X-Professional-ID": pid}


def create_plan(user, student, creator, involved=(), **overrides):
    r = user.post(PLANS + "/", json=plan_body(student["id"], [p["id"] for p in involved], **overrides),
                  headers=as_prof(creator))
    assert r.status_code == 201, r.text
    return r.json()


def set_status(user, plan, pro, status):
    r = user.post(f"{PLANS}/{plan['id']}/status", json={"status": status}, headers=as_prof(pro))
    assert r.status_code == 200, r.text
    return r.json()


def notifications_of(user, **params):
    params.setdefault("limit", 100)
    r = user.get(NOTIFS + "/", params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


class CareWorld:
    """T1 with student S1; professionals PSY, SPE, TEA created through the API."""

    def __init__(self, api):
        self.api = api
        self.t1 = user_or_skip(api)
        self.s1 = student_or_skip(self.t1)
        self.psy = make_professional(self.t1, "psychologist")
        self.spe = make_professional(self.t1, "speech_therapist")
        self.tea = make_professional(self.t1, "teacher")


def random_id():
    return str(uuid.uuid4())
