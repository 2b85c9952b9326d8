"""Run-time configuration, editable in LangGraph Studio; the API and worker fill it from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from echo_notes.ai import prompts

if TYPE_CHECKING:
    from echo_notes.settings import Settings


@dataclass(kw_only=True)
class Context:
    drafter: str = field(
        default="grounded",
        metadata={
            "description": "Who writes the draft: 'grounded' (offline, extractive; the default), 'hf' "
            "(a local HuggingFace model directory) or 'openai' (any OpenAI-compatible chat endpoint)."
        },
    )
    judge: str = field(
        default="rules",
        metadata={"description": "'rules' (clinical validators) or 'openai' (validators plus an LLM judge)."},
    )
    max_rounds: int = field(
        default=3,
        metadata={"description": "How many drafts the judge may send back before the last verdict stands."},
    )
    hf_model_path: str | None = field(
        default=None, metadata={"description": "Local HuggingFace causal-LM directory for the 'hf' drafter."}
    )
    hf_max_new_tokens: int = field(
        default=512, metadata={"description": "Longest answer of the 'hf' drafter."}
    )
    openai_base_url: str = field(
        default="https://api.openai.com/v1", metadata={"description": "OpenAI-compatible endpoint."}
    )
    openai_model: str = field(default="gpt-4o-mini", metadata={"description": "Chat model name."})
    openai_api_key: str | None = field(
        default=None,
        repr=False,
        metadata={"description": "Key for the endpoint; empty → OPENAI_API_KEY of the server's settings."},
    )
    draft_prompt: str = field(
        default_factory=lambda: prompts.load("soap_draft").template,
        metadata={"description": "Prompt for model-backed drafters (from prompts/soap_draft.md)."},
    )
    judge_prompt: str = field(
        default_factory=lambda: prompts.load("soap_judge").template,
        metadata={"description": "Prompt for an LLM judge (from prompts/soap_judge.md)."},
    )

    @classmethod
    def from_settings(cls, settings: Settings, options: dict[str, Any]) -> Context:
        """The configured defaults, overridden by a job's options (drafter, max_rounds)."""
        generation = settings.generation
        return cls(
            drafter=str(options.get("drafter") or generation.drafter),
            judge=generation.judge,
            max_rounds=int(options.get("max_rounds") or generation.max_rounds),
            hf_model_path=str(generation.hf_model_path) if generation.hf_model_path else None,
            hf_max_new_tokens=generation.hf_max_new_tokens,
            openai_base_url=settings.models.openai_base_url,
            openai_model=generation.openai_chat_model,
            openai_api_key=settings.openai_api_key,
        )
