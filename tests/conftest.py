"""Fixtures shared by every suite: one embedded PostgreSQL server for the whole run.

Tests talk to a real PostgreSQL (the same embedded server the app ships with); nothing about the database is
mocked. Each test starts from empty tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from echo_notes.db import migrate
from echo_notes.db.embedded import EmbeddedPostgres
from echo_notes.db.engine import DatabaseUrls
from echo_notes.settings import Settings, load_settings

from .s3_server import S3Server, start_s3

APP_ROLE = "echo_app"
TEST_DATABASE = "echo_notes_test"


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    server.start(database="postgres")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def db_urls(pg_server: EmbeddedPostgres) -> DatabaseUrls:
    pg_server.drop_database(TEST_DATABASE)
    pg_server.create_database(TEST_DATABASE)
    owner = pg_server.url(TEST_DATABASE)
    migrate.upgrade(owner, APP_ROLE)
    return DatabaseUrls(owner=owner, app=pg_server.url(TEST_DATABASE, user=APP_ROLE), set_role=None)


@pytest.fixture(scope="session")
def owner_engine(db_urls: DatabaseUrls) -> Iterator[Engine]:
    engine = create_engine(db_urls.owner)
    yield engine
    engine.dispose()


@pytest.fixture
def clean_db(owner_engine: Engine) -> Iterator[Engine]:
    """Empty every table after the test, so tests never see each other's rows."""
    yield owner_engine
    with owner_engine.begin() as conn:
        tables = conn.execute(
            text(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ).scalars()
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        conn.execute(
            text(
                "TRUNCATE procrastinate.procrastinate_jobs, procrastinate.procrastinate_workers, "
                "langgraph.checkpoints, langgraph.checkpoint_blobs, langgraph.checkpoint_writes CASCADE"
            )
        )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        {
            "ECHO_ENV": "test",
            "ECHO_DATA_DIR": str(tmp_path / "data"),
            "JWT_SECRET_KEY": "test-secret-" + "x" * 40,
            "LOGIN_MAX_FAILURES": "5",
        }
    )


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    server = start_s3(tmp_path_factory.mktemp("s3"))
    try:
        yield server
    finally:
        server.stop()
