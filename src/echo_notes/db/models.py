"""SQLAlchemy models of the PRD's tables, adapted for many clinics.

Every row that holds patient data carries ``clinic_id``; PostgreSQL row-level security (see the migrations)
checks it against the request's clinic, so a query that forgets its filter still cannot cross clinics.
The schema itself changes only through ``migrations/``.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import INET, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

EMBEDDING_DIMENSIONS = 384
"""all-MiniLM-L6-v2, the embedded default embedding model."""


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, uuid.UUID: UUID(as_uuid=True)}


class ProfessionalRole(enum.StrEnum):
    audiologist = "audiologist"
    hearing_instrument_specialist = "hearing_instrument_specialist"
    assistant = "assistant"
    clinic_admin = "clinic_admin"


class VisitStatus(enum.StrEnum):
    scheduled = "scheduled"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


class ProcessingStatus(enum.StrEnum):
    pending = "pending"
    processing = "processing"
    done = "done"
    failed = "failed"
    needs_ocr = "needs_ocr"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])


class _Timestamps:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Clinic(_Timestamps, Base):
    __tablename__ = "clinic"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))


class Professional(_Timestamps, Base):
    __tablename__ = "professional"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    email: Mapped[str] = mapped_column(String(320))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[ProfessionalRole] = mapped_column(_enum(ProfessionalRole, "professional_role"))
    password_hash: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    license_number: Mapped[str | None] = mapped_column(String(64))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Patient(_Timestamps, Base):
    __tablename__ = "patients"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    medical_record_number: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PatientVisitSession(_Timestamps, Base):
    __tablename__ = "patient_visit_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    professional_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))
    visit_date: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    visit_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[VisitStatus] = mapped_column(_enum(VisitStatus, "visit_status"))
    chief_complaint: Mapped[str | None] = mapped_column(Text)
    transcript: Mapped[str | None] = mapped_column(Text)
    context_data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class UploadedDocument(_Timestamps, Base):
    __tablename__ = "uploaded_documents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("patient_visit_sessions.id", ondelete="RESTRICT")
    )
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(512))
    processing_status: Mapped[ProcessingStatus] = mapped_column(_enum(ProcessingStatus, "processing_status"))
    processing_error: Mapped[str | None] = mapped_column(Text)
    extracted_text: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int | None] = mapped_column(Integer)
    document_type: Mapped[str] = mapped_column(String(32), default="other")
    source: Mapped[str] = mapped_column(String(16), default="upload")
    extractor: Mapped[str | None] = mapped_column(String(64))
    """Which tool produced ``extracted_text`` (provenance)."""


class SessionSoapNote(_Timestamps, Base):
    __tablename__ = "session_soap_notes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("patient_visit_sessions.id", ondelete="RESTRICT")
    )
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    context_data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    embedding: Mapped[list[float] | None] = mapped_column(Vector(EMBEDDING_DIMENSIONS))
    ai_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    ai_verdict: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    user_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provenance: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))


class SoapNoteVersion(Base):
    """Every edit of a note is a new row; versions are never updated or deleted (the app role cannot)."""

    __tablename__ = "session_soap_note_versions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    note_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("session_soap_notes.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))
    reason: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SoapJob(_Timestamps, Base):
    """One request to write a note; the queue runs it, this row is what the clinician's client follows.

    ``progress`` lists the graph nodes finished, each with the attempt that ran it, so a resumed run shows
    which steps came from the checkpoint. It never holds patient text.
    """

    __tablename__ = "soap_jobs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    session_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    patient_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    options: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    progress: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    note_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    error: Mapped[str | None] = mapped_column(Text)
    queue_job_id: Mapped[int | None] = mapped_column(BigInteger)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditLog(Base):
    """One row per read or write of patient data, written in the same transaction as the access."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="RESTRICT"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("professional.id"))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    ip_address: Mapped[str | None] = mapped_column(INET)
    user_agent: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RefreshToken(Base):
    """Issued refresh tokens, so logout and rotation can revoke them."""

    __tablename__ = "refresh_token"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"))
    professional_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("professional.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LoginFailure(Base):
    """Failed login attempts keyed by a digest of the e-mail; drives throttling across processes."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    email_digest: Mapped[str] = mapped_column(String(64))
    ip_address: Mapped[str | None] = mapped_column(INET)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
