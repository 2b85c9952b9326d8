"""Job bodies: what a client polls or streams while a note is being written."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec

from echo_notes.db.models import SoapJob
from echo_notes.domain.notes.schemas import NoteOut

GRAPH_STEPS = ("mask_pii", "extract_entities", "analyse_audiology", "draft_note", "judge_note", "unmask")
"""The SOAP graph's nodes in order (draft and judge repeat when the judge sends a draft back)."""


class StepOut(msgspec.Struct):
    node: str
    attempt: int
    """Which run of the job finished this step; a resumed job continues with a higher attempt."""
    at: str


class JobOut(msgspec.Struct):
    id: uuid.UUID
    session_id: uuid.UUID
    patient_id: uuid.UUID
    status: str
    """``queued``, ``running``, ``done`` or ``failed``."""
    steps: list[StepOut]
    steps_planned: list[str]
    attempts: int
    note_id: uuid.UUID | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    options: dict[str, Any]
    note: NoteOut | None = None

    @classmethod
    def of(cls, row: SoapJob, note: NoteOut | None = None) -> JobOut:
        return cls(
            id=row.id,
            session_id=row.session_id,
            patient_id=row.patient_id,
            status=row.status,
            steps=[StepOut(s["node"], s["attempt"], s["at"]) for s in row.progress],
            steps_planned=list(GRAPH_STEPS),
            attempts=row.attempts,
            note_id=row.note_id,
            error=row.error,
            created_at=row.created_at,
            finished_at=row.finished_at,
            options=row.options,
            note=note,
        )

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
