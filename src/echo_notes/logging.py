"""Logging that cannot leak patient data.

Application code logs ids, counts and exception types only. The access log written here records method,
route *template* (``/patients/{patient_id:uuid}``), status and duration — never the query string (searches
carry patient names) and never bodies. Uvicorn's own access log is switched off for the same reason.
"""

from __future__ import annotations

import logging
import time

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("echo_notes.access")


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    logging.getLogger("uvicorn.access").disabled = True


class AccessLogMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await next_app(scope, receive, capture)
        finally:
            access_log.info(
                "%s %s %d %.1fms",
                scope.get("method"),
                scope.get("path_template", "<unmatched>"),
                status,
                (time.perf_counter() - started) * 1000,
            )
