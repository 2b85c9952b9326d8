"""The /users/professionals endpoints: the clinic's staff, managed by its clinic admins."""

from __future__ import annotations

import uuid

from litestar import Controller, get, post, put
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from echo_notes.db.models import Professional
from echo_notes.domain.auth.guards import admin_only
from echo_notes.domain.auth.passwords import hash_password
from echo_notes.domain.auth.schemas import ProfessionalOut
from echo_notes.domain.auth.services import EmailTaken, revoke_all
from echo_notes.domain.dependencies import Audit, Caller, Db
from echo_notes.domain.errors import NotFound
from echo_notes.domain.users.schemas import ProfessionalCreate, ProfessionalUpdate


async def _get(db: Db, principal: Caller, professional_id: FromPath[uuid.UUID]) -> Professional:
    row = await db.scalar(
        select(Professional).where(
            Professional.id == professional_id, Professional.clinic_id == principal.clinic_id
        )
    )
    if row is None:
        raise NotFound("professional")
    return row


class ProfessionalController(Controller):
    path = "/users/professionals"
    tags = ["users"]

    @get("/")
    async def list_professionals(self, db: Db, principal: Caller) -> list[ProfessionalOut]:
        """Everyone in the caller's clinic."""
        rows = await db.scalars(
            select(Professional)
            .where(Professional.clinic_id == principal.clinic_id)
            .order_by(Professional.full_name, Professional.id)
        )
        return [ProfessionalOut.of(row) for row in rows]

    @post("/", guards=[admin_only], status_code=HTTP_201_CREATED)
    async def add_professional(
        self, db: Db, principal: Caller, audit: Audit, data: JSONBody[ProfessionalCreate]
    ) -> ProfessionalOut:
        """A clinic admin adds a colleague to their clinic."""
        row = Professional(
            id=uuid.uuid4(),
            clinic_id=principal.clinic_id,
            email=data.email.strip(),
            full_name=data.full_name.strip(),
            role=data.role,
            password_hash=hash_password(data.password),
            license_number=data.license_number,
            is_active=True,
        )
        db.add(row)
        try:
            await db.flush()
        except IntegrityError as exc:
            raise EmailTaken from exc
        await db.refresh(row)
        await audit.record("professional.created", "professional", row.id, role=row.role.value)
        return ProfessionalOut.of(row)

    @get("/{professional_id:uuid}")
    async def get_professional(
        self, db: Db, principal: Caller, professional_id: FromPath[uuid.UUID]
    ) -> ProfessionalOut:
        return ProfessionalOut.of(await _get(db, principal, professional_id))

    @put("/{professional_id:uuid}")
    async def update_professional(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        professional_id: FromPath[uuid.UUID],
        data: JSONBody[ProfessionalUpdate],
    ) -> ProfessionalOut:
        """Admins edit anyone in their clinic; others may edit only their own name and password."""
        row = await _get(db, principal, professional_id)
        is_self = row.id == principal.professional_id
        if not principal.is_admin and not is_self:
            raise PermissionDeniedException("only clinic admins can edit other professionals")
        if not principal.is_admin and (data.role is not None or data.is_active is not None):
            raise PermissionDeniedException("only clinic admins can change roles or deactivate accounts")
        if is_self and (data.role not in (None, row.role) or data.is_active is False):
            raise PermissionDeniedException("you cannot change your own role or deactivate yourself")
        changed = []
        for field in ("full_name", "role", "is_active", "license_number"):
            value = getattr(data, field)
            if value is not None:
                setattr(row, field, value.strip() if isinstance(value, str) else value)
                changed.append(field)
        if data.password is not None:
            row.password_hash = hash_password(data.password)
            changed.append("password")
        if data.password is not None or data.is_active is False:
            await revoke_all(db, row.id)
        await db.flush()
        await db.refresh(row)
        await audit.record("professional.updated", "professional", row.id, fields=changed)
        return ProfessionalOut.of(row)
