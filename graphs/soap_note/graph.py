"""Nodes first, routing next, the builder at the bottom."""

from __future__ import annotations

import dataclasses
from typing import Any

from langchain_core.language_models import BaseLanguageModel
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from echo_notes.ai import llm, prompts
from echo_notes.ai.audiology import interpret, parse_report
from echo_notes.ai.audiology.model import AudiologyFindings, ParsedReport
from echo_notes.ai.drafting import grounded, model_backed
from echo_notes.ai.drafting.keep import keep_model
from echo_notes.ai.judging import model_judge
from echo_notes.ai.judging.validators import validate
from echo_notes.ai.ner import entity_context
from echo_notes.ai.pii.pseudonymize import pseudonymize, restore
from echo_notes.ai.runtime import default_ner, default_pii
from echo_notes.settings import get_settings
from graphs.soap_note.context import Context
from graphs.soap_note.state import InputState, State


def _context(runtime: Runtime[Context]) -> Context:
    """The run's context, or the defaults when a caller (or Studio) gives none."""
    return runtime.context or Context()


def mask_pii(state: State) -> dict[str, Any]:
    texts = [state["transcript"], *(d["text"] for d in state.get("documents", []))]
    masked, mapping, findings = pseudonymize(default_pii(), texts)
    counts: dict[str, int] = {}
    for spans in findings:
        for span in spans:
            counts[span.entity_type] = counts.get(span.entity_type, 0) + 1
    documents = [
        {"name": d["name"], "text": t} for d, t in zip(state.get("documents", []), masked[1:], strict=True)
    ]
    return {
        "masked_transcript": masked[0],
        "masked_documents": documents,
        "pii_mapping": mapping.originals,
        "pii_counts": counts,
    }


def _masked_source(state: State) -> str:
    return "\n\n".join([state["masked_transcript"], *(d["text"] for d in state.get("masked_documents", []))])


def extract_entities(state: State) -> dict[str, Any]:
    entities = default_ner().extract(_masked_source(state))
    return {"entities": [dataclasses.asdict(e) for e in entities], "entity_context": entity_context(entities)}


def analyse_audiology(state: State) -> dict[str, Any]:
    """The documents' audiogram; without one, the thresholds the clinician read out, with the documents'
    tympanometry and speech results still first where both give them."""
    report = parse_report("\n\n".join(d["text"] for d in state.get("masked_documents", [])))
    if report.audiogram.empty:
        said = parse_report(grounded.results_said(state["masked_transcript"]))
        report = ParsedReport(
            said.audiogram, {**said.tympanometry, **report.tympanometry}, {**said.speech, **report.speech}
        )
    return {"findings": dataclasses.asdict(interpret(report))}


def _findings_lines(state: State) -> list[str]:
    findings = AudiologyFindings.from_dict(state["findings"]) if state.get("findings") else None
    objective, assessment = grounded.render_findings(findings)
    return objective + assessment


def _model(context: Context, kind: str) -> BaseLanguageModel[Any]:
    if kind == "hf":
        if not context.hf_model_path:
            raise ValueError("the 'hf' drafter needs hf_model_path (HF_DRAFTER_MODEL_PATH)")
        return llm.hf_pipeline(context.hf_model_path, context.hf_max_new_tokens)
    if kind == "openai":
        key = context.openai_api_key or get_settings().openai_api_key
        if not key:
            raise ValueError("an OpenAI-compatible model needs OPENAI_API_KEY")
        return llm.openai_chat(context.openai_base_url, context.openai_model, key)
    raise ValueError(f"unknown model kind {kind!r}")


def draft_note(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    context = _context(runtime)
    if context.drafter == "grounded":
        findings = AudiologyFindings.from_dict(state["findings"]) if state.get("findings") else None
        documents = [(d["name"], d["text"]) for d in state.get("masked_documents", [])]
        draft = grounded.draft(
            state["masked_transcript"], documents, findings, set(state.get("excluded", []))
        )
        drafted_by = f"{grounded.DRAFTER_ID}@{grounded.DRAFTER_VERSION} (keep model {keep_model().version})"
        return {"draft": draft.sections(), "drafted_by": drafted_by}
    model = _model(context, context.drafter)
    feedback = [
        f"{p['section']}: {p['check']} — {p['detail']}" for p in state.get("verdict", {}).get("problems", [])
    ]
    prompt = model_backed.build_prompt(
        context.draft_prompt,
        _masked_source(state),
        _findings_lines(state),
        state.get("entity_context", {}),
        feedback,
    )
    return {
        "draft": model_backed.draft(model, prompt),
        "drafted_by": f"{context.drafter}:{llm.model_id(model)}",
    }


def judge_note(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    context = _context(runtime)
    findings = _findings_lines(state)
    verdict = validate(
        state["draft"], _masked_source(state), " ".join(findings), list(state.get("pii_mapping", {}).values())
    )
    if context.judge == "openai":
        model = _model(context, "openai")
        approved, problems = model_judge.judge(
            model, context.judge_prompt, state["draft"], _masked_source(state), findings
        )
        verdict.approved = verdict.approved and approved
        verdict.problems.extend(problems)
        verdict.judges.append(f"openai:{llm.model_id(model)}")
    excluded = list(state.get("excluded", [])) + [p.sentence for p in verdict.problems if p.sentence]
    return {"verdict": verdict.as_dict(), "round": state.get("round", 0) + 1, "excluded": excluded}


def unmask(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    mapping = state.get("pii_mapping", {})
    note = {section: restore(text, mapping) for section, text in state["draft"].items()}
    provenance = {
        "drafter": state.get("drafted_by", f"{grounded.DRAFTER_ID}@{grounded.DRAFTER_VERSION}"),
        "judges": state["verdict"]["judges"],
        "prompts": [prompts.load("soap_draft").ref, prompts.load("soap_judge").ref],
        "pii": default_pii().spacy_model,
        "ner": default_ner().name,
        "audiology": "deterministic rules",
        "rounds": state.get("round", 0),
    }
    return {"note": note, "provenance": provenance}


def route_after_judge(state: State, runtime: Runtime[Context]) -> str:
    if state["verdict"]["approved"] or state.get("round", 0) >= _context(runtime).max_rounds:
        return "unmask"
    return "draft_note"


builder = StateGraph(State, input_schema=InputState, context_schema=Context)
builder.add_node("mask_pii", mask_pii)
builder.add_node("extract_entities", extract_entities)
builder.add_node("analyse_audiology", analyse_audiology)
builder.add_node("draft_note", draft_note)
builder.add_node("judge_note", judge_note)
builder.add_node("unmask", unmask)
builder.add_edge(START, "mask_pii")
builder.add_edge("mask_pii", "extract_entities")
builder.add_edge("extract_entities", "analyse_audiology")
builder.add_edge("analyse_audiology", "draft_note")
builder.add_edge("draft_note", "judge_note")
builder.add_conditional_edges("judge_note", route_after_judge, ["draft_note", "unmask"])
builder.add_edge("unmask", END)

graph = builder.compile()
"""Compiled without a checkpointer; the job runner compiles ``builder`` with the PostgreSQL one."""
