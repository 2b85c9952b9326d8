"""Migrations apply to an empty database, revert cleanly, and apply again."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from echo_notes.db import migrate
from echo_notes.db.models import Base

from ..conftest import APP_ROLE

EXPECTED_TABLES = set(Base.metadata.tables)


@pytest.fixture
def empty_db(pg_server):
    name = "echo_migration_check"
    pg_server.drop_database(name)
    pg_server.create_database(name)
    yield pg_server.url(name)
    pg_server.drop_database(name)


def _tables(url):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT tablename, rowsecurity FROM pg_tables WHERE schemaname = 'public'"
                    " AND tablename <> 'alembic_version'"
                )
            )
            return {name: rls for name, rls in rows}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_on_an_empty_database(empty_db):
    migrate.upgrade(empty_db, APP_ROLE)
    tables = _tables(empty_db)
    assert set(tables) == EXPECTED_TABLES
    assert {name for name, rls in tables.items() if not rls} == {"login_failure"}

    migrate.downgrade(empty_db, APP_ROLE)
    assert _tables(empty_db) == {}

    migrate.upgrade(empty_db, APP_ROLE)
    assert set(_tables(empty_db)) == EXPECTED_TABLES


def test_models_match_the_migrated_columns(db_urls):
    engine = create_engine(db_urls.owner)
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                columns = set(
                    conn.execute(
                        text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
                        {"t": table.name},
                    ).scalars()
                )
                assert columns == set(table.columns.keys()), table.name
    finally:
        engine.dispose()
