"""Documents: type, source and extractor (provenance) columns; same-clinic foreign keys.

A plain foreign key is checked without row-level security, so ``session_id`` alone would let a row point at
another clinic's visit. Composite keys ``(id, clinic_id)`` make PostgreSQL itself refuse that.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE uploaded_documents
            ADD COLUMN document_type varchar(32) NOT NULL DEFAULT 'other',
            ADD COLUMN source varchar(16) NOT NULL DEFAULT 'upload',
            ADD COLUMN extractor varchar(64);

        ALTER TABLE patients ADD CONSTRAINT uq_patients_id_clinic UNIQUE (id, clinic_id);
        ALTER TABLE patient_visit_sessions ADD CONSTRAINT uq_sessions_id_clinic UNIQUE (id, clinic_id);

        ALTER TABLE patient_visit_sessions ADD CONSTRAINT fk_sessions_patient_same_clinic
            FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id) ON DELETE RESTRICT;
        ALTER TABLE uploaded_documents ADD CONSTRAINT fk_documents_session_same_clinic
            FOREIGN KEY (session_id, clinic_id) REFERENCES patient_visit_sessions (id, clinic_id)
            ON DELETE RESTRICT;
        ALTER TABLE uploaded_documents ADD CONSTRAINT fk_documents_patient_same_clinic
            FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id) ON DELETE RESTRICT;
        ALTER TABLE session_soap_notes ADD CONSTRAINT fk_notes_session_same_clinic
            FOREIGN KEY (session_id, clinic_id) REFERENCES patient_visit_sessions (id, clinic_id)
            ON DELETE RESTRICT;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE session_soap_notes DROP CONSTRAINT fk_notes_session_same_clinic;
        ALTER TABLE uploaded_documents DROP CONSTRAINT fk_documents_patient_same_clinic;
        ALTER TABLE uploaded_documents DROP CONSTRAINT fk_documents_session_same_clinic;
        ALTER TABLE patient_visit_sessions DROP CONSTRAINT fk_sessions_patient_same_clinic;
        ALTER TABLE patient_visit_sessions DROP CONSTRAINT uq_sessions_id_clinic;
        ALTER TABLE patients DROP CONSTRAINT uq_patients_id_clinic;
        ALTER TABLE uploaded_documents DROP COLUMN extractor, DROP COLUMN source, DROP COLUMN document_type;
        """
    )
