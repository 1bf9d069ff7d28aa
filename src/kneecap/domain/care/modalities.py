"""The clinic's conservative modalities and the parameters each one needs.

Ranges below are data-entry guard rails set by the clinic (they catch typos such as 200 minutes of
ice), not clinical rules from the literature: change them here if the clinic works differently.
Evidence for each modality is information only; see evidence.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneecap.domain.care.errors import ModalityParameterError


class Modality(StrEnum):
    RELATIVE_REST = "relative_rest"  # rest / activity modification
    ICE_HEAT = "ice_heat"
    MASSAGE = "massage_therapy"
    CHIROPRACTIC_ADJUSTMENT = "chiropractic_adjustment"
    MICROCURRENT = "frequency_specific_microcurrent"
    STRENGTHENING = "strengthening"
    STRETCHING = "stretching"
    ORTHOTICS = "orthotics"
    KINESIOLOGY_TAPING = "kinesiology_taping"


LOWER_LIMB = frozenset({"knee", "patellofemoral", "thigh", "hip", "lower_leg", "ankle_foot"})


@dataclass(frozen=True, slots=True)
class ModalityRule:
    label: str
    areas: frozenset[str]
    dose_unit: str | None  # None: the modality takes no dose (e.g. an adjustment)
    dose_range: tuple[float, float] | None
    per_week_range: tuple[int, int]
    weeks_range: tuple[int, int]


MODALITY_RULES: dict[Modality, ModalityRule] = {
    Modality.RELATIVE_REST: ModalityRule(
        "Relative rest / activity modification", LOWER_LIMB | {"running"},
        "% reduction of the aggravating activity", (10, 100), (1, 7), (1, 12)),
    Modality.ICE_HEAT: ModalityRule(
        "Ice or heat", LOWER_LIMB, "minutes per application", (5, 20), (1, 21), (1, 12)),
    Modality.MASSAGE: ModalityRule(
        "Massage therapy", LOWER_LIMB | {"lumbar", "pelvis"}, "minutes per session", (15, 90),
        (1, 3), (1, 12)),
    Modality.CHIROPRACTIC_ADJUSTMENT: ModalityRule(
        "Chiropractic adjustment", frozenset({"lumbar", "pelvis", "hip", "knee", "ankle_foot"}),
        None, None, (1, 3), (1, 12)),
    Modality.MICROCURRENT: ModalityRule(
        "Frequency-specific microcurrent", LOWER_LIMB, "minutes per session", (10, 60), (1, 3),
        (1, 12)),
    Modality.STRENGTHENING: ModalityRule(
        "Strengthening (hip and knee)", LOWER_LIMB | {"trunk"}, "sessions per day", (1, 2),
        (1, 7), (2, 26)),
    Modality.STRETCHING: ModalityRule(
        "Stretching", LOWER_LIMB, "seconds per hold", (15, 120), (1, 14), (1, 26)),
    Modality.ORTHOTICS: ModalityRule(
        "Foot orthoses", frozenset({"ankle_foot"}), "hours worn per day", (1, 16), (1, 7), (1, 26)),
    Modality.KINESIOLOGY_TAPING: ModalityRule(
        "Kinesiology taping", LOWER_LIMB, "days per application", (1, 5), (1, 7), (1, 12)),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ModalityPrescription:
    """One modality in a care plan: where, how much, how often, for how long."""

    modality: Modality
    area: str
    dose: float | None
    per_week: int
    weeks: int
    side: str = "both"  # left | right | both
    notes: str = ""

    @property
    def label(self) -> str:
        return MODALITY_RULES[self.modality].label

    def describe(self) -> str:
        rule = MODALITY_RULES[self.modality]
        dose = (
            f"{self.dose:g} {rule.dose_unit}, " if self.dose is not None and rule.dose_unit else ""
        )
        side = "" if self.side == "both" else f" ({self.side})"
        return (
            f"{rule.label}, {self.area}{side}: {dose}{self.per_week}x/week for {self.weeks} weeks"
        )


SIDES = ("left", "right", "both")


def _check_range(value: float, bounds: tuple[float, float], field: str, what: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise ModalityParameterError(
            f"{what} must be between {low:g} and {high:g} (got {value:g}).", field=field
        )


def validate_modality(item: ModalityPrescription) -> ModalityPrescription:
    """Check the item against its modality's rule; return it unchanged or raise with the field."""
    rule = MODALITY_RULES[item.modality]
    if item.area not in rule.areas:
        raise ModalityParameterError(
            f"{rule.label} cannot be planned for area {item.area!r}; "
            f"choose one of {', '.join(sorted(rule.areas))}.",
            field="area",
        )
    if item.side not in SIDES:
        raise ModalityParameterError(
            f"Side must be one of {', '.join(SIDES)} (got {item.side!r}).", field="side"
        )
    if rule.dose_range is None:
        if item.dose is not None:
            raise ModalityParameterError(
                f"{rule.label} takes no dose; leave it empty.", field="dose"
            )
    elif item.dose is None:
        raise ModalityParameterError(
            f"{rule.label} needs a dose in {rule.dose_unit}.", field="dose"
        )
    else:
        _check_range(item.dose, rule.dose_range, "dose", f"{rule.label} dose ({rule.dose_unit})")
    _check_range(item.per_week, rule.per_week_range, "per_week", f"{rule.label} times per week")
    _check_range(item.weeks, rule.weeks_range, "weeks", f"{rule.label} duration in weeks")
    return item
