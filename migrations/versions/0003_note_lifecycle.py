"""Notes: a deletion mark (notes are kept for the record; a deleted note leaves lists and reads).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE session_soap_notes ADD COLUMN deleted_at timestamptz")
    op.execute("ALTER TABLE session_soap_notes ADD COLUMN deleted_by uuid REFERENCES professional(id)")


def downgrade() -> None:
    op.execute("ALTER TABLE session_soap_notes DROP COLUMN deleted_by, DROP COLUMN deleted_at")
