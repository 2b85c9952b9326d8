"""Deterministic checks every draft must pass, whatever drafted it.

1. All four sections are present.
2. Every number in the note occurs in the source or in the computed findings.
3. Every laterality word and diagnosis in the note is supported by the source or the findings.
4. No identifier that was masked appears in the note in clear (it was drafted from masked text).
5. No instruction found inside a document was followed (text addressed to an AI never enters the note).
Each problem names its section and the offending sentence, so a drafter can revise.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from echo_notes.ai.drafting.grounded import INSTRUCTION, spoken_numbers

SECTIONS = ("subjective", "objective", "assessment", "plan")
NUMBER = re.compile(r"(?<![\w<])\d+(?:\.\d+)?(?![\w>])")
SIDES = re.compile(r"(?i)\b(right|left|bilateral\w*|unilateral)\b")
DIAGNOSES = re.compile(
    r"(?i)\b(sensorineural|conductive|mixed hearing loss|otitis \w+|cerumen impaction|meniere'?s|bppv|"
    r"vestibular schwannoma|acoustic neuroma|otosclerosis|presbycusis|perforation|cholesteatoma|tinnitus|"
    r"hyperacusis|vertigo|labyrinthitis|neuritis)\b"
)


@dataclass(frozen=True)
class Problem:
    section: str
    check: str
    detail: str
    sentence: str


@dataclass
class Verdict:
    approved: bool
    problems: list[Problem] = field(default_factory=list)
    judges: list[str] = field(default_factory=list)
    """Which judges ran (``clinical-validators``, and the LLM judge's model id when configured)."""

    def feedback(self) -> list[str]:
        return [f"{p.section}: {p.check} — {p.detail}" for p in self.problems]

    def as_dict(self) -> dict[str, Any]:
        return {
            "approved": self.approved,
            "problems": [asdict(p) for p in self.problems],
            "judges": self.judges,
        }


def _sentences(section_text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", section_text)
    return [p.strip(" -") for p in parts if p.strip(" -")]


def validate(note: dict[str, str], source: str, findings_text: str, masked_originals: list[str]) -> Verdict:
    problems: list[Problem] = []
    # Spoken counts ("ninety percent") count as the digits the drafter writes for them ("90%").
    supported = f"{spoken_numbers(source)}\n{findings_text}"
    source_numbers = set(NUMBER.findall(supported))
    source_lower = supported.lower()
    for section in SECTIONS:
        text = note.get(section, "") or ""
        if not text.strip():
            problems.append(Problem(section, "section present", "the section is empty", ""))
            continue
        for sentence in _sentences(text):
            for number in NUMBER.findall(sentence):
                if number not in source_numbers:
                    problems.append(
                        Problem(section, "number supported", f"{number} is not in the source", sentence)
                    )
            for side in {m.lower() for m in SIDES.findall(sentence)}:
                if side[:5] not in source_lower and side not in source_lower:
                    problems.append(
                        Problem(section, "laterality supported", f"'{side}' is not in the source", sentence)
                    )
            for diagnosis in {m.lower() for m in DIAGNOSES.findall(sentence)}:
                if diagnosis not in source_lower:
                    problems.append(
                        Problem(
                            section,
                            "diagnosis supported",
                            f"'{diagnosis}' is not in the source or findings",
                            sentence,
                        )
                    )
            for original in masked_originals:
                if len(original) >= 3 and original in sentence:
                    problems.append(
                        Problem(section, "no identifier", "an identifier appears unmasked", sentence)
                    )
            if INSTRUCTION.search(sentence):
                problems.append(
                    Problem(
                        section,
                        "no instruction followed",
                        "text addressed to an AI model entered the note",
                        sentence,
                    )
                )
    return Verdict(approved=not problems, problems=problems, judges=["clinical-validators"])
