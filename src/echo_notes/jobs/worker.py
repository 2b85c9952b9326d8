"""A queue worker: runs note jobs and takes over the jobs of workers that died.

The same worker runs inside the API process (the embedded default, nothing to start by hand) or on its own
as ``echo-notes worker`` for a split deployment; several may run at once against one database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any

import procrastinate
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from echo_notes.jobs.queue import NOTES_QUEUE, build_queue
from echo_notes.jobs.soap import SoapJobRunner
from echo_notes.settings import Settings

log = logging.getLogger(__name__)


def graph_context(settings: Settings) -> Any:
    """Turn a job's options into the SOAP graph's run-time context."""
    from graphs.soap_note.context import Context

    def build(options: dict[str, Any]) -> Any:
        return Context.from_settings(settings, options)

    return build


async def requeue_stalled(queue: procrastinate.App, silent_for_s: float) -> int:
    """Queue again the jobs of workers silent for ``silent_for_s``; they resume from their checkpoints."""
    stalled = list(await queue.job_manager.get_stalled_jobs(seconds_since_heartbeat=silent_for_s))
    for job in stalled:
        await queue.job_manager.retry_job(job)
    if stalled:
        log.warning("requeued %d job(s) of stalled workers", len(stalled))
    return len(stalled)


async def run_worker(
    settings: Settings,
    owner_url: str,
    sessionmaker: async_sessionmaker[AsyncSession],
    install_signal_handlers: bool = False,
    stop: asyncio.Event | None = None,
) -> None:
    """Work the notes queue until ``stop`` is set (or, with signal handlers, until SIGINT/SIGTERM).

    Stopping goes through ``stop`` rather than cancelling this coroutine: a cancellation that lands while
    the queue's connection pool is opening leaves the pool's tasks running, and the event loop then never
    finishes. Here the pool always opens and closes whole; only the worker inside it is cancelled, which
    is procrastinate's own way of stopping a worker.
    """
    runner = SoapJobRunner(sessionmaker, owner_url, graph_context(settings))
    queue = build_queue(owner_url, runner)
    jobs = settings.jobs
    stop = stop or asyncio.Event()
    async with queue.open_async():

        async def sweep() -> None:
            while True:
                try:
                    await requeue_stalled(queue, jobs.stalled_after_s)
                except Exception as exc:  # the sweeper must outlive a database hiccup
                    log.warning("stalled-job sweep failed: %s", type(exc).__name__)
                await asyncio.sleep(max(1.0, jobs.stalled_after_s / 2))

        worker = asyncio.create_task(
            queue.run_worker_async(
                queues=[NOTES_QUEUE],
                concurrency=jobs.concurrency,
                name=f"{socket.gethostname()}-notes",
                install_signal_handlers=install_signal_handlers,
                update_heartbeat_interval=jobs.heartbeat_s,
                stalled_worker_timeout=jobs.stalled_after_s,
                fetch_job_polling_interval=1.0,
            )
        )
        sweeper = asyncio.create_task(sweep())
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (stopping, sweeper, worker):
                task.cancel()
            for task in (stopping, sweeper, worker):
                with contextlib.suppress(asyncio.CancelledError):
                    await task
