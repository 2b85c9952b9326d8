"""PDF text with pypdf. A PDF with pages but no text layer (a scan) is ``needs_ocr``, not an error."""

from __future__ import annotations

import io

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from echo_notes.extraction.result import Extraction, ExtractionLimits, clip

EXTRACTOR = f"pypdf {pypdf.__version__}"


def extract_pdf(data: bytes, limits: ExtractionLimits) -> Extraction:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return Extraction.failed("the PDF is password-protected", EXTRACTOR)
            except (FileNotDecryptedError, DependencyError, NotImplementedError):
                return Extraction.failed("the PDF is password-protected", EXTRACTOR)
        pages = len(reader.pages)
        if pages == 0:
            return Extraction.failed("the PDF has no pages", EXTRACTOR, 0)
        if pages > limits.max_pages:
            return Extraction.failed(
                f"the PDF has {pages} pages; the limit is {limits.max_pages}", EXTRACTOR, pages
            )
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            text = (page.extract_text() or "").strip()
            parts.append(text)
            size += len(text)
            if size >= limits.max_text_chars:
                break
    except FileNotDecryptedError:
        return Extraction.failed("the PDF is password-protected", EXTRACTOR)
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        AssertionError,
        RecursionError,
        ZeroDivisionError,
        OverflowError,
        UnicodeError,
        LookupError,
    ) as exc:
        return Extraction.failed(f"the PDF is damaged or malformed ({type(exc).__name__})", EXTRACTOR)
    text = "\n\n".join(p for p in parts if p)
    if not text.strip():
        return Extraction(
            "needs_ocr", None, pages, "the PDF has no text layer (a scan); OCR is needed", EXTRACTOR
        )
    return Extraction("done", clip(text, limits), pages, None, EXTRACTOR)
