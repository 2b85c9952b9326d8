"""Type detection from content and text extraction per format, each with real generated files."""

from __future__ import annotations

import io
import zipfile

import pytest

from echo_notes.extraction import DocumentKind, ExtractionLimits, UnsupportedFile, extract_isolated, sniff
from echo_notes.extraction.docx import extract_docx
from echo_notes.extraction.pdf import extract_pdf
from echo_notes.extraction.text import extract_text

from ..files import make_docx, make_encrypted_pdf, make_pdf, make_scanned_pdf, make_table_pdf

LIMITS = ExtractionLimits(
    max_pages=50, timeout_s=20, memory_bytes=1 << 30, max_decompressed_bytes=5 << 20, max_text_chars=100_000
)
AUDIOGRAM = (
    "Right ear air conduction: 500 Hz 25 dB HL, 1000 Hz 30 dB HL, 2000 Hz 45 dB HL. Tympanometry Type A."
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (make_pdf("x"), DocumentKind.pdf),
        (b"\n\n%PDF-1.7\n...", DocumentKind.pdf),
        (make_docx(["hello"]), DocumentKind.docx),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", DocumentKind.png),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", DocumentKind.jpeg),
        (b"Patient reports tinnitus, both ears.\n", DocumentKind.text),
        ("Hörgeräte-Anpassung, Prüfung".encode("latin-1"), DocumentKind.text),
        ("Ménière’s disease – follow-up".encode("utf-16"), DocumentKind.text),
    ],
)
def test_type_comes_from_the_bytes(data, kind):
    assert sniff(data) is kind


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200),
        b"\x7fELF\x02\x01\x01" + bytes(100),
        b"GIF89a\x01\x00",
        b"PK\x03\x04not really a zip",
    ],
)
def test_binary_and_unknown_types_are_unsupported(data):
    with pytest.raises(UnsupportedFile):
        sniff(data)


def test_a_zip_that_is_not_a_word_file_is_unsupported():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    with pytest.raises(UnsupportedFile, match="not a Word document"):
        sniff(out.getvalue())


def test_pdf_text_is_extracted_page_by_page():
    result = extract_pdf(make_pdf(AUDIOGRAM, "Plan: bilateral hearing aids."), LIMITS)
    assert result.status == "done"
    assert result.page_count == 2
    assert "45 dB HL" in result.text and "bilateral hearing aids" in result.text
    assert result.extractor.startswith("pypdf ")


def test_an_audiogram_print_outs_table_is_read_by_the_audiology_parser():
    from echo_notes.ai.audiology import interpret, parse_report

    rows = [
        ["Frequency (Hz)", "250", "500", "1000", "2000", "4000", "8000"],
        ["Right AC", "20", "25", "30", "40", "60", "65"],
        ["Left AC", "20", "20", "30", "35", "65", "70"],
        ["Right BC", "-", "20", "30", "35", "55", "-"],
        ["Left BC", "-", "20", "25", "35", "60", "-"],
    ]
    result = extract_pdf(make_table_pdf(rows, "Tympanometry: Type A bilaterally."), LIMITS)
    findings = interpret(parse_report(result.text or ""))
    assert (findings.right.pta_db, findings.left.pta_db) == (31.7, 28.3)
    assert (findings.right.loss_type, findings.left.tympanometry_type) == ("sensorineural", "A")


def test_an_audiogram_table_in_a_word_file_is_read_by_the_audiology_parser():
    from echo_notes.ai.audiology import interpret, parse_report

    rows = [
        ["Frequency (Hz)", "250", "500", "1000", "2000", "4000"],
        ["Right AC", "20", "25", "30", "40", "60"],
        ["Left AC", "20", "20", "30", "35", "65"],
    ]
    result = extract_docx(make_docx(["Audiogram"], rows), LIMITS)
    findings = interpret(parse_report(result.text or ""))
    assert (findings.right.pta_db, findings.left.pta_db) == (31.7, 28.3)


def test_pdf_without_text_layer_needs_ocr():
    result = extract_pdf(make_scanned_pdf(2), LIMITS)
    assert (result.status, result.page_count) == ("needs_ocr", 2)


def test_encrypted_pdf_fails_with_a_clear_reason():
    result = extract_pdf(make_encrypted_pdf(AUDIOGRAM), LIMITS)
    assert result.status == "failed"
    assert result.error == "the PDF is password-protected"


def test_pdf_over_the_page_limit_is_refused():
    result = extract_pdf(make_pdf(*["page"] * 5), ExtractionLimits(3, 20, 1 << 30, 5 << 20, 1000))
    assert result.status == "failed" and "5 pages" in result.error


def test_docx_paragraphs_and_tables():
    result = extract_docx(
        make_docx(
            ["Referral letter", "Dear colleague,"],
            table=[["Frequency", "Right", "Left"], ["1000 Hz", "30", "35"]],
        ),
        LIMITS,
    )
    assert result.status == "done"
    assert result.text.splitlines() == [
        "Referral letter",
        "Dear colleague,",
        "Frequency | Right | Left",
        "1000 Hz | 30 | 35",
    ]


def test_docx_xml_bomb_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    result = extract_docx(make_docx([], document_xml=bomb), LIMITS)
    assert result.status == "failed" and "not valid XML" in result.error


def test_docx_zip_bomb_is_refused_before_inflating():
    big = make_docx([], document_xml="<w:document>" + " " * (6 << 20) + "</w:document>")
    result = extract_docx(big, LIMITS)
    assert result.status == "failed" and "size limit" in result.error


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252", "latin-1"])
def test_text_in_common_encodings_is_decoded(encoding):
    text = "Patient: the hearing aid whistles; café noise is hard. Naïve question: 4 kHz notch?"
    if encoding != "latin-1":
        text += " – 25 € co-pay"
    result = extract_text(text.encode(encoding), LIMITS)
    assert result.status == "done"
    assert result.text == text


def test_isolated_extraction_returns_the_same_result_as_in_process():
    data = make_pdf(AUDIOGRAM)
    assert extract_isolated(data, DocumentKind.pdf, LIMITS) == extract_pdf(data, LIMITS)


def test_isolated_extraction_is_killed_at_the_deadline():
    pages = make_pdf(*[AUDIOGRAM * 20] * 40)
    result = extract_isolated(pages, DocumentKind.pdf, ExtractionLimits(500, 0.05, 1 << 30, 5 << 20, 10**7))
    assert result.status == "failed"
    assert "longer than" in result.error


def test_isolated_extraction_survives_running_out_of_memory():
    big_text = b"tinnitus " * (6 << 20)  # ~54 MB to decode under a 64 MB address-space cap
    result = extract_isolated(big_text, DocumentKind.text, ExtractionLimits(500, 20, 64 << 20, 5 << 20, 1000))
    assert result.status == "failed"
    assert "memory" in result.error
    # ...and the pool keeps working afterwards.
    assert extract_isolated(b"after", DocumentKind.text, LIMITS).text == "after"
