"""Durable note generation: the per-clinic job table and the schemas of the job queue and graph checkpoints.

The queue (procrastinate) and the LangGraph checkpointer live in schemas of their own so that their objects
never mix with the product's tables, the application role cannot read them, and a downgrade drops them whole.
The queue's SQL comes from the installed procrastinate version; the checkpointer creates and migrates its own
tables on start-up (``echo_notes.jobs.checkpoints.setup``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import context, op
from procrastinate.schema import SchemaManager

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUE_SCHEMA = "procrastinate"
CHECKPOINT_SCHEMA = "langgraph"


def _app_role() -> str:
    role = context.config.attributes.get("app_role", "echo_app")
    if not role.replace("_", "").isalnum():
        raise ValueError(f"invalid application role name {role!r}")
    return role


def upgrade() -> None:
    role = _app_role()
    op.execute("ALTER TABLE session_soap_notes ADD CONSTRAINT uq_notes_id_clinic UNIQUE (id, clinic_id)")
    op.execute(
        """
        CREATE TABLE soap_jobs (
            id uuid PRIMARY KEY,
            clinic_id uuid NOT NULL REFERENCES clinic(id) ON DELETE RESTRICT,
            session_id uuid NOT NULL,
            patient_id uuid NOT NULL,
            requested_by uuid REFERENCES professional(id),
            status text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed')),
            options jsonb NOT NULL DEFAULT '{}',
            progress jsonb NOT NULL DEFAULT '[]',
            attempts integer NOT NULL DEFAULT 0,
            note_id uuid,
            error text,
            queue_job_id bigint,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz,
            UNIQUE (id, clinic_id),
            FOREIGN KEY (session_id, clinic_id) REFERENCES patient_visit_sessions (id, clinic_id)
                ON DELETE RESTRICT,
            FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id) ON DELETE RESTRICT,
            FOREIGN KEY (note_id, clinic_id) REFERENCES session_soap_notes (id, clinic_id) ON DELETE RESTRICT
        )
        """
    )
    op.execute("CREATE INDEX soap_jobs_clinic_session_idx ON soap_jobs (clinic_id, session_id)")
    # One note per job, whatever happens to the worker: a retried job finds its note instead of writing two.
    op.execute("CREATE UNIQUE INDEX soap_jobs_note_idx ON soap_jobs (note_id) WHERE note_id IS NOT NULL")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON soap_jobs TO {role}")
    op.execute("ALTER TABLE soap_jobs ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON soap_jobs "
        "USING (clinic_id = app_current_clinic()) WITH CHECK (clinic_id = app_current_clinic())"
    )

    op.execute(f"CREATE SCHEMA {QUEUE_SCHEMA}")
    op.execute(f"SET LOCAL search_path TO {QUEUE_SCHEMA}, public")
    op.execute(SchemaManager.get_schema())
    op.execute("SET LOCAL search_path TO public")
    op.execute(f"CREATE SCHEMA {CHECKPOINT_SCHEMA}")


def downgrade() -> None:
    op.execute(f"DROP SCHEMA IF EXISTS {CHECKPOINT_SCHEMA} CASCADE")
    op.execute(f"DROP SCHEMA IF EXISTS {QUEUE_SCHEMA} CASCADE")
    op.execute("DROP TABLE IF EXISTS soap_jobs")
    op.execute("ALTER TABLE session_soap_notes DROP CONSTRAINT IF EXISTS uq_notes_id_clinic")
