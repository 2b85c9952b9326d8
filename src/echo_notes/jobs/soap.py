"""Running one note-generation job: the SOAP graph with a PostgreSQL checkpoint after every node.

A worker that dies mid-run leaves its job in the queue and its checkpoints in the database; the next worker
to take the job continues from the last finished node instead of starting again. The note and the job's
``done`` mark are written in one transaction, and a job that already has a note is never run again, so each
job produces exactly one note however often it is retried.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from echo_notes.db.engine import tenant_transaction
from echo_notes.db.models import SoapJob
from echo_notes.domain.audit.services import AuditContext, AuditTrail
from echo_notes.domain.errors import Conflict, NotFound
from echo_notes.domain.jobs import services as jobs
from echo_notes.domain.notes import services as notes
from echo_notes.jobs.checkpoints import open_checkpointer

log = logging.getLogger(__name__)

WORKER_AGENT = "echo-notes worker"


def _reason(exc: Exception) -> str:
    """What the clinician is told; our own errors carry safe messages, anything else only its kind."""
    if isinstance(exc, Conflict):
        return exc.message
    if isinstance(exc, NotFound):
        return f"{exc.what} not found"
    return f"note generation failed ({type(exc).__name__})"


class SoapJobRunner:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        owner_url: str,
        context: Callable[[dict[str, Any]], Any],
    ) -> None:
        self.sessionmaker = sessionmaker
        self.owner_url = owner_url
        self.context = context
        """Builds the graph's run-time context from the job's options."""

    async def __call__(self, job_id: str, clinic_id: str) -> None:
        job_uuid, clinic_uuid = uuid.UUID(job_id), uuid.UUID(clinic_id)
        try:
            await self._run(job_uuid, clinic_uuid)
        except Exception as exc:  # any failure ends the job with a reason, never a PHI traceback
            reason = _reason(exc)
            log.warning("job %s failed: %s", job_id, type(exc).__name__)
            await jobs.mark_failed(self.sessionmaker, clinic_uuid, job_uuid, reason)
            await self._forget(job_id)

    async def _run(self, job_id: uuid.UUID, clinic_id: uuid.UUID) -> None:
        async with tenant_transaction(self.sessionmaker, clinic_id) as db:
            job = await db.scalar(select(SoapJob).where(SoapJob.id == job_id).with_for_update())
            if job is None or job.status in ("done", "failed"):
                return
            job.attempts += 1
            job.status = "running"
            attempt, options = job.attempts, dict(job.options)
            session_id, patient_id = job.session_id, job.patient_id
            sources = await notes.visit_sources(db, clinic_id, session_id)

        from graphs.soap_note.graph import builder

        config: Any = {"configurable": {"thread_id": str(job_id)}}
        async with open_checkpointer(self.owner_url) as saver:
            graph = builder.compile(checkpointer=saver)
            snapshot = await graph.aget_state(config)
            finished = bool(snapshot.values.get("note")) and not snapshot.next
            if not finished:
                inputs = (
                    None
                    if snapshot.next
                    else {"transcript": sources["transcript"], "documents": sources["documents"]}
                )
                stream = graph.astream(
                    cast(Any, inputs),
                    config,
                    context=self.context(options),
                    stream_mode="updates",
                    durability="sync",
                )
                async for update in stream:
                    for node in update:
                        await self._progress(job_id, clinic_id, node, attempt)
                snapshot = await graph.aget_state(config)
            result = dict(snapshot.values)
        await self._store(job_id, clinic_id, session_id, patient_id, result)
        await self._forget(str(job_id))

    async def _progress(self, job_id: uuid.UUID, clinic_id: uuid.UUID, node: str, attempt: int) -> None:
        async with tenant_transaction(self.sessionmaker, clinic_id) as db:
            job = await db.get(SoapJob, job_id)
            if job is not None:
                entry = {"node": node, "attempt": attempt, "at": datetime.now(UTC).isoformat()}
                job.progress = [*job.progress, entry]

    async def _store(
        self,
        job_id: uuid.UUID,
        clinic_id: uuid.UUID,
        session_id: uuid.UUID,
        patient_id: uuid.UUID,
        result: dict[str, Any],
    ) -> None:
        async with tenant_transaction(self.sessionmaker, clinic_id) as db:
            job = await db.scalar(select(SoapJob).where(SoapJob.id == job_id).with_for_update())
            if job is None or job.note_id is not None:
                return
            note = await notes.store_generated(db, clinic_id, session_id, patient_id, result)
            job.note_id = note.id
            job.status = "done"
            job.finished_at = datetime.now(UTC)
            trail = AuditTrail(db, AuditContext(clinic_id, job.requested_by, None, WORKER_AGENT))
            await trail.record(
                "note.generate",
                "note",
                note.id,
                session_id=str(session_id),
                job_id=str(job_id),
                ai_approved=note.ai_approved,
            )

    async def _forget(self, thread_id: str) -> None:
        """Drop the run's checkpoints: once the note is stored they are only a second copy of patient text."""
        async with open_checkpointer(self.owner_url) as saver:
            await saver.adelete_thread(thread_id)
