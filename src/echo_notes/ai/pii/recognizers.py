"""Presidio recognizers for the identifiers of hearing-care records (see ``patterns``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from echo_notes.ai.pii import patterns as p


class RegexRecognizer(EntityRecognizer):
    """One entity from one regex; the span is the ``value`` group when the regex has one (the label around
    it — "MRN:", "SN" — stays readable)."""

    def __init__(
        self,
        entity: str,
        regex: re.Pattern[str],
        score: float = 0.85,
        accept: Callable[[str], bool] | None = None,
        name: str | None = None,
    ) -> None:
        self.regex = regex
        self.score = score
        self.accept = accept or (lambda _: True)
        super().__init__(supported_entities=[entity], name=name or f"{entity.lower()}_{id(regex)}")

    def load(self) -> None:  # nothing to load: patterns are compiled at import
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        if entities and entity not in entities:
            return []
        results = []
        for match in self.regex.finditer(text):
            group = "value" if "value" in self.regex.groupindex else 0
            start, end = match.span(group)
            if start < end and self.accept(match.group(group)):
                results.append(RecognizerResult(entity, start, end, self.score))
        return results


def _has_digits(value: str, minimum: int = 4) -> bool:
    return sum(ch.isdigit() for ch in value) >= minimum


def _serial_like(value: str) -> bool:
    return (_has_digits(value, 3) and any(ch.isalpha() for ch in value)) or _has_digits(value, 8)


def _facility(value: str) -> bool:
    return not p.NOT_A_FACILITY.search(value)


def custom_recognizers() -> list[EntityRecognizer]:
    return [
        RegexRecognizer("MEDICAL_RECORD_NUMBER", p.MRN, 0.9, lambda v: _has_digits(v, 4)),
        RegexRecognizer("MEDICAL_RECORD_NUMBER", p.MRN_SHAPE, 0.6),
        RegexRecognizer("INSURANCE_ID", p.INSURANCE, 0.9, lambda v: _has_digits(v, 4)),
        RegexRecognizer("INSURANCE_ID", p.MBI, 0.85),
        RegexRecognizer("DEVICE_SERIAL", p.SERIAL, 0.9, _serial_like),
        RegexRecognizer("LOCATION", p.ADDRESS, 0.85),
        RegexRecognizer("LOCATION", p.NAMED_STREET, 0.6),
        RegexRecognizer("LOCATION", p.UK_POSTCODE, 0.6),
        RegexRecognizer("LOCATION", p.FACILITY, 0.7, _facility),
        RegexRecognizer("LOCATION", p.FACILITY_CAPS, 0.7, _facility),
        RegexRecognizer("AGE_OVER_89", p.AGE_OVER_89, 0.9),
        RegexRecognizer("EMAIL_ADDRESS", p.EMAIL, 0.95),
        RegexRecognizer("EMAIL_ADDRESS", p.SPOKEN_EMAIL, 0.85),
        RegexRecognizer("PHONE_NUMBER", p.PHONE, 0.7, lambda v: _has_digits(v, 7)),
        RegexRecognizer("PHONE_NUMBER", p.SPOKEN_DIGITS, 0.7),
        RegexRecognizer("DATE", p.WORD_DATE, 0.8),
        RegexRecognizer("DATE", p.NUMERIC_DATE, 0.8),
        RegexRecognizer("DATE", p.MONTH_ALONE, 0.5),
        RegexRecognizer("DATE", p.EVENT_YEAR, 0.5),
        RegexRecognizer("PERSON", p.SPELLED_NAME, 0.7),
    ]
