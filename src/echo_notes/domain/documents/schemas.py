"""Document bodies and representations."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile

from echo_notes.db.models import ProcessingStatus, UploadedDocument


class DocumentType(enum.StrEnum):
    transcript = "transcript"
    referral = "referral"
    audiogram = "audiogram"
    report = "report"
    notes = "notes"
    other = "other"


@dataclass
class UploadForm:
    """``multipart/form-data``: the file and the visit it belongs to."""

    file: UploadFile
    session_id: uuid.UUID
    document_type: DocumentType = DocumentType.other


PastedText = Annotated[str, msgspec.Meta(min_length=1, max_length=2_000_000, pattern=r"\S")]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]


class PasteRequest(msgspec.Struct, forbid_unknown_fields=True):
    session_id: uuid.UUID
    text: PastedText
    title: Title | None = None
    document_type: DocumentType = DocumentType.transcript


class DocumentSummary(msgspec.Struct):
    id: uuid.UUID
    session_id: uuid.UUID
    patient_id: uuid.UUID
    filename: str
    document_type: str
    source: str
    content_type: str
    size_bytes: int
    sha256: str
    processing_status: ProcessingStatus
    processing_error: str | None
    page_count: int | None
    text_chars: int
    extractor: str | None
    uploaded_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def fields_of(cls, row: UploadedDocument) -> dict[str, object]:
        return {
            "id": row.id,
            "session_id": row.session_id,
            "patient_id": row.patient_id,
            "filename": row.filename,
            "document_type": row.document_type,
            "source": row.source,
            "content_type": row.content_type,
            "size_bytes": row.size_bytes,
            "sha256": row.sha256,
            "processing_status": row.processing_status,
            "processing_error": row.processing_error,
            "page_count": row.page_count,
            "text_chars": len(row.extracted_text or ""),
            "extractor": row.extractor,
            "uploaded_by": row.uploaded_by,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
        }

    @classmethod
    def of(cls, row: UploadedDocument) -> DocumentSummary:
        return cls(**cls.fields_of(row))  # type: ignore[arg-type]


class DocumentOut(DocumentSummary):
    extracted_text: str | None = None

    @classmethod
    def of(cls, row: UploadedDocument) -> DocumentOut:
        return cls(**cls.fields_of(row), extracted_text=row.extracted_text)  # type: ignore[arg-type]
