"""The entity context the SOAP drafter works from: what the patient has, what was ruled out, and what was
used or done, each with side and severity, duplicates folded."""

from __future__ import annotations

from typing import Any

from echo_notes.ai.ner.model import Entity

GROUPS = {
    "CONDITION": "problems",
    "SYMPTOM": "symptoms",
    "DEVICE": "devices",
    "TEST": "tests",
    "MEDICATION": "medications",
    "PROCEDURE": "procedures",
    "ANATOMY": "anatomy",
    "MEASUREMENT": "measurements",
}


def entity_context(entities: list[Entity]) -> dict[str, Any]:
    """Grouped entities; repeated mentions fold into one, keeping the most specific side and severity."""
    folded: dict[tuple[str, str, bool, bool], dict[str, Any]] = {}
    for entity in entities:
        key = (entity.label, entity.text.lower(), entity.negated, entity.family)
        item = folded.setdefault(
            key,
            {
                "text": entity.text,
                "label": entity.label,
                "laterality": None,
                "severity": None,
                "historical": entity.historical,
                "uncertain": entity.uncertain,
            },
        )
        if entity.laterality and item["laterality"] is None:
            item["laterality"] = entity.laterality
        elif {item["laterality"], entity.laterality} == {"left", "right"}:
            item["laterality"] = "bilateral"
        item["severity"] = item["severity"] or entity.severity
    context: dict[str, Any] = {group: [] for group in GROUPS.values()}
    context["negated"] = []
    context["family_history"] = []
    for (label, _, negated, family), item in folded.items():
        if family:
            context["family_history"].append(item)
        elif negated:
            context["negated"].append(item)
        else:
            group = context.setdefault(GROUPS.get(label, "other"), [])
            group.append({k: v for k, v in item.items() if k != "label"})
    return context
