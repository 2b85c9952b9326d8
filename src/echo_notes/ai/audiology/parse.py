"""Read audiometric results out of report text.

Audiograms come in several layouts, all handled:
- rows per ear and conduction under a header of frequencies: ``Right AC  15 20 30 …`` under ``Frequency (Hz)
  250 500 …``, ``kHz 0.25 0.5 1 2 …`` or ``Hz: 250 500 1k 2k …``, with row labels such as ``Left BC
  (masked)``, ``R AC:``, ``BC unmasked (forehead)`` (one bone row for both ears) or an ear alone (air);
- columns: ``Freq (Hz) | R AC | L AC | R BC | L BC`` with one line per frequency, the cells between pipes,
  tabs, commas or runs of spaces (markdown and CSV tables alike);
- either of those once per ear, under a heading ("RIGHT EAR") whose rows or columns say only AC or BC;
- written out: ``Right ear air conduction: 500 Hz 30 dB, 1000 Hz 35 dB …`` or ``Left: 25 dB at 500 Hz, …``.
Cells: a number (masked when starred, bracketed or marked ``M``), ``NR`` (no response at the limit) or a
stated limit (``>90``, ``90+``, ``90↓``), ``NT``/``-`` (not tested).
Tympanometry and speech results are read from tables or from sentences, with the ear before or after the
result or one result for both ears (``Right Type A (peak -15 daPa, compliance 0.61 ml)``, ``Type A
bilaterally``, ``R -20 daPa, 0.18 ml`` without a type, which is then computed, ``SRT R 10 dB HL; L 45
dB HL``, ``WRS 96% bilaterally at 60 dB HL``).
"""

from __future__ import annotations

import itertools
import re

from echo_notes.ai.audiology.model import EARS, Audiogram, Ear, ParsedReport, Speech, Threshold, Tympanogram

CONVENTIONAL_FREQUENCIES = {125, 250, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000, 8000}
EXTENDED_HIGH_FREQUENCIES = {9000, 10000, 11200, 12000, 12500, 14000, 16000, 18000, 20000}
"""Extended high-frequency audiometry (above 8 kHz, to 20 kHz), as ototoxicity monitoring records it."""
FREQUENCIES = CONVENTIONAL_FREQUENCIES | EXTENDED_HIGH_FREQUENCIES
NO_RESPONSE_DEFAULT = {"air": 120.0, "bone": 70.0}
"""Typical audiometer limits, used for NR when the report does not state its own."""

_CELL = re.compile(
    r"^(?:\[(?P<bracketed>-?\d+(?:\.\d+)?)\]|(?P<number>-?\d+(?:\.\d+)?)(?P<star>\*|m)?"
    r"|(?:>\s*(?P<above>\d+)|(?P<beyond>\d+)\s*(?:\+|↓))|(?P<nr>NR)|NT|CNT|DNT|-|—|–|/)$",
    re.IGNORECASE,
)
"""A threshold cell: a number, masked when starred, bracketed or marked "M"; no response as NR or at a
stated limit (">90", "90+", "90↓"); not tested as NT, CNT, DNT or a dash."""
_EAR_WORD = r"(?:right|left|r|l|re|le|rt|lt|ad|as)(?:\s+ear)?"
"""An ear as reports name it, the Latin AD (auris dextra, right) and AS (sinistra, left) included."""
_ROW_LABEL = re.compile(
    rf"(?i)^\s*(?:(?P<ear1>{_EAR_WORD})\s*[:,-]?\s*)?"
    r"(?P<cond>ac|bc|air(?:\s+conduction)?|bone(?:\s+conduction)?)"
    rf"(?:\s*[:,-]?\s*\(?(?P<ear2>{_EAR_WORD})\b\)?)?(?P<rest>[^0-9]*)$"
    rf"|^\s*(?P<ear0>{_EAR_WORD})\s*(?:\(?(?:db(?: hl)?|thresholds?)\)?)?\s*:?\s*$"
)
"""A threshold row's label: "Right AC", "Left BC (masked)", "BC unmasked (forehead)" (both ears), "AC
right:", "RE air conduction", or an ear alone ("Right", "Left ear:"), which is air conduction."""
_SEPARATOR = re.compile(r"^[\s|:+=\-—–]*$")
"""A table's rule ("|---|---|", "-----"): part of the table, not the end of it."""


_CELL_BREAK = re.compile(r"[|,;\t]")
"""What separates a row's cells besides spaces: pipes, commas, semicolons, tabs."""


def _cell(token: str) -> Threshold | None:
    match = _CELL.match(token.strip())
    if not match:
        raise ValueError(token)
    if match.group("bracketed") is not None:
        return Threshold(float(match.group("bracketed")), masked=True)
    if match.group("number") is not None:
        return Threshold(float(match.group("number")), masked=bool(match.group("star")))
    if limit := match.group("above") or match.group("beyond"):
        return Threshold(float(limit), no_response=True)
    if match.group("nr"):
        return Threshold(None, no_response=True)
    return None


def _ear(token: str | None) -> Ear | None:
    if not token:
        return None
    return "right" if token.lower().startswith(("r", "ad")) else "left"


HEADER_WORDS = 3
"""Words a frequency header may carry besides Hz/kHz ("Frequency", "Thresholds (dB HL)")."""
_FREQUENCY_TOKEN = re.compile(r"(?i)(\d+(?:\.\d+)?)\s*(khz|k|hz)?")


def _frequency(token: str, in_khz: bool = False) -> int | None:
    """ "500", "1k", "1 kHz", "8000Hz", or "0.5" under a kHz header → Hz; None if no audiometric frequency."""
    match = _FREQUENCY_TOKEN.fullmatch(token.strip())
    if not match:
        return None
    value, unit = float(match.group(1)), (match.group(2) or "").lower()
    if unit.startswith("k") or (in_khz and not unit and value <= 20):
        value = round(value * 1000, 6)  # 11.2 kHz is 11200 Hz, not 11200.000000000002
    hz = round(value)
    return hz if hz == value and hz in FREQUENCIES else None


def frequency_header(line: str) -> list[int] | None:
    """A header of frequencies: "Frequency (Hz) 250 500 …", "kHz 0.25 0.5 1 2 4 8", "Hz: 250 500 1k 2k",
    "| Hz | 500 | 1000 |" or the bare numbers. Every number on it is a frequency, rising, at least four."""
    text = _CELL_BREAK.sub(" ", line)
    if re.match(rf"(?i)^\s*(?:{_EAR_WORD}|ac|bc|air|bone)\b", text):
        return None
    if len(re.findall(r"(?i)\b(?!k?hz\b)[a-z]{2,}\b", text)) > HEADER_WORDS:
        return None  # prose that names frequencies ("normal 250-3000 Hz with a loss 4000-8000 Hz")
    in_khz = bool(re.search(r"(?i)\bkhz\b", text))
    tokens = re.findall(r"(?i)\d+(?:\.\d+)?(?:\s*(?:khz|k|hz)\b)?", text)
    freqs = [_frequency(t, in_khz) for t in tokens]
    if len(freqs) < 4 or None in freqs:
        return None
    known = [f for f in freqs if f is not None]
    return known if all(a < b for a, b in itertools.pairwise(known)) else None


MIN_ROW_CELLS = 4


def is_audiogram_line(line: str) -> bool:
    """A frequency header or a threshold row ("Left BC 30 35 45 50 55"): its runs of numbers are
    measurements, however much they look like a phone number to an identifier recogniser."""
    if frequency_header(line):
        return True
    tokens = _CELL_BREAK.sub(" ", line).split()
    for start in range(1, len(tokens) - MIN_ROW_CELLS + 1):
        if _ROW_LABEL.match(" ".join(tokens[:start])) and all(_threshold_cell(t) for t in tokens[start:]):
            return True
    return False


def _threshold_cell(token: str) -> bool:
    """A cell a threshold row can hold: a level no audiometer exceeds, never a leading-zero number group
    ("0412" is part of a phone number)."""
    if not _CELL.match(token):
        return False
    digits = re.sub(r"\D", "", token)
    return not digits or (not (len(digits) > 1 and digits.startswith("0")) and int(digits) <= MAX_LEVEL_DB)


MAX_LEVEL_DB = 130
"""Above any audiometer's output limit, so a larger number in a row is not a threshold."""


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
    if cell.no_response and cell.value is None:
        cell = Threshold(limits[conduction], masked=cell.masked, no_response=True)
    table = audiogram.air if conduction == "air" else audiogram.bone
    for ear in ears:
        if only_missing:
            table[ear].setdefault(freq, cell)
        else:
            table[ear][freq] = cell


def _parse_rows(lines: list[str], audiogram: Audiogram, limits: dict[str, float]) -> None:
    """Rows per ear and conduction under a header of frequencies; a row's last cells are its thresholds,
    one per frequency, and what comes before them is its label."""
    freqs: list[int] | None = None
    heading: Ear | None = None
    headed_at = -1
    before = ""
    for index, line in enumerate(lines):
        if freqs is not None and _SEPARATOR.match(line) and line.strip():
            continue
        if named := _EAR_HEADING.match(line):
            heading, headed_at = _ear(named.group("ear")), index
            continue
        header = frequency_header(line)
        if header:
            freqs = None if NOT_THRESHOLDS.search(f"{before} {line}") else header
            if index - headed_at > HEADING_REACH:
                heading = None  # an ear named further up ("Right:" under otoscopy) does not head this table
            continue
        if line.strip():
            before = line if _is_title(line) else ""
        if freqs is None:
            continue
        tokens = _CELL_BREAK.sub(" ", line).split()
        if re.search(r"[|\t]", line) and len(parts := _split_cells(line)) == len(freqs) + 1:
            # Delimited cells keep their places: an empty one is a frequency not tested.
            tokens = [parts[0], *(cell or "-" for cell in parts[1:])]
        label = _ROW_LABEL.match(" ".join(tokens[: -len(freqs)])) if len(tokens) > len(freqs) else None
        try:
            cells = [_cell(token) for token in tokens[-len(freqs) :]] if label else []
        except ValueError:
            label = None
        if not label:
            if line.strip() and not line.strip().startswith("("):
                starts_row = re.match(rf"(?i)^[\s|]*(?:{_EAR_WORD}|ac|bc|air|bone)\b", line)
                freqs, heading = (freqs, heading) if starts_row else (None, None)
            continue
        if label.group("ear0"):
            conduction, ear = "air", _ear(label.group("ear0"))
        else:
            conduction = "air" if label.group("cond").lower().startswith(("ac", "air")) else "bone"
            ear = _ear(label.group("ear1")) or _ear(label.group("ear2")) or heading
        ears: list[Ear] = [ear] if ear else list(EARS)
        if ear is None and conduction == "bone":
            audiogram.bone_unspecified_ear = True
        # A row named by its ear alone is taken for air conduction, so it never overrides a row that says so.
        only_missing = ear is None or bool(label.group("ear0"))
        for freq, cell in zip(freqs, cells, strict=True):
            _store(audiogram, conduction, ears, freq, cell, limits, only_missing=only_missing)


TITLE_WORDS = 8


def _is_title(line: str) -> bool:
    """Only a title names the table below it ("Aided thresholds (sound field)", "PREVIOUS AUDIOGRAM"), not a
    sentence of history ("No prior ear surgery.")."""
    return len(line.split()) <= TITLE_WORDS and not line.rstrip().endswith(".")


HEADING_REACH = 2
"""An ear heading heads the table whose frequency header follows within this many lines."""
NOT_THRESHOLDS = re.compile(
    r"(?i)\b(?:aided|targets?|real[- ]ear|REM|REAR|REIG|REUR|gain|output|SPL|UCLs?|MCLs?|LDLs?|"
    r"sound[- ]?field)\b|^\W*(?:previous|prior|earlier|comparison|baseline)\b"
)
"""A table of frequencies that holds no hearing thresholds of today's test — aided or real-ear results,
loudness levels, or an earlier audiogram ("PREVIOUS AUDIOGRAM (03/2023)") — by its header or the title above
it; "Audiogram (no previous results on file)" is today's."""
_COLUMN = re.compile(
    rf"(?i)^\s*(?:(?P<ear>{_EAR_WORD})\s*(?P<cond>ac|bc|air|bone)?|(?P<cond_only>ac|bc|air|bone))\b"
    r"(?:\s*(?:conduction|thresholds?|\(?db(?:\s*hl)?\)?|\([^)]*\)|masked|unmasked))*\s*$"
)
"""A threshold column's name, whole: "R AC", "Left BC (masked)", "Right (dB HL)" — not "Right target"."""
_EAR_HEADING = re.compile(
    r"(?i)^[\s|#*]*(?P<ear>right|left)(?:\s+ear)?(?:\s*\((?:AD|AS|RE|LE|R|L)\))?[\s:*|]*$"
)
"""A table per ear under its own heading ("RIGHT EAR", "Left ear (AS):"), whose rows say only AC or BC."""


def _split_cells(line: str) -> list[str]:
    """A table line's cells: between pipes, tabs or commas, else runs of two or more spaces."""
    stripped = line.strip()
    if "|" in stripped:
        return [p.strip() for p in stripped.strip("|").split("|")]
    if "\t" in stripped:
        return [p.strip() for p in stripped.split("\t")]
    if stripped.count(",") >= 2:
        return [p.strip() for p in stripped.split(",")]
    return re.split(r"\s{2,}", stripped)


def _parse_columns(lines: list[str], audiogram: Audiogram, limits: dict[str, float]) -> None:
    """One line per frequency under a header naming the columns ("Freq (Hz) | R AC | L AC | R BC")."""
    columns: list[tuple[Ear, str] | None] | None = None
    in_khz = False
    heading: Ear | None = None
    headed_at = -1
    before = ""
    for index, line in enumerate(lines):
        if named := _EAR_HEADING.match(line):
            heading, headed_at = _ear(named.group("ear")), index
            continue
        if index - headed_at > HEADING_REACH and columns is None:
            heading = None
        parts = _split_cells(line)
        header = len(parts) >= 2 and re.match(r"(?i)^(?:freq|hz\b|khz\b)", parts[0])
        if not header and line.strip():
            before = line if _is_title(line) else ""
        if header and not NOT_THRESHOLDS.search(f"{before} {parts[0]}"):
            found: list[tuple[Ear, str] | None] = []
            for part in parts[1:]:
                match = _COLUMN.match(part)
                ear = (
                    (_ear(match.group("ear")) or (heading if match.group("cond_only") else None))
                    if match
                    else None
                )
                kind = (match.group("cond") or match.group("cond_only") or "").lower() if match else ""
                found.append((ear, "bone" if kind in {"bc", "bone"} else "air") if ear else None)
            # A new header ends the table before it, whether or not it names threshold columns itself.
            columns, in_khz = (found if any(found) else None), bool(re.search(r"(?i)khz", parts[0]))
            continue
        if columns is None:
            continue
        freq = _frequency(parts[0], in_khz) if parts else None
        if freq is None:
            if not _SEPARATOR.match(line):
                columns = None
            continue
        for column, token in zip(columns, parts[1:], strict=False):
            if column is None or not token:
                continue
            try:
                cell = _cell(token)
            except ValueError:
                continue
            _store(audiogram, column[1], [column[0]], freq, cell, limits)


_THRESHOLD_AT = re.compile(
    r"(?i)\b(?P<freq>\d+(?:\.\d+)?)\s*(?P<unit>khz|k|hz)\b\s*(?:[:=\-–]|at|was|is)?\s*"
    r"(?P<value>-?\d{1,3}|NR)\b\s*(?:dB)?"
    r"|\b(?P<value2>-?\d{1,3}|NR)\s*dB(?:\s*HL)?\s*(?:at|@)\s*(?P<freq2>\d+(?:\.\d+)?)\s*(?P<unit2>khz|k|hz)\b"
)


def _written_thresholds(clause: str) -> tuple[Ear, list[re.Match[str]]] | None:
    """A clause that names one ear before two or more frequency–threshold pairs ("Right ear air conduction:
    500 Hz 30 dB, 1000 Hz 35 dB …", "Left: 25 dB at 500 Hz, …") — not earlier, aided or comfort levels."""
    ear_at = re.search(r"(?i)\b(right|left)\b", clause)
    pairs = list(_THRESHOLD_AT.finditer(clause))
    if not ear_at or len(pairs) < 2 or re.search(r"(?i)\b(right|left)\b", clause[ear_at.end() :]):
        return None
    if re.search(r"(?i)\b(?:previous|prior|last year|comparison|aided|sound field|ucl|mcl)\b", clause):
        return None
    ear = _ear(ear_at.group(1))
    return (ear, pairs) if ear else None


def _clauses(text: str) -> list[str]:
    return re.split(r"[;\n]|\.(?=\s|$)", text)


def states_thresholds(text: str) -> bool:
    """Whether a report line is thresholds written out, which the audiogram holds once parsed."""
    return any(_written_thresholds(clause) for clause in _clauses(text))


def _parse_sentences(text: str, audiogram: Audiogram, limits: dict[str, float]) -> None:
    """Thresholds written out, clause by clause (bone conduction where the clause says so before its
    first pair, else air). Only fills what no table gave."""
    for clause in _clauses(text):
        written = _written_thresholds(clause)
        if not written:
            continue
        ear, pairs = written
        conduction = "bone" if re.search(r"(?i)\b(?:bone|bc)\b", clause[: pairs[0].start()]) else "air"
        for pair in pairs:
            freq = _frequency(
                f"{pair.group('freq') or pair.group('freq2')}{pair.group('unit') or pair.group('unit2')}"
            )
            value = pair.group("value") or pair.group("value2")
            if freq is None:
                continue
            cell = _cell(value)
            _store(audiogram, conduction, [ear], freq, cell, limits, only_missing=True)


def parse_audiogram(text: str) -> Audiogram:
    audiogram = Audiogram()
    lines = text.splitlines()
    limits = _nr_limits(text)
    _parse_columns(lines, audiogram, limits)
    _parse_rows(lines, audiogram, limits)
    _parse_sentences(text, audiogram, limits)
    return audiogram


_TYMP_TYPE = re.compile(r"(?:\b[Tt]ype\s+(?P<t1>[Aa][SsDd]?|[BbCc])|(?<![\w-])(?P<t2>As|Ad|A|B|C))(?![\w-])")
"""Jerger's type: after "type" in either case, or alone as a capital letter ("R As (-20 daPa …)")."""
_TYMP_EAR = re.compile(r"(?i)\b(?P<ear>right|left|rt|lt|r|l)\b(?:\s+ear)?")
BILATERAL_WORDS = r"\b(?:bilateral(?:ly)?|both ears|both sides|binaural(?:ly)?|each ear)\b"
_BILATERAL = re.compile(BILATERAL_WORDS, re.IGNORECASE)
_TYMP_TABLE = re.compile(
    r"^\s*(?P<ear>right|left|R|L)\s+(?P<type>As|Ad|A|B|C)\s+(?P<rest>.*)$", re.IGNORECASE
)


def _type_of(match: re.Match[str]) -> str:
    return _normalise_type(match.group("t1") or match.group("t2"))


def _tymp_in_line(line: str) -> dict[Ear, Tympanogram]:
    """Types and values in one line, in the three orders reports write them: ear then type ("R As (-20
    daPa, 0.18 ml); L C (…)", "Right ear tympanometry: Type A; left ear …: Type B"), type then ear ("Type A
    right, Type C left"), or one type for both ears ("Type A bilaterally (R -5 daPa …; L 0 daPa …)")."""
    types = list(_TYMP_TYPE.finditer(line))
    ears = list(_TYMP_EAR.finditer(line))
    found: dict[Ear, Tympanogram] = {}

    def after(index: int, marks: list[re.Match[str]]) -> str:
        end = marks[index + 1].start() if index + 1 < len(marks) else len(line)
        return line[marks[index].end() : end]

    if not types:
        # Values without a type ("R -20 daPa, 0.18 ml; L -35 daPa, 0.21 ml"): the type is computed from them.
        for i, mark in enumerate(ears):
            ear = _ear(mark.group("ear"))
            measured = _tymp_values(after(i, ears))
            if ear and ear not in found and (measured[1] is not None or measured[3]):
                found[ear] = Tympanogram(None, *measured)
        return found

    one_type = len({_type_of(t) for t in types}) == 1
    if _BILATERAL.search(line) and one_type and (not ears or types[0].start() < ears[0].start()):
        values = {_ear(e.group("ear")): _tymp_values(after(i, ears)) for i, e in enumerate(ears)}
        for side in EARS:
            pressure, compliance, ecv, no_peak = values.get(side) or _tymp_values(line[types[0].end() :])
            found[side] = Tympanogram(_type_of(types[0]), pressure, compliance, ecv, no_peak)
    elif ears and ears[0].start() < types[0].start():
        for i, mark in enumerate(ears):
            segment = after(i, ears)
            kind = _TYMP_TYPE.search(segment)
            ear = _ear(mark.group("ear"))
            if kind and ear and ear not in found:
                found[ear] = Tympanogram(_type_of(kind), *_tymp_values(segment[kind.end() :]))
    else:
        for i, kind in enumerate(types):
            segment = after(i, types)
            named = _TYMP_EAR.search(segment)
            ear = _ear(named.group("ear")) if named else None
            if ear and ear not in found:
                found[ear] = Tympanogram(_type_of(kind), *_tymp_values(segment))
    return found


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


def _unpiped_lines(text: str) -> list[str]:
    """A markdown table's cells read as a fixed-width table's; its rule is no row."""
    return [
        line.replace("|", " ") for line in text.splitlines() if not (line.strip() and _SEPARATOR.match(line))
    ]


def parse_tympanometry(text: str) -> dict[Ear, Tympanogram]:
    found: dict[Ear, Tympanogram] = {}
    in_table = False
    for line in _unpiped_lines(text):
        if re.search(r"(?i)\b(?:tymp|immittance|admittance)", line):
            in_table = True
            for side, tympanogram in _tymp_in_line(line).items():
                found.setdefault(side, tympanogram)
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


_SRT = re.compile(r"(?i)\b(?:SRTs?|speech (?:reception|recognition) thresholds?)\b")
_WRS = re.compile(
    r"(?i)\b(WRS|WDS|SDS|word recognition|word discrimination|speech discrimination|speech recognition score|"
    r"PB ?max)\b"
)
"""Word recognition by its names: WRS, the US "speech discrimination score" (SDS), WDS, PB max."""


def _per_ear(segment: str, pattern: str) -> dict[Ear, re.Match[str]]:
    """Each ear's value: after the ear ("R 55 dB HL", "right: 92%"), before it ("55 dB HL right", "92% in
    the left ear"), or one value for both ("20 dB HL bilaterally")."""
    found: dict[Ear, re.Match[str]] = {}
    for match in re.finditer(r"(?i)\b(?P<ear>right|left|R|L)\b(?:\s+ear)?\s*:?\s*" + pattern, segment):
        ear = _ear(match.group("ear"))
        if ear and ear not in found:
            found[ear] = match
    if found:
        return found
    for match in re.finditer(
        pattern + r"\s*(?:(?:in|on|for) the\s+)?(?P<ear>right|left)\b(?:\s+ear)?"
        r"(?:\s*(?:at|@)\s*(?P<after>\d+)\s*dB)?",
        segment,
        re.IGNORECASE,
    ):
        ear = _ear(match.group("ear"))
        if ear and ear not in found:
            found[ear] = match
    if found:
        return found
    both = re.search(pattern + r"[^;.]{0,30}?" + BILATERAL_WORDS, segment, re.IGNORECASE)
    return dict.fromkeys(EARS, both) if both else {}


def parse_speech(text: str) -> dict[Ear, Speech]:
    srt: dict[Ear, float] = {}
    wrs: dict[Ear, tuple[float, float | None]] = {}
    lines = _unpiped_lines(text)
    for index, line in enumerate(lines):
        if re.search(r"(?i)\b(comparison|previous|prior|then)\b", line):
            continue
        if (
            _SRT.search(line)
            and re.search(r"(?i)\bSRT\b\s+(?:\S+\s+){0,3}\bWRS\b", line)
            and index + 1 < len(lines)
        ):
            # A speech table: "Ear  SRT  WRS  Level" followed by one row per ear (units in the cells or
            # only in the header).
            for row in lines[index + 1 : index + 3]:
                match = re.match(
                    r"(?i)^\s*(right|left)\s+(\d+)(?:\s*dB\s*HL)?\s+(\d+)\s*%?\s*(?:(\d+)\s*(?:dB)?)?", row
                )
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
            for ear, match in _per_ear(line[srt_at.end() : end], r"(?P<v>\d+)\s*dB(?:\s*HL)?").items():
                srt.setdefault(ear, float(match.group("v")))
        if wrs_at:
            segment = line[wrs_at.end() :]
            shared_level = re.search(r"(?:at|@|level)\s*(\d+)\s*dB", segment)
            for ear, match in _per_ear(
                segment, r"(?P<v>\d+)\s*%(?:\s*(?:at|@)\s*(?P<lvl>\d+)\s*dB)?"
            ).items():
                level_text = (
                    match.group("lvl")
                    or match.groupdict().get("after")
                    or (shared_level.group(1) if shared_level else None)
                )
                wrs.setdefault(ear, (float(match.group("v")), float(level_text) if level_text else None))
    return {
        ear: Speech(srt.get(ear), wrs[ear][0] if ear in wrs else None, wrs[ear][1] if ear in wrs else None)
        for ear in EARS
        if ear in srt or ear in wrs
    }


def parse_report(text: str) -> ParsedReport:
    """Everything measurable in one report (or several concatenated)."""
    return ParsedReport(parse_audiogram(text), parse_tympanometry(text), parse_speech(text))
