"""/jobs: follow a note being written — poll it, or stream its progress as server-sent events."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

import anyio
import msgspec
from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery
from litestar.response import ServerSentEvent, ServerSentEventMessage

from echo_notes.db.engine import tenant_transaction
from echo_notes.domain.dependencies import Audit, Caller, Db
from echo_notes.domain.jobs import services
from echo_notes.domain.jobs.schemas import JobOut
from echo_notes.domain.jobs.services import POLL_INTERVAL_S
from echo_notes.domain.schemas import Page, PageLimit, PageOffset


class JobController(Controller):
    path = "/jobs"
    tags = ["notes"]

    @get("/")
    async def list_jobs(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        session_id: FromQuery[uuid.UUID | None] = None,
        status: FromQuery[Literal["queued", "running", "done", "failed"] | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[JobOut]:
        """The clinic's note jobs, newest first: e.g. a visit's running job after the page was reloaded."""
        rows, total = await services.list_jobs(db, principal.clinic_id, session_id, status, limit, offset)
        await audit.record("job.list", "job", None, count=len(rows))
        return Page([JobOut.of(r) for r in rows], total, limit, offset)

    @get("/{job_id:uuid}")
    async def get_job(self, db: Db, principal: Caller, audit: Audit, job_id: FromPath[uuid.UUID]) -> JobOut:
        """Status, finished steps and, once done, the note."""
        job = await services.get_job(db, principal.clinic_id, job_id)
        await audit.record("job.read", "job", job.id)
        return await services.describe(db, job)

    @get("/{job_id:uuid}/events")
    async def job_events(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db: Db,
        principal: Caller,
        audit: Audit,
        job_id: FromPath[uuid.UUID],
    ) -> ServerSentEvent:
        """Server-sent events: a ``step`` per finished node, then ``done`` (with the note) or ``failed``.

        A client that connects late first receives the steps already finished, so it never misses one.
        """
        job = await services.get_job(db, principal.clinic_id, job_id)
        await audit.record("job.read", "job", job.id, stream=True)
        sessionmaker = state.sessionmaker
        clinic_id = principal.clinic_id

        async def events() -> AsyncIterator[ServerSentEventMessage]:
            sent = 0
            while True:
                async with tenant_transaction(sessionmaker, clinic_id) as session:
                    row = await services.get_job(session, clinic_id, job_id)
                    out = await services.describe(session, row)
                for step in out.steps[sent:]:
                    yield ServerSentEventMessage(
                        data=json.dumps(msgspec.to_builtins(step)), event="step", id=str(sent + 1)
                    )
                    sent += 1
                if out.finished:
                    yield ServerSentEventMessage(
                        data=msgspec.json.encode(out).decode(), event=out.status, id=str(sent + 1)
                    )
                    return
                await anyio.sleep(POLL_INTERVAL_S)

        return ServerSentEvent(events())
