"""Reversible pseudonymisation: identifiers become placeholders like ``<PERSON_1>``, consistently across all
texts of one visit, and come back exactly.

The same string always gets the same placeholder within a mapping, so a remote model still sees that
``<PERSON_1>`` spoke twice; different strings get different placeholders, which makes restoration exact.
The mapping is returned to the caller only; it is never logged and never sent to a remote model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from echo_notes.ai.pii.engine import PiiEngine, PiiSpan
from echo_notes.ai.placeholders import PLACEHOLDER, placeholder


@dataclass
class PseudonymMap:
    """placeholder → original, and the reverse, for one visit."""

    originals: dict[str, str] = field(default_factory=dict)
    _by_original: dict[tuple[str, str], str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def placeholder(self, entity_type: str, original: str) -> str:
        key = (entity_type, original)
        if key not in self._by_original:
            self._counts[entity_type] = self._counts.get(entity_type, 0) + 1
            token = placeholder(entity_type, self._counts[entity_type])
            self._by_original[key] = token
            self.originals[token] = original
        return self._by_original[key]


_anonymizer: AnonymizerEngine | None = None


def _engine() -> AnonymizerEngine:
    global _anonymizer
    if _anonymizer is None:
        _anonymizer = AnonymizerEngine()  # type: ignore[no-untyped-call]
    return _anonymizer


def mask(text: str, spans: list[PiiSpan], mapping: PseudonymMap) -> str:
    """Replace each finding with its placeholder, through Presidio's anonymizer."""
    if not spans:
        return text
    operators = {
        entity: OperatorConfig("custom", {"lambda": _replacer(entity, mapping)})
        for entity in {s.entity_type for s in spans}
    }
    results = [RecognizerResult(s.entity_type, s.start, s.end, s.score) for s in spans]
    return str(_engine().anonymize(text=text, analyzer_results=results, operators=operators).text)


def _replacer(entity: str, mapping: PseudonymMap):  # type: ignore[no-untyped-def]  # noqa: ANN202
    return lambda original: mapping.placeholder(entity, original)


def pseudonymize(
    engine: PiiEngine, texts: list[str], mapping: PseudonymMap | None = None
) -> tuple[list[str], PseudonymMap, list[list[PiiSpan]]]:
    """Mask a visit's texts together (shared names, shared placeholders)."""
    mapping = mapping or PseudonymMap()
    findings = engine.analyze_bundle(texts)
    return [mask(t, spans, mapping) for t, spans in zip(texts, findings, strict=True)], mapping, findings


def restore(text: str, originals: dict[str, str]) -> str:
    """Put the originals back; unknown placeholders (a model's invention) are left as they are."""
    return PLACEHOLDER.sub(lambda m: originals.get(m.group(0), m.group(0)), text)
