"""Where sentences end in speech-recognition text that has no punctuation at all.

Some recognisers write a whole turn as one lower-case run ("i was doing some work on my property and i
slipped and fell so far have you taken anything for the pain ibuprofen okay"). Left whole, such a turn is
one "sentence" that the drafter can only keep or drop entirely, so a note either loses the history or
copies the chat around it. This is classic sentence-boundary detection for speech: at every gap between
two words, logistic regression over the words on either side (and the pairs they form) and how far the
current sentence has run decides whether a sentence ends there, read left to right. The weights were fitted
on punctuated conversations (ACI-BENCH training dialogues, MTS-Dialog, the audiology development
transcripts) with their punctuation taken away, by ``evals/train_segmenter.py``, which reproduces
``segment_model.json``. It only places boundaries; every word stays as the speaker said it.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("segment_model.json.gz")
SENTENCE_MARK = re.compile(r"[.!?]")
EDGE = re.compile(r"^[^\w<]+|[^\w>%]+$")
MIN_WORDS = 8
"""A shorter unpunctuated turn is one sentence ("no shortness of breath just want to make sure")."""
RUN_BUCKETS = (1, 2, 3, 5, 8, 12, 20)
TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx"})
"""A title is always followed by its name, so no sentence ends after one ("write to your gp dr okafor")."""


def word_form(token: str) -> str:
    """The token as the model knows it: lower case, without the punctuation around it."""
    return EDGE.sub("", token.lower().replace(",", "")) or token.lower()


def _bucket(n: int) -> str:
    for limit in RUN_BUCKETS:
        if n <= limit:
            return str(limit)
    return "more"


def gap_features(words: list[str], i: int, run: int) -> list[str]:
    """Features of the gap after ``words[i]``; ``run``: words since the last boundary, this one included."""

    def at(k: int) -> str:
        return words[k] if 0 <= k < len(words) else ("<s>" if k < 0 else "</s>")

    before2, before, after, after2 = at(i - 1), at(i), at(i + 1), at(i + 2)
    return [
        f"w0={before}",
        f"w-1={before2}",
        f"w1={after}",
        f"w2={after2}",
        f"w-1,w0={before2} {before}",
        f"w0,w1={before} {after}",
        f"w1,w2={after} {after2}",
        f"run={_bucket(run)}",
        f"left={_bucket(len(words) - 1 - i)}",
    ]


@dataclass(frozen=True)
class Segmenter:
    weights: dict[str, float]
    bias: float
    threshold: float
    version: str

    @classmethod
    def from_file(cls, path: Path = MODEL_FILE) -> Segmenter:
        data = json.loads(gzip.decompress(path.read_bytes()))
        return cls(data["weights"], data["bias"], data["threshold"], data["version"])

    def ends(self, words: list[str], i: int, run: int) -> bool:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in gap_features(words, i, run))
        return 1.0 / (1.0 + math.exp(-score)) >= self.threshold

    def split(self, text: str) -> list[str]:
        tokens = text.split()
        if len(tokens) < MIN_WORDS or SENTENCE_MARK.search(text):
            return [text]
        words = [word_form(t) for t in tokens]
        pieces: list[str] = []
        start = 0
        for i in range(len(tokens) - 1):
            if words[i] not in TITLES and self.ends(words, i, i - start + 1):
                pieces.append(" ".join(tokens[start : i + 1]).rstrip(","))
                start = i + 1
        pieces.append(" ".join(tokens[start:]))
        return pieces


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    return Segmenter.from_file()
