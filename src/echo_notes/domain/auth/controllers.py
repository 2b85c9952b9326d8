"""The /auth endpoints."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT, HTTP_401_UNAUTHORIZED

from echo_notes.db.models import Professional
from echo_notes.domain.auth import services
from echo_notes.domain.auth.schemas import (
    LoginRequest,
    ProfessionalOut,
    RefreshRequest,
    RegisterRequest,
    RegisterResponse,
    TokenPair,
)
from echo_notes.domain.dependencies import Caller, Db, client_ip
from echo_notes.domain.errors import error_body


def _info(request: Request[Any, Any, Any]) -> services.RequestInfo:
    return services.RequestInfo(client_ip(request), request.headers.get("user-agent"))


def _unauthorized(message: str) -> Response[dict[str, object]]:
    """A 401 that still lets the transaction commit (the recorded failure or revocation must persist)."""
    return Response(error_body(HTTP_401_UNAUTHORIZED, message), status_code=HTTP_401_UNAUTHORIZED)


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/register", exclude_from_auth=True, status_code=HTTP_201_CREATED)
    async def register(
        self, request: Request[Any, Any, Any], state: State, db: Db, data: JSONBody[RegisterRequest]
    ) -> RegisterResponse:
        """Create a clinic and its first clinic admin; returns that admin and a token pair."""
        professional, pair = await services.register(db, state.settings.auth, data, _info(request))
        return RegisterResponse(ProfessionalOut.of(professional), pair)

    @post("/login", exclude_from_auth=True, status_code=HTTP_200_OK)
    async def login(
        self, request: Request[Any, Any, Any], state: State, db: Db, data: JSONBody[LoginRequest]
    ) -> Response[TokenPair] | Response[dict[str, object]]:
        """Exchange e-mail and password for tokens. Repeated failures for one e-mail get 429."""
        pair = await services.login(db, state.settings.auth, data.email, data.password, _info(request))
        if pair is None:
            return _unauthorized("invalid e-mail or password")
        return Response(pair)

    @post("/refresh", exclude_from_auth=True, status_code=HTTP_200_OK)
    async def refresh(
        self, state: State, db: Db, data: JSONBody[RefreshRequest]
    ) -> Response[TokenPair] | Response[dict[str, object]]:
        """Rotate a refresh token into a new pair; a reused token revokes all of its owner's tokens."""
        pair = await services.refresh(db, state.settings.auth, data.refresh_token)
        if pair is None:
            return _unauthorized("invalid or revoked refresh token")
        return Response(pair)

    @post("/logout", status_code=HTTP_204_NO_CONTENT)
    async def logout(self, state: State, db: Db, principal: Caller, data: JSONBody[RefreshRequest]) -> None:
        """Revoke the given refresh token. Access tokens expire on their own (short lifetime)."""
        if not await services.logout(db, state.settings.auth, principal, data.refresh_token):
            raise NotAuthorizedException("invalid refresh token")

    @get("/me")
    async def me(self, db: Db, principal: Caller) -> ProfessionalOut:
        professional = await db.get(Professional, principal.professional_id)
        if professional is None or not professional.is_active:
            raise NotAuthorizedException("account no longer active")
        return ProfessionalOut.of(professional)
