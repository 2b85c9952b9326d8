"""Precision, recall and F2 per identifier type against gold surface strings.

Gold lists each identifier string once; every occurrence of it is PII. Recall for a type is the share of
gold occurrences fully covered by a finding of any type (what matters for de-identification is that the
text is masked); precision for a type is the share of findings of that type that overlap a gold occurrence.
F2 weighs recall twice as much as precision, as missing an identifier costs more than masking a word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from echo_notes.ai.pii.engine import PiiSpan

GOLD_TYPE = {"LOCATION/ADDRESS": "LOCATION"}


@dataclass
class TypeScore:
    gold: int = 0
    covered: int = 0
    predicted: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.covered / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def f2(self) -> float:
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if p + r else 0.0


def gold_occurrences(text: str, gold: list[dict[str, str]]) -> list[tuple[str, int, int]]:
    found = []
    for item in gold:
        for match in re.finditer(re.escape(item["text"]), text):
            found.append((GOLD_TYPE.get(item["type"], item["type"]), match.start(), match.end()))
    return found


def score(
    texts: list[str],
    predictions: list[list[PiiSpan]],
    gold: list[dict[str, str]],
    scores: dict[str, TypeScore],
) -> None:
    for text, spans in zip(texts, predictions, strict=True):
        occurrences = gold_occurrences(text, gold)
        for entity, start, end in occurrences:
            entry = scores.setdefault(entity, TypeScore())
            entry.gold += 1
            if _covered(text, start, end, spans):
                entry.covered += 1
            else:
                entry.missed.append(text[start:end])
        for span in spans:
            entry = scores.setdefault(span.entity_type, TypeScore())
            entry.predicted += 1
            if any(span.start < end and start < span.end for _, start, end in occurrences):
                entry.correct += 1
            else:
                entry.false_positives.append(span.text)


def _covered(text: str, start: int, end: int, spans: list[PiiSpan]) -> bool:
    """Every non-space character of the occurrence lies inside some finding."""
    return all(text[i].isspace() or any(s.start <= i < s.end for s in spans) for i in range(start, end))


def new_scores() -> dict[str, TypeScore]:
    return defaultdict(TypeScore)
