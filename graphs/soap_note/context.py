"""Run-time configuration, editable in LangGraph Studio."""

from __future__ import annotations

from dataclasses import dataclass, field

from echo_notes.ai import prompts


@dataclass(kw_only=True)
class Context:
    drafter: str = field(
        default="grounded",
        metadata={"description": "Who writes the draft: 'grounded' (offline, extractive; the default)."},
    )
    max_rounds: int = field(
        default=3,
        metadata={"description": "How many drafts the judge may send back before the last verdict stands."},
    )
    draft_prompt: str = field(
        default_factory=lambda: prompts.load("soap_draft").template,
        metadata={"description": "Prompt for model-backed drafters (from prompts/soap_draft.md)."},
    )
    judge_prompt: str = field(
        default_factory=lambda: prompts.load("soap_judge").template,
        metadata={"description": "Prompt for an LLM judge (from prompts/soap_judge.md)."},
    )
