"""Liveness and readiness: /health answers at once and reports whether the database responds."""

from __future__ import annotations

import asyncio

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text

from echo_notes import __version__


class HealthController(Controller):
    path = "/health"
    tags = ["system"]

    @get("/", exclude_from_auth=True)
    async def health(self, state: State) -> Response[dict[str, str]]:
        try:
            async with asyncio.timeout(3), state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            database = "ok"
        except Exception:  # any failure means "not ready"; the reason is not for anonymous callers
            database = "unavailable"
        ok = database == "ok"
        return Response(
            {"status": "ok" if ok else "degraded", "database": database, "version": __version__},
            status_code=HTTP_200_OK if ok else HTTP_503_SERVICE_UNAVAILABLE,
        )
