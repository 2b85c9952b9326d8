"""Graph state: a narrow input (what a caller gives) and the full internal state."""

from __future__ import annotations

from typing import Any, TypedDict


class Document(TypedDict):
    name: str
    text: str


class InputState(TypedDict):
    transcript: str
    """The visit transcript (pasted, uploaded or transcribed)."""
    documents: list[Document]
    """Attached documents' extracted text (audiogram reports, fitting records, letters)."""


class State(InputState, total=False):
    masked_transcript: str
    """The transcript with identifiers replaced by placeholders; all later nodes see only masked text."""
    masked_documents: list[Document]
    pii_mapping: dict[str, str]
    """placeholder → original; stays in graph state (stored with the job), never in prompts or logs."""
    pii_counts: dict[str, int]
    entities: list[dict[str, Any]]
    entity_context: dict[str, Any]
    findings: dict[str, Any]
    """Deterministic audiology findings per ear (PTA, degree, type, tympanometry, asymmetry)."""
    draft: dict[str, str]
    """The current draft's four sections, masked."""
    drafted_by: str
    """The drafter (and model) that wrote the current draft."""
    verdict: dict[str, Any]
    round: int
    """How many drafts the judge has seen."""
    excluded: list[str]
    """Sentences a judge rejected; the grounded drafter leaves them out of the next draft."""
    note: dict[str, str]
    """The final note, unmasked."""
    provenance: dict[str, Any]
    """Which drafter, judge, prompts and models produced the note."""
