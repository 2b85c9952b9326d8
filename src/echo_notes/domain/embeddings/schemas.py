"""Embedding bodies."""

from __future__ import annotations

from typing import Annotated

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=100_000)]


class EmbedRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Text


class EmbedBatchRequest(msgspec.Struct, forbid_unknown_fields=True):
    texts: Annotated[list[Text], msgspec.Meta(min_length=1, max_length=256)]


class SoapContentRequest(msgspec.Struct, forbid_unknown_fields=True):
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""


class Embedding(msgspec.Struct):
    embedding: list[float]
    model: str
    dimensions: int


class EmbeddingBatch(msgspec.Struct):
    embeddings: list[list[float]]
    model: str
    dimensions: int


class SoapEmbeddings(msgspec.Struct):
    sections: dict[str, list[float]]
    """One vector per non-empty section: notes are searched section by section."""
    model: str
    dimensions: int
