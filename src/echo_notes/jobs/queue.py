"""The job queue: procrastinate on the product's own PostgreSQL, in its own schema.

Jobs carry ids only (the job row and its clinic); patient text stays in the tenant tables, so the queue's
tables never hold PHI.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import procrastinate
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url

QUEUE_SCHEMA = "procrastinate"
CHECKPOINT_SCHEMA = "langgraph"
NOTES_QUEUE = "notes"
GENERATE_TASK = "soap.generate"


def libpq_conninfo(url: str, search_path: str | None = None) -> str:
    """Turn a SQLAlchemy URL into a libpq connection string, optionally pinned to one schema."""
    parsed = make_url(url)
    params: dict[str, str | int] = {"dbname": parsed.database or ""}
    if parsed.username:
        params["user"] = parsed.username
    if parsed.password:
        params["password"] = parsed.password
    host = parsed.host or parsed.query.get("host")
    if host:
        params["host"] = host if isinstance(host, str) else host[0]
    if parsed.port:
        params["port"] = parsed.port
    for key, value in parsed.query.items():
        if key != "host":
            params[key] = value if isinstance(value, str) else value[0]
    if search_path:
        params["options"] = f"-c search_path={search_path}"
    return make_conninfo(**params)  # type: ignore[arg-type]


GenerateHandler = Callable[[str, str], Awaitable[None]]


def build_queue(owner_url: str, handler: GenerateHandler | None = None) -> procrastinate.App:
    """The queue app. The API only defers (no handler); a worker passes the coroutine that runs a job."""
    connector = procrastinate.PsycopgConnector(conninfo=libpq_conninfo(owner_url, QUEUE_SCHEMA))
    app = procrastinate.App(connector=connector)
    if handler is not None:

        async def generate_note(job_id: str, clinic_id: str) -> None:
            await handler(job_id, clinic_id)

        app.task(name=GENERATE_TASK, queue=NOTES_QUEUE)(generate_note)
    return app


async def defer_generation(queue: procrastinate.App, job_id: str, clinic_id: str) -> int:
    """Queue one note; the job id doubles as the queueing lock so it is never queued twice."""
    deferrer = queue.configure_task(name=GENERATE_TASK, queue=NOTES_QUEUE, queueing_lock=job_id)
    return await deferrer.defer_async(job_id=job_id, clinic_id=clinic_id)
