"""Audiology interpretation: hand-computed cases per rule, the parsers on each report layout, and 100%
agreement with the gold fields of the development cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from echo_notes.ai.audiology import interpret, parse_report
from echo_notes.ai.audiology.interpret import (
    degree,
    loss_type,
    noise_notch,
    pure_tone_average,
    raised_outside_pta,
    tympanogram_type,
    who_grade,
)
from echo_notes.ai.audiology.model import Speech, Threshold, Tympanogram
from echo_notes.ai.audiology.parse import parse_audiogram, parse_speech, parse_tympanometry

CASES = Path(__file__).parents[2] / "evals" / "datasets" / "audiology-dev" / "cases.jsonl"


def ear(**by_freq):
    return {int(f[1:]): Threshold(float(v)) for f, v in by_freq.items()}


@pytest.mark.parametrize(
    ("pta", "expected"),
    [
        (-5, "normal"),
        (15, "normal"),
        (15.4, "normal"),
        (15.5, "slight"),
        (25, "slight"),
        (26, "mild"),
        (40.4, "mild"),
        (40.5, "moderate"),
        (55, "moderate"),
        (56, "moderately severe"),
        (70, "moderately severe"),
        (71, "severe"),
        (90, "severe"),
        (91, "profound"),
        (None, None),
    ],
)
def test_asha_degree_boundaries(pta, expected):
    assert degree(pta) == expected


@pytest.mark.parametrize(
    ("pta4", "expected"),
    [
        (19.9, "normal"),
        (20, "mild"),
        (34.9, "mild"),
        (35, "moderate"),
        (50, "moderately severe"),
        (65, "severe"),
        (80, "profound"),
        (95, "complete"),
    ],
)
def test_who_2021_grade_boundaries(pta4, expected):
    assert who_grade(pta4) == expected


def test_pta_is_the_mean_of_500_1000_2000_rounded_half_up():
    assert pure_tone_average(ear(f500=25, f1000=30, f2000=45), (500, 1000, 2000)) == (33.3, False)
    assert pure_tone_average(ear(f500=20, f1000=30, f2000=45), (500, 1000, 2000)) == (31.7, False)
    assert pure_tone_average(ear(f500=20, f1000=30), (500, 1000, 2000)) == (None, False)


@pytest.mark.parametrize(
    ("air", "bone", "expected_type", "expected_gap"),
    [
        (ear(f250=10, f500=10, f1000=5, f2000=10, f4000=15), {}, "normal", None),
        (ear(f500=35, f1000=30, f2000=25, f4000=30), ear(f500=5, f1000=10, f2000=10), "conductive", 21.7),
        (ear(f500=55, f1000=55, f2000=60), ear(f500=30, f1000=35, f2000=45), "mixed", 20.0),
        (ear(f500=20, f1000=30, f2000=40), ear(f500=15, f1000=25, f2000=40), "sensorineural", 3.3),
        # A noise notch: normal PTA, but a raised 4 kHz threshold with no gap is sensorineural.
        (ear(f500=10, f1000=15, f2000=25, f4000=50), ear(f500=10, f1000=10, f2000=20), "sensorineural", 3.3),
        # Raised thresholds but no bone conduction measured: the type cannot be told.
        (ear(f500=40, f1000=45, f2000=50), {}, None, None),
    ],
)
def test_type_of_loss_from_the_air_bone_gap(air, bone, expected_type, expected_gap):
    pta, _ = pure_tone_average(air, (500, 1000, 2000))
    assert loss_type(air, bone, pta) == (expected_type, expected_gap)


def test_bone_no_response_leaves_the_gap_unknown_at_that_frequency():
    air = ear(f500=70, f1000=85, f2000=95)
    bone = {
        500: Threshold(60.0),
        1000: Threshold(70.0, no_response=True),
        2000: Threshold(70.0, no_response=True),
    }
    assert loss_type(air, bone, 83.3) == ("sensorineural", 10.0)


@pytest.mark.parametrize(
    ("tymp", "expected"),
    [
        (Tympanogram(stated_type="As", pressure_dapa=-20, compliance_ml=0.18), ("As", "stated")),
        (Tympanogram(no_peak=True, compliance_ml=0.1), ("B", "computed")),
        (Tympanogram(pressure_dapa=-150, compliance_ml=0.6), ("C", "computed")),
        (Tympanogram(pressure_dapa=-10, compliance_ml=0.2), ("As", "computed")),
        (Tympanogram(pressure_dapa=0, compliance_ml=2.1), ("Ad", "computed")),
        (Tympanogram(pressure_dapa=-40, compliance_ml=0.7), ("A", "computed")),
        (Tympanogram(), (None, None)),
    ],
)
def test_tympanogram_type(tymp, expected):
    assert tympanogram_type(tymp) == expected


ROWS = """PURE-TONE THRESHOLDS (dB HL)
Frequency (Hz)           250   500  1000  2000  3000  4000  6000  8000
Right AC                  55    60   65*   65*   70*   70*   75*    NR
Left AC                   10    10     5    10    NT    15    15    20
Right BC (masked*)         -   55*   60*   60*     -   65*     -     -
BC unmasked (forehead)     -     5     5    10     -    10     -     -
"""

COLUMNS = """Freq (Hz) |   R AC  |   L AC  |   R BC  |   L BC
--------------------------------------------------
500       |    35   |    40   |    30   |   35*
1000      |    45   |    45   |    NR   |    45
2000      |    50   |    55   |    50   |    50
"""


def test_row_layout_with_masking_nr_nt_and_a_shared_bone_row():
    audiogram = parse_audiogram(ROWS)
    assert audiogram.air["right"][1000] == Threshold(65.0, masked=True)
    assert audiogram.air["right"][8000] == Threshold(120.0, no_response=True)
    assert 3000 not in audiogram.air["left"]
    assert audiogram.bone["right"][500] == Threshold(55.0, masked=True)
    assert audiogram.bone["left"][2000] == Threshold(10.0)
    assert audiogram.bone_unspecified_ear


def test_column_layout():
    audiogram = parse_audiogram(COLUMNS)
    assert audiogram.air["left"][2000] == Threshold(55.0)
    assert audiogram.bone["left"][500] == Threshold(35.0, masked=True)
    assert audiogram.bone["right"][1000].no_response


@pytest.mark.parametrize(
    ("line", "right", "left"),
    [
        (
            "Tympanometry: Right Type A (peak -15 daPa, compliance 0.61 ml, ECV 1.5 ml); "
            "Left Type B, no peak (compliance 0.1 ml)",
            Tympanogram("A", -15, 0.61, 1.5),
            Tympanogram("B", None, 0.1, None, True),
        ),
        (
            "Tympanometry: R As (-20 daPa, 0.18 ml, ECV 1.1 ml); L C (-180 daPa, 0.55 ml)",
            Tympanogram("As", -20, 0.18, 1.1),
            Tympanogram("C", -180, 0.55, None),
        ),
        (
            "TYMPANOMETRY (226 Hz probe)\nEar  Type  Peak pressure  Compliance\nRight  A  -10 daPa  0.68 ml\n"
            "Left   Ad  5 daPa  1.9 ml",
            Tympanogram("A", -10, 0.68),
            Tympanogram("Ad", 5, 1.9),
        ),
    ],
)
def test_tympanometry_in_sentences_and_tables(line, right, left):
    assert parse_tympanometry(line) == {"right": right, "left": left}


def test_speech_results_in_tables_and_sentences_ignore_earlier_results():
    text = (
        "Ear     SRT        WRS (NU-6, 25 words)   Presentation level\n"
        "Right   30 dB HL   88%                    70 dB HL\n"
        "Left    35 dB HL   84%                    75 dB HL\n"
    )
    speech = parse_speech(text)
    assert (speech["right"].srt_db, speech["right"].wrs_percent, speech["right"].wrs_level_db) == (30, 88, 70)
    inline = parse_speech(
        "SRT: R 60 dB HL (masked); L 10 dB HL\nWRS (NU-6): R 44% at 90 dB HL (masked); "
        "L 100% at 50 dB HL\nComparison with 2024: WRS then R 80% / L 80%."
    )
    assert (inline["right"].wrs_percent, inline["left"].wrs_percent, inline["left"].wrs_level_db) == (
        44,
        100,
        50,
    )
    shared = parse_speech("SRT: R 10 dB HL; L 10 dB HL.  WRS: R 100%, L 96% at 50 dB HL")
    assert (shared["right"].wrs_level_db, shared["left"].wrs_percent) == (50, 96)


def test_asymmetry_flags_two_adjacent_frequencies_and_the_3k_rule():
    report = parse_report(
        "Freq (Hz) | R AC | L AC\n500 | 10 | 15\n1000 | 10 | 30\n2000 | 15 | 35\n4000 | 20 | 25\n"
    )
    assert interpret(report).asymmetry.significant
    assert interpret(report).asymmetry.worse_ear == "left"
    only_3k = parse_report("Freq (Hz) | R AC | L AC\n2000 | 20 | 25\n3000 | 45 | 25\n4000 | 40 | 35\n")
    assert interpret(only_3k).asymmetry.reason == "interaural difference ≥ 15 dB at 3000 Hz"
    one_freq = parse_report("Freq (Hz) | R AC | L AC\n1000 | 10 | 30\n2000 | 15 | 20\n4000 | 40 | 20\n")
    assert not interpret(one_freq).asymmetry.significant


LAYOUTS = {
    "kHz header": (
        "Frequency (kHz)   0.25  0.5  1  2  3  4  6  8\n"
        "Right AC   20 25 30 40 50 55 60 65\nLeft AC    20 20 30 35 45 55 65 70\n"
        "Right BC   - 20 30 40 45 50 - -\nLeft BC    - 20 25 35 45 50 - -"
    ),
    "1k, 2k and colons": (
        "Hz: 250 500 1k 2k 4k 8k\nR AC: 15 25 30 40 60 70\nL AC: 15 20 30 35 65 75\n"
        "R BC: - 20 30 35 55 -\nL BC: - 20 25 35 60 -"
    ),
    "markdown rows, bone not tested at the ends": (
        "| Hz | 250 | 500 | 1000 | 2000 | 4000 | 8000 |\n|---|---|---|---|---|---|---|\n"
        "| Right AC | 20 | 25 | 30 | 40 | 60 | 65 |\n| Left AC | 20 | 20 | 30 | 35 | 65 | 70 |\n"
        "| Right BC | | 20 | 30 | 35 | 55 | |\n| Left BC | | 20 | 25 | 35 | 60 | |"
    ),
    "markdown columns": (
        "| Frequency (Hz) | Right AC | Left AC | Right BC | Left BC |\n|---|---|---|---|---|\n"
        "| 500 | 25 | 20 | 20 | 20 |\n| 1000 | 30 | 30 | 30 | 25 |\n| 2000 | 40 | 35 | 35 | 35 |\n"
        "| 4000 | 60 | 65 | 55 | 60 |"
    ),
    "space-aligned columns in kHz": (
        "kHz     Right AC   Left AC   Right BC   Left BC\n0.5     25         20        20         20\n"
        "1       30         30        30         25\n2       40         35        35         35"
    ),
    "a table per ear": (
        "RIGHT EAR\nFrequency (Hz)  250  500  1000  2000  4000\nAC  20  25  30  40  60\n"
        "BC  -  20  30  35  55\n\nLEFT EAR\nFrequency (Hz)  250  500  1000  2000  4000\n"
        "AC  20  20  30  35  65\nBC  -  20  25  35  60"
    ),
    "columns per ear": (
        "Right ear:\nFrequency | AC | BC\n500 | 25 | 20\n1000 | 30 | 30\n2000 | 40 | 35\n"
        "Left ear:\nFrequency | AC | BC\n500 | 20 | 20\n1000 | 30 | 25\n2000 | 35 | 35"
    ),
    "written out": (
        "Right ear air conduction: 500 Hz 25 dB, 1000 Hz 30 dB, 2000 Hz 40 dB, 4000 Hz 60 dB.\n"
        "Left ear air conduction: 500 Hz 20 dB, 1000 Hz 30 dB, 2000 Hz 35 dB, 4000 Hz 65 dB.\n"
        "Right bone conduction: 500 Hz 20 dB, 1000 Hz 30 dB, 2000 Hz 35 dB.\n"
        "Left bone conduction: 20 dB at 500 Hz, 25 dB at 1 kHz, 35 dB at 2 kHz."
    ),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_audiogram_layouts_give_the_same_findings(layout):
    findings = interpret(parse_report(layout))
    assert (findings.right.pta_db, findings.left.pta_db) == (31.7, 28.3)
    assert (findings.right.loss_type, findings.left.loss_type) == ("sensorineural", "sensorineural")


@pytest.mark.parametrize(
    ("right", "left"),
    [
        ("AC (R)", "AC (L)"),
        ("R-AC", "L-AC"),
        ("RE AC", "LE AC"),
        ("AC Right ear", "AC Left ear"),
        ("AD", "AS"),
    ],
)
def test_row_labels_name_the_ear_in_the_ways_reports_do(right, left):
    report = f"Frequency (Hz)  500  1000  2000  4000\n{right}  25  30  40  60\n{left}  20  30  35  65"
    findings = interpret(parse_report(report))
    assert (findings.right.pta_db, findings.left.pta_db) == (31.7, 28.3)


def test_masked_and_no_response_cells_in_the_ways_audiometers_print_them():
    report = "Frequency (Hz)  500  1000  2000  8000\nRight AC  [25]  30M  40  >90\nLeft AC  20  30*  35  90+"
    air = parse_report(report).audiogram.air
    assert air["right"][500] == Threshold(25, masked=True) and air["right"][1000].masked
    assert air["right"][8000] == air["left"][8000] == Threshold(90, no_response=True)


def test_only_todays_thresholds_count_not_aided_real_ear_or_earlier_tables():
    today = "Frequency (Hz)  500  1000  2000  4000\nRight AC  25  30  40  60\nLeft AC  20  30  35  65\n"
    report = (
        "Audiogram (no previous results on file)\n"
        + today
        + "\nReal-ear measurement (dB SPL)\nFrequency (Hz)  500  1000  2000  4000\nRight  60  65  70  72\n"
        + "\nPREVIOUS AUDIOGRAM (03/2023)\nFrequency (Hz)  500  1000  2000  4000\nRight AC  10  10  20  40\n"
        + "\nAided thresholds (sound field)\nHz  500  1000  2000  4000\nAC  15  15  20  30"
    )
    findings = interpret(parse_report(report))
    assert (findings.right.pta_db, findings.left.pta_db) == (31.7, 28.3)
    columns = (
        "Freq (Hz) | R AC | L AC\n500 | 25 | 20\n1000 | 30 | 30\n2000 | 40 | 35\n\n"
        "Frequency (Hz) | Right target | Right measured\n500 | 60 | 58\n1000 | 65 | 66\n2000 | 70 | 69"
    )
    assert interpret(parse_report(columns)).right.pta_db == 31.7
    beside = "Freq (Hz) | R AC | L AC | R aided\n500 | 25 | 20 | 15\n1000 | 30 | 30 | 15\n2000 | 40 | 35 | 20"
    assert interpret(parse_report(beside)).right.pta_db == 31.7  # an aided column beside them is not read


def test_an_ear_named_further_up_does_not_head_a_later_table():
    report = (
        "Otoscopy\nRight:\nclear canal\nLeft:\nclear canal\n\nFrequency (Hz)  500  1000  2000  4000\n"
        "Right AC  25  30  40  60\nLeft AC  20  30  35  65\nBC (forehead)  20  30  35  55"
    )
    findings = interpret(parse_report(report))
    assert (findings.right.loss_type, findings.left.loss_type) == ("sensorineural", "sensorineural")


def test_prose_that_names_frequencies_is_no_audiogram_header():
    prose = "Hearing within normal limits 250-3000 Hz bilaterally with mild loss 4000-8000 Hz bilaterally."
    assert parse_report(prose + "\nRight AC 10 10 15 20").audiogram.empty


@pytest.mark.parametrize(
    ("line", "right", "left"),
    [
        ("Tympanometry: Type A bilaterally.", "A", "A"),
        ("Tympanometry revealed type As tympanograms in both ears.", "As", "As"),
        ("Tympanometry: Right: Type A, Left: Type B (flat)", "A", "B"),
        ("Right ear tympanometry: Type A; left ear tympanometry: Type C", "A", "C"),
        ("Tympanometry: Type A right, Type C left (-150 daPa)", "A", "C"),
        ("Immittance: Type A bilaterally.", "A", "A"),
    ],
)
def test_tympanogram_types_in_the_orders_reports_write_them(line, right, left):
    found = parse_tympanometry(line)
    assert (found["right"].stated_type, found["left"].stated_type) == (right, left)


@pytest.mark.parametrize(
    ("line", "right", "left"),
    [
        ("Tympanometry: R -20 daPa, 0.18 ml; L -35 daPa, 0.21 ml", "As", "As"),
        (
            "Tympanometry: right peak -150 daPa, compliance 0.5 ml; left peak 0 daPa, compliance 0.7 ml",
            "C",
            "A",
        ),
        ("Tympanometry: right no peak, 0.1 ml; left -10 daPa, 1.8 ml", "B", "Ad"),
    ],
)
def test_a_tympanogram_without_its_type_is_typed_from_its_values(line, right, left):
    findings = interpret(parse_report("Freq (Hz) | R AC | L AC\n500 | 10 | 10\n1000 | 10 | 10\n" + line))
    assert (findings.right.tympanometry_type, findings.left.tympanometry_type) == (right, left)
    assert findings.right.tympanometry_source == "computed"


def test_a_markdown_tympanometry_table():
    table = (
        "Tympanometry (226 Hz)\n| Ear | Type | Peak pressure | Compliance |\n|---|---|---|---|\n"
        "| Right | A | -10 daPa | 0.7 ml |\n| Left | C | -150 daPa | 0.5 ml |"
    )
    found = parse_tympanometry(table)
    assert found["right"] == Tympanogram("A", -10, 0.7) and found["left"] == Tympanogram("C", -150, 0.5)


def test_one_type_for_both_ears_keeps_each_ears_values():
    found = parse_tympanometry("Tympanometry: Type A bilaterally (R -5 daPa, 0.8 ml; L 0 daPa, 0.7 ml)")
    assert (found["right"].pressure_dapa, found["left"].compliance_ml) == (-5, 0.7)


@pytest.mark.parametrize(
    "line",
    [
        "SRT: 20 dB HL right, 25 dB HL left. Word recognition: 92% right, 88% left",
        "Speech reception threshold: right 20 dB HL, left 25 dB HL; word recognition: right 92%, left 88%",
        # word recognition under its other names
        "SRT: R 20 dB HL, L 25 dB HL. SDS: R 92% at 70 dB HL, L 88% at 75 dB HL",
        "SRT 20 dB HL right, 25 dB HL left; PB max: right 92%, left 88%",
        "SRT: right 20 dB HL, left 25 dB HL; Word discrimination 92% right, 88% left",
    ],
)
def test_speech_results_with_the_ear_before_or_after_the_value(line):
    speech = parse_speech(line)
    assert (speech["right"].srt_db, speech["left"].srt_db) == (20, 25)
    assert (speech["right"].wrs_percent, speech["left"].wrs_percent) == (92, 88)


def test_a_markdown_speech_table_with_units_in_its_header():
    table = (
        "| Ear | SRT (dB HL) | WRS (%) | Level (dB HL) |\n|---|---|---|---|\n"
        "| Right | 20 | 92 | 60 |\n| Left | 25 | 88 | 65 |"
    )
    speech = parse_speech(table)
    assert speech["right"] == Speech(20, 92, 60) and speech["left"] == Speech(25, 88, 65)


def test_one_speech_result_for_both_ears():
    speech = parse_speech("SRT 20 dB HL bilaterally; WRS 96% bilaterally at 60 dB HL")
    assert speech["left"] == speech["right"] == Speech(20, 96, 60)


@pytest.mark.parametrize(
    ("thresholds", "notch"),
    [
        # 4 kHz 35 dB below 1–2 kHz, recovering 25 dB by 8 kHz: the noise pattern.
        (ear(f1000=10, f2000=15, f3000=40, f4000=50, f6000=35, f8000=25), 4000),
        # The deepest of two qualifying frequencies.
        (ear(f1000=10, f2000=10, f3000=30, f4000=40, f6000=45, f8000=20), 6000),
        # Sloping to 8 kHz, as age-related loss does: no recovery, no notch.
        (ear(f1000=10, f2000=20, f3000=35, f4000=45, f6000=55, f8000=65), None),
        # Recovering by only 5 dB.
        (ear(f1000=10, f2000=15, f4000=50, f6000=50, f8000=45), None),
        # A dip that stays within normal hearing.
        (ear(f1000=0, f2000=5, f4000=20, f8000=5), None),
        # Nothing above to recover at: 8 kHz not tested.
        (ear(f1000=10, f2000=15, f4000=50), None),
        ({**ear(f1000=10, f2000=15, f4000=50, f6000=60), 8000: Threshold(90, no_response=True)}, None),
    ],
)
def test_noise_notch_by_coles_2000(thresholds, notch):
    assert noise_notch(thresholds) == notch


@pytest.mark.parametrize(
    ("thresholds", "region"),
    [
        (ear(f250=10, f500=10, f1000=10, f2000=15, f4000=35, f8000=40), "high-frequency"),
        (ear(f250=35, f500=15, f1000=10, f2000=10, f4000=10), "low-frequency"),
        (ear(f250=30, f500=10, f1000=10, f2000=10, f4000=40), "high- and low-frequency"),
        (ear(f500=10, f1000=25, f2000=15, f4000=40), None),  # the PTA frequencies are raised too
        (ear(f500=10, f1000=10, f2000=15, f4000=20), None),
    ],
)
def test_where_a_loss_the_pta_misses_lies(thresholds, region):
    assert raised_outside_pta(thresholds) == region


EXTENDED_HIGH = {
    "Hz": """Frequency (Hz)  250  500  1000  2000  4000  8000  10000  12500  16000
Right AC         10   10     5    10    15    20     35     50     NR
Left AC          10    5     5    10    10    15     15     20     20""",
    "kHz": """kHz       0.25  0.5  1   2   4   8   10  12.5  16
Right AC  10    10   5   10  15  20  35  50    NR
Left AC   10    5    5   10  10  15  15  20    20""",
    "11.2k": """Hz        250  500  1k  2k  4k  8k  11.2k  12.5k  16k
Right AC  10   10   5   10  15  20  35     50     NR
Left AC   10   5    5   10  10  15  15     20     20""",
}


@pytest.mark.parametrize("audiogram", EXTENDED_HIGH.values(), ids=EXTENDED_HIGH.keys())
def test_extended_high_frequencies_are_reported_beside_the_conventional_audiogram(audiogram):
    findings = interpret(parse_report(audiogram))
    right, left = findings.right, findings.left
    # Degree, type, NR and asymmetry keep to 250-8000 Hz, where their rules are defined.
    assert (right.loss_type, left.loss_type) == ("normal", "normal")
    assert right.no_response_hz == () and not findings.asymmetry.significant
    top = 11200 if "11.2k" in audiogram else 10000
    assert right.extended_high == ((top, 35.0), (12500, 50.0), (16000, None))
    assert (right.extended_high_raised, left.extended_high_raised) == (True, False)


def test_a_dead_ear_is_profound_and_its_type_stays_open():
    findings = interpret(
        parse_report(
            """Frequency (Hz) 250 500 1000 2000 4000 8000
Right AC NR NR NR NR NR NR
Left AC 15 15 10 15 15 20
Right BC (masked) NR NR NR NR NR -"""
        )
    )
    right = findings.right
    assert (right.pta_db, right.pta_includes_no_response, right.degree) == (120.0, True, "profound")
    assert right.loss_type is None and right.bone_no_response
    assert not findings.left.bone_no_response  # bone conduction was not tested on the left


def _cases():
    return [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_agrees_with_the_gold_fields_of_every_development_case(case):
    findings = interpret(parse_report("\n\n".join(d["text"] for d in case["documents"])))
    gold = case["gold"]
    for side in ("right", "left"):
        result = findings.ear(side)
        assert result.pta_db == gold[f"pta_{side}_db"]
        assert result.degree == gold[f"degree_{side}"]
        assert result.loss_type == gold[f"type_{side}"]
        assert result.tympanometry_type == gold[f"tympanometry_{side}"]
