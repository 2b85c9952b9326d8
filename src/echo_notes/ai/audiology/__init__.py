"""Deterministic audiology: parse audiogram, tympanometry and speech results from report text, and
interpret them (PTA, degree, WHO grade, type of loss, asymmetry, tympanogram type) by published rules."""

from echo_notes.ai.audiology.interpret import interpret
from echo_notes.ai.audiology.model import Audiogram, AudiologyFindings, EarFindings
from echo_notes.ai.audiology.parse import parse_report

__all__ = ["Audiogram", "AudiologyFindings", "EarFindings", "interpret", "parse_report"]
