"""/pii endpoints. Text is processed in memory and never stored; the audit row records counts only."""

from __future__ import annotations

from collections import Counter

import anyio
from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from echo_notes.ai.pii import PiiEngine
from echo_notes.ai.pii.pseudonymize import pseudonymize
from echo_notes.domain.dependencies import Audit
from echo_notes.domain.pii.schemas import (
    AnalyzeRequest,
    AnalyzeResponse,
    AnonymizeRequest,
    AnonymizeResponse,
    Finding,
    QuickAnonymizeRequest,
    QuickAnonymizeResponse,
)


def _model(engine: PiiEngine) -> str:
    return f"presidio + spaCy {engine.spacy_model} + echo-notes recognizers"


class PiiController(Controller):
    path = "/pii"
    tags = ["pii"]

    @post("/analyze", status_code=HTTP_200_OK)
    async def analyze(self, state: State, audit: Audit, data: JSONBody[AnalyzeRequest]) -> AnalyzeResponse:
        """Identifiers in ``text`` (with spans and types)."""
        engine: PiiEngine = state.pii
        bundles = await anyio.to_thread.run_sync(engine.analyze_bundle, [data.text, *data.context])
        await audit.record("pii.analyze", "text", None, findings=len(bundles[0]))
        return AnalyzeResponse(
            [Finding(s.entity_type, s.start, s.end, round(s.score, 3), s.text) for s in bundles[0]],
            _model(engine),
        )

    @post("/anonymize", status_code=HTTP_200_OK)
    async def anonymize(
        self, state: State, audit: Audit, data: JSONBody[AnonymizeRequest]
    ) -> AnonymizeResponse:
        """Reversible pseudonymisation of a visit's texts: ``<PERSON_1>``… and the mapping to undo it."""
        engine: PiiEngine = state.pii
        masked, mapping, findings = await anyio.to_thread.run_sync(pseudonymize, engine, data.texts)
        counts = Counter(s.entity_type for spans in findings for s in spans)
        await audit.record(
            "pii.anonymize", "text", None, texts=len(data.texts), findings=sum(counts.values())
        )
        return AnonymizeResponse(masked, mapping.originals, dict(counts), _model(engine))

    @post("/quick-anonymize", status_code=HTTP_200_OK)
    async def quick_anonymize(
        self, state: State, audit: Audit, data: JSONBody[QuickAnonymizeRequest]
    ) -> QuickAnonymizeResponse:
        """One-way masking (``<PERSON>``, ``<DATE>``…) for text that never needs restoring."""
        engine: PiiEngine = state.pii
        spans = await anyio.to_thread.run_sync(engine.analyze, data.text)
        text = data.text
        for span in sorted(spans, key=lambda s: s.start, reverse=True):
            text = f"{text[: span.start]}<{span.entity_type}>{text[span.end :]}"
        counts = Counter(s.entity_type for s in spans)
        await audit.record("pii.quick_anonymize", "text", None, findings=len(spans))
        return QuickAnonymizeResponse(text, dict(counts), _model(engine))

    @get("/health")
    async def health(self, state: State) -> dict[str, object]:
        engine: PiiEngine = state.pii
        return {"status": "ok", "model": _model(engine), "loaded": engine.loaded}
