"""Writing and querying the audit trail.

Rows are written through the request's own session, so an audit row commits or rolls back with the access it
records: no access without its row, no row for a write that did not happen. Details hold ids and counts only,
never patient text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from echo_notes.db.models import AuditLog
from echo_notes.db.pagination import page


@dataclass
class AuditContext:
    clinic_id: uuid.UUID
    actor_id: uuid.UUID | None
    ip_address: str | None
    user_agent: str | None


class AuditTrail:
    def __init__(self, session: AsyncSession, context: AuditContext) -> None:
        self.session = session
        self.context = context

    async def record(
        self, action: str, target_type: str, target_id: uuid.UUID | str | None, **details: Any
    ) -> None:
        self.session.add(
            AuditLog(
                clinic_id=self.context.clinic_id,
                actor_id=self.context.actor_id,
                action=action,
                target_type=target_type,
                target_id=str(target_id) if target_id is not None else None,
                details=details,
                ip_address=self.context.ip_address,
                user_agent=(self.context.user_agent or "")[:512] or None,
            )
        )
        await self.session.flush()


@dataclass
class AuditFilter:
    actor_id: uuid.UUID | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(query: Select[Any], clinic_id: uuid.UUID, filters: AuditFilter) -> Select[Any]:
    query = query.where(AuditLog.clinic_id == clinic_id)
    if filters.actor_id is not None:
        query = query.where(AuditLog.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(AuditLog.action == filters.action)
    if filters.target_type:
        query = query.where(AuditLog.target_type == filters.target_type)
    if filters.target_id:
        query = query.where(AuditLog.target_id == filters.target_id)
    if filters.since is not None:
        query = query.where(AuditLog.created_at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditLog.created_at < filters.until)
    return query


async def search_audit(
    session: AsyncSession, clinic_id: uuid.UUID, filters: AuditFilter, limit: int, offset: int
) -> tuple[list[AuditLog], int]:
    query = _filtered(select(AuditLog), clinic_id, filters)
    return await page(
        session, query, AuditLog.created_at.desc(), AuditLog.id.desc(), limit=limit, offset=offset
    )
