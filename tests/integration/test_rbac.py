"""Roles: what assistants, clinicians and clinic admins may and may not do. Each case asserts the one right
status code."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, add_member, create_patient, create_session


@pytest.fixture
def staff(client, clinic_a):
    return {
        "clinic_admin": clinic_a,
        "audiologist": add_member(client, clinic_a, "aud@a.example", "audiologist"),
        "hearing_instrument_specialist": add_member(
            client, clinic_a, "his@a.example", "hearing_instrument_specialist"
        ),
        "assistant": add_member(client, clinic_a, "asst@a.example", "assistant"),
    }


NEW_STAFF = {"email": "new@a.example", "full_name": "New Person", "role": "assistant", "password": PASSWORD}


@pytest.mark.parametrize(
    ("role", "expected"),
    [("clinic_admin", 201), ("audiologist", 403), ("hearing_instrument_specialist", 403), ("assistant", 403)],
)
def test_only_clinic_admins_add_professionals(client, staff, role, expected):
    response = client.post("/users/professionals", headers=staff[role].headers, json=NEW_STAFF)
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("clinic_admin", 200), ("audiologist", 200), ("hearing_instrument_specialist", 200), ("assistant", 403)],
)
def test_assistants_cannot_archive_patients(client, staff, role, expected):
    patient = create_patient(client, staff["clinic_admin"])
    assert client.delete(f"/patients/{patient['id']}", headers=staff[role].headers).status_code == expected


@pytest.mark.parametrize(("role", "expected"), [("audiologist", 204), ("assistant", 403)])
def test_assistants_cannot_delete_sessions(client, staff, role, expected):
    patient = create_patient(client, staff["clinic_admin"])
    session = create_session(client, staff["clinic_admin"], patient["id"])
    assert client.delete(f"/sessions/{session['id']}", headers=staff[role].headers).status_code == expected


def test_assistants_can_register_patients_and_book_visits(client, staff):
    patient = create_patient(client, staff["assistant"], first_name="Booked")
    create_session(client, staff["assistant"], patient["id"], status="scheduled")


def test_non_admin_edits_only_their_own_name(client, staff):
    me = staff["audiologist"]
    assert (
        client.put(
            f"/users/professionals/{me.id}", headers=me.headers, json={"full_name": "Dr. Renamed"}
        ).status_code
        == 200
    )
    assert (
        client.put(
            f"/users/professionals/{staff['assistant'].id}",
            headers=me.headers,
            json={"full_name": "Not Mine"},
        ).status_code
        == 403
    )
    assert (
        client.put(
            f"/users/professionals/{me.id}", headers=me.headers, json={"role": "clinic_admin"}
        ).status_code
        == 403
    )


def test_admin_cannot_demote_or_deactivate_themselves(client, staff):
    admin = staff["clinic_admin"]
    assert (
        client.put(
            f"/users/professionals/{admin.id}", headers=admin.headers, json={"role": "assistant"}
        ).status_code
        == 403
    )
    assert (
        client.put(
            f"/users/professionals/{admin.id}", headers=admin.headers, json={"is_active": False}
        ).status_code
        == 403
    )


def test_admin_changes_a_role_and_the_next_refresh_carries_it(client, staff):
    admin, assistant = staff["clinic_admin"], staff["assistant"]
    assert (
        client.put(
            f"/users/professionals/{assistant.id}", headers=admin.headers, json={"role": "audiologist"}
        ).status_code
        == 200
    )
    refreshed = client.post("/auth/refresh", json={"refresh_token": assistant.refresh_token}).json()
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {refreshed['access_token']}"}).json()
    assert me["role"] == "audiologist"


def test_everyone_in_the_clinic_lists_its_professionals(client, staff):
    listed = client.get("/users/professionals", headers=staff["assistant"].headers)
    assert listed.status_code == 200
    assert len(listed.json()) == 4
