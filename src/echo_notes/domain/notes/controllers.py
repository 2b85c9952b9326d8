"""/soap endpoints. Generation runs the SOAP graph for a visit and stores the note as version 1."""

from __future__ import annotations

import uuid
from typing import Any, cast

from litestar import Controller, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from echo_notes.domain.auth.guards import clinicians
from echo_notes.domain.dependencies import Audit, Caller, Db
from echo_notes.domain.notes import services
from echo_notes.domain.notes.schemas import ApproveRequest, GenerateRequest, NoteOut, UpdateRequest
from echo_notes.domain.schemas import Page, PageLimit, PageOffset


def _run_graph(inputs: dict[str, Any]) -> dict[str, Any]:
    from graphs.soap_note import graph
    from graphs.soap_note.state import InputState

    result: dict[str, Any] = graph.invoke(cast(InputState, inputs))
    return result


class SoapController(Controller):
    path = "/soap"
    tags = ["notes"]

    @post("/generate", guards=[clinicians], status_code=HTTP_201_CREATED)
    async def generate(
        self, db: Db, principal: Caller, audit: Audit, data: JSONBody[GenerateRequest]
    ) -> NoteOut:
        """Write a note for a visit from its transcript and extracted documents, and store it (version 1)."""
        note = await services.generate(db, principal, data.session_id, _run_graph)
        await audit.record(
            "note.generate", "note", note.id, session_id=str(data.session_id), ai_approved=note.ai_approved
        )
        return NoteOut.of(note)

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
