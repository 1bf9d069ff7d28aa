"""The clinic's conservative modalities, the parameters each one needs, and what each is for.

Ranges below are data-entry guard rails set by the clinic (they catch typos such as 200 minutes of
ice), not clinical rules from the literature: change them here if the clinic works differently.
Evidence for each modality is the clinicians' information (evidence.py); the client sees the
plain-language purpose instead (client_view), never an evidence verdict beside prescribed care.
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
    KINESIOLOGY_TAPING = "kinesiology_taping"  # elastic tape
    PATELLAR_TAPING = "patellar_taping"  # rigid (McConnell-type) tape: its evidence differs
    EDUCATION = "education"  # about the condition, load management and what to expect
    GAIT_RETRAINING = "gait_retraining"  # running-form changes with feedback


LOWER_LIMB = frozenset({"knee", "patellofemoral", "thigh", "hip", "lower_leg", "ankle_foot"})


@dataclass(frozen=True, slots=True)
class ModalityRule:
    label: str
    areas: frozenset[str]
    dose_unit: str | None  # None: the modality takes no dose (e.g. an adjustment)
    dose_range: tuple[float, float] | None
    per_week_range: tuple[int, int]
    weeks_range: tuple[int, int]
    purpose: str = ""  # for the client, in plain words (Kneecap's own)


MODALITY_RULES: dict[Modality, ModalityRule] = {
    Modality.RELATIVE_REST: ModalityRule(
        "Relative rest / activity modification", LOWER_LIMB | {"running"},
        "% reduction of the aggravating activity", (10, 100), (1, 7), (1, 12),
        "Doing less of what flares the knee for a while, so it can settle while you keep "
        "moving."),
    Modality.ICE_HEAT: ModalityRule(
        "Ice or heat", LOWER_LIMB, "minutes per application", (5, 20), (1, 21), (1, 12),
        "Ice or heat to ease pain and stiffness after activity."),
    Modality.MASSAGE: ModalityRule(
        "Massage therapy", LOWER_LIMB | {"lumbar", "pelvis"}, "minutes per session", (15, 90),
        (1, 3), (1, 12), "Hands-on work on the muscles around the hip and knee to ease tension "
        "and pain, alongside your exercises."),
    Modality.CHIROPRACTIC_ADJUSTMENT: ModalityRule(
        "Chiropractic adjustment", frozenset({"lumbar", "pelvis", "hip", "knee", "ankle_foot"}),
        None, None, (1, 3), (1, 12), "Hands-on treatment of the joints, given together with "
        "your exercise programme."),
    Modality.MICROCURRENT: ModalityRule(
        "Frequency-specific microcurrent", LOWER_LIMB, "minutes per session", (10, 60), (1, 3),
        (1, 12), "A very low electrical current applied through pads, chosen by your "
        "chiropractor as part of your care."),
    Modality.STRENGTHENING: ModalityRule(
        "Strengthening (hip and knee)", LOWER_LIMB | {"trunk"}, "sessions per day", (1, 2),
        (1, 7), (2, 26), "Exercises that make the hip and thigh muscles stronger, so the knee "
        "copes with running, stairs and squats again."),
    Modality.STRETCHING: ModalityRule(
        "Stretching", LOWER_LIMB, "seconds per hold", (15, 120), (1, 14), (1, 26),
        "Stretches for muscles that feel tight around the hip, thigh and calf."),
    Modality.ORTHOTICS: ModalityRule(
        "Foot orthoses", frozenset({"ankle_foot"}), "hours worn per day", (1, 16), (1, 7), (1, 26),
        "Shoe inserts that support the foot, for short-term relief while you build strength."),
    Modality.KINESIOLOGY_TAPING: ModalityRule(
        "Kinesiology taping", LOWER_LIMB, "days per application", (1, 5), (1, 7), (1, 12),
        "Stretchy tape on the skin around the knee that some people find eases pain during "
        "activity."),
    Modality.PATELLAR_TAPING: ModalityRule(
        "Patellar taping (rigid)", frozenset({"patellofemoral", "knee"}), "days per application",
        (1, 3), (1, 7), (1, 6), "Firm tape on the kneecap to ease pain in the short term, so you "
        "can do your exercises and activities."),
    Modality.EDUCATION: ModalityRule(
        "Education", LOWER_LIMB | {"running"}, "minutes per session", (5, 60), (1, 3), (1, 12),
        "Understanding the kneecap pain, how much activity the knee can take and how to adjust "
        "it, and what recovery usually looks like."),
    Modality.GAIT_RETRAINING: ModalityRule(
        "Gait retraining (running)", frozenset({"running"}), "minutes of running with feedback",
        (5, 45), (1, 4), (1, 12), "Changing how you run (for example a slightly quicker step) "
        "with feedback, to take load off the kneecap."),
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
            f"{self.dose:g} {dose_unit(rule.dose_unit, self.dose)}, "
            if self.dose is not None and rule.dose_unit
            else ""
        )
        side = "" if self.side == "both" else f" ({self.side})"
        return (
            f"{rule.label}, {self.area}{side}: {dose}{self.per_week}x/week for {self.weeks} weeks"
        )


SIDES = ("left", "right", "both")


def dose_unit(unit: str, dose: float) -> str:
    """The unit as it reads after the dose: "1 session per day", "2 sessions per day"."""
    if dose != 1:
        return unit
    first, _, rest = unit.partition(" ")
    if first.endswith("s") and first != "%":
        first = first[:-1]
    return f"{first} {rest}".strip()


@dataclass(frozen=True, slots=True)
class ClientModalityView:
    """What a client sees of a prescribed modality: no evidence verdict, the plain purpose."""

    label: str
    description: str  # dose, frequency and duration
    purpose: str


def client_view(item: ModalityPrescription) -> ClientModalityView:
    return ClientModalityView(item.label, item.describe(), MODALITY_RULES[item.modality].purpose)


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
