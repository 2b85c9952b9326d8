"""Embeddings: the packaged MiniLM model offline, and the OpenAI client over real HTTP."""

from __future__ import annotations

import math

import pytest

from echo_notes.ai.embeddings import EmbeddingError, LocalSentenceTransformer, OpenAIEmbedder
from echo_notes.ai.models import ModelRegistry

from ..openai_server import API_KEY, start_openai_server


@pytest.fixture(scope="module")
def minilm():
    model = LocalSentenceTransformer()
    model.load()
    return model


def cosine(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_packaged_minilm_gives_normalised_384_d_vectors(minilm):
    vectors = minilm.embed(["bilateral sensorineural hearing loss", "the weather was lovely"])
    assert [len(v) for v in vectors] == [384, 384]
    assert all(math.isclose(math.sqrt(sum(x * x for x in v)), 1.0, abs_tol=1e-4) for v in vectors)
    assert (minilm.name, minilm.source) == ("all-MiniLM-L6-v2", "package")


def test_similar_clinical_sentences_are_closer_than_unrelated_ones(minilm):
    query, near, far = minilm.embed(
        [
            "hearing aids fitted in both ears",
            "binaural hearing aid fitting completed",
            "the patient enjoys gardening",
        ]
    )
    assert cosine(query, near) > cosine(query, far) + 0.2


@pytest.fixture
def openai_server():
    server = start_openai_server()
    yield server
    server.stop()


def test_openai_embedder_speaks_the_wire_format(openai_server):
    embedder = OpenAIEmbedder(API_KEY, "text-embedding-3-small", openai_server.base_url)
    vectors = embedder.embed(["tinnitus in the left ear", "right ear normal"])
    assert [len(v) for v in vectors] == [384, 384]
    request = openai_server.requests[-1]
    assert request["path"] == "/v1/embeddings"
    assert request["body"] == {
        "model": "text-embedding-3-small",
        "input": ["tinnitus in the left ear", "right ear normal"],
        "dimensions": 384,
    }


def test_openai_errors_are_reported_without_the_text(openai_server):
    embedder = OpenAIEmbedder("sk-wrong", "text-embedding-3-small", openai_server.base_url)
    with pytest.raises(EmbeddingError) as caught:
        embedder.embed(["Margaret Okafor has tinnitus"])
    assert "Okafor" not in str(caught.value)


def test_registry_loads_once_and_records_time_and_failures():
    calls = []
    registry = ModelRegistry()
    registry.register("a", "model-a", "package", lambda: calls.append(1))
    registry.register("b", "model-b", "path", lambda: 1 / 0)
    registry.ensure("a")
    registry.ensure("a")
    with pytest.raises(ZeroDivisionError):
        registry.ensure("b")
    status = {s.role: s for s in registry.status()}
    assert calls == [1]
    assert status["a"].state == "ready" and status["a"].load_seconds is not None
    assert (status["b"].state, status["b"].error) == ("failed", "ZeroDivisionError")


def test_a_configured_model_directory_loads_from_its_path(tmp_path):
    import shutil

    from echo_notes.ai.embeddings import packaged_minilm_path

    directory = shutil.copytree(packaged_minilm_path(), tmp_path / "my-minilm")
    model = LocalSentenceTransformer(directory)
    assert (model.name, model.source) == ("my-minilm", "path")
    assert len(model.embed(["otitis media"])[0]) == 384
