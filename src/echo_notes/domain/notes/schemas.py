"""SOAP note bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from echo_notes.db.models import SessionSoapNote, SoapNoteVersion
from echo_notes.domain.errors import InvalidField
from echo_notes.settings import GenerationSettings

Section = Annotated[str, msgspec.Meta(max_length=50_000)]


class NoteContent(msgspec.Struct, forbid_unknown_fields=True):
    subjective: Section
    objective: Section
    assessment: Section
    plan: Section


class GenerateRequest(msgspec.Struct, forbid_unknown_fields=True):
    session_id: uuid.UUID
    drafter: Literal["grounded", "hf", "openai"] | None = None
    """Override the configured drafter for this note (only one that is configured on the server)."""
    max_rounds: Annotated[int, msgspec.Meta(ge=1, le=5)] | None = None
    """How many drafts the judge may send back (default from ``SOAP_MAX_ROUNDS``)."""


def generation_options(
    settings: GenerationSettings, openai_api_key: str | None, request: GenerateRequest
) -> dict[str, Any]:
    """The job's options: the server's configuration, with the request's overrides where they can run."""
    drafter = request.drafter or settings.drafter
    if drafter == "hf" and settings.hf_model_path is None:
        raise InvalidField("drafter", "no local HuggingFace drafter is configured (HF_DRAFTER_MODEL_PATH)")
    if drafter == "openai" and not openai_api_key:
        raise InvalidField("drafter", "no OpenAI-compatible endpoint is configured (OPENAI_API_KEY)")
    return {"drafter": drafter, "max_rounds": request.max_rounds or settings.max_rounds}


class UpdateRequest(msgspec.Struct, forbid_unknown_fields=True):
    content: NoteContent
    amendment: bool = False
    """Required to change an approved note: the change is kept as an amendment version."""


class ApproveRequest(msgspec.Struct, forbid_unknown_fields=True):
    note_id: uuid.UUID


class VersionOut(msgspec.Struct):
    version: int
    reason: str
    author_id: uuid.UUID | None
    created_at: datetime
    content: dict[str, Any]

    @classmethod
    def of(cls, row: SoapNoteVersion) -> VersionOut:
        return cls(row.version, row.reason, row.author_id, row.created_at, row.content)


class NoteOut(msgspec.Struct):
    id: uuid.UUID
    session_id: uuid.UUID
    patient_id: uuid.UUID
    version: int
    content: dict[str, Any]
    ai_approved: bool
    ai_verdict: dict[str, Any]
    user_approved: bool
    approved_by: uuid.UUID | None
    approved_at: datetime | None
    provenance: dict[str, Any]
    findings: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    versions: list[VersionOut] | None = None

    @classmethod
    def of(cls, row: SessionSoapNote, versions: list[SoapNoteVersion] | None = None) -> NoteOut:
        return cls(
            id=row.id,
            session_id=row.session_id,
            patient_id=row.patient_id,
            version=row.current_version,
            content=row.content,
            ai_approved=row.ai_approved,
            ai_verdict=row.ai_verdict,
            user_approved=row.user_approved,
            approved_by=row.approved_by,
            approved_at=row.approved_at,
            provenance=row.provenance,
            findings=row.context_data.get("findings"),
            created_at=row.created_at,
            updated_at=row.updated_at,
            versions=[VersionOut.of(v) for v in versions] if versions is not None else None,
        )
