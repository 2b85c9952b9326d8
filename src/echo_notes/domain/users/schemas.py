"""Bodies of the /users/professionals endpoints."""

from __future__ import annotations

import msgspec

from echo_notes.db.models import ProfessionalRole
from echo_notes.domain.schemas import Email, LongName, Password, ShortText


class ProfessionalCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    full_name: LongName
    role: ProfessionalRole
    password: Password
    license_number: ShortText | None = None


class ProfessionalUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Omitted fields stay as they are. Only clinic admins may change role or active state."""

    full_name: LongName | None = None
    role: ProfessionalRole | None = None
    is_active: bool | None = None
    license_number: ShortText | None = None
    password: Password | None = None
