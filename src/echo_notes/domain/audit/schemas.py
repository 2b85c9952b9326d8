"""The audit-log representation returned to clinic admins."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec

from echo_notes.db.models import AuditLog


class AuditEntry(msgspec.Struct):
    id: int
    actor_id: uuid.UUID | None
    action: str
    target_type: str
    target_id: str | None
    details: dict[str, Any]
    ip_address: str | None
    user_agent: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: AuditLog) -> AuditEntry:
        return cls(
            id=row.id,
            actor_id=row.actor_id,
            action=row.action,
            target_type=row.target_type,
            target_id=row.target_id,
            details=row.details,
            ip_address=str(row.ip_address) if row.ip_address is not None else None,
            user_agent=row.user_agent,
            created_at=row.created_at,
        )
