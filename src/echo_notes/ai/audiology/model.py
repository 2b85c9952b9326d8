"""Parsed measurements and their interpretation, per ear."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Ear = Literal["right", "left"]
EARS: tuple[Ear, Ear] = ("right", "left")
NORMAL_AIR_LIMIT = 20
"""The highest air-conduction threshold (dB HL) of normal hearing at any one frequency."""


@dataclass(frozen=True)
class Threshold:
    """One threshold in dB HL. ``no_response`` (NR): nothing heard up to ``value`` (the equipment limit)."""

    value: float | None
    masked: bool = False
    no_response: bool = False

    @property
    def measured(self) -> bool:
        return self.value is not None and not self.no_response


@dataclass
class Audiogram:
    air: dict[Ear, dict[int, Threshold]] = field(default_factory=lambda: {"right": {}, "left": {}})
    bone: dict[Ear, dict[int, Threshold]] = field(default_factory=lambda: {"right": {}, "left": {}})
    bone_unspecified_ear: bool = False
    """Unmasked bone conduction recorded once for both ears (forehead): it reflects the better cochlea."""

    @property
    def empty(self) -> bool:
        return not any(self.air[ear] for ear in ("right", "left"))


@dataclass(frozen=True)
class Tympanogram:
    stated_type: str | None = None
    pressure_dapa: float | None = None
    compliance_ml: float | None = None
    ear_canal_volume_ml: float | None = None
    no_peak: bool = False


@dataclass(frozen=True)
class Speech:
    srt_db: float | None = None
    wrs_percent: float | None = None
    wrs_level_db: float | None = None


@dataclass
class ParsedReport:
    audiogram: Audiogram
    tympanometry: dict[Ear, Tympanogram]
    speech: dict[Ear, Speech]


@dataclass(frozen=True)
class EarFindings:
    pta_db: float | None
    """Mean air conduction at 0.5, 1 and 2 kHz, to 0.1 dB."""
    pta4_db: float | None
    """Mean at 0.5, 1, 2 and 4 kHz (the WHO average)."""
    degree: str | None
    who_grade: str | None
    loss_type: str | None
    air_bone_gap_db: float | None
    tympanometry_type: str | None
    tympanometry_source: Literal["stated", "computed"] | None
    srt_db: float | None
    wrs_percent: float | None
    pta_includes_no_response: bool = False
    no_response_hz: tuple[int, ...] = ()
    """Air-conduction frequencies with no response at the equipment limit (NR)."""
    notch_hz: int | None = None
    """The high-frequency notch of noise exposure, where the audiogram has one."""
    raised_outside_pta: str | None = None
    """Where thresholds beyond the normal range lie when none of the PTA frequencies' do: "high-frequency"
    (above 2 kHz), "low-frequency" (below 500 Hz) or "high- and low-frequency"."""
    bone_no_response: bool = False
    """Bone conduction tested at the PTA frequencies with no response at any of them."""
    extended_high: tuple[tuple[int, float | None], ...] = ()
    """Air conduction above 8 kHz as (Hz, dB HL), ``None`` where there was no response."""

    @property
    def extended_high_raised(self) -> bool:
        """Any extended high frequency beyond the normal range (> 20 dB HL) or without a response."""
        return any(value is None or value > NORMAL_AIR_LIMIT for _, value in self.extended_high)


@dataclass(frozen=True)
class Asymmetry:
    significant: bool
    worse_ear: Ear | None
    frequencies_hz: tuple[int, ...]
    reason: str | None


@dataclass(frozen=True)
class AudiologyFindings:
    right: EarFindings
    left: EarFindings
    asymmetry: Asymmetry
    has_audiogram: bool

    def ear(self, ear: Ear) -> EarFindings:
        return self.right if ear == "right" else self.left

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AudiologyFindings:
        """Rebuild from ``dataclasses.asdict`` output (graph state is stored as plain data)."""
        asym = data["asymmetry"]
        return cls(
            right=EarFindings(**_ear(data["right"])),
            left=EarFindings(**_ear(data["left"])),
            asymmetry=Asymmetry(
                asym["significant"], asym["worse_ear"], tuple(asym["frequencies_hz"]), asym["reason"]
            ),
            has_audiogram=data["has_audiogram"],
        )


def _ear(data: dict[str, Any]) -> dict[str, Any]:
    """Stored findings are JSON, where tuples come back as lists."""
    return {
        **data,
        "no_response_hz": tuple(data.get("no_response_hz", ())),
        "extended_high": tuple((hz, value) for hz, value in data.get("extended_high", ())),
    }
