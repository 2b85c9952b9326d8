"""Decide a file's type from its bytes (magic numbers and structure), never from its name or Content-Type."""

from __future__ import annotations

import enum
import io
import zipfile

from echo_notes.extraction.text import looks_like_text


class UnsupportedFile(Exception):
    """The bytes are not a type the product accepts; the message says what is accepted."""


class DocumentKind(enum.StrEnum):
    pdf = "pdf"
    docx = "docx"
    text = "text"
    png = "png"
    jpeg = "jpeg"

    @property
    def mime(self) -> str:
        return _MIME[self]

    @property
    def extension(self) -> str:
        return "txt" if self is DocumentKind.text else self.value


_MIME = {
    DocumentKind.pdf: "application/pdf",
    DocumentKind.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.text: "text/plain",
    DocumentKind.png: "image/png",
    DocumentKind.jpeg: "image/jpeg",
}

ACCEPTED = "PDF, Word (.docx), plain text, PNG or JPEG"


def sniff(data: bytes) -> DocumentKind:
    if not data:
        raise UnsupportedFile("the file is empty")
    # The PDF header may follow a little junk; readers accept it within the first 1024 bytes.
    if b"%PDF-" in data[:1024]:
        return DocumentKind.pdf
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return DocumentKind.png
    if data.startswith(b"\xff\xd8\xff"):
        return DocumentKind.jpeg
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return DocumentKind.docx
        raise UnsupportedFile(f"this archive is not a Word document; accepted: {ACCEPTED}")
    if looks_like_text(data):
        return DocumentKind.text
    raise UnsupportedFile(f"unsupported file type; accepted: {ACCEPTED}")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names
