"""Plain text of unknown encoding: detect the charset (charset-normalizer) and refuse binary noise."""

from __future__ import annotations

from charset_normalizer import from_bytes

from echo_notes.extraction.result import Extraction, ExtractionLimits, clip

_SAMPLE = 64 * 1024
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}
_PREFERRED = "cp1252"


def _control_ratio(text: str) -> float:
    if not text:
        return 1.0
    controls = sum(
        1 for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in _ALLOWED_CONTROLS
    )
    return controls / len(text)


def decode(data: bytes) -> tuple[str, str] | None:
    """Best decoding as ``(text, encoding)``, or ``None`` when the bytes are not text."""
    if b"\x00" in data[:_SAMPLE] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data[: 4 * _SAMPLE])
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    encoding = best.encoding
    # Short texts decode cleanly in several single-byte code pages, and language coherence cannot tell them
    # apart; prefer Windows-1252, the legacy encoding of Western clinics' documents, whenever it decodes
    # with no more mess (chaos) than the best candidate.
    tied = {m.encoding for m in matches if m.chaos <= best.chaos}
    if _PREFERRED in tied:
        encoding = _PREFERRED
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return (text, encoding) if _control_ratio(text[:_SAMPLE]) < 0.01 else None


def looks_like_text(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    decoded = decode(sample)
    if decoded is None:
        # A multi-byte character cut at the sample boundary is not binary: retry a little shorter.
        decoded = decode(sample[:-4]) if len(data) > _SAMPLE else None
    return decoded is not None and _control_ratio(decoded[0]) < 0.01


def extract_text(data: bytes, limits: ExtractionLimits) -> Extraction:
    decoded = decode(data)
    if decoded is None:
        return Extraction.failed("the file is not readable text", "charset-normalizer")
    text, encoding = decoded
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    return Extraction("done", clip(text, limits), None, None, f"text ({encoding})")
