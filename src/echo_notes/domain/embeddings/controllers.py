"""/embeddings endpoints and /models/status."""

from __future__ import annotations

import anyio
from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from echo_notes.ai.embeddings import Embedder
from echo_notes.ai.runtime import AiRuntime
from echo_notes.domain.embeddings.schemas import (
    EmbedBatchRequest,
    Embedding,
    EmbeddingBatch,
    EmbedRequest,
    SoapContentRequest,
    SoapEmbeddings,
)

SECTIONS = ("subjective", "objective", "assessment", "plan")


async def _embed(state: State, texts: list[str]) -> tuple[list[list[float]], Embedder]:
    runtime: AiRuntime = state.ai
    await anyio.to_thread.run_sync(runtime.models.ensure, "embeddings")
    return await anyio.to_thread.run_sync(runtime.embedder.embed, texts), runtime.embedder


class EmbeddingController(Controller):
    path = "/embeddings"
    tags = ["embeddings"]

    @post("/generate", status_code=HTTP_200_OK)
    async def generate(self, state: State, data: JSONBody[EmbedRequest]) -> Embedding:
        vectors, embedder = await _embed(state, [data.text])
        return Embedding(vectors[0], embedder.name, embedder.dimensions)

    @post("/batch", status_code=HTTP_200_OK)
    async def batch(self, state: State, data: JSONBody[EmbedBatchRequest]) -> EmbeddingBatch:
        vectors, embedder = await _embed(state, data.texts)
        return EmbeddingBatch(vectors, embedder.name, embedder.dimensions)

    @post("/soap-content", status_code=HTTP_200_OK)
    async def soap_content(self, state: State, data: JSONBody[SoapContentRequest]) -> SoapEmbeddings:
        """One vector per SOAP section, as notes are indexed for retrieval."""
        present = [(name, getattr(data, name).strip()) for name in SECTIONS if getattr(data, name).strip()]
        if not present:
            return SoapEmbeddings({}, state.ai.embedder.name, state.ai.embedder.dimensions)
        vectors, embedder = await _embed(state, [text for _, text in present])
        return SoapEmbeddings(
            {name: v for (name, _), v in zip(present, vectors, strict=True)},
            embedder.name,
            embedder.dimensions,
        )

    @get("/health")
    async def health(self, state: State) -> dict[str, object]:
        runtime: AiRuntime = state.ai
        return runtime.models.health("embeddings")


class ModelStatusController(Controller):
    path = "/models"
    tags = ["system"]

    @get("/status")
    async def status(self, state: State) -> list[dict[str, object]]:
        """Each model: name, where it comes from (package / path / remote), state, load time."""
        runtime: AiRuntime = state.ai
        return [
            {
                "role": s.role,
                "name": s.name,
                "source": s.source,
                "state": s.state,
                "load_seconds": s.load_seconds,
                "error": s.error,
            }
            for s in runtime.models.status()
        ]
