"""An LLM judge (OpenAI-compatible): a structured verdict with per-section problems and fixes.

It runs after the deterministic validators and can only add problems: a draft the validators reject stays
rejected whatever the model says. An answer that cannot be read as a verdict counts as not approved.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseLanguageModel

from echo_notes.ai import llm, prompts
from echo_notes.ai.judging.validators import SECTIONS, Problem


def judge(
    model: BaseLanguageModel[Any], template: str, note: dict[str, str], source: str, findings: list[str]
) -> tuple[bool, list[Problem]]:
    rendered_note = "\n\n".join(f"{s.upper()}:\n{note.get(s, '')}" for s in SECTIONS)
    prompt = prompts.render(
        template,
        findings="\n".join(f"- {line}" for line in findings) or "(none)",
        source=source,
        note=rendered_note,
    )
    verdict = llm.parse_json_object(llm.complete(model, prompt))
    if verdict is None or not isinstance(verdict.get("approved"), bool):
        return False, [Problem("note", "llm judge", "the judge's answer was not a readable verdict", "")]
    problems = []
    for item in verdict.get("problems") or []:
        if not isinstance(item, dict):
            continue
        section = str(item.get("section", "note")).lower()
        detail = str(item.get("problem", "")).strip()
        fix = str(item.get("fix", "")).strip()
        if detail:
            problems.append(Problem(section, "llm judge", f"{detail} (fix: {fix})" if fix else detail, ""))
    return bool(verdict["approved"]) and not problems, problems
