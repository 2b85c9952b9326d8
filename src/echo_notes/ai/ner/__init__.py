"""Clinical and audiology named entities with negation, laterality and severity."""

from echo_notes.ai.ner.context import entity_context
from echo_notes.ai.ner.medspacy_backend import MedspacyNer
from echo_notes.ai.ner.model import Entity

__all__ = ["Entity", "MedspacyNer", "entity_context"]
