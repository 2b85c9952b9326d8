"""Notes are never overwritten: every change adds a version row (the app role cannot update or delete
versions), an approved note changes only through an amendment, and a deleted note is only marked."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from echo_notes.db.models import (
    PatientVisitSession,
    ProcessingStatus,
    SessionSoapNote,
    SoapNoteVersion,
    UploadedDocument,
)
from echo_notes.db.pagination import page
from echo_notes.domain.auth.principal import Principal
from echo_notes.domain.errors import Conflict, NotFound
from echo_notes.domain.notes.schemas import NoteContent


async def get_note(db: AsyncSession, principal: Principal, note_id: uuid.UUID) -> SessionSoapNote:
    row = await db.scalar(
        select(SessionSoapNote).where(
            SessionSoapNote.id == note_id,
            SessionSoapNote.clinic_id == principal.clinic_id,
            SessionSoapNote.deleted_at.is_(None),
        )
    )
    if row is None:
        raise NotFound("note")
    return row


async def versions_of(db: AsyncSession, note: SessionSoapNote) -> list[SoapNoteVersion]:
    rows = await db.scalars(
        select(SoapNoteVersion).where(SoapNoteVersion.note_id == note.id).order_by(SoapNoteVersion.version)
    )
    return list(rows)


async def visit_sources(db: AsyncSession, clinic_id: uuid.UUID, session_id: uuid.UUID) -> dict[str, Any]:
    """The visit's transcript and the text of its extracted documents: the graph's input."""
    visit = await db.scalar(
        select(PatientVisitSession).where(
            PatientVisitSession.id == session_id, PatientVisitSession.clinic_id == clinic_id
        )
    )
    if visit is None:
        raise NotFound("visit session")
    documents = await db.scalars(
        select(UploadedDocument)
        .where(
            UploadedDocument.clinic_id == clinic_id,
            UploadedDocument.session_id == visit.id,
            UploadedDocument.processing_status == ProcessingStatus.done,
        )
        .order_by(UploadedDocument.created_at)
    )
    docs = [{"name": d.filename, "text": d.extracted_text or "", "type": d.document_type} for d in documents]
    transcript = visit.transcript or ""
    if not transcript.strip():
        pasted = [d for d in docs if d["type"] == "transcript"]
        if pasted:
            transcript = pasted[0]["text"]
            docs = [d for d in docs if d is not pasted[0]]
    if not transcript.strip() and not docs:
        raise Conflict("the visit has no transcript or extracted documents to write a note from")
    return {
        "patient_id": visit.patient_id,
        "transcript": transcript,
        "documents": [{"name": d["name"], "text": d["text"]} for d in docs],
    }


async def store_generated(
    db: AsyncSession,
    clinic_id: uuid.UUID,
    session_id: uuid.UUID,
    patient_id: uuid.UUID,
    result: dict[str, Any],
) -> SessionSoapNote:
    """Keep a finished graph run as a note at version 1 (written by the model, so no author)."""
    note = SessionSoapNote(
        id=uuid.uuid4(),
        clinic_id=clinic_id,
        session_id=session_id,
        patient_id=patient_id,
        current_version=1,
        content=result["note"],
        context_data={
            "findings": result.get("findings"),
            "entities": result.get("entity_context"),
            "pii_counts": result.get("pii_counts"),
        },
        ai_approved=bool(result["verdict"]["approved"]),
        ai_verdict=result["verdict"],
        provenance=result["provenance"],
        user_approved=False,
    )
    db.add(note)
    await db.flush()
    db.add(
        SoapNoteVersion(
            id=uuid.uuid4(),
            clinic_id=clinic_id,
            note_id=note.id,
            version=1,
            content=result["note"],
            author_id=None,
            reason="generated",
        )
    )
    await db.flush()
    await db.refresh(note)
    return note


async def list_notes(
    db: AsyncSession,
    principal: Principal,
    patient_id: uuid.UUID | None,
    session_id: uuid.UUID | None,
    approved: bool | None,
    limit: int,
    offset: int,
) -> tuple[list[SessionSoapNote], int]:
    scope = [SessionSoapNote.clinic_id == principal.clinic_id, SessionSoapNote.deleted_at.is_(None)]
    if patient_id is not None:
        scope.append(SessionSoapNote.patient_id == patient_id)
    if session_id is not None:
        scope.append(SessionSoapNote.session_id == session_id)
    if approved is not None:
        scope.append(SessionSoapNote.user_approved.is_(approved))
    query = select(SessionSoapNote).where(*scope)
    return await page(
        db, query, SessionSoapNote.created_at.desc(), SessionSoapNote.id, limit=limit, offset=offset
    )


async def update(
    db: AsyncSession, principal: Principal, note_id: uuid.UUID, content: NoteContent, amendment: bool
) -> SessionSoapNote:
    note = await get_note(db, principal, note_id)
    if note.user_approved and not amendment:
        raise Conflict("the note is approved; send the change as an amendment", field="amendment")
    reason = "amendment" if note.user_approved else "edit"
    new_content = msgspec.structs.asdict(content)
    note.current_version += 1
    note.content = new_content
    db.add(
        SoapNoteVersion(
            id=uuid.uuid4(),
            clinic_id=principal.clinic_id,
            note_id=note.id,
            version=note.current_version,
            content=new_content,
            author_id=principal.professional_id,
            reason=reason,
        )
    )
    await db.flush()
    await db.refresh(note)
    return note


async def approve(db: AsyncSession, principal: Principal, note_id: uuid.UUID) -> SessionSoapNote:
    note = await get_note(db, principal, note_id)
    if not note.user_approved:
        note.user_approved = True
        note.approved_by = principal.professional_id
        note.approved_at = func.now()
        await db.flush()
        await db.refresh(note)
    return note


async def delete(db: AsyncSession, principal: Principal, note_id: uuid.UUID) -> None:
    note = await get_note(db, principal, note_id)
    if note.user_approved:
        raise Conflict("an approved note is part of the record; correct it with an amendment")
    note.deleted_at = func.now()
    note.deleted_by = principal.professional_id
    await db.flush()
