"""Each read or write of patient data writes exactly one audit row, in the same transaction; a failed request
writes nothing at all; clinic admins can filter the trail."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from .conftest import add_member, create_patient, create_session


def _audit_rows(engine):
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT action, target_type, target_id, actor_id::text, user_agent FROM audit_log ORDER BY id"
            )
        ).all()


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608


@pytest.fixture
def seeded(client, clinic_a):
    patient = create_patient(client, clinic_a, first_name="Iris", last_name="Ito")
    session = create_session(client, clinic_a, patient["id"])
    return clinic_a, patient["id"], session["id"]


@pytest.mark.parametrize(
    ("method", "template", "body", "action", "target_type"),
    [
        ("GET", "/patients", None, "patient.list", "patient"),
        ("GET", "/patients?q=iris", None, "patient.list", "patient"),
        ("POST", "/patients", {"first_name": "New", "last_name": "One"}, "patient.create", "patient"),
        ("GET", "/patients/{patient}", None, "patient.read", "patient"),
        ("PUT", "/patients/{patient}", {"phone": "+1 555 0100"}, "patient.update", "patient"),
        ("DELETE", "/patients/{patient}", None, "patient.archive", "patient"),
        ("GET", "/patients/{patient}/sessions", None, "session.list", "patient"),
        ("POST", "/patients/{patient}/sessions", {"visit_type": "fitting"}, "session.create", "session"),
        ("GET", "/sessions/{session}", None, "session.read", "session"),
        ("PUT", "/sessions/{session}", {"status": "completed"}, "session.update", "session"),
        ("DELETE", "/sessions/{session}", None, "session.delete", "session"),
    ],
)
def test_each_patient_data_access_writes_one_audit_row(
    client, clean_db, seeded, method, template, body, action, target_type
):
    admin, patient_id, session_id = seeded
    before = _audit_rows(clean_db)
    response = client.request(
        method, template.format(patient=patient_id, session=session_id), headers=admin.headers, json=body
    )
    assert response.status_code < 300, response.text
    new = _audit_rows(clean_db)[len(before) :]
    assert len(new) == 1
    got_action, got_type, target_id, actor, agent = new[0]  # the IP is checked over real HTTP in test_serve
    assert (got_action, got_type, actor, agent) == (action, target_type, admin.id, "pytest-agent/1.0")
    if method == "POST":
        assert target_id == response.json()["id"]
    elif "{" in template:
        assert target_id in {patient_id, session_id}


def test_audit_details_never_hold_patient_text(client, clean_db, seeded):
    admin, patient_id, _ = seeded
    client.get("/patients?q=iris", headers=admin.headers)
    client.put(f"/patients/{patient_id}", headers=admin.headers, json={"notes": "Secret note about Iris"})
    with clean_db.connect() as conn:
        dumped = " ".join(str(r[0]) for r in conn.execute(text("SELECT details FROM audit_log")))
    assert "iris" not in dumped.lower()
    assert "Secret" not in dumped


def test_failed_update_rolls_back_the_change_and_its_audit_row(client, clean_db, seeded):
    admin, patient_id, _ = seeded
    create_patient(client, admin, first_name="Other", last_name="Person", email="taken@x.example")
    before = _audit_rows(clean_db)
    response = client.put(
        f"/patients/{patient_id}",
        headers=admin.headers,
        json={"last_name": "Renamed", "email": "taken@x.example"},
    )
    assert response.status_code == 409
    assert _audit_rows(clean_db) == before
    assert client.get(f"/patients/{patient_id}", headers=admin.headers).json()["last_name"] == "Ito"


def test_invalid_create_writes_no_patient_and_no_audit_row(client, clean_db, clinic_a):
    before = (_count(clean_db, "patients"), _count(clean_db, "audit_log"))
    for body in (
        {"first_name": "No last name"},
        {"first_name": "A", "last_name": "B", "date_of_birth": "2999-01-01"},
        {"first_name": "A", "last_name": "B", "unknown_field": 1},
    ):
        assert client.post("/patients", headers=clinic_a.headers, json=body).status_code == 400
    assert (_count(clean_db, "patients"), _count(clean_db, "audit_log")) == before


def test_deleting_a_session_with_content_is_refused_and_keeps_it(client, clean_db, seeded):
    admin, patient_id, session_id = seeded
    with clean_db.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO session_soap_notes (id, clinic_id, session_id, patient_id, content) "
                "VALUES (gen_random_uuid(), :c, :s, :p, '{}'::jsonb)"
            ),
            {"c": admin.clinic_id, "s": session_id, "p": patient_id},
        )
    response = client.delete(f"/sessions/{session_id}", headers=admin.headers)
    assert response.status_code == 409
    assert client.get(f"/sessions/{session_id}", headers=admin.headers).status_code == 200


def test_admin_filters_the_audit_trail(client, seeded):
    admin, patient_id, _ = seeded
    colleague = add_member(client, admin, "aud@a.example", "audiologist")
    client.get(f"/patients/{patient_id}", headers=colleague.headers)
    client.get(f"/patients/{patient_id}", headers=admin.headers)
    by_colleague = client.get(
        f"/audit?actor_id={colleague.id}&action=patient.read", headers=admin.headers
    ).json()
    assert by_colleague["total"] == 1
    assert by_colleague["items"][0]["target_id"] == patient_id
    by_target = client.get(f"/audit?target_type=patient&target_id={patient_id}", headers=admin.headers).json()
    assert {i["action"] for i in by_target["items"]} >= {"patient.create", "patient.read"}
    future = client.get("/audit?since=2999-01-01T00:00:00Z", headers=admin.headers).json()
    assert future["total"] == 0


def test_only_clinic_admins_read_the_audit_trail(client, clinic_a):
    audiologist = add_member(client, clinic_a, "aud2@a.example", "audiologist")
    assert client.get("/audit", headers=audiologist.headers).status_code == 403


def test_error_after_a_flushed_write_rolls_the_write_back(client, clean_db, seeded, clinic_b):
    """visit_type is flushed to the database before the professional check fails: the 400 must undo it."""
    admin, _, session_id = seeded
    before = _audit_rows(clean_db)
    response = client.put(
        f"/sessions/{session_id}",
        headers=admin.headers,
        json={"visit_type": "changed", "professional_id": clinic_b.id},
    )
    assert response.status_code == 400
    assert client.get(f"/sessions/{session_id}", headers=admin.headers).json()["visit_type"] == "consultation"
    assert _audit_rows(clean_db)[: len(before)] == before
    assert len(_audit_rows(clean_db)) == len(before) + 1  # only the read just above
