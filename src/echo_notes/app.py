"""``create_app()``: the Litestar application with its database lifecycle, auth, routes and API docs.

Start-up resolves the database (embedded unless ``DATABASE_URL`` is set), applies migrations, and builds the
app-role engine; shutdown disposes the engine and releases the embedded server.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from echo_notes import __version__
from echo_notes.ai.runtime import build_runtime
from echo_notes.db import migrate
from echo_notes.db.embedded import EmbeddedPostgres
from echo_notes.db.engine import DatabaseUrls, create_app_engine, resolve_urls
from echo_notes.domain.audit.controllers import AuditController
from echo_notes.domain.auth.controllers import AuthController
from echo_notes.domain.auth.middleware import BearerTokenMiddleware
from echo_notes.domain.dependencies import provide_audit, provide_db, provide_principal
from echo_notes.domain.documents.controllers import DocumentController
from echo_notes.domain.embeddings.controllers import EmbeddingController, ModelStatusController
from echo_notes.domain.errors import EXCEPTION_HANDLERS
from echo_notes.domain.jobs.controllers import JobController
from echo_notes.domain.ner.controllers import AudiologyController, NerController
from echo_notes.domain.notes.controllers import SoapController
from echo_notes.domain.patients.controllers import PatientController
from echo_notes.domain.pii.controllers import PiiController
from echo_notes.domain.system.controllers import HealthController
from echo_notes.domain.users.controllers import ProfessionalController
from echo_notes.domain.visits.controllers import PatientSessionController, SessionController
from echo_notes.extraction import ExtractionLimits
from echo_notes.jobs.queue import build_queue
from echo_notes.jobs.worker import run_worker
from echo_notes.logging import AccessLogMiddleware
from echo_notes.settings import Settings, get_settings
from echo_notes.storage import ObjectStorage, build_storage

log = logging.getLogger(__name__)


@asynccontextmanager
async def embedded_worker(
    settings: Settings, owner_url: str, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[None]:
    """Run the job worker inside the API process unless a separate ``echo-notes worker`` does the work."""
    if settings.jobs.worker != "embedded":
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(settings, owner_url, sessionmaker, stop=stop))
    try:
        yield
    finally:
        stop.set()
        await task


ROUTE_HANDLERS = [
    HealthController,
    AuthController,
    ProfessionalController,
    PatientController,
    PatientSessionController,
    SessionController,
    AuditController,
    DocumentController,
    PiiController,
    EmbeddingController,
    ModelStatusController,
    NerController,
    AudiologyController,
    SoapController,
    JobController,
]

PUBLIC_PATHS = ["^/docs", "^/static/"]
"""Served without a token: the API docs and their assets (no patient data)."""


def _openapi() -> tuple[OpenAPIConfig, str]:
    import swagger_ui_bundle

    assets = "/static/swagger"
    return OpenAPIConfig(
        title="Echo Notes API",
        version=__version__,
        description="SOAP notes and chat over past notes for hearing-care clinicians.",
        path="/docs",
        render_plugins=[
            SwaggerRenderPlugin(
                path="/",
                js_url=f"{assets}/swagger-ui-bundle.js",
                css_url=f"{assets}/swagger-ui.css",
                standalone_preset_js_url=f"{assets}/swagger-ui-standalone-preset.js",
            )
        ],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
        security=[{"BearerToken": []}],
        use_handler_docstrings=True,
    ), swagger_ui_bundle.swagger_ui_path


def create_app(
    settings: Settings | None = None,
    urls: DatabaseUrls | None = None,
    run_migrations: bool = True,
    storage: ObjectStorage | None = None,
) -> Litestar:
    """Build the app. ``urls`` and ``storage`` let tests and tools hand in services they already manage."""
    settings = settings or get_settings()
    runtime = build_runtime(settings.models, settings.openai_api_key)
    limits = ExtractionLimits.from_settings(settings.documents)

    @asynccontextmanager
    async def database(app: Litestar) -> AsyncIterator[None]:
        embedded = (
            EmbeddedPostgres(settings.data_dir) if urls is None and settings.database.url is None else None
        )
        resolved = urls or resolve_urls(settings.database, embedded)
        try:
            if run_migrations:
                migrate.upgrade(resolved.owner, settings.database.app_role)
            engine = create_app_engine(resolved, settings.database.pool_size, settings.database.echo_sql)
            app.state.engine = engine
            app.state.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
            queue = build_queue(resolved.owner)
            try:
                async with queue.open_async():
                    app.state.queue = queue
                    async with embedded_worker(settings, resolved.owner, app.state.sessionmaker):
                        yield
            finally:
                await engine.dispose()
        finally:
            if embedded is not None:
                embedded.stop()

    openapi, swagger_assets = _openapi()
    cors = (
        CORSConfig(allow_origins=list(settings.server.cors_origins)) if settings.server.cors_origins else None
    )
    return Litestar(
        route_handlers=[
            *ROUTE_HANDLERS,
            create_static_files_router(
                "/static/swagger", [swagger_assets], opt={"exclude_from_auth": True}, name="swagger-assets"
            ),
        ],
        lifespan=[database],
        on_startup=[lambda: runtime.models.warm_up() if settings.models.warm_up else None],
        state=State(
            {
                "settings": settings,
                "storage": storage or build_storage(settings.storage),
                "extraction_limits": limits,
                "extraction_slots": anyio.Semaphore(max(1, os.cpu_count() or 1)),
                "pii": runtime.pii,
                "ai": runtime,
            }
        ),
        dependencies={
            "db": Provide(provide_db),
            "audit": Provide(provide_audit),
            "principal": Provide(provide_principal),
        },
        middleware=[
            AccessLogMiddleware(),
            DefineMiddleware(BearerTokenMiddleware, exclude=PUBLIC_PATHS),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi,
        cors_config=cors,
        request_max_body_size=settings.server.max_request_bytes,
        debug=False,
    )
