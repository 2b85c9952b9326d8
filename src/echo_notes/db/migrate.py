"""Apply or revert the Alembic migrations in ``migrations/`` programmatically.

The CLI (`echo-notes migrate`), app start-up and the tests all come through here, so the migration
environment always receives the owner URL and the application role name the same way.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(database_url: str, app_role: str) -> Config:
    if not (MIGRATIONS_DIR / "env.py").exists():
        raise RuntimeError(f"migrations folder not found at {MIGRATIONS_DIR}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    config.attributes["app_role"] = app_role
    return config


def upgrade(database_url: str, app_role: str, revision: str = "head") -> None:
    from echo_notes.jobs import checkpoints

    command.upgrade(alembic_config(database_url, app_role), revision)
    checkpoints.setup(database_url)


def downgrade(database_url: str, app_role: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url, app_role), revision)
