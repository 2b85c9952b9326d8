"""A HuggingFace token-classification model from a local directory (e.g. a biomedical NER model) as the
NER backend. Its entity spans get the same ConText step as the rule backend, so negation, laterality and
severity work alike. Labels are mapped onto ours (``LABEL_MAP``); unknown labels are kept as they are.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from echo_notes.ai.ner.medspacy_backend import build_pipeline, entities_of
from echo_notes.ai.ner.model import Entity

LABEL_MAP = {
    "DISEASE": "CONDITION",
    "DISEASE_DISORDER": "CONDITION",
    "PROBLEM": "CONDITION",
    "CONDITION": "CONDITION",
    "SIGN_SYMPTOM": "SYMPTOM",
    "SYMPTOM": "SYMPTOM",
    "CHEMICAL": "MEDICATION",
    "DRUG": "MEDICATION",
    "MEDICATION": "MEDICATION",
    "DIAGNOSTIC_PROCEDURE": "TEST",
    "TEST": "TEST",
    "THERAPEUTIC_PROCEDURE": "PROCEDURE",
    "TREATMENT": "PROCEDURE",
    "PROCEDURE": "PROCEDURE",
    "BIOLOGICAL_STRUCTURE": "ANATOMY",
    "ANATOMY": "ANATOMY",
    "DEVICE": "DEVICE",
    "LAB_VALUE": "MEASUREMENT",
    "MEASUREMENT": "MEASUREMENT",
}


class HuggingFaceNer:
    source = "path"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self._pipe: Any = None
        self._context: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._pipe is None:
                from transformers import pipeline

                self._pipe = pipeline(
                    "token-classification",
                    model=str(self.path),
                    tokenizer=str(self.path),
                    aggregation_strategy="simple",
                    device="cpu",
                )
                self._context = build_pipeline(with_targets=False)

    def extract(self, text: str) -> list[Entity]:
        self.load()
        doc = self._context.make_doc(text)
        spans: list[Any] = []
        for item in self._pipe(text):
            label = str(item["entity_group"]).upper()
            span = doc.char_span(
                int(item["start"]),
                int(item["end"]),
                label=LABEL_MAP.get(label, label),
                alignment_mode="expand",
            )
            if span is not None and not any(span.start < s.end and s.start < span.end for s in spans):
                spans.append(span)
        doc.ents = spans
        for _, component in self._context.pipeline:
            doc = component(doc)
        return entities_of(doc)
