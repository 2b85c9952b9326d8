"""API fixtures: the real app over the test database, and helpers that register clinics and staff."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy.engine import Engine

from echo_notes.app import create_app
from echo_notes.db.engine import DatabaseUrls
from echo_notes.settings import Settings

PASSWORD = "correct horse battery staple"


@pytest.fixture
def app(settings: Settings, db_urls: DatabaseUrls, clean_db: Engine) -> Litestar:
    return create_app(settings, db_urls, run_migrations=False)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class Member:
    """A logged-in professional: their id, clinic, tokens, and ready-made auth headers."""

    id: str
    clinic_id: str
    email: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}", "User-Agent": "pytest-agent/1.0"}


def register_clinic(client: TestClient[Litestar], name: str, email: str) -> Member:
    response = client.post(
        "/auth/register",
        json={"clinic_name": name, "full_name": f"Admin of {name}", "email": email, "password": PASSWORD},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Member(
        id=body["professional"]["id"],
        clinic_id=body["professional"]["clinic_id"],
        email=email,
        access_token=body["tokens"]["access_token"],
        refresh_token=body["tokens"]["refresh_token"],
    )


def login(client: TestClient[Litestar], email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def add_member(client: TestClient[Litestar], admin: Member, email: str, role: str) -> Member:
    response = client.post(
        "/users/professionals",
        headers=admin.headers,
        json={"email": email, "full_name": f"{role} person", "role": role, "password": PASSWORD},
    )
    assert response.status_code == 201, response.text
    tokens = login(client, email)
    return Member(
        response.json()["id"], admin.clinic_id, email, tokens["access_token"], tokens["refresh_token"]
    )


def create_patient(client: TestClient[Litestar], member: Member, **fields: Any) -> dict[str, Any]:
    body = {"first_name": "Test", "last_name": "Patient", **fields}
    response = client.post("/patients", headers=member.headers, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def create_session(
    client: TestClient[Litestar], member: Member, patient_id: str, **fields: Any
) -> dict[str, Any]:
    response = client.post(f"/patients/{patient_id}/sessions", headers=member.headers, json=fields)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.fixture
def clinic_a(client: TestClient[Litestar]) -> Member:
    return register_clinic(client, "Clinic A Hearing", "admin@clinic-a.example")


@pytest.fixture
def clinic_b(client: TestClient[Litestar]) -> Member:
    return register_clinic(client, "Clinic B Audiology", "admin@clinic-b.example")
