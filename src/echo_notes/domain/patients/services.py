"""Patient queries. Every query names the caller's clinic even though row-level security would also hold:
two independent walls, so a bug in one is not a breach."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import msgspec
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from echo_notes.db.models import Patient
from echo_notes.db.pagination import page
from echo_notes.domain.auth.principal import Principal
from echo_notes.domain.errors import Conflict, InvalidField, NotFound
from echo_notes.domain.patients.schemas import PatientCreate, PatientUpdate


async def get_patient(db: AsyncSession, principal: Principal, patient_id: uuid.UUID) -> Patient:
    row = await db.scalar(
        select(Patient).where(Patient.id == patient_id, Patient.clinic_id == principal.clinic_id)
    )
    if row is None:
        raise NotFound("patient")
    return row


def _search(
    query: Select[Any], clinic_id: uuid.UUID, text: str | None, include_archived: bool
) -> Select[Any]:
    query = query.where(Patient.clinic_id == clinic_id)
    if not include_archived:
        query = query.where(Patient.archived_at.is_(None))
    if text:
        terms = [t for t in text.strip().split() if t][:5]
        for term in terms:
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            query = query.where(
                or_(
                    Patient.first_name.ilike(pattern, escape="\\"),
                    Patient.last_name.ilike(pattern, escape="\\"),
                    Patient.email.ilike(pattern, escape="\\"),
                    Patient.medical_record_number.ilike(pattern, escape="\\"),
                )
            )
    return query


async def search_patients(
    db: AsyncSession, principal: Principal, text: str | None, include_archived: bool, limit: int, offset: int
) -> tuple[list[Patient], int]:
    query = _search(select(Patient), principal.clinic_id, text, include_archived)
    order = (func.lower(Patient.last_name), func.lower(Patient.first_name), Patient.id)
    return await page(db, query, *order, limit=limit, offset=offset)


def _check_birth_date(value: date | None) -> None:
    if value is not None and value > date.today():
        raise InvalidField("date_of_birth", "date of birth cannot be in the future")


async def _flush_unique(db: AsyncSession) -> None:
    try:
        await db.flush()
    except IntegrityError as exc:
        constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", "") or ""
        if "email" in constraint:
            raise Conflict("another patient in this clinic has this e-mail", field="email") from exc
        if "mrn" in constraint:
            raise Conflict(
                "another patient in this clinic has this record number", field="medical_record_number"
            ) from exc
        raise


async def create_patient(db: AsyncSession, principal: Principal, data: PatientCreate) -> Patient:
    _check_birth_date(data.date_of_birth)
    row = Patient(
        id=uuid.uuid4(),
        clinic_id=principal.clinic_id,
        created_by=principal.professional_id,
        **{k: v.strip() if isinstance(v, str) else v for k, v in msgspec.structs.asdict(data).items()},
    )
    db.add(row)
    await _flush_unique(db)
    await db.refresh(row)
    return row


async def update_patient(
    db: AsyncSession, principal: Principal, patient_id: uuid.UUID, data: PatientUpdate
) -> tuple[Patient, list[str]]:
    row = await get_patient(db, principal, patient_id)
    changed = []
    for field in data.__struct_fields__:
        value = getattr(data, field)
        if value is msgspec.UNSET:
            continue
        if field == "date_of_birth":
            _check_birth_date(value)
        setattr(row, field, value.strip() if isinstance(value, str) else value)
        changed.append(field)
    await _flush_unique(db)
    await db.refresh(row)
    return row, changed


async def archive_patient(db: AsyncSession, principal: Principal, patient_id: uuid.UUID) -> Patient:
    row = await get_patient(db, principal, patient_id)
    if row.archived_at is None:
        row.archived_at = func.now()
        await db.flush()
        await db.refresh(row)
    return row
