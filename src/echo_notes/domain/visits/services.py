"""Visit-session queries, always inside the caller's clinic."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from echo_notes.db.models import PatientVisitSession, Professional
from echo_notes.db.pagination import page
from echo_notes.domain.auth.principal import Principal
from echo_notes.domain.errors import Conflict, InvalidField, NotFound
from echo_notes.domain.patients.services import get_patient
from echo_notes.domain.visits.schemas import SessionCreate, SessionUpdate


async def get_session(db: AsyncSession, principal: Principal, session_id: uuid.UUID) -> PatientVisitSession:
    row = await db.scalar(
        select(PatientVisitSession).where(
            PatientVisitSession.id == session_id, PatientVisitSession.clinic_id == principal.clinic_id
        )
    )
    if row is None:
        raise NotFound("visit session")
    return row


async def _check_professional(db: AsyncSession, principal: Principal, professional_id: uuid.UUID) -> None:
    found = await db.scalar(
        select(Professional.id).where(
            Professional.id == professional_id, Professional.clinic_id == principal.clinic_id
        )
    )
    if found is None:
        raise InvalidField("professional_id", "no such professional in this clinic")


async def list_sessions(
    db: AsyncSession, principal: Principal, patient_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[PatientVisitSession], int]:
    await get_patient(db, principal, patient_id)
    scope = (
        PatientVisitSession.clinic_id == principal.clinic_id,
        PatientVisitSession.patient_id == patient_id,
    )
    query = select(PatientVisitSession).where(*scope)
    return await page(
        db, query, PatientVisitSession.visit_date.desc(), PatientVisitSession.id, limit=limit, offset=offset
    )


async def create_session(
    db: AsyncSession, principal: Principal, patient_id: uuid.UUID, data: SessionCreate
) -> PatientVisitSession:
    patient = await get_patient(db, principal, patient_id)
    if patient.archived_at is not None:
        raise Conflict("the patient is archived")
    professional_id = data.professional_id or principal.professional_id
    await _check_professional(db, principal, professional_id)
    row = PatientVisitSession(
        id=uuid.uuid4(),
        clinic_id=principal.clinic_id,
        patient_id=patient.id,
        professional_id=professional_id,
        visit_date=data.visit_date or datetime.now(UTC),
        visit_type=data.visit_type.strip(),
        status=data.status,
        chief_complaint=data.chief_complaint,
        transcript=data.transcript,
        context_data=data.context_data,
    )
    db.add(row)
    await db.flush()
    await db.refresh(row)
    return row


async def update_session(
    db: AsyncSession, principal: Principal, session_id: uuid.UUID, data: SessionUpdate
) -> tuple[PatientVisitSession, list[str]]:
    row = await get_session(db, principal, session_id)
    changed = []
    for field in data.__struct_fields__:
        value = getattr(data, field)
        if value is msgspec.UNSET:
            continue
        if field == "professional_id" and value is not None:
            await _check_professional(db, principal, value)
        setattr(row, field, value)
        changed.append(field)
    await db.flush()
    await db.refresh(row)
    return row, changed


async def delete_session(db: AsyncSession, principal: Principal, session_id: uuid.UUID) -> None:
    """Only an empty session (no documents, no notes) can be deleted; clinical content is never dropped."""
    row = await get_session(db, principal, session_id)
    try:
        async with db.begin_nested():
            await db.delete(row)
            await db.flush()
    except IntegrityError as exc:
        raise Conflict("the session has documents or notes; it cannot be deleted") from exc
