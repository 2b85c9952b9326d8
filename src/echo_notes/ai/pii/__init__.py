"""PII: find identifiers (Presidio + offline spaCy + hearing-care recognizers) and pseudonymise them
reversibly, so remote models only ever see masked text."""

from echo_notes.ai.pii.engine import PiiEngine, PiiSpan, default_engine

__all__ = ["PiiEngine", "PiiSpan", "default_engine"]
