"""Dispatch to the extractor for a kind; imported by the fork server so parsers load once."""

from __future__ import annotations

from echo_notes.extraction.docx import extract_docx
from echo_notes.extraction.pdf import extract_pdf
from echo_notes.extraction.result import Extraction, ExtractionLimits
from echo_notes.extraction.sniff import DocumentKind
from echo_notes.extraction.text import extract_text


def extract(data: bytes, kind: DocumentKind, limits: ExtractionLimits) -> Extraction:
    if kind is DocumentKind.pdf:
        return extract_pdf(data, limits)
    if kind is DocumentKind.docx:
        return extract_docx(data, limits)
    if kind is DocumentKind.text:
        return extract_text(data, limits)
    return Extraction("needs_ocr", None, 1, "images need OCR to become text", "none")
