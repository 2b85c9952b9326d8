"""The masker's placeholder, ``<KIND_N>`` ("<PERSON_1>", "<AGE_OVER_89_2>").

Pseudonymisation writes it, restoration and the drafter read it back: one definition, so a reader always
accepts what the writer produces (a kind may itself contain digits).
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*?)_(\d+)>")
"""Group 1: the kind; group 2: its number within the visit."""


def placeholder(kind: str, number: int) -> str:
    return f"<{kind}_{number}>"


def placeholder_of(kind: str) -> str:
    """A pattern for any placeholder of one kind ("<PERSON_1>", "<PERSON_12>")."""
    return rf"<{kind}_\d+>"
