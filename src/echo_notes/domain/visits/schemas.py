"""Visit-session bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec

from echo_notes.db.models import PatientVisitSession, VisitStatus
from echo_notes.domain.schemas import LongText

VisitType = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"\S")]


class SessionCreate(msgspec.Struct, forbid_unknown_fields=True):
    visit_date: datetime | None = None
    """Defaults to now."""
    visit_type: VisitType = "consultation"
    status: VisitStatus = VisitStatus.scheduled
    professional_id: uuid.UUID | None = None
    """The treating professional; defaults to the caller."""
    chief_complaint: LongText | None = None
    transcript: LongText | None = None
    context_data: dict[str, Any] = msgspec.field(default_factory=dict)


class SessionUpdate(msgspec.Struct, forbid_unknown_fields=True):
    visit_date: datetime | msgspec.UnsetType = msgspec.UNSET
    visit_type: VisitType | msgspec.UnsetType = msgspec.UNSET
    status: VisitStatus | msgspec.UnsetType = msgspec.UNSET
    professional_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    chief_complaint: LongText | msgspec.UnsetType | None = msgspec.UNSET
    transcript: LongText | msgspec.UnsetType | None = msgspec.UNSET
    context_data: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET


class SessionOut(msgspec.Struct):
    id: uuid.UUID
    patient_id: uuid.UUID
    professional_id: uuid.UUID | None
    visit_date: datetime
    visit_type: str
    status: VisitStatus
    chief_complaint: str | None
    transcript: str | None
    context_data: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: PatientVisitSession) -> SessionOut:
        return cls(
            id=row.id,
            patient_id=row.patient_id,
            professional_id=row.professional_id,
            visit_date=row.visit_date,
            visit_type=row.visit_type,
            status=row.status,
            chief_complaint=row.chief_complaint,
            transcript=row.transcript,
            context_data=row.context_data,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
