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
