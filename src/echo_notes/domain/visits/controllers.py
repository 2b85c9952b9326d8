"""Visit sessions: listed and created under a patient, read and changed by their own id."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from echo_notes.domain.auth.guards import clinicians
from echo_notes.domain.dependencies import Audit, Caller, Db
from echo_notes.domain.schemas import Page, PageLimit, PageOffset
from echo_notes.domain.visits import services
from echo_notes.domain.visits.schemas import SessionCreate, SessionOut, SessionUpdate


class PatientSessionController(Controller):
    path = "/patients/{patient_id:uuid}/sessions"
    tags = ["visits"]

    @get("/")
    async def list_sessions(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        patient_id: FromPath[uuid.UUID],
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[SessionOut]:
        rows, total = await services.list_sessions(db, principal, patient_id, limit, offset)
        await audit.record("session.list", "patient", patient_id, count=len(rows))
        return Page([SessionOut.of(r) for r in rows], total, limit, offset)

    @post("/", status_code=HTTP_201_CREATED)
    async def create_session(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        patient_id: FromPath[uuid.UUID],
        data: JSONBody[SessionCreate],
    ) -> SessionOut:
        row = await services.create_session(db, principal, patient_id, data)
        await audit.record("session.create", "session", row.id, patient_id=str(patient_id))
        return SessionOut.of(row)


class SessionController(Controller):
    path = "/sessions"
    tags = ["visits"]

    @get("/{session_id:uuid}")
    async def get_session(
        self, db: Db, principal: Caller, audit: Audit, session_id: FromPath[uuid.UUID]
    ) -> SessionOut:
        row = await services.get_session(db, principal, session_id)
        await audit.record("session.read", "session", row.id)
        return SessionOut.of(row)

    @put("/{session_id:uuid}")
    async def update_session(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        session_id: FromPath[uuid.UUID],
        data: JSONBody[SessionUpdate],
    ) -> SessionOut:
        row, changed = await services.update_session(db, principal, session_id, data)
        await audit.record("session.update", "session", row.id, fields=changed)
        return SessionOut.of(row)

    @delete("/{session_id:uuid}", guards=[clinicians], status_code=HTTP_204_NO_CONTENT)
    async def delete_session(
        self, db: Db, principal: Caller, audit: Audit, session_id: FromPath[uuid.UUID]
    ) -> None:
        await services.delete_session(db, principal, session_id)
        await audit.record("session.delete", "session", session_id)
