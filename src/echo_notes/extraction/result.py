"""What an extraction returns, and the limits it runs under."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from echo_notes.settings import DocumentSettings

Status = Literal["done", "failed", "needs_ocr"]


@dataclass(frozen=True)
class ExtractionLimits:
    max_pages: int
    timeout_s: float
    memory_bytes: int
    max_decompressed_bytes: int
    max_text_chars: int

    @classmethod
    def from_settings(cls, docs: DocumentSettings) -> ExtractionLimits:
        return cls(
            docs.max_pages,
            docs.extraction_timeout_s,
            docs.extraction_memory_bytes,
            docs.max_decompressed_bytes,
            docs.max_text_chars,
        )


@dataclass(frozen=True)
class Extraction:
    status: Status
    text: str | None
    page_count: int | None
    error: str | None
    """A reason a clinician can act on (e.g. "the PDF is password-protected"), never a stack trace."""
    extractor: str
    """Which tool produced the text (provenance), e.g. ``pypdf 7.1.1``."""

    @classmethod
    def failed(cls, reason: str, extractor: str, page_count: int | None = None) -> Extraction:
        return cls("failed", None, page_count, reason, extractor)


def clip(text: str, limits: ExtractionLimits) -> str:
    return text[: limits.max_text_chars]
