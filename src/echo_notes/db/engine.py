"""Database connections: resolving URLs (embedded or configured) and tenant-scoped transactions.

Two connections exist on purpose. The *owner* URL runs migrations; the *app* URL is a non-superuser role
that handles every request, so PostgreSQL's row-level security applies to everything the API does.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from echo_notes.db.embedded import EmbeddedPostgres
from echo_notes.settings import DatabaseSettings


def normalise_url(url: str) -> str:
    """Make any ``postgres://`` / ``postgresql://`` URL use the psycopg 3 driver."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@dataclass
class DatabaseUrls:
    owner: str
    """Runs migrations and administrative tasks."""
    app: str
    """Serves requests as the application role."""
    set_role: str | None
    """When no dedicated app login exists, each app connection switches to this role after connecting."""


def resolve_urls(settings: DatabaseSettings, embedded: EmbeddedPostgres | None) -> DatabaseUrls:
    if settings.url is None:
        if embedded is None:
            raise RuntimeError("no DATABASE_URL and no embedded server")
        owner = embedded.start()
        return DatabaseUrls(owner=owner, app=embedded.url(user=settings.app_role), set_role=None)
    owner = normalise_url(settings.url)
    if settings.app_url:
        return DatabaseUrls(owner=owner, app=normalise_url(settings.app_url), set_role=None)
    return DatabaseUrls(owner=owner, app=owner, set_role=settings.app_role)


def create_app_engine(urls: DatabaseUrls, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    engine = create_async_engine(
        urls.app, pool_size=pool_size, max_overflow=pool_size, echo=echo, pool_pre_ping=True
    )
    if urls.set_role:
        role = urls.set_role

        @event.listens_for(engine.sync_engine, "connect")
        def _become_app_role(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f'SET SESSION ROLE "{role}"')
            dbapi_connection.commit()

    return engine


@asynccontextmanager
async def tenant_transaction(
    sessionmaker: async_sessionmaker[AsyncSession], clinic_id: uuid.UUID | None
) -> AsyncIterator[AsyncSession]:
    """One transaction whose row-level security context is ``clinic_id`` (or nobody's when ``None``).

    ``set_config(..., true)`` is transaction-local, so a pooled connection never carries one clinic's
    context into the next request.
    """
    async with sessionmaker() as session, session.begin():
        if clinic_id is not None:
            await set_tenant(session, clinic_id)
        yield session


async def set_tenant(session: AsyncSession, clinic_id: uuid.UUID) -> None:
    await session.execute(text("SELECT set_config('app.clinic_id', :cid, true)"), {"cid": str(clinic_id)})
