"""Name lists for speech transcripts without capitals, where a statistical NER has little to go on.

First and last names come from the US Census Bureau's 1990 name frequency files (public domain), shipped in
the ``names`` package. Names that are also everyday English words ("will", "hope", "grant") are left out:
in lower-case text nothing tells the two apart, so those are found only through cues and propagation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from echo_notes.ai.pii.vocabulary import CLINICAL_TERMS, COMMON_WORDS

LAST_NAME_RANK_LIMIT = 20_000
"""The census list runs to 88,799 surnames; the long tail is mostly rare words and spellings."""

AMBIGUOUS = frozenset(
    """
    will may june april august rose hope joy faith grace dawn bill mark art grant pat sue don ray les guy gene
    dean rich earl chance sky summer autumn ivy lily daisy holly iris pearl ruby amber jade crystal chase
    hunter clay rod jack gay else son major young white black brown green gray grey long little short king
    lord page rice bush wood hill stone lane river field forest ford price cash bell bond miles sterling
    penny candy honey cookie sugar star angel royal king queen prince duke baron judge sheriff marshal deacon
    bishop pastor christian precious unique lucky happy sunny windy storm rain snow frost ice fay carol
    carmen? robin wren jay crow hawk drake swan fox wolf bear buck hart hunt love rock cliff glen dale heath
    moss reed rush sage basil rosemary ginger pepper cherry olive hazel laurel myrtle violet heather
    tag tab van vaughn sol lean lane ring norm nick rob sam tom tony
    """.replace("?", "").split()
)


def _read(name: str, limit: int | None = None) -> frozenset[str]:
    text = (files("names") / name).read_text()
    out = set()
    for line in text.splitlines():
        parts = line.split()
        if parts and (limit is None or int(parts[-1]) <= limit):
            out.add(parts[0].lower())
    return frozenset(out)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(n for n in _read("dist.female.first") | _read("dist.male.first") if _usable(n))


@lru_cache(maxsize=1)
def last_names() -> frozenset[str]:
    return frozenset(n for n in _read("dist.all.last", LAST_NAME_RANK_LIMIT) if _usable(n))


def _usable(name: str) -> bool:
    return (
        len(name) >= 3 and name not in AMBIGUOUS and name not in COMMON_WORDS and name not in CLINICAL_TERMS
    )


_WORD = re.compile(r"[a-z][a-z'-]+")


def names_in_lower_case(text: str) -> list[tuple[int, int]]:
    """Spans of a known first name, extended by a following known surname ("sophia jackson")."""
    spans = []
    words = list(_WORD.finditer(text))
    firsts, lasts = first_names(), last_names()
    index = 0
    while index < len(words):
        word = words[index]
        if word.group(0) in firsts:
            end = word.end()
            if (
                index + 1 < len(words)
                and words[index + 1].group(0) in lasts
                and text[word.end() : words[index + 1].start()].strip() == ""
            ):
                end = words[index + 1].end()
                index += 1
            spans.append((word.start(), end))
        index += 1
    return spans
