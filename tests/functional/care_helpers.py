"""Helpers shared by the multi-professional area tests (professionals, observations, indicators)."""
import uuid

import pytest


def user_or_skip(api, role="teacher"):
    """A logged-in user; skips while the auth routes are not part of the build."""
    r = api.post("/api/v1/auth/register", json={})
    if r.status_code == 404:
        pytest.skip("auth routes not available in this build")
    return api.new_user(role)


def unique_email(prefix="prof"):
    return f"{prefix}_{uuid.uuid4().hex[:10]}@clinica.com.br"


def make_professional(user, role="psychologist", name=None, **extra):
    body = {
        "name": name or f"Dr. Teste {uuid.uuid4().hex[:6]}",
        "email": unique_email(role),
        "role": role,
        "organization": "Clínica Vida",
    }
    body.update(extra)
    r = user.post("/api/v1/professionals/", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def ten_years_ago():
    import datetime
    t = datetime.datetime.now(datetime.timezone.utc).date()
    try:
        return t.replace(year=t.year - 10).isoformat()
    except ValueError:  # Feb 29
        return t.replace(year=t.year - 10, day=28).isoformat()


def make_student(user, name="João Silva"):
    """S1 of the checklist (§8), owned by `user`; skips while the students routes are absent."""
    r = user.post("/api/v1/students/", json={
        "name": name, "date_of_birth": ten_years_ago(), "age": 9, "diagnosis": "TEA Nível 1",
        "tea_level": "level_1", "interests": ["dinossauros", "lego"]})
    if r.status_code == 404 and r.json().get("detail") == "Not Found":
        pytest.skip("students routes not available in this build")
    assert r.status_code == 201, r.text
    return r.json()


def prof_header(professional):
    return {"X-Professional-ID": professional["id"] if isinstance(professional, dict) else professional}


def iso(dt):
    """Naive ISO-8601 (interpreted as UTC by the server)."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
