"""Turning uploaded files into text, safely: type from content, bounded work, isolation from the server.

``sniff`` decides what a file is from its bytes; ``extract_isolated`` runs the matching extractor in a
separate, memory-capped process with a deadline, so a hostile PDF can at worst fail its own extraction.
"""

from echo_notes.extraction.isolation import extract_isolated
from echo_notes.extraction.result import Extraction, ExtractionLimits
from echo_notes.extraction.sniff import DocumentKind, UnsupportedFile, sniff

__all__ = ["DocumentKind", "Extraction", "ExtractionLimits", "UnsupportedFile", "extract_isolated", "sniff"]
