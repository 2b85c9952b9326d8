"""PII request and response bodies."""

from __future__ import annotations

from typing import Annotated

import msgspec

Text = Annotated[str, msgspec.Meta(max_length=500_000)]


class AnalyzeRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Text
    context: list[Text] = msgspec.field(default_factory=list)
    """Other texts of the same visit (documents); names found there are also looked for in ``text``."""


class Finding(msgspec.Struct):
    entity_type: str
    start: int
    end: int
    score: float
    text: str


class AnalyzeResponse(msgspec.Struct):
    findings: list[Finding]
    model: str


class AnonymizeRequest(msgspec.Struct, forbid_unknown_fields=True):
    texts: Annotated[list[Text], msgspec.Meta(min_length=1, max_length=50)]
    """All texts of one visit, masked together so placeholders are shared."""


class AnonymizeResponse(msgspec.Struct):
    texts: list[str]
    mapping: dict[str, str]
    """placeholder → original. Keep it to restore model output; it is not stored or logged by the service."""
    counts: dict[str, int]
    model: str


class QuickAnonymizeRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Text


class QuickAnonymizeResponse(msgspec.Struct):
    text: str
    counts: dict[str, int]
    model: str
