"""Registration, login with throttling, refresh-token rotation and logout.

Refresh tokens rotate: each use revokes the presented token and issues a new pair. Presenting a token that
was already revoked means it leaked, so every refresh token of that professional is revoked (reuse detection).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from echo_notes.db.engine import set_tenant
from echo_notes.db.models import Clinic, LoginFailure, Professional, ProfessionalRole, RefreshToken
from echo_notes.domain.audit.services import AuditContext, AuditTrail
from echo_notes.domain.auth import tokens
from echo_notes.domain.auth.passwords import hash_password, verify_password
from echo_notes.domain.auth.principal import Principal
from echo_notes.domain.auth.schemas import RegisterRequest, TokenPair
from echo_notes.settings import AuthSettings


class EmailTaken(Exception):
    pass


class LoginThrottled(Exception):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__("too many failed logins")
        self.retry_after_s = retry_after_s


@dataclass
class RequestInfo:
    ip_address: str | None
    user_agent: str | None


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


async def issue_pair(session: AsyncSession, settings: AuthSettings, principal: Principal) -> TokenPair:
    access = tokens.issue(settings, principal, "access")
    refresh = tokens.issue(settings, principal, "refresh")
    session.add(
        RefreshToken(
            jti=refresh.jti,
            clinic_id=principal.clinic_id,
            professional_id=principal.professional_id,
            expires_at=datetime.fromtimestamp(refresh.expires_at, UTC),
        )
    )
    await session.flush()
    return TokenPair(access_token=access.token, refresh_token=refresh.token, expires_in=settings.access_ttl_s)


def _trail(session: AsyncSession, principal: Principal, info: RequestInfo) -> AuditTrail:
    return AuditTrail(
        session,
        AuditContext(principal.clinic_id, principal.professional_id, info.ip_address, info.user_agent),
    )


async def register(
    session: AsyncSession, settings: AuthSettings, data: RegisterRequest, info: RequestInfo
) -> tuple[Professional, TokenPair]:
    """Create a clinic and its first clinic admin in one transaction."""
    clinic_id = uuid.uuid4()
    await set_tenant(session, clinic_id)
    session.add(Clinic(id=clinic_id, name=data.clinic_name.strip()))
    professional = Professional(
        id=uuid.uuid4(),
        clinic_id=clinic_id,
        email=data.email.strip(),
        full_name=data.full_name.strip(),
        role=ProfessionalRole.clinic_admin,
        password_hash=hash_password(data.password),
        license_number=data.license_number,
        is_active=True,
    )
    session.add(professional)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise EmailTaken from exc
    await session.refresh(professional)
    principal = Principal(professional.id, clinic_id, professional.role)
    await _trail(session, principal, info).record("auth.register", "clinic", clinic_id)
    return professional, await issue_pair(session, settings, principal)


async def check_throttle(session: AsyncSession, settings: AuthSettings, email: str) -> None:
    since = datetime.now(UTC) - timedelta(seconds=settings.login_window_s)
    failures = await session.scalar(
        select(func.count(LoginFailure.id)).where(
            LoginFailure.email_digest == _email_digest(email), LoginFailure.created_at >= since
        )
    )
    if (failures or 0) >= settings.login_max_failures:
        raise LoginThrottled(settings.login_window_s)


async def record_failure(session: AsyncSession, email: str, info: RequestInfo) -> None:
    session.add(LoginFailure(email_digest=_email_digest(email), ip_address=info.ip_address))
    await session.flush()


async def login(
    session: AsyncSession, settings: AuthSettings, email: str, password: str, info: RequestInfo
) -> TokenPair | None:
    """Return tokens, or ``None`` for bad credentials (after recording the failure, which must commit)."""
    await check_throttle(session, settings, email)
    row = (
        await session.execute(
            text(
                "SELECT id, clinic_id, role, password_hash, is_active FROM auth_lookup_professional(:email)"
            ),
            {"email": email.strip()},
        )
    ).first()
    if not verify_password(row.password_hash if row else None, password) or row is None or not row.is_active:
        await record_failure(session, email, info)
        if row is not None:
            principal = Principal(row.id, row.clinic_id, ProfessionalRole(row.role))
            await set_tenant(session, row.clinic_id)
            await _trail(session, principal, info).record("auth.login_failed", "professional", row.id)
        return None
    principal = Principal(row.id, row.clinic_id, ProfessionalRole(row.role))
    await set_tenant(session, row.clinic_id)
    await session.execute(delete(LoginFailure).where(LoginFailure.email_digest == _email_digest(email)))
    await session.execute(
        update(Professional).where(Professional.id == row.id).values(last_login_at=func.now())
    )
    await _trail(session, principal, info).record("auth.login", "professional", row.id)
    return await issue_pair(session, settings, principal)


async def refresh(session: AsyncSession, settings: AuthSettings, raw_token: str) -> TokenPair | None:
    """Rotate a refresh token.

    ``None`` when it is invalid, already revoked (then all of the owner's are revoked) or the user inactive.
    """
    try:
        claims = tokens.decode(settings, raw_token, "refresh")
    except tokens.InvalidToken:
        return None
    principal = claims.principal
    await set_tenant(session, principal.clinic_id)
    stored = await session.scalar(
        select(RefreshToken).where(RefreshToken.jti == claims.jti).with_for_update()
    )
    if stored is None or stored.professional_id != principal.professional_id:
        return None
    if stored.revoked_at is not None:
        await revoke_all(session, principal.professional_id)
        return None
    professional = await session.get(Professional, principal.professional_id)
    if professional is None or not professional.is_active:
        return None
    stored.revoked_at = datetime.now(UTC)
    # The role may have changed since the token was issued: the new pair carries the current one.
    current = Principal(professional.id, professional.clinic_id, professional.role)
    return await issue_pair(session, settings, current)


async def revoke_all(session: AsyncSession, professional_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.professional_id == professional_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=func.now())
    )


async def logout(session: AsyncSession, settings: AuthSettings, principal: Principal, raw_token: str) -> bool:
    """Revoke the caller's given refresh token; ``False`` if it is invalid or not theirs."""
    try:
        claims = tokens.decode(settings, raw_token, "refresh")
    except tokens.InvalidToken:
        return False
    if claims.principal.professional_id != principal.professional_id:
        return False
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.jti == claims.jti, RefreshToken.professional_id == principal.professional_id)
        .values(revoked_at=func.coalesce(RefreshToken.revoked_at, func.now()))
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
