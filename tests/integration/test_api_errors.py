"""Bad input gets a clear 4xx with field-level messages, and no response ever carries a stack trace."""

from __future__ import annotations

import pytest

from .conftest import create_patient


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"last_name": "Only"}, "first_name"),
        ({"first_name": "", "last_name": "X"}, "first_name"),
        ({"first_name": "A", "last_name": "B", "email": "not-an-email"}, "email"),
        ({"first_name": "A", "last_name": "B", "date_of_birth": "14/03/1948"}, "date_of_birth"),
        ({"first_name": "A", "last_name": "B", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"first_name": "A", "last_name": "B", "phone": "call me maybe"}, "phone"),
        ({"first_name": "A" * 101, "last_name": "B"}, "first_name"),
        ({"first_name": "A", "last_name": "B", "favourite_colour": "red"}, "favourite_colour"),
    ],
)
def test_invalid_patient_bodies_name_the_field(client, clinic_a, body, field):
    response = client.post("/patients", headers=clinic_a.headers, json=body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == field
    assert errors[0]["message"]


def test_malformed_json_is_400(client, clinic_a):
    response = client.post(
        "/patients", headers={**clinic_a.headers, "Content-Type": "application/json"}, content=b"{not json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["limit=0", "limit=1000", "offset=-1", "limit=abc"])
def test_bad_pagination_is_400(client, clinic_a, query):
    assert client.get(f"/patients?{query}", headers=clinic_a.headers).status_code == 400


def test_malformed_id_is_404_not_500(client, clinic_a):
    assert client.get("/patients/not-a-uuid", headers=clinic_a.headers).status_code == 404


def test_errors_never_leak_internals(client, clinic_a):
    create_patient(client, clinic_a, email="x@y.example")
    response = client.post(
        "/patients",
        headers=clinic_a.headers,
        json={"first_name": "A", "last_name": "B", "email": "x@y.example"},
    )
    assert response.status_code == 409
    for marker in ("Traceback", "psycopg", "sqlalchemy", "UniqueViolation", "uq_patients"):
        assert marker not in response.text


def test_search_pages_through_patients_in_name_order(client, clinic_a):
    for last in ("Zed", "Young", "Xu", "Walker", "Vance"):
        create_patient(client, clinic_a, first_name="Pat", last_name=last)
    first = client.get("/patients?limit=2&offset=0", headers=clinic_a.headers).json()
    second = client.get("/patients?limit=2&offset=2", headers=clinic_a.headers).json()
    assert first["total"] == 5
    assert [p["last_name"] for p in first["items"] + second["items"]] == ["Vance", "Walker", "Xu", "Young"]
    assert client.get("/patients?q=wal", headers=clinic_a.headers).json()["total"] == 1
    assert client.get("/patients?q=%25", headers=clinic_a.headers).json()["total"] == 0


def test_archived_patients_leave_lists_but_stay_readable(client, clinic_a):
    patient = create_patient(client, clinic_a, first_name="Gone")
    client.delete(f"/patients/{patient['id']}", headers=clinic_a.headers)
    assert client.get("/patients", headers=clinic_a.headers).json()["total"] == 0
    assert client.get("/patients?include_archived=true", headers=clinic_a.headers).json()["total"] == 1
    assert client.get(f"/patients/{patient['id']}", headers=clinic_a.headers).json()["archived"] is True
    blocked = client.post(f"/patients/{patient['id']}/sessions", headers=clinic_a.headers, json={})
    assert blocked.status_code == 409


def test_health_reports_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_openapi_schema_and_offline_docs_page(client):
    schema = client.get("/docs/openapi.json")
    assert schema.status_code == 200
    assert "/patients/{patient_id}" in schema.json()["paths"]
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in page.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
