"""Patient bodies: create, update (every field optional) and the representation returned."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import msgspec

from echo_notes.db.models import Patient
from echo_notes.domain.schemas import Email, LongText, Name, Phone, ShortText


class PatientCreate(msgspec.Struct, forbid_unknown_fields=True):
    first_name: Name
    last_name: Name
    date_of_birth: date | None = None
    email: Email | None = None
    phone: Phone | None = None
    medical_record_number: ShortText | None = None
    notes: LongText | None = None


class PatientUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Omitted fields stay as they are; ``null`` clears an optional field."""

    first_name: Name | msgspec.UnsetType = msgspec.UNSET
    last_name: Name | msgspec.UnsetType = msgspec.UNSET
    date_of_birth: date | msgspec.UnsetType | None = msgspec.UNSET
    email: Email | msgspec.UnsetType | None = msgspec.UNSET
    phone: Phone | msgspec.UnsetType | None = msgspec.UNSET
    medical_record_number: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    notes: LongText | msgspec.UnsetType | None = msgspec.UNSET


class PatientOut(msgspec.Struct):
    id: uuid.UUID
    first_name: str
    last_name: str
    date_of_birth: date | None
    email: str | None
    phone: str | None
    medical_record_number: str | None
    notes: str | None
    archived: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Patient) -> PatientOut:
        return cls(
            id=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            date_of_birth=row.date_of_birth,
            email=row.email,
            phone=row.phone,
            medical_record_number=row.medical_record_number,
            notes=row.notes,
            archived=row.archived_at is not None,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
