"""Prompt files in ``prompts/``: front matter (name, version, purpose) and a template body.

Prompts are files so prompt engineers edit them without touching code; every note records the versions of
the prompts that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[3] / "prompts"


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    purpose: str
    template: str

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


def parse(text: str) -> Prompt:
    if not text.startswith("---\n"):
        raise ValueError("prompt file must start with front matter")
    header, _, body = text[4:].partition("\n---\n")
    meta = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    missing = {"name", "version", "purpose"} - meta.keys()
    if missing:
        raise ValueError(f"prompt front matter lacks {', '.join(sorted(missing))}")
    return Prompt(meta["name"], meta["version"], meta["purpose"], body.strip() + "\n")


@lru_cache(maxsize=32)
def load(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    return parse((directory / f"{name}.md").read_text())


def render(template: str, **values: str) -> str:
    """Fill ``{name}`` slots; other braces (the JSON answer formats in the prompts) are left as written."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template
