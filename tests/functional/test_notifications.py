"""Notifications (API.md §4.11, triggers §4.11.7; checklist §8.10)."""
import datetime as dt
import re
import time

import pytest

from conftest import Api
from plan_helpers import (NOTIFS, PLANS, as_prof, create_plan, days_ago, db_exec, make_professional,
                          notifications_of, random_id, set_status, student_or_skip, user_or_skip)

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
KEYS = ["id", "user_id", "type", "priority", "title", "message", "intervention_plan_id",
        "action_url", "is_read", "read_at", "created_at", "expires_at", "is_expired"]
RANK = {"urgent": 4, "high": 3, "medium": 2, "low": 1}


def parse_ts(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


class Team:
    """T1 owns S1; T2 acts as PSY (an unlinked professional); T3 is linked to SPE (same e-mail)."""

    def __init__(self, api):
        self.t1 = user_or_skip(api)
        self.s1 = student_or_skip(self.t1)
        self.t2 = api.new_user("teacher")
        self.t3 = api.new_user("therapist")
        self.psy = make_professional(self.t1, "psychologist")
        self.spe = make_professional(self.t1, "speech_therapist", email=self.t3.email)


@pytest.fixture
def team(make_server):
    return Team(Api(make_server()))


def of_plan(items, plan):
    return [n for n in items if n["intervention_plan_id"] == plan["id"]]


def test_nt12_to_nt14_triggers(team):
    t = team
    plan = create_plan(t.t2, t.s1, t.psy)
    mine = notifications_of(t.t1)
    assert len(mine) == 1
    n = mine[0]
    assert list(n.keys()) == KEYS
    assert (n["type"], n["priority"]) == ("plan_created", "medium")
    assert n["title"] == "Novo plano de intervenção"
    assert n["message"] == f'O plano "{plan["title"]}" foi criado para o aluno João Silva.'
    assert n["action_url"] == f"/intervention-plans/{plan['id']}"
    assert n["intervention_plan_id"] == plan["id"] and n["user_id"] == t.t1.user["id"]
    assert n["is_read"] is False and n["read_at"] is None and n["is_expired"] is False
    delta = parse_ts(n["expires_at"]) - parse_ts(n["created_at"])
    assert delta == dt.timedelta(days=30)
    assert notifications_of(t.t2) == []  # the actor is excluded
    assert notifications_of(t.t3) == []  # SPE is not involved yet

    # NT-13: status change + review pending
    set_status(t.t2, plan, t.psy, "active")
    mine = of_plan(notifications_of(t.t1), plan)
    by_title = {x["title"]: x for x in mine}
    s = by_title["Status do plano alterado"]
    assert (s["type"], s["priority"]) == ("plan_updated", "medium")
    assert s["message"] == f'O plano "{plan["title"]}" passou de Rascunho para Ativo.'
    rp = by_title["Revisão pendente"]
    assert (rp["type"], rp["priority"]) == ("review_overdue", "high")
    assert rp["message"] == f'O plano "{plan["title"]}" do aluno João Silva ainda não foi revisado.'
    assert parse_ts(rp["expires_at"]) - parse_ts(rp["created_at"]) == dt.timedelta(days=7)
    # the same status again is no change: no new notification
    set_status(t.t2, plan, t.psy, "active")
    assert len(of_plan(notifications_of(t.t1), plan)) == 3

    # NT-14: progress note, professional added
    r = t.t2.post(f"{PLANS}/{plan['id']}/progress-notes", json={"note": "Boa evolução nesta semana"},
                  headers=as_prof(t.psy))
    assert r.status_code == 200
    rev = [x for x in notifications_of(t.t1) if x["type"] == "plan_reviewed"]
    assert len(rev) == 1 and rev[0]["priority"] == "low" and rev[0]["title"] == "Plano revisado"
    assert rev[0]["message"] == f'Uma nota de progresso foi registrada no plano "{plan["title"]}".'
    r = t.t2.post(f"{PLANS}/{plan['id']}/professionals", json={"professional_id": t.spe["id"]},
                  headers=as_prof(t.psy))
    assert r.status_code == 200
    t3n = notifications_of(t.t3)
    assert len(t3n) == 1
    assert (t3n[0]["type"], t3n[0]["priority"]) == ("plan_updated", "medium")
    assert t3n[0]["title"] == "Você foi incluído em um plano"
    assert t3n[0]["message"] == f'Você foi incluído no plano "{plan["title"]}" do aluno João Silva.'
    assert notifications_of(t.t2) == []

    # plan updated (not status): T1 and now T3 (linked to the involved SPE) are notified
    r = t.t2.put(f"{PLANS}/{plan['id']}", json={"title": "Plano Revisto de Socialização"},
                 headers=as_prof(t.psy))
    assert r.status_code == 200
    for user in (t.t1, t.t3):
        upd = [x for x in notifications_of(user) if x["title"] == "Plano atualizado"]
        assert len(upd) == 1 and upd[0]["priority"] == "low" and upd[0]["type"] == "plan_updated"
        assert upd[0]["message"] == 'O plano "Plano Revisto de Socialização" foi atualizado.'
    before = len(notifications_of(t.t1))
    r = t.t2.put(f"{PLANS}/{plan['id']}", json={"title": "Plano Revisto de Socialização"},
                 headers=as_prof(t.psy))
    assert r.status_code == 200
    assert len(notifications_of(t.t1)) == before  # nothing changed → no notification
    # a PUT that changes the status sends the status notification, not "Plano atualizado"
    r = t.t2.put(f"{PLANS}/{plan['id']}", json={"status": "paused", "progress_percentage": 40},
                 headers=as_prof(t.psy))
    assert r.status_code == 200
    newest = [x for x in notifications_of(t.t1) if x["title"] == "Status do plano alterado"]
    assert any(x["message"].endswith("passou de Ativo para Pausado.") for x in newest)
    assert len([x for x in notifications_of(t.t1) if x["title"] == "Plano atualizado"]) == 1
    # T1 acting on a plan is excluded from its own request events
    r = t.t1.post(f"{PLANS}/{plan['id']}/status", json={"status": "completed"}, headers=as_prof(t.psy))
    assert r.status_code == 200
    assert not any(x["message"].endswith("para Concluído.") for x in notifications_of(t.t1))
    assert any(x["message"].endswith("passou de Pausado para Concluído.") for x in notifications_of(t.t3))


def test_inactive_user_is_skipped(team):
    t = team
    db_exec(t.t1.server, f"UPDATE users SET is_active = '0' WHERE id = '{t.t3.user['id']}'")
    plan = create_plan(t.t2, t.s1, t.psy, involved=[t.spe])
    assert len(notifications_of(t.t1)) == 1
    rows = db_exec(t.t1.server, f"SELECT COUNT(*) FROM notifications WHERE user_id = '{t.t3.user['id']}'")
    assert rows[0][0] == "0"
    assert plan["professionals_involved_ids"] == [t.spe["id"]]


def seed(t, n):
    """n notifications for T1 through plan triggers (T2 acts)."""
    plans = [create_plan(t.t2, t.s1, t.psy, title=f"Plano número {i:02d}") for i in range(n)]
    return plans


def test_nt01_to_nt11_inbox(team):
    t = team
    plans = seed(t, 3)
    set_status(t.t2, plans[0], t.psy, "active")  # + status (medium) + review pending (high)
    r = t.t1.get(NOTIFS)
    assert r.status_code == 200
    body = r.json()
    assert list(body.keys()) == ["items", "total", "unread_count", "has_more"]
    assert body["total"] == 5 and body["unread_count"] == 5 and body["has_more"] is False
    items = body["items"]
    assert all(list(n.keys()) == KEYS for n in items)
    assert all(isinstance(n["id"], str) and TS.match(n["created_at"]) for n in items)
    ranks = [RANK[n["priority"]] for n in items]
    assert ranks == sorted(ranks, reverse=True)
    assert items[0]["title"] == "Revisão pendente"
    same = [n["created_at"] for n in items if n["priority"] == "medium"]
    assert same == sorted(same, reverse=True)
    # other users never see them
    assert t.t2.get(NOTIFS + "/").json()["total"] == 0
    # NT-02 pagination
    a = t.t1.get(NOTIFS, params={"skip": 0, "limit": 2}).json()
    b = t.t1.get(NOTIFS, params={"skip": 2, "limit": 2}).json()
    c = t.t1.get(NOTIFS, params={"skip": 4, "limit": 2}).json()
    assert len(a["items"]) == 2 and len(b["items"]) == 2 and len(c["items"]) == 1
    assert a["items"][0]["id"] != b["items"][0]["id"]
    assert (a["has_more"], b["has_more"], c["has_more"]) == (True, True, False)
    for bad in ({"skip": -1}, {"limit": 0}, {"limit": 200}, {"unread_only": "talvez"}):
        assert t.t1.get(NOTIFS, params=bad).status_code == 422
    # NT-03 filters
    assert all(n["type"] == "review_overdue" for n in t.t1.get(NOTIFS, params={"type": "review_overdue"}).json()["items"])
    assert t.t1.get(NOTIFS, params={"priority": "high"}).json()["total"] == 1
    assert t.t1.get(NOTIFS, params={"priority": "urgent"}).json()["total"] == 0
    for bad in ({"type": "foo"}, {"priority": "foo"}):
        e = t.t1.get(NOTIFS, params=bad)
        assert e.status_code == 422 and e.json()["detail"][0]["type"] == "enum"
    # NT-06 read / unread
    nid = items[-1]["id"]
    r = t.t1.patch(f"{NOTIFS}/{nid}", json={"is_read": True})
    assert r.status_code == 200 and r.json()["is_read"] is True and TS.match(r.json()["read_at"])
    first_read = r.json()["read_at"]
    r = t.t1.patch(f"{NOTIFS}/{nid}", json={"is_read": "yes"})
    assert r.json()["read_at"] == first_read  # unchanged when already read
    unread = t.t1.get(NOTIFS, params={"unread_only": "true"}).json()
    assert unread["total"] == 4 and all(not n["is_read"] for n in unread["items"])
    assert unread["unread_count"] == 4
    assert t.t1.get(NOTIFS + "/unread-count").json() == {"unread_count": 4}
    r = t.t1.patch(f"{NOTIFS}/{nid}", json={"is_read": False})
    assert r.status_code == 200 and r.json()["is_read"] is False and r.json()["read_at"] is None
    # NT-07 not found / not owner / no field / bad id
    not_found = {"detail": "Notification not found or unauthorized"}
    r = t.t1.patch(f"{NOTIFS}/{random_id()}", json={"is_read": True})
    assert r.status_code == 404 and r.json() == not_found
    r = t.t2.patch(f"{NOTIFS}/{nid}", json={"is_read": True})
    assert r.status_code == 404 and r.json() == not_found
    assert t.t2.delete(f"{NOTIFS}/{nid}").status_code == 404
    for body_ in ({}, {"is_read": None}):
        r = t.t1.patch(f"{NOTIFS}/{random_id()}", json=body_)
        assert r.status_code == 400 and r.json() == {"detail": "No valid update fields provided"}
    assert t.t1.patch(f"{NOTIFS}/invalid-uuid", json={"is_read": True}).status_code == 422
    assert t.t1.patch(f"{NOTIFS}/{nid}", json={"is_read": "talvez"}).status_code == 422
    # NT-05 stats
    s = t.t1.get(NOTIFS + "/stats").json()
    assert list(s.keys()) == ["total", "unread", "by_type", "by_priority", "urgent_count"]
    assert s["total"] == 5 and s["unread"] == 5 and s["urgent_count"] == 0
    assert s["by_type"] == {"review_overdue": 1, "plan_created": 3, "plan_updated": 1}
    assert s["by_priority"] == {"medium": 4, "high": 1}
    # NT-11 expired: hidden from the list and the unread count, counted in stats.total
    db_exec(t.t1.server, f"UPDATE notifications SET expires_at = '2020-01-01T00:00:00.000000Z' WHERE id = '{nid}'")
    lst = t.t1.get(NOTIFS).json()
    assert lst["total"] == 4 and nid not in [n["id"] for n in lst["items"]] and lst["unread_count"] == 4
    assert t.t1.get(NOTIFS + "/unread-count").json() == {"unread_count": 4}
    s = t.t1.get(NOTIFS + "/stats").json()
    assert s["total"] == 5 and s["unread"] == 4
    # NT-08 mark all read (expired included)
    r = t.t1.post(NOTIFS + "/mark-all-read")
    assert r.status_code == 200 and r.json() == {"updated_count": 5, "message": "5 notifications marked as read"}
    assert t.t1.post(NOTIFS + "/mark-all-read").json() == {"updated_count": 0, "message": "0 notifications marked as read"}
    assert t.t1.get(NOTIFS + "/unread-count").json() == {"unread_count": 0}
    # NT-09 delete
    keep = lst["items"][0]["id"]
    r = t.t1.delete(f"{NOTIFS}/{keep}")
    assert r.status_code == 204 and r.content == b""
    assert t.t1.delete(f"{NOTIFS}/{keep}").status_code == 404
    r = t.t1.delete(f"{NOTIFS}/{random_id()}")
    assert r.status_code == 404 and r.json() == not_found


def test_nt04_x03_x05_routing_and_credentials(api):
    for method, path in (("GET", NOTIFS), ("GET", NOTIFS + "/unread-count"), ("GET", NOTIFS + "/stats"),
                         ("POST", NOTIFS + "/mark-all-read"), ("PATCH", f"{NOTIFS}/{random_id()}"),
                         ("DELETE", f"{NOTIFS}/{random_id()}")):
        r = api.request(method, path, json={"is_read": True})
        assert r.status_code == 401 and r.json() == {"detail": "Not authenticated"}
    user = user_or_skip(api)
    for path in (NOTIFS, NOTIFS + "/"):
        r = user.get(path, allow_redirects=False)
        assert r.status_code == 200
    r = user.get(f"{NOTIFS}/{random_id()}")
    assert r.status_code == 405 and r.headers["Allow"] == "DELETE, PATCH"


def test_nt15_sweep(make_server):
    srv = make_server(env={"NOTIFICATION_SWEEP_INTERVAL_SECONDS": "2"})
    t = Team(Api(srv))
    plans = {}
    for name, reviewed in (("critical", 20), ("overdue", 9), ("soon", 5), ("fine", 1)):
        p = create_plan(t.t2, t.s1, t.psy, title=f"Plano semeado {name}")
        db_exec(srv, f"UPDATE intervention_plans SET status = 'active', last_reviewed_at = "
                     f"'{days_ago(reviewed)}' WHERE id = '{p['id']}'")
        plans[name] = p
    expected = {"critical": ("high_priority", "urgent", "Plano de Alta Prioridade", 3),
                "overdue": ("review_overdue", "high", "Revisão Atrasada: 2 dias", 7),
                "soon": ("review_due_soon", "medium", "Revisão em 2 dias", 7)}
    review_types = {"high_priority", "review_overdue", "review_due_soon"}

    def review_notes():
        return [n for n in notifications_of(t.t1) if n["type"] in review_types]

    deadline = time.time() + 20
    while time.time() < deadline and len(review_notes()) < 3:
        time.sleep(0.3)
    got = review_notes()
    assert len(got) == 3, got
    for name, (typ, prio, title, days) in expected.items():
        n = of_plan(got, plans[name])
        assert len(n) == 1, name
        assert (n[0]["type"], n[0]["priority"], n[0]["title"]) == (typ, prio, title)
        assert parse_ts(n[0]["expires_at"]) - parse_ts(n[0]["created_at"]) == dt.timedelta(days=days)
    assert of_plan(got, plans["critical"])[0]["message"] == "Um plano de intervenção requer atenção imediata."
    assert of_plan(got, plans["soon"])[0]["message"] == "O plano de intervenção do aluno deve ser revisado em breve."
    assert of_plan(got, plans["overdue"])[0]["message"] == \
        "O plano de intervenção do aluno requer revisão urgente. Está 2 dias atrasado."
    # further sweeps within 24 h add nothing
    time.sleep(5)
    assert len(review_notes()) == 3
    sweeps = [l for l in srv.log_lines() if l.get("event") == "notification_sweep"]
    assert len(sweeps) >= 2
    # the sweep purges notifications that expired more than 30 days ago
    victim = got[0]["id"]
    db_exec(srv, f"UPDATE notifications SET expires_at = '2020-01-01T00:00:00.000000Z' WHERE id = '{victim}'")
    deadline = time.time() + 10
    while time.time() < deadline:
        if db_exec(srv, f"SELECT COUNT(*) FROM notifications WHERE id = '{victim}'")[0][0] == "0":
            break
        time.sleep(0.3)
    assert db_exec(srv, f"SELECT COUNT(*) FROM notifications WHERE id = '{victim}'")[0][0] == "0"


def test_sweep_runs_once_per_interval_across_instances(make_server, postgres):
    """Two servers on one database: the advisory lock plus the shared last-run time mean one
    sweep per interval between them and no duplicate review notifications."""
    if postgres is None:
        pytest.skip("needs a shared database server (PostgreSQL)")
    url = make_server.new_database_url()
    a = make_server(env={"NOTIFICATION_SWEEP_INTERVAL_SECONDS": "3"}, database_url=url)
    b = make_server(env={"NOTIFICATION_SWEEP_INTERVAL_SECONDS": "3"}, database_url=url)
    t = Team(Api(a))
    p = create_plan(t.t2, t.s1, t.psy, title="Plano compartilhado")
    db_exec(a, f"UPDATE intervention_plans SET status = 'active', last_reviewed_at = '{days_ago(20)}' WHERE id = '{p['id']}'")
    time.sleep(8)
    urgent = [n for n in notifications_of(t.t1) if n["type"] == "high_priority"]
    assert len(urgent) == 1
    ran = sorted(parse_log_ts(l["timestamp"]) for s in (a, b) for l in s.log_lines()
                 if l.get("event") == "notification_sweep")
    assert len(ran) >= 2
    # never two rounds closer than half the interval, whichever instance ran them
    gaps = [(y - x).total_seconds() for x, y in zip(ran, ran[1:])]
    assert min(gaps) >= 1.4, gaps


def parse_log_ts(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")


def test_sweep_thread_stops_cleanly_on_sigterm(make_server):
    srv = make_server(env={"NOTIFICATION_SWEEP_INTERVAL_SECONDS": "3600"})
    deadline = time.time() + 10
    while time.time() < deadline and not any(l.get("event") == "notification_sweep" for l in srv.log_lines()):
        time.sleep(0.1)
    assert any(l.get("event") == "notification_sweep" for l in srv.log_lines())
    t0 = time.time()
    assert srv.stop() == 0
    assert time.time() - t0 < 8  # the hour-long wait is interrupted, not awaited


def test_sweep_disabled_with_zero(team):
    t = team
    p = create_plan(t.t2, t.s1, t.psy)
    db_exec(t.t1.server, f"UPDATE intervention_plans SET status = 'active', last_reviewed_at = '{days_ago(20)}' WHERE id = '{p['id']}'")
    time.sleep(1.5)
    assert [n for n in notifications_of(t.t1) if n["type"] == "high_priority"] == []
    assert not [l for l in t.t1.server.log_lines() if l.get("event") == "notification_sweep"]
    # reading the plan evaluates needs_review: the stored flag turns true → urgent notification
    assert t.t1.get(f"{PLANS}/{p['id']}").json()["needs_review"] is True
    assert len([n for n in notifications_of(t.t1) if n["type"] == "high_priority"]) == 1


def test_openapi_lists_the_care_b_routes(api):
    paths = api.get("/openapi.json").json()["paths"]
    for p in ("/api/v1/intervention-plans/pending-review", "/api/v1/intervention-plans/{plan_id}",
              "/api/v1/intervention-plans/{plan_id}/progress-notes",
              "/api/v1/notifications/{notification_id}", "/api/v1/notifications/mark-all-read",
              "/api/v1/export/pending-review/excel"):
        assert any(k.rstrip("/") == p for k in paths), p
