"""Interpret parsed audiometry with published rules. Each function names its source."""

from __future__ import annotations

import math

from echo_notes.ai.audiology.model import (
    EARS,
    NORMAL_AIR_LIMIT,
    Asymmetry,
    Audiogram,
    AudiologyFindings,
    Ear,
    EarFindings,
    ParsedReport,
    Threshold,
    Tympanogram,
)

PTA_FREQUENCIES = (500, 1000, 2000)
WHO_FREQUENCIES = (500, 1000, 2000, 4000)
CONVENTIONAL_TOP = 8000
"""The conventional audiogram ends at 8 kHz; degree, type, notch and asymmetry rules are defined on it, and
extended high frequencies (ototoxicity monitoring, early noise damage) are reported beside it."""


def conventional(thresholds: dict[int, Threshold]) -> dict[int, Threshold]:
    return {hz: t for hz, t in thresholds.items() if hz <= CONVENTIONAL_TOP}


def extended_high(thresholds: dict[int, Threshold]) -> tuple[tuple[int, float | None], ...]:
    """Thresholds above 8 kHz as (Hz, dB HL), ``None`` for no response, in frequency order."""
    return tuple(
        (hz, None if t.no_response else t.value)
        for hz, t in sorted(thresholds.items())
        if hz > CONVENTIONAL_TOP and (t.value is not None or t.no_response)
    )


def round_half_up(value: float, digits: int = 0) -> float:
    """Clinical rounding (33.35 → 33.4), not Python's banker's rounding."""
    scale = 10**digits
    return float(math.floor(value * scale + 0.5) / scale)


def pure_tone_average(
    thresholds: dict[int, Threshold], frequencies: tuple[int, ...]
) -> tuple[float | None, bool]:
    """Mean air-conduction threshold over ``frequencies`` (ASHA 2005, *Guidelines for manual pure-tone
    threshold audiometry*: PTA = mean of 500, 1000, 2000 Hz). NR counts at the equipment limit; the flag
    says so, since the true average is then higher."""
    values = [thresholds.get(f) for f in frequencies]
    if any(v is None or v.value is None for v in values):
        return None, False
    total = sum(v.value for v in values if v is not None and v.value is not None)
    return round_half_up(total / len(values), 1), any(v.no_response for v in values if v is not None)


def degree(pta_db: float | None) -> str | None:
    """ASHA degree of hearing loss (Clark, J. G. 1981, *Uses and abuses of hearing loss classification*,
    ASHA 23:493–500) of the PTA rounded to a whole dB: −10–15 normal, 16–25 slight, 26–40 mild,
    41–55 moderate, 56–70 moderately severe, 71–90 severe, 91+ profound."""
    if pta_db is None:
        return None
    value = round_half_up(pta_db)
    for upper, name in (
        (15, "normal"),
        (25, "slight"),
        (40, "mild"),
        (55, "moderate"),
        (70, "moderately severe"),
        (90, "severe"),
    ):
        if value <= upper:
            return name
    return "profound"


def who_grade(pta4_db: float | None) -> str | None:
    """WHO grade of hearing loss (World Report on Hearing, WHO 2021, Table 1.1) from the 0.5/1/2/4 kHz
    average: <20 normal, 20–<35 mild, 35–<50 moderate, 50–<65 moderately severe, 65–<80 severe,
    80–<95 profound, ≥95 complete."""
    if pta4_db is None:
        return None
    for upper, name in (
        (20, "normal"),
        (35, "mild"),
        (50, "moderate"),
        (65, "moderately severe"),
        (80, "severe"),
        (95, "profound"),
    ):
        if pta4_db < upper:
            return name
    return "complete"


NORMAL_PTA_LIMIT = 15
NORMAL_BONE_LIMIT = 15
SIGNIFICANT_GAP = 15


def air_bone_gap(air: dict[int, Threshold], bone: dict[int, Threshold]) -> tuple[float | None, float | None]:
    """Mean air–bone gap and mean bone threshold at the PTA frequencies where both are measured (a bone NR
    leaves the gap unknown at that frequency, so it is left out)."""
    gaps, bones = [], []
    for freq in PTA_FREQUENCIES:
        a, b = air.get(freq), bone.get(freq)
        if (
            a is not None
            and b is not None
            and a.measured
            and b.measured
            and a.value is not None
            and b.value is not None
        ):
            gaps.append(a.value - b.value)
            bones.append(b.value)
    if not gaps:
        return None, None
    return round_half_up(sum(gaps) / len(gaps), 1), round_half_up(sum(bones) / len(bones), 1)


def loss_type(
    air: dict[int, Threshold], bone: dict[int, Threshold], pta_db: float | None
) -> tuple[str | None, float | None]:
    """Type of loss from the air–bone gap (ASHA 2015 audiogram interpretation; Goodhill 1979):
    normal when every air threshold is ≤ 20 dB HL and the PTA ≤ 15; else a mean gap ≥ 15 dB at the PTA
    frequencies with normal bone conduction (≤ 15) is conductive, with raised bone conduction mixed, and a
    gap < 15 dB sensorineural. Degree and type are independent: a notch can make a normal-PTA ear
    sensorineural. Without any bone conduction, raised air thresholds are reported as sensorineural only
    when no gap can be measured — the usual screening assumption — so this returns ``None`` instead."""
    if pta_db is None:
        return None, None
    measured = [t.value for t in air.values() if t.value is not None]
    if measured and max(measured) <= NORMAL_AIR_LIMIT and pta_db <= NORMAL_PTA_LIMIT:
        return "normal", None
    gap, bone_mean = air_bone_gap(air, bone)
    if gap is None or bone_mean is None:
        return None, None
    if gap >= SIGNIFICANT_GAP:
        return ("conductive" if bone_mean <= NORMAL_BONE_LIMIT else "mixed"), gap
    return "sensorineural", gap


def tympanogram_type(tymp: Tympanogram) -> tuple[str | None, str | None]:
    """Jerger type (Jerger 1970, *Clinical experience with impedance audiometry*, Arch Otolaryngol 92:311),
    with adult norms of ASHA (1997, *Guidelines for audiologic screening*): the type a report states wins;
    otherwise no peak → B; peak pressure ≤ −100 daPa → C; compliance < 0.3 ml → As; > 1.5 ml → Ad;
    else A."""
    if tymp.stated_type:
        return tymp.stated_type, "stated"
    if tymp.no_peak:
        return "B", "computed"
    if tymp.pressure_dapa is None or tymp.compliance_ml is None:
        return None, None
    if tymp.pressure_dapa <= -100:
        return "C", "computed"
    if tymp.compliance_ml < 0.3:
        return "As", "computed"
    if tymp.compliance_ml > 1.5:
        return "Ad", "computed"
    return "A", "computed"


def asymmetry(audiogram: Audiogram) -> Asymmetry:
    """Asymmetry that warrants retrocochlear investigation (MRI of the internal auditory canals):
    an interaural air-conduction difference of ≥ 15 dB at two or more adjacent frequencies (AAO-HNS 1993
    criterion, as used in the Charing Cross protocol, Clin Otolaryngol 2009), or ≥ 15 dB at 3 kHz
    alone ("rule 3000", Saliba et al. 2009, Otol Neurotol 30:515)."""
    right, left = conventional(audiogram.air["right"]), conventional(audiogram.air["left"])
    freqs = sorted(
        f for f in right.keys() & left.keys() if right[f].value is not None and left[f].value is not None
    )
    differing: list[int] = []
    diffs: dict[int, float] = {}
    for freq in freqs:
        diff = (right[freq].value or 0) - (left[freq].value or 0)
        diffs[freq] = diff
        if abs(diff) >= 15:
            differing.append(freq)
    adjacent = [f for i, f in enumerate(freqs[:-1]) if f in differing and freqs[i + 1] in differing]
    reason = None
    if adjacent:
        reason = "interaural difference ≥ 15 dB at two or more adjacent frequencies"
    elif 3000 in differing:
        reason = "interaural difference ≥ 15 dB at 3000 Hz"
    if reason is None:
        return Asymmetry(False, None, tuple(differing), None)
    mean = sum(diffs[f] for f in differing) / len(differing)
    return Asymmetry(True, "right" if mean > 0 else "left", tuple(differing), reason)


NOTCH_FREQUENCIES = (3000, 4000, 6000)
NOTCH_DEPTH = 10


def noise_notch(air: dict[int, Threshold]) -> int | None:
    """The notch of noise exposure (Coles, Lutman & Buffin 2000, *Guidelines on the diagnosis of
    noise-induced hearing loss for medicolegal purposes*, Clin Otolaryngol 25:264–273, requirement R2): the
    threshold at 3, 4 or 6 kHz at least 10 dB worse than at 1 or 2 kHz and than at 6 or 8 kHz above it.
    The recovery at the top of the range is what age-related loss lacks, so an NR there (no recovery to
    see) is no notch; nor is a dip that stays within normal hearing (≤ 20 dB HL). The deepest such
    frequency."""

    def level(hz: int) -> float | None:
        threshold = air.get(hz)
        return threshold.value if threshold is not None and threshold.measured else None

    below = [v for hz in (1000, 2000) if (v := level(hz)) is not None]
    deepest: tuple[float, int] | None = None
    for hz in NOTCH_FREQUENCIES:
        value = level(hz)
        above = [v for f in (6000, 8000) if f > hz and (v := level(f)) is not None]
        if value is None or not below or not above or value <= NORMAL_AIR_LIMIT:
            continue
        deep = value - min(below) >= NOTCH_DEPTH and value - min(above) >= NOTCH_DEPTH
        if deep and (deepest is None or value > deepest[0]):
            deepest = (value, hz)
    return deepest[1] if deepest else None


def raised_outside_pta(air: dict[int, Threshold]) -> str | None:
    """Which end of the range a loss the PTA misses lies at (thresholds above 20 dB HL only beyond
    500–2000 Hz): clinicians name it "high-frequency" or "low-frequency" loss."""
    raised = {hz for hz, t in air.items() if t.value is not None and t.value > NORMAL_AIR_LIMIT}
    if not raised or raised & set(range(PTA_FREQUENCIES[0], PTA_FREQUENCIES[-1] + 1)):
        return None
    high, low = any(hz > PTA_FREQUENCIES[-1] for hz in raised), any(hz < PTA_FREQUENCIES[0] for hz in raised)
    return "high- and low-frequency" if high and low else "high-frequency" if high else "low-frequency"


def _bone_no_response(bone: dict[int, Threshold]) -> bool:
    tested = [bone[hz] for hz in PTA_FREQUENCIES if hz in bone]
    return bool(tested) and all(t.no_response for t in tested)


def interpret(report: ParsedReport) -> AudiologyFindings:
    audiogram = report.audiogram
    per_ear: dict[Ear, EarFindings] = {}
    for ear in EARS:
        air = conventional(audiogram.air[ear])
        pta, with_nr = pure_tone_average(air, PTA_FREQUENCIES)
        pta4, _ = pure_tone_average(air, WHO_FREQUENCIES)
        kind, gap = loss_type(air, audiogram.bone[ear], pta)
        tymp_type, tymp_source = tympanogram_type(report.tympanometry.get(ear, Tympanogram()))
        speech = report.speech.get(ear)
        per_ear[ear] = EarFindings(
            pta_db=pta,
            pta4_db=pta4,
            degree=degree(pta),
            who_grade=who_grade(pta4),
            loss_type=kind,
            air_bone_gap_db=gap,
            tympanometry_type=tymp_type,
            tympanometry_source=tymp_source,  # type: ignore[arg-type]
            srt_db=speech.srt_db if speech else None,
            wrs_percent=speech.wrs_percent if speech else None,
            pta_includes_no_response=with_nr,
            no_response_hz=tuple(sorted(hz for hz, t in air.items() if t.no_response)),
            notch_hz=noise_notch(air),
            raised_outside_pta=raised_outside_pta(air),
            bone_no_response=_bone_no_response(audiogram.bone[ear]),
            extended_high=extended_high(audiogram.air[ear]),
        )
    return AudiologyFindings(per_ear["right"], per_ear["left"], asymmetry(audiogram), not audiogram.empty)
