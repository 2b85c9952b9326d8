"""Who is asking: the authenticated professional carried on every request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from echo_notes.db.models import ProfessionalRole


@dataclass(frozen=True)
class Principal:
    professional_id: uuid.UUID
    clinic_id: uuid.UUID
    role: ProfessionalRole

    @property
    def is_admin(self) -> bool:
        return self.role is ProfessionalRole.clinic_admin
