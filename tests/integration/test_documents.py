"""Documents through the API: upload, paste, extraction outcomes, download, delete — with the database row,
the stored object and the audit trail checked for every step."""

from __future__ import annotations

import dataclasses
import uuid

import httpx
import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from echo_notes.app import create_app
from echo_notes.storage.local import LocalStorage
from echo_notes.storage.s3 import S3Storage

from ..files import make_docx, make_encrypted_pdf, make_pdf, make_scanned_pdf
from ..s3_server import ACCESS_KEY, SECRET_KEY
from .conftest import create_patient, create_session, register_clinic

REPORT = "Audiogram: right 500 Hz 25 dB HL, 2000 Hz 45 dB HL. Tympanometry Type A both ears."


@pytest.fixture
def visit(client, clinic_a):
    patient = create_patient(client, clinic_a, first_name="Nora", last_name="North")
    return clinic_a, patient["id"], create_session(client, clinic_a, patient["id"])["id"]


def upload(client, member, session_id, name, data, content_type="application/octet-stream", **form):
    return client.post(
        "/documents/upload",
        headers=member.headers,
        data={"session_id": session_id, **form},
        files={"file": (name, data, content_type)},
    )


def rows_and_objects(engine, storage):
    with engine.connect() as conn:
        keys = set(conn.execute(text("SELECT storage_key FROM uploaded_documents")).scalars())
    return keys, set(storage.keys())


def test_pdf_upload_is_extracted_listed_read_and_downloaded(client, app, clean_db, visit):
    member, patient_id, session_id = visit
    data = make_pdf(REPORT)
    response = upload(
        client, member, session_id, "audiogram.pdf", data, "application/pdf", document_type="audiogram"
    )
    assert response.status_code == 201, response.text
    doc = response.json()
    assert (doc["processing_status"], doc["page_count"], doc["document_type"]) == ("done", 1, "audiogram")
    assert "45 dB HL" in doc["extracted_text"]
    assert doc["extractor"].startswith("pypdf")
    assert doc["patient_id"] == patient_id

    by_session = client.get(f"/documents?session_id={session_id}", headers=member.headers).json()
    by_patient = client.get(f"/documents?patient_id={patient_id}", headers=member.headers).json()
    assert [d["id"] for d in by_session["items"]] == [d["id"] for d in by_patient["items"]] == [doc["id"]]
    assert "extracted_text" not in by_session["items"][0]

    download = client.get(f"/documents/{doc['id']}/download", headers=member.headers)
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"].startswith("application/pdf")
    assert 'filename="audiogram.pdf"' in download.headers["content-disposition"]

    with clean_db.connect() as conn:
        actions = list(
            conn.execute(
                text("SELECT action FROM audit_log WHERE action LIKE 'document.%' ORDER BY id")
            ).scalars()
        )
    assert actions == [
        "document.upload",
        "document.extract",
        "document.list",
        "document.list",
        "document.download",
    ]


def test_type_is_decided_by_content_not_name_or_header(client, visit):
    member, _, session_id = visit
    doc = upload(client, member, session_id, "notes.txt", make_pdf(REPORT), "text/plain").json()
    assert doc["content_type"] == "application/pdf"
    exe = upload(client, member, session_id, "report.pdf", b"MZ\x90\x00" + bytes(500), "application/pdf")
    assert exe.status_code == 415
    assert "accepted" in exe.json()["detail"]


def test_pasted_transcript_becomes_a_done_document(client, visit):
    member, _, session_id = visit
    response = client.post(
        "/documents/text",
        headers=member.headers,
        json={
            "session_id": session_id,
            "text": "Clinician: Any ringing?\nPatient: Left ear.",
            "title": "Visit transcript",
        },
    )
    assert response.status_code == 201
    doc = response.json()
    assert (doc["source"], doc["document_type"], doc["processing_status"]) == ("pasted", "transcript", "done")
    assert doc["filename"] == "Visit transcript.txt"
    assert doc["extracted_text"] == "Clinician: Any ringing?\nPatient: Left ear."


def test_word_documents_are_extracted(client, visit):
    member, _, session_id = visit
    docx = make_docx(["Referral: progressive hearing loss"], table=[["Freq", "R"], ["4000 Hz", "60"]])
    doc = upload(client, member, session_id, "referral.docx", docx).json()
    assert doc["processing_status"] == "done"
    assert "4000 Hz | 60" in doc["extracted_text"]


@pytest.mark.parametrize(
    ("data", "status", "reason"),
    [
        (make_scanned_pdf(), "needs_ocr", "OCR"),
        (make_encrypted_pdf(REPORT), "failed", "password-protected"),
        (b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF", "failed", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "needs_ocr", "OCR"),
    ],
)
def test_unreadable_files_are_kept_with_a_clear_status(client, app, clean_db, visit, data, status, reason):
    member, _, session_id = visit
    doc = upload(client, member, session_id, "file", data).json()
    assert doc["processing_status"] == status
    assert reason in doc["processing_error"]
    keys, objects = rows_and_objects(clean_db, app.state.storage)
    assert keys == objects and len(keys) == 1  # the original is kept for a later retry
    again = client.post(f"/documents/{doc['id']}/process", headers=member.headers)
    assert again.status_code == 200
    assert again.json()["processing_status"] == status


def test_too_large_upload_is_413_and_stores_nothing(settings, db_urls, clean_db, tmp_path):
    small = dataclasses.replace(
        settings, documents=dataclasses.replace(settings.documents, max_upload_bytes=4096)
    )
    app = create_app(small, db_urls, run_migrations=False)
    with TestClient(app) as client:
        member = register_clinic(client, "Big files", "big@files.example")
        patient = create_patient(client, member)
        session = create_session(client, member, patient["id"])
        response = upload(client, member, session["id"], "big.txt", b"a" * 5000)
        assert response.status_code == 413
        assert "4096" not in response.json()["detail"] and "MB" in response.json()["detail"]
        assert rows_and_objects(clean_db, app.state.storage) == (set(), set())


def test_request_bodies_beyond_the_server_limit_are_413(client, visit, settings):
    member, _, session_id = visit
    huge = b"a" * (settings.server.max_request_bytes + 10)
    assert upload(client, member, session_id, "huge.txt", huge).status_code == 413


def test_empty_file_is_400(client, visit):
    member, _, session_id = visit
    response = upload(client, member, session_id, "empty.txt", b"")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"


def test_missing_session_or_file_is_400(client, visit):
    member, _, session_id = visit
    no_file = client.post("/documents/upload", headers=member.headers, data={"session_id": session_id})
    assert no_file.status_code == 400
    no_session = client.post(
        "/documents/upload", headers=member.headers, files={"file": ("a.txt", b"text", "text/plain")}
    )
    assert no_session.status_code == 400


def test_upload_to_unknown_session_leaves_no_orphan_object(client, app, clean_db, visit):
    member, _, _ = visit
    response = upload(client, member, str(uuid.uuid4()), "a.txt", b"orphan candidate")
    assert response.status_code == 404
    assert rows_and_objects(clean_db, app.state.storage) == (set(), set())


def test_user_file_names_never_become_paths(client, app, visit):
    member, _, session_id = visit
    doc = upload(client, member, session_id, '../../../etc/pass"wd\r\n.txt', b"plain text").json()
    assert doc["filename"] == "passwd.txt"
    stored = app.state.storage.keys()
    assert stored == [f"clinics/{member.clinic_id}/documents/{doc['id']}"]


def test_delete_removes_row_and_object_and_is_audited(client, app, clean_db, visit):
    member, _, session_id = visit
    doc = upload(client, member, session_id, "a.txt", b"to be deleted").json()
    assert client.delete(f"/documents/{doc['id']}", headers=member.headers).status_code == 204
    assert rows_and_objects(clean_db, app.state.storage) == (set(), set())
    assert client.get(f"/documents/{doc['id']}", headers=member.headers).status_code == 404
    with clean_db.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'document.delete' AND target_id = :d"),
                {"d": doc["id"]},
            ).scalar()
            == 1
        )


def test_a_session_with_documents_cannot_be_deleted(client, visit):
    member, _, session_id = visit
    upload(client, member, session_id, "a.txt", b"keep me")
    assert client.delete(f"/sessions/{session_id}", headers=member.headers).status_code == 409


def _s3_app(settings, db_urls, s3_server, secret=SECRET_KEY):
    bucket = f"docs-{uuid.uuid4().hex[:10]}"
    s3_server.client().create_bucket(Bucket=bucket)
    storage_settings = dataclasses.replace(
        settings.storage,
        s3_bucket=bucket,
        s3_endpoint_url=s3_server.endpoint,
        s3_region="us-east-1",
        s3_access_key_id=ACCESS_KEY,
        s3_secret_access_key=secret,
    )
    return create_app(settings, db_urls, run_migrations=False, storage=S3Storage(storage_settings))


def test_on_s3_download_redirects_to_a_presigned_url(settings, db_urls, clean_db, s3_server):
    app = _s3_app(settings, db_urls, s3_server)
    with TestClient(app) as client:
        member = register_clinic(client, "S3 clinic", "s3@clinic.example")
        session = create_session(client, member, create_patient(client, member)["id"])
        data = make_pdf(REPORT)
        doc = upload(client, member, session["id"], "r.pdf", data).json()
        assert doc["processing_status"] == "done"
        redirect = client.get(
            f"/documents/{doc['id']}/download", headers=member.headers, follow_redirects=False
        )
        assert redirect.status_code == 307
        assert httpx.get(redirect.headers["location"]).content == data
        assert client.delete(f"/documents/{doc['id']}", headers=member.headers).status_code == 204
        assert rows_and_objects(clean_db, app.state.storage) == (set(), set())


def test_storage_outage_is_503_and_writes_no_row(settings, db_urls, clean_db, s3_server):
    app = _s3_app(settings, db_urls, s3_server, secret="wrong-secret-value")
    with TestClient(app) as client:
        member = register_clinic(client, "Outage clinic", "outage@clinic.example")
        session = create_session(client, member, create_patient(client, member)["id"])
        response = upload(client, member, session["id"], "a.txt", b"important transcript")
        assert response.status_code == 503
        assert "nothing was saved" in response.json()["detail"]
        with clean_db.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM uploaded_documents")).scalar() == 0


def test_local_storage_is_the_default(app):
    assert isinstance(app.state.storage, LocalStorage)
