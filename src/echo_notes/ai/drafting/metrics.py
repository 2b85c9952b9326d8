"""How good a note is, measured the way the evaluation data defines it.

Key-fact recall and forbidden facts use the bag-of-words rule of the audiology cases' README: a fact is
present when every content word occurs in the note, exactly or by its first five characters. ROUGE is
computed as in the ACI-BENCH paper: ``rouge_score``, no stemming, F-measure × 100.
"""

from __future__ import annotations

import re

STOP = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "is",
    "was",
    "were",
    "be",
    "been",
    "are",
    "as",
    "no",
    "not",
    "her",
    "his",
    "their",
    "she",
    "he",
    "they",
    "it",
    "this",
    "that",
    "per",
    "than",
    "then",
    "into",
    "over",
    "under",
    "both",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9%]+(?:[-'][a-z0-9]+)*", text.lower())


def fact_present(fact: str, note: str) -> bool:
    note_words = set()
    for word in _words(note):
        note_words.add(word)
        note_words.update(word.split("-"))
    prefixes = {w[:5] for w in note_words}
    for word in _words(fact):
        for part in word.split("-"):
            if part in STOP or not part:
                continue
            if part not in note_words and part[:5] not in prefixes:
                return False
    return True


def note_text(sections: dict[str, str]) -> str:
    return "\n".join(sections.get(k, "") for k in ("subjective", "objective", "assessment", "plan"))


def rouge(prediction: str, reference: str) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=False)
    scores = scorer.score(reference, prediction)
    return {name: round(score.fmeasure * 100, 2) for name, score in scores.items()}
