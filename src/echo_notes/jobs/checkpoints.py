"""The LangGraph PostgreSQL checkpointer: a graph run survives its worker.

Checkpoints live in their own schema, which only the owner role can read: they hold the run's intermediate
state (transcript text included) for as long as the job runs, and the job deletes its thread when it ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

from echo_notes.jobs.queue import CHECKPOINT_SCHEMA, libpq_conninfo


def setup(owner_url: str) -> None:
    """Create or migrate the checkpoint tables (idempotent; runs after the product's migrations)."""
    conninfo = libpq_conninfo(owner_url)
    with psycopg.connect(conninfo) as conn:
        present = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (CHECKPOINT_SCHEMA,)
        ).fetchone()
    if not present:
        return
    with PostgresSaver.from_conn_string(libpq_conninfo(owner_url, CHECKPOINT_SCHEMA)) as saver:
        saver.setup()


@asynccontextmanager
async def open_checkpointer(owner_url: str) -> AsyncIterator[AsyncPostgresSaver]:
    async with AsyncPostgresSaver.from_conn_string(libpq_conninfo(owner_url, CHECKPOINT_SCHEMA)) as saver:
        yield saver
