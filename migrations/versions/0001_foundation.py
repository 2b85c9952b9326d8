"""Foundation: clinics, professionals, patients, visits, documents, notes with versions, audit, auth tables.

Row-level security: every tenant table has a policy comparing ``clinic_id`` with the request's clinic
(``app.clinic_id``, set per transaction by the app). The app role is not the table owner and not a superuser,
so the policies always apply to it; with no clinic set it sees nothing.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import context, op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = (
    "professional",
    "patients",
    "patient_visit_sessions",
    "uploaded_documents",
    "session_soap_notes",
    "session_soap_note_versions",
    "audit_log",
    "refresh_token",
)

GRANTS = {
    "clinic": "SELECT, INSERT, UPDATE",
    "professional": "SELECT, INSERT, UPDATE",
    "patients": "SELECT, INSERT, UPDATE",
    "patient_visit_sessions": "SELECT, INSERT, UPDATE, DELETE",
    "uploaded_documents": "SELECT, INSERT, UPDATE, DELETE",
    "session_soap_notes": "SELECT, INSERT, UPDATE",
    "session_soap_note_versions": "SELECT, INSERT",
    "audit_log": "SELECT, INSERT",
    "refresh_token": "SELECT, INSERT, UPDATE",
    "login_failure": "SELECT, INSERT, DELETE",
}


def _app_role() -> str:
    role = context.config.attributes.get("app_role", "echo_app")
    if not role.replace("_", "").isalnum():
        raise ValueError(f"invalid application role name {role!r}")
    return role


SCHEMA = """
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TYPE professional_role AS ENUM (
    'audiologist', 'hearing_instrument_specialist', 'assistant', 'clinic_admin'
);
CREATE TYPE visit_status AS ENUM ('scheduled', 'in_progress', 'completed', 'cancelled');
CREATE TYPE processing_status AS ENUM ('pending', 'processing', 'done', 'failed', 'needs_ocr');

CREATE FUNCTION app_current_clinic() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.clinic_id', true), '')::uuid $$;

CREATE TABLE clinic (
    id uuid PRIMARY KEY,
    name varchar(200) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE professional (
    id uuid PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
    email varchar(320) NOT NULL,
    full_name varchar(200) NOT NULL,
    role professional_role NOT NULL,
    password_hash text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    license_number varchar(64),
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX uq_professional_email ON professional (lower(email));
CREATE INDEX ix_professional_clinic ON professional (clinic_id);

CREATE TABLE patients (
    id uuid PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
    first_name varchar(100) NOT NULL,
    last_name varchar(100) NOT NULL,
    date_of_birth date,
    email varchar(320),
    phone varchar(40),
    medical_record_number varchar(64),
    notes text,
    created_by uuid REFERENCES professional(id),
    archived_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX uq_patients_clinic_email ON patients (clinic_id, lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX uq_patients_clinic_mrn ON patients (clinic_id, medical_record_number)
    WHERE medical_record_number IS NOT NULL;
CREATE INDEX ix_patients_clinic_name ON patients (clinic_id, lower(last_name), lower(first_name));

CREATE TABLE patient_visit_sessions (
    id uuid PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
    patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
    professional_id uuid REFERENCES professional(id),
    visit_date timestamptz NOT NULL,
    visit_type varchar(64) NOT NULL,
    status visit_status NOT NULL DEFAULT 'scheduled',
    chief_complaint text,
    transcript text,
    context_data jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_sessions_patient ON patient_visit_sessions (clinic_id, patient_id, visit_date DESC);

CREATE TABLE uploaded_documents (
    id uuid PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
    session_id uuid NOT NULL REFERENCES patient_visit_sessions(id) ON DELETE RESTRICT,
    patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
    uploaded_by uuid REFERENCES professional(id),
    filename varchar(255) NOT NULL,
    content_type varchar(100) NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 varchar(64) NOT NULL,
    storage_key varchar(512) NOT NULL UNIQUE,
    processing_status processing_status NOT NULL DEFAULT 'pending',
    processing_error text,
    extracted_text text,
    page_count integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_documents_session ON uploaded_documents (clinic_id, session_id);
CREATE INDEX ix_documents_patient ON uploaded_documents (clinic_id, patient_id);

CREATE TABLE session_soap_notes (
    id uuid PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
    session_id uuid NOT NULL REFERENCES patient_visit_sessions(id) ON DELETE RESTRICT,
    patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
    current_version integer NOT NULL DEFAULT 1,
    content jsonb NOT NULL,
    context_data jsonb NOT NULL DEFAULT '{}'::jsonb,
    embedding vector(384),
    ai_approved boolean NOT NULL DEFAULT false,
    ai_verdict jsonb NOT NULL DEFAULT '{}'::jsonb,
    user_approved boolean NOT NULL DEFAULT false,
    approved_by uuid REFERENCES professional(id),
    approved_at timestamptz,
    provenance jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_notes_session ON session_soap_notes (clinic_id, session_id);
CREATE INDEX ix_notes_patient ON session_soap_notes (clinic_id, patient_id);

CREATE TABLE session_soap_note_versions (
    id uuid PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
    note_id uuid NOT NULL REFERENCES session_soap_notes(id) ON DELETE RESTRICT,
    version integer NOT NULL,
    content jsonb NOT NULL,
    author_id uuid REFERENCES professional(id),
    reason varchar(32) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (note_id, version)
);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
    actor_id uuid REFERENCES professional(id),
    action varchar(64) NOT NULL,
    target_type varchar(64) NOT NULL,
    target_id varchar(64),
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    ip_address inet,
    user_agent varchar(512),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_audit_clinic_time ON audit_log (clinic_id, created_at DESC);
CREATE INDEX ix_audit_actor ON audit_log (clinic_id, actor_id, created_at DESC);
CREATE INDEX ix_audit_target ON audit_log (clinic_id, target_type, target_id);
CREATE INDEX ix_audit_action ON audit_log (clinic_id, action, created_at DESC);

CREATE TABLE refresh_token (
    jti varchar(64) PRIMARY KEY,
    clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE CASCADE,
    professional_id uuid NOT NULL REFERENCES professional(id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_refresh_professional ON refresh_token (professional_id);

CREATE TABLE login_failure (
    id bigserial PRIMARY KEY,
    email_digest varchar(64) NOT NULL,
    ip_address inet,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_login_failure_email ON login_failure (email_digest, created_at DESC);

-- Login happens before the clinic is known: this function, owned by the migration role, looks up one
-- professional by e-mail without exposing the table across clinics.
CREATE FUNCTION auth_lookup_professional(p_email text)
    RETURNS TABLE (id uuid, clinic_id uuid, role professional_role, password_hash text, is_active boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
        SELECT id, clinic_id, role, password_hash, is_active
        FROM professional WHERE lower(email) = lower(p_email)
    $$;
REVOKE ALL ON FUNCTION auth_lookup_professional(text) FROM PUBLIC;
"""


def upgrade() -> None:
    role = _app_role()
    op.execute(SCHEMA)
    # The role name is validated in _app_role(); DDL cannot take bind parameters.
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
            END IF;
            -- Lets an owner-only DATABASE_URL switch to the app role per connection (SET ROLE).
            IF NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
                EXECUTE format('GRANT %I TO %I', '{role}', current_user);
            END IF;
        END $$;
        """  # noqa: S608
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
    op.execute(f"GRANT EXECUTE ON FUNCTION auth_lookup_professional(text), app_current_clinic() TO {role}")
    for table, privileges in GRANTS.items():
        op.execute(f"GRANT {privileges} ON {table} TO {role}")
    op.execute(f"GRANT USAGE ON SEQUENCE audit_log_id_seq, login_failure_id_seq TO {role}")

    op.execute("ALTER TABLE clinic ENABLE ROW LEVEL SECURITY")
    # Registration inserts a clinic before anyone belongs to it; reads and updates stay within one's own.
    op.execute("CREATE POLICY clinic_insert ON clinic FOR INSERT WITH CHECK (true)")
    op.execute("CREATE POLICY clinic_select ON clinic FOR SELECT USING (id = app_current_clinic())")
    op.execute("CREATE POLICY clinic_update ON clinic FOR UPDATE USING (id = app_current_clinic())")
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (clinic_id = app_current_clinic()) WITH CHECK (clinic_id = app_current_clinic())"
        )


def downgrade() -> None:
    role = _app_role()
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}")
    op.execute("DROP FUNCTION IF EXISTS auth_lookup_professional(text)")
    for table in ("login_failure", "refresh_token", "audit_log", *reversed(TENANT_TABLES[:-2]), "clinic"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute("DROP FUNCTION IF EXISTS app_current_clinic()")
    op.execute("DROP TYPE IF EXISTS processing_status, visit_status, professional_role")
