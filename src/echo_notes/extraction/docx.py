"""Word (.docx) text: paragraphs and table rows from ``word/document.xml``.

Parsed directly with defusedxml (no entity expansion, no external entities) after checking the archive's
declared sizes, so a zip bomb or an XML bomb is refused before it is inflated.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from echo_notes.extraction.result import Extraction, ExtractionLimits, clip

EXTRACTOR = "docx (defusedxml)"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph(p: Element) -> str:
    out = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            out.append(node.text)
        elif node.tag == f"{_W}tab":
            out.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out).strip()


def _table(tbl: Element) -> list[str]:
    rows = []
    for tr in tbl.iter(f"{_W}tr"):
        cells = [" ".join(_paragraph(p) for p in tc.iter(f"{_W}p")).strip() for tc in tr.iter(f"{_W}tc")]
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def extract_docx(data: bytes, limits: ExtractionLimits) -> Extraction:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > limits.max_decompressed_bytes:
                return Extraction.failed("the Word file expands beyond the size limit", EXTRACTOR)
            with archive.open("word/document.xml") as member:
                xml = member.read(limits.max_decompressed_bytes + 1)
            if len(xml) > limits.max_decompressed_bytes:
                return Extraction.failed("the Word file expands beyond the size limit", EXTRACTOR)
        root = fromstring(xml, forbid_dtd=True)
    except (ParseError, DefusedXmlException):  # before ValueError: defusedxml's errors subclass it
        return Extraction.failed("the Word file's content is not valid XML", EXTRACTOR)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return Extraction.failed("the Word file is damaged or malformed", EXTRACTOR)
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for child in body if body is not None else []:
        if child.tag == f"{_W}p":
            lines.append(_paragraph(child))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table(child))
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        return Extraction.failed("the Word file contains no text", EXTRACTOR)
    return Extraction("done", clip(text, limits), None, None, EXTRACTOR)
