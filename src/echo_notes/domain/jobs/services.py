"""Creating, queueing and reading note-generation jobs.

The job row is committed before the queue hears of it, so a worker can never pick up a job it cannot see; a
queue that cannot be reached fails the job at once instead of leaving it queued forever.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import anyio
import procrastinate
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from echo_notes.db.engine import tenant_transaction
from echo_notes.db.models import SessionSoapNote, SoapJob
from echo_notes.db.pagination import page
from echo_notes.domain.audit.services import AuditContext, AuditTrail
from echo_notes.domain.auth.principal import Principal
from echo_notes.domain.errors import NotFound, QueueUnavailable
from echo_notes.domain.jobs.schemas import JobOut
from echo_notes.domain.notes import services as notes
from echo_notes.domain.notes.schemas import NoteOut
from echo_notes.jobs.queue import defer_generation

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.2


async def submit(
    sessionmaker: async_sessionmaker[AsyncSession],
    queue: procrastinate.App,
    principal: Principal,
    audit: AuditContext,
    session_id: uuid.UUID,
    options: dict[str, Any],
) -> uuid.UUID:
    async with tenant_transaction(sessionmaker, principal.clinic_id) as db:
        sources = await notes.visit_sources(db, principal.clinic_id, session_id)
        job = SoapJob(
            id=uuid.uuid4(),
            clinic_id=principal.clinic_id,
            session_id=session_id,
            patient_id=sources["patient_id"],
            requested_by=principal.professional_id,
            status="queued",
            options=options,
            progress=[],
        )
        db.add(job)
        await db.flush()
        await AuditTrail(db, audit).record("note.generate.request", "job", job.id, session_id=str(session_id))
    try:
        queue_job_id = await defer_generation(queue, str(job.id), str(principal.clinic_id))
    except Exception as exc:
        log.error("could not queue job %s: %s", job.id, type(exc).__name__)
        await mark_failed(sessionmaker, principal.clinic_id, job.id, "the job queue is unavailable")
        raise QueueUnavailable from exc
    async with tenant_transaction(sessionmaker, principal.clinic_id) as db:
        row = await db.get(SoapJob, job.id)
        if row is not None:
            row.queue_job_id = queue_job_id
    return job.id


async def mark_failed(
    sessionmaker: async_sessionmaker[AsyncSession], clinic_id: uuid.UUID, job_id: uuid.UUID, reason: str
) -> None:
    """End a job that has not finished as failed; ``reason`` is shown to clinicians, so it holds no PHI."""
    async with tenant_transaction(sessionmaker, clinic_id) as db:
        job = await db.get(SoapJob, job_id)
        if job is not None and job.status not in ("done", "failed"):
            job.status, job.error = "failed", reason
            job.finished_at = datetime.now(UTC)


async def get_job(db: AsyncSession, clinic_id: uuid.UUID, job_id: uuid.UUID) -> SoapJob:
    row = await db.scalar(select(SoapJob).where(SoapJob.id == job_id, SoapJob.clinic_id == clinic_id))
    if row is None:
        raise NotFound("job")
    return row


async def list_jobs(
    db: AsyncSession,
    clinic_id: uuid.UUID,
    session_id: uuid.UUID | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[SoapJob], int]:
    scope = [SoapJob.clinic_id == clinic_id]
    if session_id is not None:
        scope.append(SoapJob.session_id == session_id)
    if status is not None:
        scope.append(SoapJob.status == status)
    return await page(
        db, select(SoapJob).where(*scope), SoapJob.created_at.desc(), SoapJob.id, limit=limit, offset=offset
    )


async def describe(db: AsyncSession, job: SoapJob) -> JobOut:
    """The job, with its note once there is one (and the note still exists)."""
    note = None
    if job.note_id is not None:
        row = await db.scalar(
            select(SessionSoapNote).where(
                SessionSoapNote.id == job.note_id, SessionSoapNote.deleted_at.is_(None)
            )
        )
        note = NoteOut.of(row) if row is not None else None
    return JobOut.of(job, note)


async def wait_for(
    sessionmaker: async_sessionmaker[AsyncSession], clinic_id: uuid.UUID, job_id: uuid.UUID, timeout_s: float
) -> None:
    """Return when the job has finished or ``timeout_s`` has passed, whichever is first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        async with tenant_transaction(sessionmaker, clinic_id) as db:
            status = await db.scalar(select(SoapJob.status).where(SoapJob.id == job_id))
        if status in ("done", "failed", None):
            return
        await anyio.sleep(POLL_INTERVAL_S)
