"""Per-request dependencies: the tenant-scoped database transaction and the audit trail bound to it.

The transaction commits only when the handler returned normally; any exception rolls back everything the
request wrote, audit rows included, so a failed request leaves nothing behind.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncGenerator
from typing import Any, TypeAlias

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from echo_notes.db.engine import tenant_transaction
from echo_notes.domain.audit.services import AuditContext, AuditTrail
from echo_notes.domain.auth.principal import Principal


def current_principal(request: Request[Any, Any, Any]) -> Principal | None:
    user = request.scope.get("user")
    return user if isinstance(user, Principal) else None


async def provide_db(request: Request[Any, Any, Any], state: State) -> AsyncGenerator[AsyncSession, None]:
    principal = current_principal(request)
    async with tenant_transaction(state.sessionmaker, principal.clinic_id if principal else None) as session:
        yield session


def client_ip(request: Request[Any, Any, Any]) -> str | None:
    """The peer address, or ``None`` when it is not an IP (test transports, unix sockets)."""
    host = request.client.host if request.client else None
    try:
        return str(ipaddress.ip_address(host)) if host else None
    except ValueError:
        return None


def audit_context(request: Request[Any, Any, Any], principal: Principal) -> AuditContext:
    return AuditContext(
        clinic_id=principal.clinic_id,
        actor_id=principal.professional_id,
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )


async def provide_audit(request: Request[Any, Any, Any], db: NamedDependency[AsyncSession]) -> AuditTrail:
    principal = current_principal(request)
    if principal is None:
        raise RuntimeError("audit trail requested on an unauthenticated route")
    return AuditTrail(db, audit_context(request, principal))


async def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    principal = current_principal(request)
    if principal is None:
        raise RuntimeError("principal requested on an unauthenticated route")
    return principal


Db: TypeAlias = NamedDependency[AsyncSession]
"""The request's tenant-scoped transaction."""
Audit: TypeAlias = NamedDependency[AuditTrail]
"""The audit trail bound to that transaction."""
Caller: TypeAlias = NamedDependency[Principal]
"""The authenticated professional."""
