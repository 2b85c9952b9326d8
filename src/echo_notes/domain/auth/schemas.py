"""Request and response bodies of the /auth endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec

from echo_notes.db.models import Professional, ProfessionalRole
from echo_notes.domain.schemas import AnyPassword, Email, LongName, Password, ShortText


class RegisterRequest(msgspec.Struct, forbid_unknown_fields=True):
    clinic_name: LongName
    full_name: LongName
    email: Email
    password: Password
    license_number: ShortText | None = None


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: AnyPassword


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    refresh_token: str


class TokenPair(msgspec.Struct):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"  # noqa: S105 - the OAuth 2 token type, not a secret


class ProfessionalOut(msgspec.Struct):
    id: uuid.UUID
    clinic_id: uuid.UUID
    email: str
    full_name: str
    role: ProfessionalRole
    is_active: bool
    license_number: str | None
    last_login_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: Professional) -> ProfessionalOut:
        return cls(
            id=row.id,
            clinic_id=row.clinic_id,
            email=row.email,
            full_name=row.full_name,
            role=row.role,
            is_active=row.is_active,
            license_number=row.license_number,
            last_login_at=row.last_login_at,
            created_at=row.created_at,
        )


class RegisterResponse(msgspec.Struct):
    professional: ProfessionalOut
    tokens: TokenPair
