"""Drafting with a language model (local HuggingFace or OpenAI-compatible): one prompt, four sections back.

The model sees the masked visit text, the computed audiology findings and the judge's feedback, and answers
with a JSON object of the four sections. A model that ignores the format is read by its section headings; a
section it leaves out stays empty, which the clinical validators reject, so the draft goes back for revision.
"""

from __future__ import annotations

import json
import re
from typing import Any

from langchain_core.language_models import BaseLanguageModel

from echo_notes.ai import llm, prompts

SECTIONS = ("subjective", "objective", "assessment", "plan")
HEADING = re.compile(
    r"(?im)^\W*(subjective|objective|assessment|plan)\W*:?\s*$|^\W*(subjective|objective|assessment|plan)\s*:"
)


def build_prompt(
    template: str, source: str, findings: list[str], entities: dict[str, Any], feedback: list[str]
) -> str:
    return prompts.render(
        template,
        findings="\n".join(f"- {line}" for line in findings) or "(none)",
        entities=json.dumps(entities, ensure_ascii=False, default=str)[:4000] if entities else "(none)",
        feedback="\n".join(f"- {line}" for line in feedback) or "(first draft)",
        source=source,
    )


def sections_from_text(text: str) -> dict[str, str]:
    parsed = llm.parse_json_object(text)
    if parsed is not None and any(k in parsed for k in SECTIONS):
        return {s: _as_text(parsed.get(s, "")) for s in SECTIONS}
    sections = dict.fromkeys(SECTIONS, "")
    current: str | None = None
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            current = (match.group(1) or match.group(2)).lower()
            rest = line[match.end() :].strip()
            if rest:
                sections[current] = (sections[current] + "\n" + rest).strip()
        elif current:
            sections[current] = (sections[current] + "\n" + line).strip()
    return sections


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value or "").strip()


def draft(model: BaseLanguageModel[Any], prompt: str) -> dict[str, str]:
    return sections_from_text(llm.complete(model, prompt))
