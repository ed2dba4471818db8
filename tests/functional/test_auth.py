"""Accounts and authentication (API.md §2, §4.3; checklist §8.2 AU-01..AU-29).

Most tests run against one module server with a fresh database (T1 = test@example.com is a
fixed address) and a short user cache (EDU_AUTH_USER_CACHE_SECONDS=1) so that out-of-band
changes show quickly; brute-force, SMTP and cache-bound tests start their own servers.
"""
import base64
import email
import email.policy
import glob
import hashlib
import hmac
import json
import os
import re
import sqlite3
import subprocess
import threading
import time
import uuid

import pytest
import requests

from conftest import BACKEND, Api, Server, free_port

SECRET = "test-secret-0123456789-0123456789-abcdef"
AUTH = "/api/v1/auth"
T1_EMAIL, T1_PASSWORD = "test@example.com", "testpass123"
RESET_MSG = "If the email exists, a password reset link has been sent"
RESET_FAIL = "Password reset failed: invalid or expired token"


# ----------------------------------------------------------------------------- helpers

def b64url(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def decode_part(token, i):
    return json.loads(b64url_decode(token.split(".")[i]))


def make_jwt(payload, secret=SECRET, header=None, alg="HS256"):
    header = header or {"alg": alg, "typ": "JWT"}
    signing_input = b64url(json.dumps(header)) + "." + b64url(json.dumps(payload))
    if alg == "none":
        return signing_input + "."
    sig = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(sig)


def sql(server, statement, params=()):
    """Out-of-band database access (what an operator would do)."""
    url = server.env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        # psql substitutes :'vN' variables; statements here use ? placeholders.
        args, n = [], 0
        while "?" in statement:
            statement = statement.replace("?", f":'v{n}'", 1)
            n += 1
        for i, p in enumerate(params):
            args += ["-v", f"v{i}={p}"]
        # Variables are interpolated in psql's input, not in -c strings: send it on stdin.
        out = subprocess.run(["psql", url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", *args],
                             input=statement, check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("|")) for line in out.splitlines() if line]
    path = os.path.join(server.env["EDU_DATA_DIR"], "eduautismo.db")
    con = sqlite3.connect(path, timeout=10)
    try:
        rows = con.execute(statement, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def outbox_files(server):
    return sorted(glob.glob(os.path.join(server.env["MAIL_OUTBOX_DIR"], "*.eml")))


def wait_outbox(server, count, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        files = outbox_files(server)
        if len(files) >= count:
            return files
        time.sleep(0.05)
    return outbox_files(server)


def read_eml(path):
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.default)


def token_from_body(text):
    m = re.search(r"reset-password\?token=([A-Za-z0-9_-]+)", text)
    assert m, text
    return m.group(1)


def assert_401(r, detail):
    assert r.status_code == 401, r.text
    assert r.json() == {"detail": detail}
    assert r.headers.get("WWW-Authenticate") == "Bearer"


def form_login(api, username, password, **extra):
    data = {"username": username, "password": password, **extra}
    return api.post(f"{AUTH}/login", data=data)


@pytest.fixture(scope="module")
def srv(postgres):
    url = postgres.new_database() if postgres else None
    # Failed-login limits are tested on their own servers (T1 sees many wrong passwords here).
    s = Server(env={"EDU_AUTH_USER_CACHE_SECONDS": "1", "EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT": "0"},
               database_url=url)
    yield s
    s.stop()
    s.cleanup()


@pytest.fixture(scope="module")
def api1(srv):
    return Api(srv)


@pytest.fixture(scope="module")
def t1(api1):
    r = api1.post(f"{AUTH}/register", json={"email": T1_EMAIL, "password": T1_PASSWORD,
                                             "full_name": "Test User"})
    assert r.status_code == 201, r.text
    return r.json()


def new_account(api, password="Senha@Forte123", **kw):
    email_addr = f"u_{uuid.uuid4().hex[:10]}@example.com"
    r = api.post(f"{AUTH}/register", json={"email": email_addr, "password": password,
                                           "full_name": "Conta Teste", **kw})
    assert r.status_code == 201, r.text
    return email_addr, password


def login_json(api, email_addr, password):
    r = api.post(f"{AUTH}/login", json={"email": email_addr, "password": password})
    assert r.status_code == 200, r.text
    return r.json()


# ----------------------------------------------------------------------------- register

def test_au01_register(api1):
    r = api1.post(f"{AUTH}/register", json={"email": "newuser@example.com",
                                             "password": "securepass123",
                                             "full_name": "New User", "role": "teacher"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert list(body) == ["id", "created_at", "updated_at", "email", "full_name", "role",
                          "is_active", "is_verified", "phone", "avatar_url", "bio",
                          "institution", "last_login"]
    assert body["email"] == "newuser@example.com"
    assert body["full_name"] == "New User" and body["role"] == "teacher"
    assert body["is_active"] is True and body["is_verified"] is False
    assert body["last_login"] is None
    assert uuid.UUID(body["id"]).version == 7
    for k in ("created_at", "updated_at"):
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", body[k])
    assert "hashed_password" not in body and "password" not in body
    assert r.headers["Cache-Control"] == "no-store"


def test_au02_duplicate_email(api1):
    api1.post(f"{AUTH}/register", json={"email": "dup@example.com", "password": "securepass123",
                                        "full_name": "Dup User"})
    for e in ("dup@example.com", "Dup@Example.com"):
        r = api1.post(f"{AUTH}/register", json={"email": e, "password": "securepass123",
                                                 "full_name": "Dup User"})
        assert r.status_code == 400
        assert r.json() == {"detail": "Email already registered"}


def test_au03_password_length(api1):
    r = api1.post(f"{AUTH}/register", json={"email": "p7@example.com", "password": "1234567",
                                             "full_name": "Pass Seven"})
    assert r.status_code == 422
    err = r.json()["detail"]
    assert len(err) == 1 and err[0]["type"] == "string_too_short"
    assert err[0]["loc"] == ["body", "password"]
    assert err[0]["ctx"] == {"min_length": 8}
    r = api1.post(f"{AUTH}/register", json={"email": "p129@example.com", "password": "x" * 129,
                                             "full_name": "Pass Long"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "string_too_long"
    # 128 characters (code points, not bytes) is fine
    r = api1.post(f"{AUTH}/register", json={"email": "p128@example.com", "password": "ç" * 128,
                                             "full_name": "Pass Max"})
    assert r.status_code == 201, r.text


def test_au04_roles(api1):
    for role in ("admin", "superuser", "", None):
        r = api1.post(f"{AUTH}/register", json={"email": f"r{uuid.uuid4().hex[:6]}@example.com",
                                                 "password": "securepass123",
                                                 "full_name": "Role User", "role": role})
        assert r.status_code == 422, (role, r.text)
        e = r.json()["detail"][0]
        assert e["type"] == "enum" and e["loc"] == ["body", "role"]
        assert e["msg"] == "Input should be 'teacher', 'parent' or 'therapist'"
    r = api1.post(f"{AUTH}/register", json={"email": "norole@example.com",
                                             "password": "securepass123", "full_name": "No Role"})
    assert r.status_code == 201 and r.json()["role"] == "teacher"
    for role in ("parent", "therapist"):
        e, _ = new_account(api1, role=role)
        assert login_json(api1, e, "Senha@Forte123")["user"]["role"] == role


def test_au05_email_rules(api1):
    bad = ["not-an-email", "user@host.test", "a@b", "@example.com", "user@", "a@@b.com",
           "a b@example.com", "user@exam_ple.com", "user@-example.com", "user@example.c",
           "user@example.123", "user@localhost", "user@x.local", "user@x.onion", "user@x.invalid",
           "user@x.arpa", "user@example..com", "(x)@example.com", "a\"b@example.com",
           "x" * 65 + "@example.com", "u@" + "a" * 64 + ".com", "u@" + ("a" * 60 + ".") * 5 + "com"]
    for e in bad:
        r = api1.post(f"{AUTH}/register", json={"email": e, "password": "securepass123",
                                                 "full_name": "Mail User"})
        assert r.status_code == 422, (e, r.text)
        err = r.json()["detail"][0]
        assert err["loc"] == ["body", "email"] and err["type"] == "value_error", e
        assert err["msg"].startswith("value is not a valid email address"), err
        assert err["input"] == e
    r = api1.post(f"{AUTH}/register", json={"email": "USER@Example.COM", "password": "securepass123",
                                             "full_name": "Upper User"})
    assert r.status_code == 201 and r.json()["email"] == "user@example.com"
    for good in ("o'brien+tag@sub.example.com.br", "x_y.z@a-b.example.org"):
        r = api1.post(f"{AUTH}/register", json={"email": good, "password": "securepass123",
                                                 "full_name": "Good Mail"})
        assert r.status_code == 201, (good, r.text)
    r = api1.post(f"{AUTH}/register", json={"email": 5, "password": "securepass123",
                                             "full_name": "Int Mail"})
    assert r.json()["detail"][0]["type"] == "string_type"


def test_au06_full_name(api1):
    for name in ("A", "x" * 101):
        r = api1.post(f"{AUTH}/register", json={"email": "fn@example.com",
                                                 "password": "securepass123", "full_name": name})
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["body", "full_name"]


def test_register_errors_together_in_declaration_order(api1):
    r = api1.post(f"{AUTH}/register", json={})
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "email"], ["body", "password"],
                                                       ["body", "full_name"]]
    r = api1.post(f"{AUTH}/register", data="{bad", headers={"Content-Type": "application/json"})
    assert r.json()["detail"][0]["type"] == "json_invalid"


def test_public_routes_ignore_authorization(api1):
    e = f"pub{uuid.uuid4().hex[:6]}@example.com"
    r = api1.post(f"{AUTH}/register", headers={"Authorization": "Bearer garbage"},
                  json={"email": e, "password": "securepass123", "full_name": "Pub User"})
    assert r.status_code == 201
    r = api1.post(f"{AUTH}/login", headers={"Authorization": "Basic xyz"},
                  json={"email": e, "password": "securepass123"})
    assert r.status_code == 200


# ----------------------------------------------------------------------------- login

def test_au07_form_login(api1, t1):
    r = form_login(api1, T1_EMAIL, T1_PASSWORD)
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body) == ["access_token", "refresh_token", "token_type", "expires_in", "user"]
    assert body["token_type"] == "bearer" and body["expires_in"] == 1800
    assert body["user"]["email"] == T1_EMAIL and body["user"]["last_login"] is not None
    assert r.headers["Cache-Control"] == "no-store"


def test_au08_login_variants(api1, t1):
    files = {"username": (None, T1_EMAIL), "password": (None, T1_PASSWORD)}
    assert api1.post(f"{AUTH}/login", files=files).status_code == 200
    assert api1.post(f"{AUTH}/login", json={"email": T1_EMAIL, "password": T1_PASSWORD}).status_code == 200
    assert api1.post(f"{AUTH}/login", json={"username": T1_EMAIL, "password": T1_PASSWORD}).status_code == 200
    assert form_login(api1, "TEST@example.com", T1_PASSWORD).status_code == 200
    # both present: email wins
    r = api1.post(f"{AUTH}/login", json={"email": T1_EMAIL, "username": "nobody@example.com",
                                          "password": T1_PASSWORD})
    assert r.status_code == 200
    r = api1.post(f"{AUTH}/login", json={"email": "nobody@example.com", "username": T1_EMAIL,
                                          "password": T1_PASSWORD})
    assert r.status_code == 401
    # grant_type=password and the ignored OAuth2 fields are accepted
    r = form_login(api1, T1_EMAIL, T1_PASSWORD, grant_type="password", scope="x y",
                   client_id="c", client_secret="s")
    assert r.status_code == 200


def test_au09_wrong_password_and_unknown_user(api1, t1):
    assert_401(form_login(api1, T1_EMAIL, "wrongpass"), "Incorrect email or password")
    assert_401(form_login(api1, "nobody@example.com", "whatever1"), "Incorrect email or password")
    assert_401(api1.post(f"{AUTH}/login", json={"email": T1_EMAIL, "password": ""}),
               "Incorrect email or password")


def test_unknown_email_costs_as_much_as_wrong_password(api1, t1):
    # Interleaved so that load from other processes hits both sides alike.
    times = {T1_EMAIL: [], "ghost@example.com": []}
    for _ in range(5):
        for user in times:
            t = time.perf_counter()
            assert form_login(api1, user, "wrongpass").status_code == 401
            times[user].append(time.perf_counter() - t)
    wrong, unknown = sorted(times[T1_EMAIL])[2], sorted(times["ghost@example.com"])[2]
    # both run one argon2id verification (~30-70 ms); without it unknown would be ~1 ms
    assert unknown > 0.3 * wrong, (times)


def test_au10_inactive_user(api1, srv):
    e, p = new_account(api1)
    srv.set_user_active(e, False)
    assert_401(api1.post(f"{AUTH}/login", json={"email": e, "password": p}), "Inactive user account")
    assert_401(api1.post(f"{AUTH}/login", json={"email": e, "password": "wrongpass"}),
               "Incorrect email or password")
    srv.set_user_active(e, True)
    assert api1.post(f"{AUTH}/login", json={"email": e, "password": p}).status_code == 200


def test_au11_login_validation(api1):
    r = api1.post(f"{AUTH}/login", data={})
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("missing", ["body", "username"]), ("missing", ["body", "password"])]
    r = api1.post(f"{AUTH}/login", json={})
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("missing", ["body", "email"]), ("missing", ["body", "password"])]
    r = form_login(api1, T1_EMAIL, T1_PASSWORD, grant_type="client_credentials")
    assert r.status_code == 422
    e = r.json()["detail"][0]
    assert e["type"] == "string_pattern_mismatch" and e["loc"] == ["body", "grant_type"]
    assert e["ctx"] == {"pattern": "^password$"}
    # any other content type is an empty form
    r = api1.post(f"{AUTH}/login", data="username=x&password=y",
                  headers={"Content-Type": "text/plain"})
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "username"], ["body", "password"]]
    r = api1.post(f"{AUTH}/login", data="{", headers={"Content-Type": "application/json"})
    assert r.json()["detail"][0]["type"] == "json_invalid"
    r = api1.post(f"{AUTH}/login", json={"email": 1, "password": ["x"]})
    assert [e["type"] for e in r.json()["detail"]] == ["string_type", "string_type"]


# ----------------------------------------------------------------------------- tokens

def test_au12_token_claims(api1, t1):
    body = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    a, rf = body["access_token"], body["refresh_token"]
    assert decode_part(a, 0) == {"alg": "HS256", "typ": "JWT"}
    pa, pr = decode_part(a, 1), decode_part(rf, 1)
    assert pa["sub"] == T1_EMAIL and pa["user_id"] == t1["id"] and pa["role"] == "teacher"
    assert pa["type"] == "access" and pr["type"] == "refresh"
    for p in (pa, pr):
        assert isinstance(p["iat"], int) and isinstance(p["exp"], int)
        uuid.UUID(p["jti"]), uuid.UUID(p["sid"])
    assert pa["exp"] == pa["iat"] + 1800 and pr["exp"] == pr["iat"] + 604800
    assert pa["sid"] == pr["sid"] and pa["jti"] != pr["jti"]
    assert abs(pa["iat"] - time.time()) < 60
    # the signature is HS256 over header.payload with JWT_SECRET
    signing_input = a.rsplit(".", 1)[0].encode()
    assert hmac.compare_digest(b64url(hmac.new(SECRET.encode(), signing_input, hashlib.sha256).digest()),
                               a.rsplit(".", 1)[1])


def test_token_lifetimes_follow_config(make_server):
    s = make_server(env={"ACCESS_TOKEN_EXPIRE_MINUTES": "5", "REFRESH_TOKEN_EXPIRE_DAYS": "2"})
    api = Api(s)
    e, p = new_account(api)
    body = login_json(api, e, p)
    pa, pr = decode_part(body["access_token"], 1), decode_part(body["refresh_token"], 1)
    assert body["expires_in"] == 300 and pa["exp"] - pa["iat"] == 300
    assert pr["exp"] - pr["iat"] == 2 * 86400


def test_au13_me(api1, t1):
    tok = form_login(api1, T1_EMAIL, T1_PASSWORD).json()["access_token"]
    r = api1.get(f"{AUTH}/me", token=tok)
    assert r.status_code == 200
    body = r.json()
    assert body["email"] == T1_EMAIL and body["full_name"] == "Test User"
    assert body["last_login"] is not None and body["id"] == t1["id"]
    assert r.headers["Cache-Control"] == "no-store"


def test_au14_missing_credentials(api1):
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": ""},
                    {"Authorization": "Bearer"}, {"Authorization": "Bearer "},
                    {"Authorization": "Token abc"}):
        r = requests.get(api1.server.url(f"{AUTH}/me"), headers=headers)
        assert_401(r, "Not authenticated")
    # scheme is case-insensitive
    tok = form_login(api1, T1_EMAIL, T1_PASSWORD).json()["access_token"]
    r = requests.get(api1.server.url(f"{AUTH}/me"), headers={"Authorization": f"bEaReR {tok}"})
    assert r.status_code == 200


def test_au15_unacceptable_tokens(api1, t1):
    body = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    good = body["access_token"]
    claims = decode_part(good, 1)
    head, payload, sig = good.split(".")
    flipped = sig[:-2] + ("A" if sig[-2] != "A" else "B") + sig[-1]
    now = int(time.time())
    tampered_payload = b64url(json.dumps({**claims, "role": "admin"}))
    bad_tokens = {
        "garbage": "garbage",
        "modified signature": f"{head}.{payload}.{flipped}",
        "modified payload": f"{head}.{tampered_payload}.{sig}",
        "expired": make_jwt({**claims, "iat": now - 3600, "exp": now - 1}),
        "exp now": make_jwt({**claims, "exp": now}),
        "alg none": make_jwt(claims, alg="none"),
        "alg none with sig": make_jwt(claims, header={"alg": "none", "typ": "JWT"}) ,
        "HS512": make_jwt(claims, header={"alg": "HS512", "typ": "JWT"}),
        "other secret": make_jwt(claims, secret="another-secret-another-secret-123456"),
        "no exp": make_jwt({k: v for k, v in claims.items() if k != "exp"}),
        "string exp": make_jwt({**claims, "exp": str(now + 100)}),
        "no sid": make_jwt({k: v for k, v in claims.items() if k != "sid"}),
        "no jti": make_jwt({k: v for k, v in claims.items() if k != "jti"}),
        "no sub": make_jwt({k: v for k, v in claims.items() if k != "sub"}),
        "no type": make_jwt({k: v for k, v in claims.items() if k != "type"}),
        "no user_id": make_jwt({k: v for k, v in claims.items() if k != "user_id"}),
        "unknown sid": make_jwt({**claims, "sid": str(uuid.uuid4())}),
        "bad sid": make_jwt({**claims, "sid": "'; DROP TABLE users; --"}),
        "bad user_id": make_jwt({**claims, "user_id": "not-a-uuid"}),
        "unknown user": make_jwt({**claims, "user_id": str(uuid.uuid4())}),
        "two parts": f"{head}.{payload}",
        "four parts": f"{head}.{payload}.{sig}.x",
        "padding": f"{head}.{payload}.{sig}=",
        "legacy (no type/jti/sid)": make_jwt({"sub": T1_EMAIL, "exp": now + 600}),
    }
    for name, tok in bad_tokens.items():
        r = api1.get(f"{AUTH}/me", token=tok)
        assert r.status_code == 401, name
        assert r.json() == {"detail": "Could not validate credentials"}, name
        assert r.headers["WWW-Authenticate"] == "Bearer", name
    # a token forged with the right secret and a live session is accepted (control)
    assert api1.get(f"{AUTH}/me", token=make_jwt({**claims, "jti": str(uuid.uuid4())})).status_code == 200


def test_role_claim_is_informational(api1, srv):
    e, p = new_account(api1)
    tokens = login_json(api1, e, p)
    claims = decode_part(tokens["access_token"], 1)
    forged = make_jwt({**claims, "role": "admin"})
    assert api1.get(f"{AUTH}/me", token=forged).json()["role"] == "teacher"
    # promoting out of band is seen without a new token (database role is authoritative)
    srv.create_admin(e, p)
    deadline = time.time() + 5
    role = None
    while time.time() < deadline:
        role = api1.get(f"{AUTH}/me", token=tokens["access_token"]).json()["role"]
        if role == "admin":
            break
        time.sleep(0.2)
    assert role == "admin"


def test_au16_refresh_token_is_not_an_access_token(api1, t1):
    body = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    assert_401(api1.get(f"{AUTH}/me", token=body["refresh_token"]), "Could not validate credentials")


# ----------------------------------------------------------------------------- refresh

def test_au17_au18_refresh_rotation_and_reuse(api1, t1):
    first = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    r = api1.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 200, r.text
    second = r.json()
    assert list(second) == ["access_token", "refresh_token", "token_type", "expires_in", "user"]
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert decode_part(second["access_token"], 1)["sid"] == decode_part(first["access_token"], 1)["sid"]
    assert api1.get(f"{AUTH}/me", token=second["access_token"]).status_code == 200
    assert r.headers["Cache-Control"] == "no-store"
    # a second rotation works with the newest token
    r = api1.post(f"{AUTH}/refresh", json={"refresh_token": second["refresh_token"]})
    assert r.status_code == 200
    third = r.json()
    # reuse of an already-used refresh token revokes the whole session
    assert_401(api1.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]}),
               "Invalid refresh token")
    assert_401(api1.post(f"{AUTH}/refresh", json={"refresh_token": third["refresh_token"]}),
               "Invalid refresh token")
    for tok in (first["access_token"], second["access_token"], third["access_token"]):
        assert_401(api1.get(f"{AUTH}/me", token=tok), "Could not validate credentials")
    # other sessions of the same user are untouched
    other = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    assert api1.get(f"{AUTH}/me", token=other["access_token"]).status_code == 200


def test_au19_refresh_failures(api1, t1):
    body = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    assert_401(api1.post(f"{AUTH}/refresh", json={"refresh_token": body["access_token"]}),
               "Invalid refresh token")
    r = api1.post(f"{AUTH}/refresh", json={"refresh_token": "short"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "string_too_short"
    r = api1.post(f"{AUTH}/refresh", json={})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "refresh_token"]
    assert_401(api1.post(f"{AUTH}/refresh", json={"refresh_token": "x" * 40}), "Invalid refresh token")
    claims = decode_part(body["refresh_token"], 1)
    now = int(time.time())
    for tok in (make_jwt({**claims, "exp": now - 1}), make_jwt(claims, alg="none"),
                make_jwt(claims, secret="another-secret-another-secret-123456"),
                make_jwt({**claims, "sid": str(uuid.uuid4())})):
        assert_401(api1.post(f"{AUTH}/refresh", json={"refresh_token": tok}), "Invalid refresh token")
    # the session survived the failed attempts: the genuine token still rotates
    assert api1.post(f"{AUTH}/refresh", json={"refresh_token": body["refresh_token"]}).status_code == 200


def test_refresh_of_inactive_user(api1, srv):
    e, p = new_account(api1)
    body = login_json(api1, e, p)
    srv.set_user_active(e, False)
    assert_401(api1.post(f"{AUTH}/refresh", json={"refresh_token": body["refresh_token"]}),
               "Invalid refresh token")


# ----------------------------------------------------------------------------- logout

def test_au20_logout(api1, t1):
    s1 = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    s2 = form_login(api1, T1_EMAIL, T1_PASSWORD).json()
    r = api1.post(f"{AUTH}/logout", token=s1["access_token"])
    assert r.status_code == 200 and r.json() == {"message": "Successfully logged out"}
    assert_401(api1.get(f"{AUTH}/me", token=s1["access_token"]), "Could not validate credentials")
    assert_401(api1.post(f"{AUTH}/refresh", json={"refresh_token": s1["refresh_token"]}),
               "Invalid refresh token")
    assert_401(api1.post(f"{AUTH}/logout", token=s1["access_token"]), "Could not validate credentials")
    assert api1.get(f"{AUTH}/me", token=s2["access_token"]).status_code == 200
    assert api1.post(f"{AUTH}/refresh", json={"refresh_token": s2["refresh_token"]}).status_code == 200


def test_au21_logout_without_credentials(api1):
    assert_401(api1.post(f"{AUTH}/logout"), "Not authenticated")


def test_logout_revocation_is_stored(api1, srv):
    e, p = new_account(api1)
    tok = login_json(api1, e, p)["access_token"]
    claims = decode_part(tok, 1)
    assert api1.post(f"{AUTH}/logout", token=tok).status_code == 200
    rows = sql(srv, "SELECT jti FROM revoked_tokens WHERE jti = ?", (claims["jti"],))
    assert len(rows) == 1
    rows = sql(srv, "SELECT revoked FROM login_sessions WHERE id = ?", (claims["sid"],))
    assert str(rows[0][0]) in ("1", "t", "true")


def test_revocation_is_shared_across_instances(srv, make_server, postgres):
    """A second process on the same database sees a logout made through the first."""
    if postgres is None:
        other = make_server(env={"EDU_DATA_DIR": srv.env["EDU_DATA_DIR"],
                                 "EDU_AUTH_USER_CACHE_SECONDS": "1"}, fresh_db=False)
    else:
        other = make_server(database_url=srv.env["DATABASE_URL"])
    a, b = Api(srv), Api(other)
    e, p = new_account(a)
    tokens = login_json(a, e, p)
    assert b.get(f"{AUTH}/me", token=tokens["access_token"]).status_code == 200
    assert a.post(f"{AUTH}/logout", token=tokens["access_token"]).status_code == 200
    assert_401(b.get(f"{AUTH}/me", token=tokens["access_token"]), "Could not validate credentials")


# ----------------------------------------------------------------------------- password reset

def test_au22_reset_request_never_reveals(api1, t1):
    bodies = []
    for path in ("/password-reset", "/forgot-password"):
        for e in (T1_EMAIL, "nobody@example.com"):
            r = api1.post(AUTH + path, json={"email": e})
            assert r.status_code == 200
            bodies.append(r.text)
            assert r.headers["Cache-Control"] == "no-store"
    assert all(b == json.dumps({"message": RESET_MSG}, ensure_ascii=False) for b in bodies), bodies
    r = api1.post(f"{AUTH}/password-reset", json={"email": "bad"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "email"]
    assert api1.post(f"{AUTH}/forgot-password", json={}).status_code == 422


def test_au23_to_au25_reset_flow(make_server):
    s = make_server()
    api = Api(s)
    r = api.post(f"{AUTH}/register", json={"email": T1_EMAIL, "password": T1_PASSWORD,
                                            "full_name": "Test User"})
    assert r.status_code == 201
    before = form_login(api, T1_EMAIL, T1_PASSWORD).json()
    # nobody@ writes nothing; T1 writes exactly one message
    assert api.post(f"{AUTH}/password-reset", json={"email": "nobody@example.com"}).status_code == 200
    assert api.post(f"{AUTH}/password-reset", json={"email": T1_EMAIL}).status_code == 200
    files = wait_outbox(s, 1)
    time.sleep(0.5)
    files = outbox_files(s)
    assert len(files) == 1
    msg = read_eml(files[0])
    assert msg["Subject"] == "Redefinição de senha - EduAutismo IA"
    assert T1_EMAIL in msg["To"]
    text = msg.get_content().replace("\r\n", "\n")
    assert text.startswith("Olá, Test User.\n")
    assert "Se você não solicitou a redefinição, ignore este e-mail." in text
    token = token_from_body(text)
    assert len(token) == 43
    assert "http://localhost:5173/reset-password?token=" + token in text
    # only the SHA-256 is stored
    assert not sql(s, "SELECT 1 FROM password_reset_tokens WHERE token_hash = ?", (token,))
    assert sql(s, "SELECT 1 FROM password_reset_tokens WHERE token_hash = ?",
               (hashlib.sha256(token.encode()).hexdigest(),))
    # AU-24
    r = api.post(f"{AUTH}/password-reset/confirm", json={"token": token,
                                                          "new_password": "NewSecurePass123!"})
    assert r.status_code == 200, r.text
    assert r.json() == {"message": "Password successfully reset"}
    assert form_login(api, T1_EMAIL, "NewSecurePass123!").status_code == 200
    assert_401(form_login(api, T1_EMAIL, T1_PASSWORD), "Incorrect email or password")
    assert_401(api.get(f"{AUTH}/me", token=before["access_token"]), "Could not validate credentials")
    assert_401(api.post(f"{AUTH}/refresh", json={"refresh_token": before["refresh_token"]}),
               "Invalid refresh token")
    stored = sql(s, "SELECT hashed_password FROM users WHERE email = ?", (T1_EMAIL,))[0][0]
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    # AU-25: reuse, random token, a JWT, an old token, a superseded token
    for tok in (token, b64url(os.urandom(32)), before["access_token"]):
        r = api.post(f"{AUTH}/password-reset/confirm", json={"token": tok,
                                                              "new_password": "Another1Pass!"})
        assert r.status_code == 400 and r.json() == {"detail": RESET_FAIL}
    api.post(f"{AUTH}/password-reset", json={"email": T1_EMAIL})
    first = token_from_body(read_eml(wait_outbox(s, 2)[-1]).get_content())
    sql(s, "UPDATE password_reset_tokens SET created_at = ?, expires_at = ? WHERE token_hash = ?",
        ("2020-01-01T00:00:00.000000Z", "2020-01-01T01:00:00.000000Z",
         hashlib.sha256(first.encode()).hexdigest()))
    r = api.post(f"{AUTH}/reset-password", json={"token": first, "new_password": "Another1Pass!"})
    assert r.status_code == 400 and r.json() == {"detail": RESET_FAIL}
    api.post(f"{AUTH}/forgot-password", json={"email": T1_EMAIL})
    time.sleep(0.05)
    api.post(f"{AUTH}/forgot-password", json={"email": T1_EMAIL})
    files = wait_outbox(s, 4)
    assert len(files) == 4
    tokens = [token_from_body(read_eml(f).get_content()) for f in files[2:]]
    r = api.post(f"{AUTH}/reset-password", json={"token": tokens[0], "new_password": "Another1Pass!"})
    assert r.status_code == 400, "requesting a new token invalidates the previous one"
    r = api.post(f"{AUTH}/reset-password", json={"token": tokens[1], "new_password": "Another1Pass!"})
    assert r.status_code == 200, r.text
    assert form_login(api, T1_EMAIL, "Another1Pass!").status_code == 200


def test_au26_reset_password_rules(api1):
    for path in ("/password-reset/confirm", "/reset-password"):
        r = api1.post(AUTH + path, json={"token": "x" * 43, "new_password": "weakpassword"})
        assert r.status_code == 422
        e = r.json()["detail"]
        assert len(e) == 1 and e[0]["loc"] == ["body", "new_password"] and e[0]["type"] == "value_error"
        assert e[0]["msg"] == ("Value error, Senha deve conter pelo menos uma letra maiúscula, "
                               "deve conter pelo menos um número, deve conter pelo menos um "
                               "caractere especial")
        assert "minúscula" not in e[0]["msg"]
        r = api1.post(AUTH + path, json={"token": "x" * 43, "new_password": "Sh0rt!"})
        assert r.json()["detail"][0]["type"] == "string_too_short"
        r = api1.post(AUTH + path, json={"token": "x" * 43, "new_password": "A1!" + "a" * 126})
        assert r.json()["detail"][0]["type"] == "string_too_long"
        r = api1.post(AUTH + path, json={"token": "short", "new_password": "ALLUPPER123!"})
        errs = r.json()["detail"]
        assert [x["loc"] for x in errs] == [["body", "token"], ["body", "new_password"]]
        assert errs[1]["msg"] == "Value error, Senha deve conter pelo menos uma letra minúscula"
        r = api1.post(AUTH + path, json={"token": "x" * 43, "new_password": "Valid1Pass!"})
        assert r.status_code == 400 and r.json() == {"detail": RESET_FAIL}


def test_au27_three_reset_mails_per_hour(make_server):
    s = make_server()
    api = Api(s)
    e, _ = new_account(api)
    for _ in range(4):
        assert api.post(f"{AUTH}/password-reset", json={"email": e.upper()}).status_code == 200
    wait_outbox(s, 3)
    time.sleep(1.0)
    assert len(outbox_files(s)) == 3
    rows = sql(s, "SELECT transport, status FROM mail_outbox WHERE recipient = ?", (e,))
    assert len(rows) == 3 and all(r == ("outbox_dir", "sent") for r in rows)


def test_reset_without_outbox_logs_the_message(make_server):
    s = make_server(env={"MAIL_OUTBOX_DIR": None})
    api = Api(s)
    e, _ = new_account(api)
    api.post(f"{AUTH}/password-reset", json={"email": e})
    deadline = time.time() + 10
    lines = []
    while time.time() < deadline and not lines:
        lines = [l for l in s.log_lines() if l.get("event") == "mail_outbox"]
        time.sleep(0.05)
    assert len(lines) == 1
    assert lines[0]["to"] == e and lines[0]["subject"] == "Redefinição de senha - EduAutismo IA"
    assert "?token=" in lines[0]["body"]


def test_reset_mail_over_smtp(make_server):
    """SMTP_HOST set: the message goes to a real SMTP server (aiosmtpd) started here."""
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        s = make_server(env={"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                             "SMTP_STARTTLS": "false", "MAIL_OUTBOX_DIR": None,
                             "MAIL_FROM": "EduAutismo IA <nao-responda@eduautismo.com.br>",
                             "PASSWORD_RESET_URL": "https://app.example.com.br/reset-password"})
        api = Api(s)
        e, _ = new_account(api)
        assert api.post(f"{AUTH}/forgot-password", json={"email": e}).status_code == 200
        deadline = time.time() + 15
        while time.time() < deadline and not received:
            time.sleep(0.05)
        assert len(received) == 1
        env = received[0]
        assert env.mail_from == "nao-responda@eduautismo.com.br"
        assert env.rcpt_tos == [e]
        msg = email.message_from_bytes(env.original_content, policy=email.policy.default)
        assert msg["Subject"] == "Redefinição de senha - EduAutismo IA"
        text = msg.get_content()
        m = re.search(r"https://app\.example\.com\.br/reset-password\?token=([A-Za-z0-9_-]{43})\b", text)
        assert m, text
        r = api.post(f"{AUTH}/password-reset/confirm",
                     json={"token": m.group(1), "new_password": "SmtpReset1!"})
        assert r.status_code == 200, r.text
        assert api.post(f"{AUTH}/login", json={"email": e, "password": "SmtpReset1!"}).status_code == 200
        assert not [l for l in s.log_lines() if "SmtpReset1!" in json.dumps(l) or m.group(1) in json.dumps(l)]
    finally:
        controller.stop()


def test_smtp_failure_does_not_change_the_response(make_server):
    s = make_server(env={"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()),
                         "SMTP_STARTTLS": "false"})
    api = Api(s)
    e, _ = new_account(api)
    r = api.post(f"{AUTH}/password-reset", json={"email": e})
    assert r.status_code == 200 and r.json() == {"message": RESET_MSG}
    deadline = time.time() + 15
    failed = []
    while time.time() < deadline and not failed:
        failed = [l for l in s.log_lines() if l.get("event") == "mail_failed"]
        time.sleep(0.1)
    assert failed and failed[0]["transport"] == "smtp"


# ----------------------------------------------------------------------------- hashes

def test_au28_legacy_bcrypt_upgraded(api1, srv):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt  # deprecated in 3.11, still the libxcrypt binding
    bcrypt_hash = crypt.crypt("legacypass1", crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1 << 5))
    assert bcrypt_hash.startswith("$2b$")
    uid = str(uuid.uuid4())
    now = "2024-01-01T00:00:00.000000Z"
    sql(srv, "INSERT INTO users (id, email, hashed_password, full_name, role, is_active, "
             "is_verified, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (uid, "legacy@example.com", bcrypt_hash, "Legacy User", "teacher",
         1 if BACKEND != "postgres" else "true", 0 if BACKEND != "postgres" else "false", now, now))
    assert_401(form_login(api1, "legacy@example.com", "wrongpass1"), "Incorrect email or password")
    r = form_login(api1, "legacy@example.com", "legacypass1")
    assert r.status_code == 200, r.text
    stored = sql(srv, "SELECT hashed_password FROM users WHERE id = ?", (uid,))[0][0]
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert form_login(api1, "legacy@example.com", "legacypass1").status_code == 200
    assert sql(srv, "SELECT hashed_password FROM users WHERE id = ?", (uid,))[0][0] == stored


def test_weak_argon2_and_malformed_hashes(api1, srv):
    e, p = new_account(api1)
    # a malformed stored hash never verifies (401, never 500)
    for bad in ("$2b$12$short", "plaintext", "", "$argon2id$v=19$m=1,t=1,p=1$xx$yy", "*0"):
        sql(srv, "UPDATE users SET hashed_password = ? WHERE email = ?", (bad, e))
        assert_401(form_login(api1, e, p), "Incorrect email or password")


def test_register_stores_argon2id(api1, srv):
    e, _ = new_account(api1)
    stored = sql(srv, "SELECT hashed_password FROM users WHERE email = ?", (e,))[0][0]
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    salt, tag = stored.split("$")[4:6]
    assert len(b64url_decode(salt.replace("+", "-").replace("/", "_"))) == 16
    assert len(b64url_decode(tag.replace("+", "-").replace("/", "_"))) == 32


# ----------------------------------------------------------------------------- deactivation

def test_au29_deactivated_user_loses_access(api1, srv):
    e, p = new_account(api1)
    tok = login_json(api1, e, p)["access_token"]
    assert api1.get(f"{AUTH}/me", token=tok).status_code == 200
    srv.set_user_active(e, False)
    deadline = time.time() + 5  # this server caches users for 1 s
    status = None
    while time.time() < deadline:
        r = api1.get(f"{AUTH}/me", token=tok)
        status = r.status_code
        if status == 401:
            break
        time.sleep(0.2)
    assert_401(r, "Could not validate credentials")


def test_user_cache_bound_is_enforced(make_server):
    s = make_server(env={"EDU_AUTH_USER_CACHE_SECONDS": "61"}, wait=False)
    assert s.proc.wait(timeout=30) != 0
    assert "EDU_AUTH_USER_CACHE_SECONDS" in s.logs()


# ----------------------------------------------------------------------------- brute force

def test_failed_logins_limited_per_account(make_server):
    s = make_server(env={"EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT": "3",
                         "EDU_LOGIN_MAX_FAILURES_PER_IP": "0"})
    api = Api(s)
    e, p = new_account(api)
    other, op = new_account(api)
    # a success resets the counter
    for _ in range(2):
        assert_401(form_login(api, e, "wrong-pass"), "Incorrect email or password")
    assert form_login(api, e, p).status_code == 200
    for _ in range(3):
        assert_401(form_login(api, e, "wrong-pass"), "Incorrect email or password")
    for pw in ("wrong-pass", p):
        r = form_login(api, e.upper(), pw)
        assert r.status_code == 429, r.text
        assert r.json()["detail"] == "Rate limit exceeded"
        retry = int(r.headers["Retry-After"])
        assert 1 <= retry <= 900 and r.json()["retry_after"] == retry
    # unknown accounts are limited the same way (no enumeration through 429)
    for _ in range(3):
        assert_401(form_login(api, "ghost@example.com", "x"), "Incorrect email or password")
    assert form_login(api, "ghost@example.com", "x").status_code == 429
    # another account from the same IP is not affected
    assert form_login(api, other, op).status_code == 200


def test_failed_logins_limited_per_ip_and_window_expires(make_server):
    s = make_server(env={"EDU_LOGIN_MAX_FAILURES_PER_ACCOUNT": "0",
                         "EDU_LOGIN_MAX_FAILURES_PER_IP": "4",
                         "EDU_LOGIN_FAILURE_WINDOW_SECONDS": "3"})
    api = Api(s)
    e, p = new_account(api)
    for i in range(4):
        assert form_login(api, f"spray{i}@example.com", "x").status_code == 401
    r = form_login(api, e, p)
    assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 3
    time.sleep(3.2)
    assert form_login(api, e, p).status_code == 200


# ----------------------------------------------------------------------------- hostile input

HOSTILE = ["' OR '1'='1", "'; DROP TABLE users; --", "<script>alert(1)</script>",
           "\" onmouseover=\"x", "Robert'); DELETE FROM login_sessions;--", "%00 nul",
           "😀 emoji ção", "\\u0000", "${jndi:ldap://x}"]


def test_sql_and_html_in_every_field(api1):
    for i, value in enumerate(HOSTILE):
        local = f"o'hostile{i}+x"
        addr = f"{local}@example.com"
        pw = (value + "12345678")[:128]
        r = api1.post(f"{AUTH}/register", json={"email": addr, "password": pw,
                                                 "full_name": (value + "xx")[:100],
                                                 "phone": value, "institution": value})
        assert r.status_code == 201, (value, r.text)
        assert r.json()["full_name"] == (value + "xx")[:100]
        assert r.json()["phone"] is None  # other fields are ignored
        tokens = api1.post(f"{AUTH}/login", json={"email": addr, "password": pw})
        assert tokens.status_code == 200, (value, tokens.text)
        me = api1.get(f"{AUTH}/me", token=tokens.json()["access_token"]).json()
        assert me["full_name"] == (value + "xx")[:100] and me["email"] == addr
        # hostile identifiers, tokens and e-mails: 401/400/422, never 500
        assert form_login(api1, value, value).status_code == 401
        assert api1.post(f"{AUTH}/login", json={"email": value, "password": value}).status_code == 401
        assert api1.post(f"{AUTH}/refresh", json={"refresh_token": value * 3 + "0123456789"}).status_code == 401
        assert api1.get(f"{AUTH}/me", token=value.replace("\u0000", "").encode("ascii", "ignore").decode() or "x").status_code == 401
        r = api1.post(f"{AUTH}/password-reset", json={"email": value})
        assert r.status_code == 422
        r = api1.post(f"{AUTH}/password-reset/confirm", json={"token": value + "0123456789",
                                                               "new_password": "Valid1Pass!"})
        assert r.status_code == 400
        r = api1.post(f"{AUTH}/register", json={"email": value, "password": pw, "full_name": value})
        assert r.status_code == 422


def test_nul_bytes_never_reach_the_database(api1, t1):
    assert api1.post(f"{AUTH}/login", json={"email": T1_EMAIL + "\u0000", "password": T1_PASSWORD}).status_code == 401
    assert api1.post(f"{AUTH}/login", json={"email": "a\u0000b", "password": "x\u0000"}).status_code == 401
    r = api1.post(f"{AUTH}/register", json={"email": "nul\u0000@example.com", "password": "x" * 8,
                                             "full_name": "Nul User"})
    assert r.status_code == 422
    assert api1.post(f"{AUTH}/password-reset", json={"email": "n\u0000@example.com"}).status_code == 422


def test_admin_provisioning_cli(api1, srv):
    admin = api1.new_admin()
    assert admin.user["role"] == "admin" and admin.user["is_active"] is True
    assert admin.get(f"{AUTH}/me").json()["role"] == "admin"
    r = srv.cli("create-admin", "bad-email", input="longenough1\n", check=False)
    assert r.returncode == 2
    r = srv.cli("create-admin", "short@example.com", input="short\n", check=False)
    assert r.returncode == 2
    r = srv.cli("set-user-active", "nobody-here@example.com", "false", check=False)
    assert r.returncode == 1


def test_mailer_in_detailed_health(api1, make_server):
    r = api1.get("/api/v1/health/detailed")
    assert r.json()["components"]["mailer"] == {"status": "configured", "transport": "outbox_dir"}
    s = make_server(env={"MAIL_OUTBOX_DIR": None})
    assert Api(s).get("/api/v1/health/detailed").json()["components"]["mailer"]["transport"] == "log"
