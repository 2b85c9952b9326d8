"""The clinic boundary: a professional of clinic B gets 404 for every id of clinic A on every route, never
sees A's rows in a list, and PostgreSQL's row-level security holds even when a query carries no filter."""

from __future__ import annotations

import asyncio
import re
import uuid

import psycopg
import pytest
from sqlalchemy import text

from echo_notes.db.engine import DatabaseUrls, create_app_engine

from ..conftest import APP_ROLE
from .conftest import add_member, create_patient, create_session

# Every route that takes an id, with a body that would be valid if the id were the caller's own.
ID_ROUTES = [
    ("GET", "/patients/{patient}", None),
    ("PUT", "/patients/{patient}", {"notes": "changed"}),
    ("DELETE", "/patients/{patient}", None),
    ("GET", "/patients/{patient}/sessions", None),
    ("POST", "/patients/{patient}/sessions", {"visit_type": "consultation"}),
    ("GET", "/sessions/{session}", None),
    ("PUT", "/sessions/{session}", {"chief_complaint": "changed"}),
    ("DELETE", "/sessions/{session}", None),
    ("GET", "/documents/{document}", None),
    ("GET", "/documents/{document}/download", None),
    ("POST", "/documents/{document}/process", None),
    ("DELETE", "/documents/{document}", None),
    ("GET", "/soap/notes/{note}", None),
    (
        "PUT",
        "/soap/notes/{note}",
        {"content": {"subjective": "x", "objective": "x", "assessment": "x", "plan": "x"}},
    ),
    ("DELETE", "/soap/notes/{note}", None),
    ("GET", "/jobs/{job}", None),
    ("GET", "/jobs/{job}/events", None),
    ("GET", "/users/professionals/{professional}", None),
    ("PUT", "/users/professionals/{professional}", {"full_name": "Changed Name"}),
]


@pytest.fixture
def world(client, clinic_a, clinic_b, clean_db):
    """Clinic A with a patient, a visit and a colleague; clinic B's admin is the intruder."""
    colleague = add_member(client, clinic_a, "audio@clinic-a.example", "audiologist")
    patient = create_patient(client, clinic_a, first_name="Ada", last_name="Alpha", email="ada@a.example")
    session = create_session(client, clinic_a, patient["id"], chief_complaint="tinnitus")
    document = client.post(
        "/documents/text",
        headers=clinic_a.headers,
        json={"session_id": session["id"], "text": "Ada reports tinnitus in the left ear."},
    )
    assert document.status_code == 201, document.text
    note_id, job_id = str(uuid.uuid4()), str(uuid.uuid4())
    with clean_db.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO session_soap_notes (id, clinic_id, session_id, patient_id, content) "
                "VALUES (:n, :c, :s, :p, :content)"
            ),
            {
                "n": note_id,
                "c": clinic_a.clinic_id,
                "s": session["id"],
                "p": patient["id"],
                "content": '{"subjective": "Ada: tinnitus", "objective": "", "assessment": "", "plan": ""}',
            },
        )
        conn.execute(
            text(
                "INSERT INTO soap_jobs (id, clinic_id, session_id, patient_id, status) "
                "VALUES (:j, :c, :s, :p, 'done')"
            ),
            {"j": job_id, "c": clinic_a.clinic_id, "s": session["id"], "p": patient["id"]},
        )
    ids = {
        "patient": patient["id"],
        "session": session["id"],
        "professional": colleague.id,
        "document": document.json()["id"],
        "note": note_id,
        "job": job_id,
    }
    return {"a": clinic_a, "b": clinic_b, "ids": ids}


def test_every_route_with_an_id_is_covered_by_the_boundary_table(app):
    """Adding a route with a path id without adding it above fails here, so no route escapes the test."""
    covered = {(method, re.sub(r"\{(\w+)\}", "{}", path)) for method, path, _ in ID_ROUTES}
    for route in app.routes:
        if "{" not in route.path or route.path.startswith(("/static", "/docs")):
            continue
        shape = re.sub(r"\{[^}]+\}", "{}", route.path)
        for method in route.methods - {"OPTIONS", "HEAD"}:
            assert (method, shape) in covered, f"{method} {route.path} is not in the clinic-boundary table"


@pytest.mark.parametrize(("method", "template", "body"), ID_ROUTES)
def test_other_clinic_gets_404_for_every_id(client, world, method, template, body):
    path = template.format(**world["ids"])
    response = client.request(method, path, headers=world["b"].headers, json=body)
    assert response.status_code == 404, f"{method} {path}: {response.status_code} {response.text}"
    # Nothing of clinic A changed.
    a, ids = world["a"], world["ids"]
    patient = client.get(f"/patients/{ids['patient']}", headers=a.headers).json()
    assert (patient["notes"], patient["archived"]) == (None, False)
    session = client.get(f"/sessions/{ids['session']}", headers=a.headers).json()
    assert session["chief_complaint"] == "tinnitus"
    sessions = client.get(f"/patients/{ids['patient']}/sessions", headers=a.headers).json()
    assert sessions["total"] == 1
    assert (
        client.get(f"/soap/notes/{ids['note']}", headers=a.headers).json()["content"]["subjective"]
        == "Ada: tinnitus"
    )
    document = client.get(f"/documents/{ids['document']}", headers=a.headers).json()
    assert document["extracted_text"] == "Ada reports tinnitus in the left ear."
    colleague = client.get(f"/users/professionals/{ids['professional']}", headers=a.headers).json()
    assert colleague["full_name"] == "audiologist person"


@pytest.mark.parametrize(("method", "template", "body"), ID_ROUTES)
def test_unknown_ids_are_404(client, world, method, template, body):
    path = template.format(
        patient=uuid.uuid4(),
        session=uuid.uuid4(),
        professional=uuid.uuid4(),
        document=uuid.uuid4(),
        note=uuid.uuid4(),
        job=uuid.uuid4(),
    )
    assert client.request(method, path, headers=world["a"].headers, json=body).status_code == 404


def test_document_lists_and_uploads_with_another_clinics_ids_are_404(client, world):
    b, ids = world["b"], world["ids"]
    assert client.get(f"/documents?session_id={ids['session']}", headers=b.headers).status_code == 404
    assert client.get(f"/documents?patient_id={ids['patient']}", headers=b.headers).status_code == 404
    pasted = client.post(
        "/documents/text", headers=b.headers, json={"session_id": ids["session"], "text": "x"}
    )
    assert pasted.status_code == 404
    generate = client.post("/soap/generate", headers=b.headers, json={"session_id": ids["session"]})
    assert generate.status_code == 404
    approve = client.post("/soap/approve", headers=b.headers, json={"note_id": ids["note"]})
    assert approve.status_code == 404
    upload = client.post(
        "/documents/upload",
        headers=b.headers,
        data={"session_id": ids["session"]},
        files={"file": ("a.txt", b"some text", "text/plain")},
    )
    assert upload.status_code == 404


def test_lists_and_search_never_show_another_clinics_rows(client, world):
    b = world["b"]
    create_patient(client, b, first_name="Bea", last_name="Beta")
    for query in ("", "?q=Ada", "?q=Alpha", "?q=ada@a.example", "?include_archived=true"):
        names = [p["first_name"] for p in client.get(f"/patients{query}", headers=b.headers).json()["items"]]
        assert "Ada" not in names
    assert [p["first_name"] for p in client.get("/patients", headers=b.headers).json()["items"]] == ["Bea"]
    staff = [p["email"] for p in client.get("/users/professionals", headers=b.headers).json()]
    assert staff == ["admin@clinic-b.example"]
    audit = client.get("/audit?limit=500", headers=b.headers).json()["items"]
    assert all(entry["target_id"] not in world["ids"].values() for entry in audit)


def test_patient_email_is_unique_per_clinic_not_globally(client, world):
    create_patient(client, world["b"], first_name="Other", last_name="Person", email="ada@a.example")
    duplicate = client.post(
        "/patients",
        headers=world["a"].headers,
        json={"first_name": "Ada", "last_name": "Again", "email": "ADA@a.example"},
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"][0]["field"] == "email"


def test_session_cannot_be_assigned_to_another_clinics_professional(client, world):
    response = client.post(
        f"/patients/{world['ids']['patient']}/sessions",
        headers=world["a"].headers,
        json={"professional_id": world["b"].id},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "professional_id"


# --- Row-level security, straight at the database as the application role ------------------------------


def _app_conn(db_urls):
    return psycopg.connect(db_urls.app.replace("postgresql+psycopg://", "postgresql://"))


def test_app_role_is_not_superuser_and_cannot_bypass_rls(db_urls):
    with _app_conn(db_urls) as conn:
        row = conn.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
    assert row == (False, False)


TENANT_TABLES = [
    "patients",
    "patient_visit_sessions",
    "professional",
    "audit_log",
    "refresh_token",
    "uploaded_documents",
    "session_soap_notes",
    "session_soap_note_versions",
]


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_rls_hides_other_clinics_rows_from_an_unfiltered_query(db_urls, world, table):
    a, b = world["a"].clinic_id, world["b"].clinic_id
    with _app_conn(db_urls) as conn:
        conn.execute("SELECT set_config('app.clinic_id', %s, false)", (b,))
        clinics = {str(r[0]) for r in conn.execute(f"SELECT clinic_id FROM {table}")}  # noqa: S608
        assert a not in clinics
        conn.execute("SELECT set_config('app.clinic_id', %s, false)", (a,))
        mine = {str(r[0]) for r in conn.execute(f"SELECT clinic_id FROM {table}")}  # noqa: S608
        assert mine <= {a}


def test_rls_shows_nothing_without_a_clinic_context(db_urls, world):
    with _app_conn(db_urls) as conn:
        assert conn.execute("SELECT count(*) FROM patients").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM clinic").fetchone() == (0,)


def test_rls_sees_own_rows_with_no_where_clause(db_urls, world):
    with _app_conn(db_urls) as conn:
        conn.execute("SELECT set_config('app.clinic_id', %s, false)", (world["a"].clinic_id,))
        assert conn.execute("SELECT first_name FROM patients").fetchall() == [("Ada",)]


def test_rls_refuses_writing_a_row_into_another_clinic(db_urls, world):
    with _app_conn(db_urls) as conn:
        conn.execute("SELECT set_config('app.clinic_id', %s, false)", (world["b"].clinic_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO patients (id, clinic_id, first_name, last_name) VALUES (%s, %s, 'X', 'Y')",
                (uuid.uuid4(), world["a"].clinic_id),
            )


def test_rls_update_and_delete_of_other_clinic_rows_touch_nothing(db_urls, world, clean_db):
    with _app_conn(db_urls) as conn:
        conn.execute("SELECT set_config('app.clinic_id', %s, false)", (world["b"].clinic_id,))
        assert conn.execute("UPDATE patients SET notes = 'pwned'").rowcount == 0
        assert conn.execute("DELETE FROM patient_visit_sessions").rowcount == 0
        conn.commit()
    with clean_db.connect() as owner:
        assert owner.execute(text("SELECT count(*) FROM patients WHERE notes = 'pwned'")).scalar() == 0
        assert owner.execute(text("SELECT count(*) FROM patient_visit_sessions")).scalar() == 1


def test_audit_log_is_append_only_for_the_app_role(db_urls, world):
    with _app_conn(db_urls) as conn:
        conn.execute("SELECT set_config('app.clinic_id', %s, false)", (world["a"].clinic_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_log")


async def _as_configured_url(db_urls, clinic_id):
    """The app's engine when only an owner DATABASE_URL is configured: it must still act as the app role."""
    engine = create_app_engine(DatabaseUrls(owner=db_urls.owner, app=db_urls.owner, set_role=APP_ROLE))
    try:
        async with engine.connect() as conn:
            user = (await conn.execute(text("SELECT current_user"))).scalar()
            unscoped = (await conn.execute(text("SELECT count(*) FROM patients"))).scalar()
            await conn.execute(text("SELECT set_config('app.clinic_id', :c, false)"), {"c": clinic_id})
            scoped = (await conn.execute(text("SELECT count(*) FROM patients"))).scalar()
        return user, unscoped, scoped
    finally:
        await engine.dispose()


def test_owner_only_configuration_still_runs_requests_under_rls(db_urls, world):
    user, unscoped, scoped = asyncio.run(_as_configured_url(db_urls, world["a"].clinic_id))
    assert (user, unscoped, scoped) == (APP_ROLE, 0, 1)
