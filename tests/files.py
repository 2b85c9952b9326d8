"""Real files for tests, generated on the fly: PDFs with and without text, encrypted PDFs, Word files."""

from __future__ import annotations

import io
import zipfile

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter


def make_pdf(*pages: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def make_table_pdf(rows: list[list[str]], *lines: str) -> bytes:
    """A print-out as audiometer software lays it out: one positioned cell per value, then lines of text."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for row in rows:
        for i, cell in enumerate(row):
            pdf.cell(35 if i == 0 else 18, 7, cell, border=1)
        pdf.ln()
    for line in lines:
        pdf.multi_cell(0, 6, line)
    return bytes(pdf.output())


def make_scanned_pdf(pages: int = 1) -> bytes:
    """Pages with drawings but no text layer, like a scanned audiogram."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 120, 80)
        pdf.line(20, 60, 140, 40)
    return bytes(pdf.output())


def make_encrypted_pdf(text: str, password: str = "s3cret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(text))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(
    paragraphs: list[str], table: list[list[str]] | None = None, document_xml: str | None = None
) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
            for row in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    xml = (
        document_xml
        or f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", xml)
    return out.getvalue()
