"""The AI capabilities one process uses, built from settings.

Local models are process-wide singletons (a second app in the same process, as in tests, shares them);
remote ones are cheap clients built per configuration.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from echo_notes.ai.embeddings import Embedder, LocalSentenceTransformer, OpenAIEmbedder
from echo_notes.ai.models import ModelRegistry
from echo_notes.ai.ner import Entity, MedspacyNer
from echo_notes.ai.ner.hf_backend import HuggingFaceNer
from echo_notes.ai.pii import PiiEngine, default_engine
from echo_notes.ai.pii.engine import SPACY_MODEL
from echo_notes.settings import ModelSettings

_local: dict[Path | None, LocalSentenceTransformer] = {}
_local_lock = threading.Lock()


def local_embedder(path: Path | None) -> LocalSentenceTransformer:
    with _local_lock:
        if path not in _local:
            _local[path] = LocalSentenceTransformer(path)
        return _local[path]


_rules_ner = MedspacyNer()


class NerBackend(Protocol):
    name: str
    source: str

    def load(self) -> None: ...

    def extract(self, text: str) -> list[Entity]: ...


@dataclass
class AiRuntime:
    pii: PiiEngine
    embedder: Embedder
    ner: NerBackend
    models: ModelRegistry


def build_runtime(settings: ModelSettings, openai_api_key: str | None) -> AiRuntime:
    pii = default_engine()
    registry = ModelRegistry()
    registry.register("pii", f"presidio + {SPACY_MODEL}", "package", lambda: pii.analyzer and None)
    embedder: Embedder
    if settings.embedding_provider == "openai" and openai_api_key:
        embedder = OpenAIEmbedder(openai_api_key, settings.openai_embedding_model, settings.openai_base_url)
        registry.register("embeddings", embedder.name, "remote", lambda: None)
    else:
        local = local_embedder(settings.embedding_model_path)
        embedder = local
        registry.register("embeddings", local.name, local.source, local.load)
    ner: NerBackend = HuggingFaceNer(settings.ner_model_path) if settings.ner_model_path else _rules_ner
    registry.register("ner", ner.name, ner.source, ner.load)
    return AiRuntime(pii, embedder, ner, registry)


def default_pii() -> PiiEngine:
    """The process-wide PII engine (graphs call this; the app uses the same one)."""
    return default_engine()


def default_ner() -> NerBackend:
    return _rules_ner
