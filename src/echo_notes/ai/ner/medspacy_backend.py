"""Clinical and audiology entities with medspaCy: a rule lexicon (``audiology_lexicon.json``) for the
targets and ConText for what surrounds them — negation, history, hypotheticals, family, and our own
laterality and severity rules (``context_rules.json``).

Rules rather than a statistical model: they ship in this package, run offline in milliseconds, and every
entity can be traced to the rule that found it. A configured HuggingFace model is the other backend
(``hf_backend``); it reuses the same ConText step.
"""

from __future__ import annotations

import json
import threading
from importlib.resources import files
from typing import Any

from echo_notes.ai.ner.model import Entity

LEXICON = "audiology_lexicon.json"
CONTEXT_RULES = "context_rules.json"
LATERALITY = {"RIGHT": "right", "LEFT": "left", "BILATERAL": "bilateral", "UNILATERAL": "unilateral"}


def _load_json(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((files("echo_notes.ai.ner") / name).read_text())
    return loaded


def build_pipeline(with_targets: bool = True) -> Any:
    """A medspaCy pipeline (sentence splitting, targets, ConText) with the audiology rules."""
    import medspacy
    from loguru import logger
    from medspacy.context import ConTextRule
    from medspacy.target_matcher import TargetRule

    # PyRuSH logs every sentence boundary with the tokens around it: patient text must not reach logs.
    logger.disable("PyRuSH")

    enable = ["medspacy_pyrush", "medspacy_context"]
    if with_targets:
        enable.insert(1, "medspacy_target_matcher")
    nlp = medspacy.load(medspacy_enable=enable)
    if with_targets:
        nlp.get_pipe("medspacy_target_matcher").add(
            [TargetRule(**rule) for rule in _load_json(LEXICON)["target_rules"]]
        )
    nlp.get_pipe("medspacy_context").add(
        [ConTextRule(**rule) for rule in _load_json(CONTEXT_RULES)["context_rules"]]
    )
    return nlp


def entities_of(doc: Any) -> list[Entity]:
    """Entities with the ConText modifiers that apply to each."""
    found = []
    for ent in doc.ents:
        categories = [m.category for m in ent._.modifiers]
        sides = {LATERALITY[c] for c in categories if c in LATERALITY}
        if "right" in sides and "left" in sides:
            sides = {"bilateral"}
        severity = next(
            (doc[slice(*m.modifier_span)].text.lower() for m in ent._.modifiers if m.category == "SEVERITY"),
            None,
        )
        found.append(
            Entity(
                text=ent.text,
                label=ent.label_,
                start=ent.start_char,
                end=ent.end_char,
                negated=bool(ent._.is_negated),
                uncertain=bool(ent._.is_uncertain),
                historical=bool(ent._.is_historical),
                hypothetical=bool(ent._.is_hypothetical),
                family=bool(ent._.is_family),
                laterality=sides.pop() if len(sides) == 1 else None,
                severity=severity,
            )
        )
    return found


class MedspacyNer:
    name = "medspaCy rules + audiology lexicon + ConText"
    source = "package"

    def __init__(self) -> None:
        self._nlp: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._nlp is None:
                self._nlp = build_pipeline()

    def extract(self, text: str) -> list[Entity]:
        self.load()
        return entities_of(self._nlp(text))
