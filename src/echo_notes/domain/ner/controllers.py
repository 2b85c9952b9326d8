"""/ner and /audiology endpoints: the structured findings the SOAP drafter uses, also available alone."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from echo_notes.ai.audiology import interpret, parse_report
from echo_notes.ai.ner import entity_context
from echo_notes.ai.runtime import AiRuntime

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=500_000)]


class TextRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Text


async def _entities(state: State, text: str) -> list[Any]:
    runtime: AiRuntime = state.ai
    await anyio.to_thread.run_sync(runtime.models.ensure, "ner")
    return await anyio.to_thread.run_sync(runtime.ner.extract, text)


class NerController(Controller):
    path = "/ner"
    tags = ["ner"]

    @post("/extract", status_code=HTTP_200_OK)
    async def extract(self, state: State, data: JSONBody[TextRequest]) -> dict[str, Any]:
        """Entities with span, label, negation, laterality and severity."""
        entities = await _entities(state, data.text)
        return {"entities": [dataclasses.asdict(e) for e in entities], "model": state.ai.ner.name}

    @post("/context", status_code=HTTP_200_OK)
    async def context(self, state: State, data: JSONBody[TextRequest]) -> dict[str, Any]:
        """Entities grouped as the drafter uses them: problems, symptoms, devices, tests, medications,
        procedures, negated findings and family history."""
        entities = await _entities(state, data.text)
        return {"context": entity_context(entities), "model": state.ai.ner.name}

    @get("/health")
    async def health(self, state: State) -> dict[str, object]:
        runtime: AiRuntime = state.ai
        return runtime.models.health("ner")


class AudiologyController(Controller):
    path = "/audiology"
    tags = ["audiology"]

    @post("/interpret", status_code=HTTP_200_OK)
    async def interpret_report(self, data: JSONBody[TextRequest]) -> dict[str, Any]:
        """Thresholds, tympanometry and speech results parsed from report text, with PTA, degree, WHO grade,
        type of loss and asymmetry per ear (deterministic rules)."""
        report = parse_report(data.text)
        findings = interpret(report)
        thresholds = {
            kind: {
                ear: {str(f): dataclasses.asdict(t) for f, t in sorted(by_freq.items())}
                for ear, by_freq in table.items()
            }
            for kind, table in (("air", report.audiogram.air), ("bone", report.audiogram.bone))
        }
        return {
            "findings": dataclasses.asdict(findings),
            "thresholds": thresholds,
            "method": "deterministic rules (ASHA/Clark degree, WHO 2021 grade, air-bone gap, Jerger)",
        }
