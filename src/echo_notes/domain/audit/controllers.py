"""GET /audit: the clinic's audit trail, for clinic admins."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from litestar import Controller, get
from litestar.params import FromQuery, QueryParameter

from echo_notes.domain.audit.schemas import AuditEntry
from echo_notes.domain.audit.services import AuditFilter, search_audit
from echo_notes.domain.auth.guards import admin_only
from echo_notes.domain.dependencies import Caller, Db
from echo_notes.domain.schemas import Page, PageOffset


class AuditController(Controller):
    path = "/audit"
    tags = ["audit"]
    guards = [admin_only]

    @get("/")
    async def list_audit(
        self,
        db: Db,
        principal: Caller,
        actor_id: FromQuery[uuid.UUID | None] = None,
        action: Annotated[str | None, QueryParameter(max_length=64)] = None,
        target_type: Annotated[str | None, QueryParameter(max_length=64)] = None,
        target_id: Annotated[str | None, QueryParameter(max_length=64)] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
        offset: PageOffset = 0,
    ) -> Page[AuditEntry]:
        """Newest first. Filter by actor, action (e.g. ``patient.read``), target, and a time window."""
        filters = AuditFilter(actor_id, action, target_type, target_id, since, until)
        rows, total = await search_audit(db, principal.clinic_id, filters, limit, offset)
        return Page([AuditEntry.of(r) for r in rows], total, limit, offset)
