"""Read audiometric results out of report text.

Real reports lay audiograms out in two ways, both handled:
- rows per ear and conduction: ``Right AC  15 20 30 …`` under a ``Frequency (Hz) 250 500 …`` header, with
  row labels such as ``Left BC (masked)`` or ``BC unmasked (forehead)`` (one bone row for both ears);
- columns: ``Freq (Hz) | R AC | L AC | R BC | L BC`` with one line per frequency.
Cells: a number (``*`` suffix = masked), ``NR`` (no response at the limit), ``NT``/``-`` (not tested).
Tympanometry and speech results are read from tables or from sentences (``Right Type A (peak -15 daPa,
compliance 0.61 ml)``, ``SRT R 10 dB HL; L 45 dB HL``, ``WRS R 96% @ 55 dB HL``).
"""

from __future__ import annotations

import re

from echo_notes.ai.audiology.model import EARS, Audiogram, Ear, ParsedReport, Speech, Threshold, Tympanogram

FREQUENCIES = {125, 250, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000, 8000}
NO_RESPONSE_DEFAULT = {"air": 120.0, "bone": 70.0}
"""Typical audiometer limits, used for NR when the report does not state its own."""

_CELL = re.compile(r"^(?:(-?\d+(?:\.\d+)?)(\*)?|(NR)|(NT|CNT|DNT)|(-|—|–|/))$", re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*(?:(?P<ear1>right|left|r|l)\s+)?(?P<cond>ac|bc|air(?:\s+conduction)?|bone(?:\s+conduction)?)"
    r"(?:\s+(?P<ear2>right|left|r|l))?(?P<rest>[^0-9]*?)\s{2,}",
    re.IGNORECASE,
)


def _cell(token: str) -> Threshold | None:
    match = _CELL.match(token.strip())
    if not match:
        raise ValueError(token)
    number, star, nr, _nt, _dash = match.groups()
    if number is not None:
        return Threshold(float(number), masked=bool(star))
    if nr:
        return Threshold(None, no_response=True)
    return None


def _ear(token: str | None) -> Ear | None:
    if not token:
        return None
    return "right" if token.lower().startswith("r") else "left"


def _frequency_header(line: str) -> list[int] | None:
    if not re.search(r"(?i)\bfreq", line):
        return None
    numbers = [int(n) for n in re.findall(r"\b(\d{3,4})\b", line)]
    freqs = [n for n in numbers if n in FREQUENCIES]
    return freqs if len(freqs) >= 4 else None


def _nr_limits(text: str) -> dict[str, float]:
    """Equipment limits a report states for NR, e.g. ``NR = no response … (AC 120 dB HL; BC 70 dB HL)``."""
    limits = dict(NO_RESPONSE_DEFAULT)
    for kind, key in (("AC", "air"), ("BC", "bone")):
        stated = re.search(rf"\b{kind}\s+(\d{{2,3}})\s*dB\s*HL", text)
        if stated and re.search(r"(?i)\bNR\b", text):
            limits[key] = float(stated.group(1))
    return limits


def _store(
    audiogram: Audiogram,
    conduction: str,
    ears: list[Ear],
    freq: int,
    cell: Threshold | None,
    limits: dict[str, float],
    only_missing: bool = False,
) -> None:
    """``only_missing``: a row for both ears never replaces an ear's own (e.g. masked) threshold."""
    if cell is None:
        return
    if cell.no_response:
        cell = Threshold(limits[conduction], masked=cell.masked, no_response=True)
    table = audiogram.air if conduction == "air" else audiogram.bone
    for ear in ears:
        if only_missing:
            table[ear].setdefault(freq, cell)
        else:
            table[ear][freq] = cell


def _parse_rows(lines: list[str], audiogram: Audiogram, limits: dict[str, float]) -> None:
    freqs: list[int] | None = None
    for line in lines:
        header = _frequency_header(line)
        if header and "|" not in line:
            freqs = header
            continue
        if freqs is None:
            continue
        label = _LABEL.match(line + "  ")
        if not label:
            if line.strip() and not line.strip().startswith("("):
                freqs = None if not re.match(r"^\s*(right|left|r|l|ac|bc)\b", line, re.I) else freqs
            continue
        cells_text = line[label.end() :].split()
        try:
            cells = [_cell(token) for token in cells_text]
        except ValueError:
            continue
        if len(cells) != len(freqs):
            continue
        conduction = "air" if label.group("cond").lower().startswith(("ac", "air")) else "bone"
        ear = _ear(label.group("ear1")) or _ear(label.group("ear2"))
        ears: list[Ear] = [ear] if ear else list(EARS)
        if ear is None and conduction == "bone":
            audiogram.bone_unspecified_ear = True
        for freq, cell in zip(freqs, cells, strict=True):
            _store(audiogram, conduction, ears, freq, cell, limits, only_missing=ear is None)


_COLUMN = re.compile(r"(?i)^\s*(?P<ear>right|left|r|l)\s*(?P<cond>ac|bc)\b")


def _parse_columns(lines: list[str], audiogram: Audiogram, limits: dict[str, float]) -> None:
    columns: list[tuple[Ear, str] | None] | None = None
    for line in lines:
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 3 and re.match(r"(?i)^freq", parts[0]):
            columns = []
            for part in parts[1:]:
                match = _COLUMN.match(part)
                ear = _ear(match.group("ear")) if match else None
                cond = ("air" if match.group("cond").lower() == "ac" else "bone") if match else ""
                columns.append((ear, cond) if ear else None)
            continue
        if columns is None:
            continue
        if len(parts) < 2 or not parts[0].isdigit():
            if not set(line.strip()) <= {"-", "=", "+", " "}:
                columns = None
            continue
        freq = int(parts[0])
        if freq not in FREQUENCIES:
            continue
        for column, token in zip(columns, parts[1:], strict=False):
            if column is None or not token:
                continue
            try:
                cell = _cell(token)
            except ValueError:
                continue
            _store(audiogram, column[1], [column[0]], freq, cell, limits)


def parse_audiogram(text: str) -> Audiogram:
    audiogram = Audiogram()
    lines = text.splitlines()
    limits = _nr_limits(text)
    _parse_columns(lines, audiogram, limits)
    _parse_rows(lines, audiogram, limits)
    return audiogram


_TYMP_EAR = r"(?P<ear>right|left|\bR\b|\bL\b)"
_TYMP_INLINE = re.compile(
    _TYMP_EAR + r"[\s:,]*(?:type\s+)?(?P<type>As|Ad|A|B|C)\b(?P<rest>[^;|\n]*)", re.IGNORECASE
)
_TYMP_TABLE = re.compile(
    r"^\s*(?P<ear>right|left|R|L)\s+(?P<type>As|Ad|A|B|C)\s+(?P<rest>.*)$", re.IGNORECASE
)


def _tymp_values(rest: str) -> tuple[float | None, float | None, float | None, bool]:
    pressure = re.search(r"([+-]?\d+)\s*daPa", rest)
    volumes = re.findall(
        r"(?:(ECV|ear canal volume|compliance)\s*)?(\d+(?:\.\d+)?)\s*(?:ml|mL|cc|mmho)", rest
    )
    compliance = ecv = None
    for label, value in volumes:
        if label and label.lower() in {"ecv", "ear canal volume"}:
            ecv = float(value)
        elif compliance is None:
            compliance = float(value)
        elif ecv is None:
            ecv = float(value)
    no_peak = bool(re.search(r"(?i)no peak|flat", rest))
    return (float(pressure.group(1)) if pressure else None, compliance, ecv, no_peak)


def parse_tympanometry(text: str) -> dict[Ear, Tympanogram]:
    found: dict[Ear, Tympanogram] = {}
    in_table = False
    for line in text.splitlines():
        if re.search(r"(?i)tympanometry", line):
            in_table = True
            for match in _TYMP_INLINE.finditer(line):
                ear = _ear(match.group("ear"))
                if ear and ear not in found:
                    pressure, compliance, ecv, no_peak = _tymp_values(match.group("rest"))
                    found[ear] = Tympanogram(
                        _normalise_type(match.group("type")), pressure, compliance, ecv, no_peak
                    )
            continue
        if in_table:
            table_row = _TYMP_TABLE.match(line)
            if table_row:
                ear = _ear(table_row.group("ear"))
                if ear and ear not in found:
                    pressure, compliance, ecv, no_peak = _tymp_values(table_row.group("rest"))
                    found[ear] = Tympanogram(
                        _normalise_type(table_row.group("type")), pressure, compliance, ecv, no_peak
                    )
            elif not line.strip() or not re.match(r"(?i)^\s*(ear|right|left|r|l)\b", line):
                in_table = False
    return found


def _normalise_type(token: str) -> str:
    token = token.strip()
    return token[0].upper() + token[1:].lower()


_SRT = re.compile(r"(?i)\bSRT\b")
_WRS = re.compile(r"(?i)\b(WRS|word recognition|speech discrimination)\b")


def _per_ear(segment: str, pattern: str) -> dict[Ear, re.Match[str]]:
    found: dict[Ear, re.Match[str]] = {}
    for match in re.finditer(r"(?i)\b(?P<ear>right|left|R|L)\b\s*:?\s*" + pattern, segment):
        ear = _ear(match.group("ear"))
        if ear and ear not in found:
            found[ear] = match
    return found


def parse_speech(text: str) -> dict[Ear, Speech]:
    srt: dict[Ear, float] = {}
    wrs: dict[Ear, tuple[float, float | None]] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.search(r"(?i)\b(comparison|previous|prior|then)\b", line):
            continue
        if _SRT.search(line) and re.search(r"(?i)\bSRT\b\s+\w*\s*\bWRS\b", line) and index + 1 < len(lines):
            # A speech table: "Ear  SRT  WRS  Level" followed by one row per ear.
            for row in lines[index + 1 : index + 3]:
                match = re.match(r"(?i)^\s*(right|left)\s+(\d+)\s*dB\s*HL\s+(\d+)\s*%\s*(?:(\d+)\s*dB)?", row)
                if match:
                    ear = _ear(match.group(1))
                    if ear:
                        srt.setdefault(ear, float(match.group(2)))
                        level = float(match.group(4)) if match.group(4) else None
                        wrs.setdefault(ear, (float(match.group(3)), level))
            continue
        srt_at = _SRT.search(line)
        wrs_at = _WRS.search(line)
        if srt_at:
            end = wrs_at.start() if wrs_at and wrs_at.start() > srt_at.start() else len(line)
            for ear, match in _per_ear(line[srt_at.end() : end], r"(?P<v>\d+)\s*dB").items():
                srt.setdefault(ear, float(match.group("v")))
        if wrs_at:
            segment = line[wrs_at.end() :]
            shared_level = re.search(r"(?:at|@|level)\s*(\d+)\s*dB", segment)
            for ear, match in _per_ear(
                segment, r"(?P<v>\d+)\s*%(?:\s*(?:at|@)\s*(?P<lvl>\d+)\s*dB)?"
            ).items():
                level_text = match.group("lvl") or (shared_level.group(1) if shared_level else None)
                wrs.setdefault(ear, (float(match.group("v")), float(level_text) if level_text else None))
    return {
        ear: Speech(srt.get(ear), wrs[ear][0] if ear in wrs else None, wrs[ear][1] if ear in wrs else None)
        for ear in EARS
        if ear in srt or ear in wrs
    }


def parse_report(text: str) -> ParsedReport:
    """Everything measurable in one report (or several concatenated)."""
    return ParsedReport(parse_audiogram(text), parse_tympanometry(text), parse_speech(text))
