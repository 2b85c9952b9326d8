"""Which spoken sentences belong in a note: a small learned keep/drop model.

Rules alone cannot tell "the datalogging shows you wear them 9 hours a day" (a finding) from "that is
great to hear" (conversation). This model can: logistic regression over a sentence's MiniLM embedding
(the packaged all-MiniLM-L6-v2) and a few surface features (speaker, position, length, question, digits).
It was fitted on ACI-BENCH training dialogues and the audiology development cases with weak labels — a
sentence counts as "kept" when at least half of its content words occur in that visit's reference note —
by ``evals/train_keep_model.py``, which anyone can re-run to reproduce ``keep_model.json``. It only ever
decides *whether* a source sentence is used, so it cannot put a word into a note that the visit did not
contain.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from echo_notes.ai.drafting.sources import SourceSentence
from echo_notes.ai.placeholders import PLACEHOLDER

MODEL_FILE = Path(__file__).with_name("keep_model.json")
SPEAKERS = ("clinician", "patient", "dictation", "unknown")
DIGIT = re.compile(r"\d")


def readable(text: str) -> str:
    """Masked text reads "<PERSON_3>"; the model learned from plain speech, so it sees "person" instead."""
    return PLACEHOLDER.sub(lambda m: m.group(1).lower().replace("_", " "), text)


def surface_features(sentence: SourceSentence, text: str, position: float, unplaced: bool) -> list[float]:
    """``unplaced``: the clinician said it but it is no finding, assessment or plan by the drafter's rules
    (an explanation, reassurance, chat) — whether such sentences belong in a note is learned from data."""
    words = len(text.split())
    return [
        *(1.0 if sentence.speaker == s else 0.0 for s in SPEAKERS),
        position,
        math.log1p(words),
        1.0 if sentence.is_question else 0.0,
        1.0 if DIGIT.search(text) else 0.0,
        1.0 if unplaced else 0.0,
    ]


@dataclass(frozen=True)
class KeepModel:
    weights: list[float]
    bias: float
    mean: list[float]
    scale: list[float]
    threshold: float
    version: str

    @classmethod
    def from_file(cls, path: Path = MODEL_FILE) -> KeepModel:
        data = json.loads(path.read_text())
        return cls(
            data["weights"], data["bias"], data["mean"], data["scale"], data["threshold"], data["version"]
        )

    def log_odds(self, features: list[float]) -> float:
        """The model's score; priors are added on this scale before comparing with the threshold."""
        z = self.bias
        for x, w, m, s in zip(features, self.weights, self.mean, self.scale, strict=True):
            z += w * (x - m) / s
        return z

    @property
    def threshold_log_odds(self) -> float:
        """The probability threshold fitted in training, on the score's scale."""
        return math.log(self.threshold / (1.0 - self.threshold))


@lru_cache(maxsize=1)
def keep_model() -> KeepModel:
    return KeepModel.from_file()


def embed(texts: list[str]) -> list[list[float]]:
    """Unit-length MiniLM vectors of sentences as the model sees them; the drafter also compares these to
    tell a sentence that restates the written record."""
    if not texts:
        return []
    from echo_notes.ai.runtime import local_embedder

    return local_embedder(None).embed([readable(t) for t in texts])


def keep_scores(
    sentences: list[SourceSentence], texts: list[str], unplaced: list[bool], embeddings: list[list[float]]
) -> list[float]:
    """Log-odds of keeping each spoken sentence (``texts`` are the cleaned versions the note would use,
    ``embeddings`` their vectors from ``embed``, which the drafter uses again)."""
    if not sentences:
        return []
    model = keep_model()
    last = max(1, len(sentences) - 1)
    return [
        model.log_odds([*vector, *surface_features(s, t, i / last, u)])
        for i, (s, t, u, vector) in enumerate(zip(sentences, texts, unplaced, embeddings, strict=True))
    ]
