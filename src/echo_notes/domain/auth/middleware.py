"""Bearer-token authentication for every route not marked ``exclude_from_auth``."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from echo_notes.domain.auth import tokens
from echo_notes.settings import Settings


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise NotAuthorizedException("missing bearer token")
        settings: Settings = connection.app.state.settings
        try:
            claims = tokens.decode(settings.auth, token.strip(), "access")
        except tokens.InvalidToken as exc:
            raise NotAuthorizedException("invalid or expired token") from exc
        return AuthenticationResult(user=claims.principal, auth=claims)
