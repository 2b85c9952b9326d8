"""JWT access and refresh tokens.

Only HS256 is accepted, and audience, issuer, expiry and token type are all required: a token signed with
``alg=none``, another algorithm, for another audience, or a refresh token used as an access token is refused.
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal

import jwt

from echo_notes.db.models import ProfessionalRole
from echo_notes.domain.auth.principal import Principal
from echo_notes.settings import AuthSettings

ALGORITHM = "HS256"
TokenType = Literal["access", "refresh"]


class InvalidToken(Exception):
    """The token is not one this service issued, or no longer valid."""


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: int


@dataclass(frozen=True)
class TokenClaims:
    principal: Principal
    jti: str
    token_type: TokenType
    expires_at: int


def issue(settings: AuthSettings, principal: Principal, token_type: TokenType) -> IssuedToken:
    now = int(time.time())
    ttl = settings.access_ttl_s if token_type == "access" else settings.refresh_ttl_s  # noqa: S105
    jti = secrets.token_urlsafe(24)
    claims: dict[str, Any] = {
        "sub": str(principal.professional_id),
        "cid": str(principal.clinic_id),
        "role": principal.role.value,
        "typ": token_type,
        "aud": settings.audience,
        "iss": settings.issuer,
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
        "jti": jti,
    }
    return IssuedToken(jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHM), jti, now + ttl)


def decode(settings: AuthSettings, token: str, expected_type: TokenType) -> TokenClaims:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[ALGORITHM],
            audience=settings.audience,
            issuer=settings.issuer,
            options={"require": ["exp", "iat", "sub", "aud", "iss", "jti"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if claims.get("typ") != expected_type:
        raise InvalidToken("wrong token type")
    try:
        principal = Principal(
            professional_id=uuid.UUID(claims["sub"]),
            clinic_id=uuid.UUID(claims["cid"]),
            role=ProfessionalRole(claims["role"]),
        )
    except (KeyError, ValueError) as exc:
        raise InvalidToken("malformed claims") from exc
    return TokenClaims(principal, str(claims["jti"]), expected_type, int(claims["exp"]))
