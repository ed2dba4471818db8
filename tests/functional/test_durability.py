"""Durability (issue 3), on both backends: a client sends 1,000 inserts through the API
(`POST /api/v1/professionals`) from a few concurrent connections and records every
acknowledged id; the server is SIGKILLed mid-stream and restarted on the same database; the
client carries on. Afterwards every acknowledged row is present and complete, and the only
rows that were never acknowledged are requests that were in flight at the kill — whole rows,
never half-written ones."""
import signal
import threading
import time
import uuid

import requests

from conftest import Api, db_sql

TOTAL = 1000
CLIENTS = 4
KILL_AFTER = 300  # acknowledged inserts before the SIGKILL


def body_for(run, i):
    return {"name": f"Durabilidade {i:04d}", "email": f"dur-{run}-{i:04d}@escola.com.br",
            "role": "psychopedagogist", "organization": f"Escola Durável {run}",
            "specialization": None, "license_number": f"LIC-{i:04d}", "phone": None}


class Stream:
    """Hands out sequence numbers to the client threads and records the outcomes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.next = 0
        self.acked = {}       # i -> id returned by the server (201)
        self.in_doubt = set()  # i whose request got no answer (server killed meanwhile)
        self.rejected = {}    # i -> status (must stay empty)

    def take(self):
        with self.lock:
            if self.next >= TOTAL:
                return None
            self.next += 1
            return self.next - 1


def send_all(stream, base_url, token, run, stop_on_error):
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}"}
    while True:
        i = stream.take()
        if i is None:
            return
        try:
            r = session.post(base_url + "/api/v1/professionals", json=body_for(run, i),
                             headers=headers, timeout=30)
        except requests.RequestException:
            with stream.lock:
                stream.in_doubt.add(i)
            if stop_on_error.is_set():
                return
            continue
        with stream.lock:
            if r.status_code == 201:
                stream.acked[i] = r.json()["id"]
            else:
                stream.rejected[i] = (r.status_code, r.text[:200])


def run_clients(stream, server, token, run, until_acked=None):
    stop = threading.Event()
    threads = [threading.Thread(target=send_all, args=(stream, server.base_url, token, run, stop))
               for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    if until_acked is not None:
        while len(stream.acked) < until_acked and any(t.is_alive() for t in threads):
            time.sleep(0.002)
        stop.set()
        server.proc.send_signal(signal.SIGKILL)  # mid-stream: requests are in flight
        server.proc.wait()
    for t in threads:
        t.join()


def test_acknowledged_inserts_survive_sigkill(make_server):
    url = make_server.fresh_database_url()
    run = uuid.uuid4().hex[:8]
    s1 = make_server(database_url=url)
    user = Api(s1).new_user("teacher")
    stream = Stream()

    run_clients(stream, s1, user.token, run, until_acked=KILL_AFTER)
    assert s1.proc.returncode == -signal.SIGKILL
    killed_at = len(stream.acked)
    assert KILL_AFTER <= killed_at < TOTAL, "the kill must land mid-stream"

    s2 = make_server(database_url=url)  # same database, same JWT secret: the token still works
    run_clients(stream, s2, user.token, run)

    print("acked before kill", killed_at, "acked", len(stream.acked), "in doubt", sorted(stream.in_doubt))
    assert stream.rejected == {}
    assert len(stream.acked) + len(stream.in_doubt) == TOTAL
    assert len(stream.in_doubt) <= 2 * CLIENTS, stream.in_doubt  # only requests cut by the kill

    rows = db_sql(url, "SELECT id, name, email, role, organization, license_number, is_active, created_at, "
                       f"updated_at FROM professionals WHERE organization = 'Escola Durável {run}'")
    by_id = {r[0]: r for r in rows}
    # Every acknowledged row is there, with exactly what was sent.
    for i, pid in stream.acked.items():
        assert pid in by_id, f"acknowledged insert {i} ({pid}) lost"
        row = by_id[pid]
        b = body_for(run, i)
        assert row[1:6] == [b["name"], b["email"], b["role"], b["organization"], b["license_number"]]
        assert row[6] in ("t", "1") and row[7] and row[8]
    # Rows never acknowledged can only be requests in doubt, and they are complete too.
    unacked = [r for pid, r in by_id.items() if pid not in set(stream.acked.values())]
    assert len(unacked) <= len(stream.in_doubt)
    for r in unacked:
        i = int(r[1].split()[-1])
        assert i in stream.in_doubt
        b = body_for(run, i)
        assert r[1:6] == [b["name"], b["email"], b["role"], b["organization"], b["license_number"]]
        assert r[6] in ("t", "1") and r[7] and r[8]
    # The restarted server serves them.
    api = Api(s2, user.token)
    for pid in list(stream.acked.values())[:: max(1, len(stream.acked) // 40)]:
        assert api.get(f"/api/v1/professionals/{pid}").status_code == 200
    listed = api.get("/api/v1/professionals", params={"organization": f"Escola Durável {run}", "limit": 1})
    assert listed.json()["total"] == len(by_id)
