"""SOAP notes through the API: generation for a visit, versions on every edit, approval, amendments,
deletion rules, roles and audit."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from .conftest import add_member, create_patient, create_session

CASES = Path(__file__).parents[2] / "evals" / "datasets" / "audiology-dev" / "cases.jsonl"
AUD001 = json.loads(CASES.read_text().splitlines()[0])


@pytest.fixture
def visit(client, clinic_a):
    patient = create_patient(client, clinic_a, first_name="Greta", last_name="Lindqvist")
    session = create_session(client, clinic_a, patient["id"], transcript=AUD001["transcript"])
    report = AUD001["documents"][0]
    response = client.post(
        "/documents/text",
        headers=clinic_a.headers,
        json={
            "session_id": session["id"],
            "text": report["text"],
            "title": "audiogram",
            "document_type": "audiogram",
        },
    )
    assert response.status_code == 201
    return clinic_a, session["id"]


@pytest.fixture
def note(client, visit):
    member, session_id = visit
    response = client.post(
        "/soap/generate?wait=true", headers=member.headers, json={"session_id": session_id}
    )
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["status"] == "done"
    return member, job["note"]


def test_generate_stores_version_one_with_findings_and_provenance(note):
    _, body = note
    assert body["version"] == 1
    assert all(body["content"][s] for s in ("subjective", "objective", "assessment", "plan"))
    assert body["findings"]["right"]["degree"] == "mild"
    assert body["ai_approved"] is True
    assert body["provenance"]["drafter"].startswith("grounded-drafter")
    assert body["user_approved"] is False


def test_edits_add_versions_and_keep_the_original(client, note):
    member, body = note
    edited = {**body["content"], "plan": "- Binaural hearing aids recommended."}
    response = client.put(f"/soap/notes/{body['id']}", headers=member.headers, json={"content": edited})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    detail = client.get(f"/soap/notes/{body['id']}", headers=member.headers).json()
    assert [(v["version"], v["reason"]) for v in detail["versions"]] == [(1, "generated"), (2, "edit")]
    assert detail["versions"][0]["content"]["plan"] == body["content"]["plan"]
    assert detail["versions"][1]["author_id"] == member.id


def test_approved_notes_change_only_by_amendment_and_cannot_be_deleted(client, note):
    member, body = note
    approved = client.post("/soap/approve", headers=member.headers, json={"note_id": body["id"]}).json()
    assert approved["user_approved"] and approved["approved_by"] == member.id
    change = {"content": {**body["content"], "plan": "- Annual review."}}
    refused = client.put(f"/soap/notes/{body['id']}", headers=member.headers, json=change)
    assert refused.status_code == 409
    amended = client.put(
        f"/soap/notes/{body['id']}", headers=member.headers, json={**change, "amendment": True}
    )
    assert amended.status_code == 200
    detail = client.get(f"/soap/notes/{body['id']}", headers=member.headers).json()
    assert detail["versions"][-1]["reason"] == "amendment"
    assert client.delete(f"/soap/notes/{body['id']}", headers=member.headers).status_code == 409


def test_deleting_a_draft_hides_it_but_keeps_the_rows(client, note, clean_db):
    member, body = note
    assert client.delete(f"/soap/notes/{body['id']}", headers=member.headers).status_code == 204
    assert client.get(f"/soap/notes/{body['id']}", headers=member.headers).status_code == 404
    assert client.get("/soap/notes", headers=member.headers).json()["total"] == 0
    with clean_db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM session_soap_note_versions")).scalar() == 1


def test_a_visit_with_nothing_to_write_from_is_409(client, clinic_a):
    patient = create_patient(client, clinic_a)
    empty = create_session(client, clinic_a, patient["id"])
    response = client.post("/soap/generate", headers=clinic_a.headers, json={"session_id": empty["id"]})
    assert response.status_code == 409


def test_assistants_read_notes_but_do_not_write_or_approve_them(client, note):
    member, body = note
    assistant = add_member(client, member, "asst@notes.example", "assistant")
    assert client.get(f"/soap/notes/{body['id']}", headers=assistant.headers).status_code == 200
    assert (
        client.post("/soap/approve", headers=assistant.headers, json={"note_id": body["id"]}).status_code
        == 403
    )
    assert (
        client.put(
            f"/soap/notes/{body['id']}", headers=assistant.headers, json={"content": body["content"]}
        ).status_code
        == 403
    )


def test_note_actions_are_audited(client, note, clean_db):
    member, body = note
    client.get(f"/soap/notes/{body['id']}", headers=member.headers)
    client.post("/soap/approve", headers=member.headers, json={"note_id": body["id"]})
    with clean_db.connect() as conn:
        actions = list(
            conn.execute(
                text("SELECT action FROM audit_log WHERE target_type = 'note' ORDER BY id")
            ).scalars()
        )
        job_actions = list(
            conn.execute(text("SELECT action FROM audit_log WHERE target_type = 'job'")).scalars()
        )
        worker_rows = conn.execute(
            text("SELECT actor_id::text, user_agent FROM audit_log WHERE action = 'note.generate'")
        ).all()
    # The waited-for answer carried the note (one read), then the explicit read, then the approval.
    assert actions == ["note.generate", "note.read", "note.read", "note.approve"]
    assert job_actions == ["note.generate.request"]
    assert worker_rows == [(member.id, "echo-notes worker")]


def test_versions_cannot_be_rewritten_even_by_the_app_role(note, db_urls):
    member, _ = note
    with psycopg.connect(db_urls.app.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute("SELECT set_config('app.clinic_id', %s, false)", (member.clinic_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE session_soap_note_versions SET content = '{}'::jsonb")
