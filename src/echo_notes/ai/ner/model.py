"""What an entity is, whichever backend found it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int
    end: int
    negated: bool = False
    """"no dizziness", "denies otalgia"."""
    uncertain: bool = False
    historical: bool = False
    hypothetical: bool = False
    family: bool = False
    """"mother wore hearing aids" — about a relative, not the patient."""
    laterality: str | None = None
    """``right``, ``left``, ``bilateral`` or ``unilateral`` when the text says so near the entity."""
    severity: str | None = None
