"""Auth flows against the real app and database: register, login, refresh rotation, logout, throttling, and
every way a forged or stale token must be refused."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
from sqlalchemy import text

from echo_notes.db.models import ProfessionalRole
from echo_notes.domain.auth import tokens
from echo_notes.domain.auth.principal import Principal

from .conftest import PASSWORD, add_member, login, register_clinic


def test_register_creates_clinic_admin_who_can_read_their_profile(client):
    admin = register_clinic(client, "Sound Clinic", "owner@sound.example")
    me = client.get("/auth/me", headers=admin.headers)
    assert me.status_code == 200
    assert me.json()["role"] == "clinic_admin"
    assert me.json()["clinic_id"] == admin.clinic_id
    assert "password_hash" not in me.json()


def test_register_with_taken_email_is_409_and_creates_no_clinic(client, clean_db):
    register_clinic(client, "First", "same@x.example")
    response = client.post(
        "/auth/register",
        json={
            "clinic_name": "Second",
            "full_name": "Someone",
            "email": "SAME@x.example",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "email"
    with clean_db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM clinic")).scalar() == 1


def test_register_rejects_weak_password_with_field_message(client):
    response = client.post(
        "/auth/register",
        json={"clinic_name": "C", "full_name": "N", "email": "a@b.example", "password": "short"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "password"


def test_login_returns_tokens_and_wrong_password_is_401(client):
    register_clinic(client, "C", "login@c.example")
    assert login(client, "login@c.example")["token_type"] == "bearer"
    bad = client.post("/auth/login", json={"email": "login@c.example", "password": "not the password"})
    assert bad.status_code == 401
    unknown = client.post("/auth/login", json={"email": "nobody@c.example", "password": "whatever it is"})
    assert unknown.status_code == 401
    assert bad.json()["detail"] == unknown.json()["detail"]


def test_repeated_failed_logins_are_throttled_even_for_the_right_password(client):
    register_clinic(client, "C", "victim@c.example")
    for _ in range(5):
        assert (
            client.post(
                "/auth/login", json={"email": "victim@c.example", "password": "guess-guess"}
            ).status_code
            == 401
        )
    throttled = client.post("/auth/login", json={"email": "victim@c.example", "password": PASSWORD})
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0


def test_successful_login_clears_earlier_failures(client):
    register_clinic(client, "C", "typo@c.example")
    for _ in range(4):
        client.post("/auth/login", json={"email": "typo@c.example", "password": "wrong-wrong"})
    login(client, "typo@c.example")
    for _ in range(4):
        client.post("/auth/login", json={"email": "typo@c.example", "password": "wrong-wrong"})
    assert (
        client.post("/auth/login", json={"email": "typo@c.example", "password": PASSWORD}).status_code == 200
    )


def test_refresh_rotates_and_reuse_of_an_old_token_revokes_every_session(client):
    admin = register_clinic(client, "C", "rot@c.example")
    first = client.post("/auth/refresh", json={"refresh_token": admin.refresh_token})
    assert first.status_code == 200
    new_refresh = first.json()["refresh_token"]
    assert (
        client.get(
            "/auth/me", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
        ).status_code
        == 200
    )
    # The old token was rotated away: presenting it again is treated as theft.
    assert client.post("/auth/refresh", json={"refresh_token": admin.refresh_token}).status_code == 401
    assert client.post("/auth/refresh", json={"refresh_token": new_refresh}).status_code == 401


def test_logout_revokes_the_refresh_token(client):
    admin = register_clinic(client, "C", "out@c.example")
    response = client.post("/auth/logout", headers=admin.headers, json={"refresh_token": admin.refresh_token})
    assert response.status_code == 204
    assert client.post("/auth/refresh", json={"refresh_token": admin.refresh_token}).status_code == 401


def test_logout_cannot_revoke_someone_elses_token(client):
    a = register_clinic(client, "A", "a@a.example")
    b = register_clinic(client, "B", "b@b.example")
    response = client.post("/auth/logout", headers=a.headers, json={"refresh_token": b.refresh_token})
    assert response.status_code == 401
    assert client.post("/auth/refresh", json={"refresh_token": b.refresh_token}).status_code == 200


def test_deactivated_professional_cannot_log_in_or_refresh(client):
    admin = register_clinic(client, "C", "boss@c.example")
    staff = add_member(client, admin, "leaver@c.example", "assistant")
    response = client.put(
        f"/users/professionals/{staff.id}", headers=admin.headers, json={"is_active": False}
    )
    assert response.status_code == 200
    assert (
        client.post("/auth/login", json={"email": "leaver@c.example", "password": PASSWORD}).status_code
        == 401
    )
    assert client.post("/auth/refresh", json={"refresh_token": staff.refresh_token}).status_code == 401


def _forge(settings, **overrides):
    now = int(time.time())
    claims = {
        "sub": str(uuid.uuid4()),
        "cid": str(uuid.uuid4()),
        "role": "clinic_admin",
        "typ": "access",
        "aud": settings.auth.audience,
        "iss": settings.auth.issuer,
        "iat": now,
        "exp": now + 600,
        "jti": "x",
    }
    claims.update(overrides)
    return claims


def _unsigned(claims):
    return jwt.encode(claims, key=None, algorithm="none")


@pytest.mark.parametrize(
    ("case", "make_token"),
    [
        ("alg none", lambda s, m: _unsigned(_forge(s, sub=m.id, cid=m.clinic_id))),
        (
            "expired",
            lambda s, m: jwt.encode(
                _forge(s, sub=m.id, cid=m.clinic_id, exp=int(time.time()) - 5),
                s.auth.jwt_secret,
                algorithm="HS256",
            ),
        ),
        (
            "other audience",
            lambda s, m: jwt.encode(
                _forge(s, sub=m.id, cid=m.clinic_id, aud="another-api"), s.auth.jwt_secret, algorithm="HS256"
            ),
        ),
        (
            "other issuer",
            lambda s, m: jwt.encode(
                _forge(s, sub=m.id, cid=m.clinic_id, iss="evil"), s.auth.jwt_secret, algorithm="HS256"
            ),
        ),
        (
            "wrong key",
            lambda s, m: jwt.encode(_forge(s, sub=m.id, cid=m.clinic_id), "k" * 48, algorithm="HS256"),
        ),
        (
            "HS512",
            lambda s, m: jwt.encode(
                _forge(s, sub=m.id, cid=m.clinic_id), s.auth.jwt_secret, algorithm="HS512"
            ),
        ),
        ("refresh used as access", lambda s, m: m.refresh_token),
        (
            "no expiry",
            lambda s, m: jwt.encode(
                {k: v for k, v in _forge(s, sub=m.id, cid=m.clinic_id).items() if k != "exp"},
                s.auth.jwt_secret,
                algorithm="HS256",
            ),
        ),
        ("garbage", lambda s, m: "not.a.jwt"),
    ],
)
def test_forged_or_stale_tokens_are_rejected(client, settings, case, make_token):
    admin = register_clinic(client, "C", "target@c.example")
    response = client.get("/auth/me", headers={"Authorization": f"Bearer {make_token(settings, admin)}"})
    assert response.status_code == 401, case
    assert (
        client.get(
            "/patients", headers={"Authorization": f"Bearer {make_token(settings, admin)}"}
        ).status_code
        == 401
    )


def test_missing_token_is_401(client):
    assert client.get("/patients").status_code == 401


def test_a_correctly_signed_token_is_accepted(client, settings):
    admin = register_clinic(client, "C", "ok@c.example")
    principal = Principal(uuid.UUID(admin.id), uuid.UUID(admin.clinic_id), ProfessionalRole.clinic_admin)
    token = tokens.issue(settings.auth, principal, "access").token
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
