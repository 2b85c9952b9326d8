"""Turn a visit's transcript and documents into attributed source sentences the drafter can choose from.

Transcripts come as tagged dialogue (``[clinician] …``), lower-case ASR lines with no speaker tags, or a
clinician's dictation; documents as report text with headed sections. Each sentence keeps who said it
(or which document section it came from), so the drafter can place it and the judge can trace it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPEAKER = re.compile(
    r"^\s*(?:\[(?P<speaker>[a-z ]+)\]|(?P<named>clinician|doctor|dr|audiologist|provider|nurse|patient|"
    r"parent|mother|father|mum|mom|dad|family|carer|caregiver|child|spouse|wife|husband|interpreter)\s*:)\s*",
    re.IGNORECASE,
)
"""Speaker tags as ``[clinician] …`` or ``Clinician: …`` at the start of a turn."""
CLINICIAN_TAGS = {"clinician", "doctor", "audiologist", "dr", "provider", "nurse"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9<\"'(])")
QUESTION_START = re.compile(
    r"(?i)^(?:and |so |okay |ok )?(?:any|do|does|did|are|is|was|were|can|could|would|have|has|should|shall|"
    r"will)\b"
)
WH_QUESTION = re.compile(r"(?i)^(?:and |so |okay |ok )?(?:how|what|whats|when|where|which|who|why)\b")
"""Unpunctuated speech-recognition lines ask a question when they open like one ("any dizziness"); a
wh-word opens long statements too ("what I'd like you to do is …"), so only a short line counts."""
LOWER_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
"""Speech-recognition text has no capitals to mark a new sentence; any full stop or question mark does."""
TOKENISED = [
    (re.compile(r"\s+([,.;:!?%])"), r"\1"),
    (re.compile(r"(\w)\s+('(?:s|re|m|ve|ll|d)\b)"), r"\1\2"),
    (re.compile(r"(\w)\s+(n't)\b"), r"\1\2"),
]
DOC_HEADING = re.compile(r"^\s*(?P<head>[A-Z][A-Za-z /&()-]{2,40}?)\s*:\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class SourceSentence:
    text: str
    speaker: str
    """``clinician``, ``patient`` (any non-clinician voice), ``dictation`` or ``document``."""
    index: int
    turn: int
    heading: str | None = None
    """For documents: the section the line sits under (``SUMMARY``, ``RECOMMENDATIONS``…)."""
    is_question: bool = False
    label: str | None = None
    """For a document's ``Label: value`` line, the label as written (on the line's first sentence)."""


def tidy(text: str) -> str:
    """Undo tokenised spacing ("hi , martha . i 'm") that some transcription systems produce."""
    for pattern, replacement in TOKENISED:
        text = pattern.sub(replacement, text)
    return text


def _split_sentences(text: str) -> list[str]:
    parts = []
    text = tidy(text.strip())
    lower = not any(ch.isupper() for ch in text)
    pieces = LOWER_SENTENCE_END.split(text) if lower else SENTENCE_END.split(text)
    for chunk in pieces:
        chunk = chunk.strip()
        if chunk:
            parts.append(chunk)
    return parts


def transcript_sentences(transcript: str) -> list[SourceSentence]:
    lines = [line for line in transcript.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if SPEAKER.match(line)) >= max(1, len(lines) // 3)
    dictation = not tagged and any(len(line.split()) > 60 for line in lines)
    out: list[SourceSentence] = []
    speaker = "patient"
    for turn, line in enumerate(lines):
        match = SPEAKER.match(line)
        if match:
            tag = (match.group("speaker") or match.group("named")).strip().lower()
            speaker = "clinician" if tag in CLINICIAN_TAGS else "patient"
            line = line[match.end() :]
        elif dictation:
            speaker = "dictation"
        elif not tagged:
            speaker = "unknown"
        for sentence in _split_sentences(line):
            stripped = sentence.rstrip()
            question = stripped.endswith("?") or (
                stripped[-1:].isalnum()
                and (
                    bool(QUESTION_START.match(stripped))
                    or (bool(WH_QUESTION.match(stripped)) and len(stripped.split()) <= 8)
                )
            )
            out.append(SourceSentence(sentence, speaker, len(out), turn, None, question))
    return out


def _mostly_upper(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def document_sentences(name: str, text: str, start_index: int = 0) -> list[SourceSentence]:
    out: list[SourceSentence] = []
    heading: str | None = None
    for turn, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line:
            continue
        head = DOC_HEADING.match(line)
        label = None
        if head and len(head.group("head").split()) <= 5:
            heading = head.group("head").upper()
            line = head.group("rest").strip()
            if not line:
                continue
            label = head.group("head").strip()
        elif _mostly_upper(line) and len(line.split()) <= 6:
            heading = line.rstrip(":").upper()
            continue
        for number, sentence in enumerate(_split_sentences(line)):
            out.append(
                SourceSentence(
                    sentence,
                    "document",
                    start_index + len(out),
                    turn,
                    heading,
                    label=label if number == 0 else None,
                )
            )
    return out
