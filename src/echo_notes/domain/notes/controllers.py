"""/soap endpoints. Generation queues a durable job that runs the SOAP graph and stores the note."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from echo_notes.db.engine import tenant_transaction
from echo_notes.domain.audit.services import AuditTrail
from echo_notes.domain.auth.guards import clinicians
from echo_notes.domain.dependencies import Audit, Caller, Db, audit_context
from echo_notes.domain.jobs import services as jobs
from echo_notes.domain.jobs.schemas import JobOut
from echo_notes.domain.notes import services
from echo_notes.domain.notes.schemas import (
    ApproveRequest,
    GenerateRequest,
    NoteOut,
    UpdateRequest,
    generation_options,
)
from echo_notes.domain.schemas import Page, PageLimit, PageOffset


class SoapController(Controller):
    path = "/soap"
    tags = ["notes"]

    @post("/generate", guards=[clinicians], status_code=HTTP_202_ACCEPTED)
    async def generate(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Caller,
        data: JSONBody[GenerateRequest],
        wait: FromQuery[bool] = False,
    ) -> Response[JobOut]:
        """Start writing a note for a visit (from its transcript and extracted documents): 202 and the job.

        The note is written by a background worker; follow it at ``/jobs/{id}`` or ``/jobs/{id}/events``.
        With ``wait=true`` the answer comes when the note is done (200, note included), or as 202 once the
        configured wait runs out.
        """
        settings = state.settings
        options = generation_options(settings.generation, settings.openai_api_key, data)
        context = audit_context(request, principal)
        job_id = await jobs.submit(
            state.sessionmaker, state.queue, principal, context, data.session_id, options
        )
        if wait:
            await jobs.wait_for(state.sessionmaker, principal.clinic_id, job_id, settings.jobs.wait_timeout_s)
        async with tenant_transaction(state.sessionmaker, principal.clinic_id) as db:
            job = await jobs.get_job(db, principal.clinic_id, job_id)
            out = await jobs.describe(db, job)
            if out.note is not None:
                await AuditTrail(db, context).record("note.read", "note", out.note.id)
        return Response(out, status_code=HTTP_200_OK if out.finished else HTTP_202_ACCEPTED)

    @get("/notes")
    async def list_notes(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        patient_id: FromQuery[uuid.UUID | None] = None,
        session_id: FromQuery[uuid.UUID | None] = None,
        approved: FromQuery[bool | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[NoteOut]:
        rows, total = await services.list_notes(
            db, principal, patient_id, session_id, approved, limit, offset
        )
        await audit.record("note.list", "note", None, count=len(rows))
        return Page([NoteOut.of(r) for r in rows], total, limit, offset)

    @get("/notes/{note_id:uuid}")
    async def get_note(
        self, db: Db, principal: Caller, audit: Audit, note_id: FromPath[uuid.UUID]
    ) -> NoteOut:
        """The note with its full version history."""
        note = await services.get_note(db, principal, note_id)
        await audit.record("note.read", "note", note.id)
        return NoteOut.of(note, await services.versions_of(db, note))

    @put("/notes/{note_id:uuid}", guards=[clinicians])
    async def update_note(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        note_id: FromPath[uuid.UUID],
        data: JSONBody[UpdateRequest],
    ) -> NoteOut:
        """Save an edit as a new version (an approved note only through ``amendment: true``)."""
        note = await services.update(db, principal, note_id, data.content, data.amendment)
        await audit.record("note.update", "note", note.id, version=note.current_version)
        return NoteOut.of(note)

    @delete("/notes/{note_id:uuid}", guards=[clinicians], status_code=HTTP_204_NO_CONTENT)
    async def delete_note(
        self, db: Db, principal: Caller, audit: Audit, note_id: FromPath[uuid.UUID]
    ) -> None:
        await services.delete(db, principal, note_id)
        await audit.record("note.delete", "note", note_id)

    @post("/approve", guards=[clinicians], status_code=HTTP_200_OK)
    async def approve(
        self, db: Db, principal: Caller, audit: Audit, data: JSONBody[ApproveRequest]
    ) -> NoteOut:
        note = await services.approve(db, principal, data.note_id)
        await audit.record("note.approve", "note", note.id)
        return NoteOut.of(note)
