"""Role guards. Tenant isolation is not a guard's job: row-level security and scoped queries do that."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from echo_notes.db.models import ProfessionalRole
from echo_notes.domain.auth.principal import Principal

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


def require_roles(*roles: ProfessionalRole) -> Guard:
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal: Principal = connection.user
        if principal.role not in allowed:
            raise PermissionDeniedException("your role does not allow this action")

    return guard


admin_only = require_roles(ProfessionalRole.clinic_admin)
clinicians = require_roles(
    ProfessionalRole.audiologist,
    ProfessionalRole.hearing_instrument_specialist,
    ProfessionalRole.clinic_admin,
)
"""Roles that make clinical decisions (delete or archive records, later: approve notes)."""
