"""Intake and history: filled by the client or a practitioner before the examination.

The service computes `age_years` from the date of birth and today's date (the domain has no
clock); `days_since_onset` likewise. Every dataclass validates itself on construction and raises
ClinicalValidationError naming each field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kneecap.domain.clinical.errors import FieldProblem, check
from kneecap.domain.clinical.side import Laterality, Side

MAX_AGE_YEARS = 120
MAX_WEEKLY_HOURS = 60.0  # more than ~8.5 h a day of sport is a typing error, not a history
MAX_WEEKLY_KM = 500.0


class Onset(StrEnum):
    TRAUMATIC = "traumatic"  # a specific injury: fall, blow, twist
    SUDDEN = "sudden"  # came on at once without an injury
    GRADUAL = "gradual"  # built up over days or weeks (typical of PFP)


class Mechanism(StrEnum):
    """How it started; BLUNT_TRAUMA and FALL are what the Pittsburgh rule asks about."""

    BLUNT_TRAUMA = "blunt_trauma"
    FALL = "fall"
    TWISTING = "twisting"
    LANDING = "landing"
    OVERUSE = "overuse"
    NONE_KNOWN = "none_known"

    @property
    def is_blunt_trauma_or_fall(self) -> bool:
        return self in (Mechanism.BLUNT_TRAUMA, Mechanism.FALL)


class TrainingChangeKind(StrEnum):
    MORE_DISTANCE = "more_distance"
    MORE_SPEED_WORK = "more_speed_work"
    MORE_HILLS = "more_hills"
    NEW_SHOES = "new_shoes"
    NEW_SURFACE = "new_surface"
    NEW_SPORT = "new_sport"
    RETURN_AFTER_BREAK = "return_after_break"
    OTHER = "other"


@dataclass(frozen=True)
class PastEvent:
    """An earlier injury or operation on the lower limb."""

    description: str
    side: Laterality
    year: int | None = None

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        if not self.description.strip():
            problems.append(FieldProblem("description", "describe the injury or operation"))
        if self.year is not None and not 1900 <= self.year <= 2200:
            problems.append(FieldProblem("year", f"{self.year} is not a plausible year"))
        check(problems)

    def involves(self, side: Side) -> bool:
        return self.side is Laterality.UNSPECIFIED or side in self.side.sides()


@dataclass(frozen=True)
class SportVolume:
    sport: str
    hours_per_week: float
    km_per_week: float | None = None  # for running, cycling, etc.

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        if not self.sport.strip():
            problems.append(FieldProblem("sport", "name the sport"))
        if not 0 <= self.hours_per_week <= MAX_WEEKLY_HOURS:
            problems.append(
                FieldProblem("hours_per_week", f"must be 0 to {MAX_WEEKLY_HOURS:g} hours a week")
            )
        if self.km_per_week is not None and not 0 <= self.km_per_week <= MAX_WEEKLY_KM:
            problems.append(
                FieldProblem("km_per_week", f"must be 0 to {MAX_WEEKLY_KM:g} km a week")
            )
        check(problems)


@dataclass(frozen=True)
class TrainingChange:
    kind: TrainingChangeKind
    weeks_ago: int
    detail: str = ""

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        if self.weeks_ago < 0:
            problems.append(FieldProblem("weeks_ago", "cannot be negative"))
        if self.kind is TrainingChangeKind.OTHER and not self.detail.strip():
            problems.append(FieldProblem("detail", "say what changed when choosing 'other'"))
        check(problems)


@dataclass(frozen=True)
class MedicalScreen:
    """History and signs asked at intake for the red flags beyond the symptom screen
    (red_flags.py names the source of each). None means not asked, so an intake stored before
    these questions existed reads as "not asked", never as "no"."""

    history_of_cancer: bool | None = None
    immunosuppressed: bool | None = None  # immunosuppressive drugs, chemotherapy, HIV, ...
    recent_knee_injection_or_surgery: bool | None = (
        None  # an injection into / operation on the knee
    )
    # Wells 1997 risk items: major surgery in the last 4 weeks, bedridden > 3 days, leg in plaster
    recent_surgery_or_immobilisation: bool | None = None
    calf_swelling_or_tenderness: bool | None = None
    numbness_or_circulation_change: bool | None = None  # tingling, cold / pale / blue foot
    deformity_or_kneecap_out_of_place: bool | None = None  # visible deformity, patellar dislocation


@dataclass(frozen=True)
class Intake:
    age_years: int
    complaint_side: Laterality
    onset: Onset
    mechanism: Mechanism
    days_since_onset: int
    previous_injuries: tuple[PastEvent, ...] = ()
    previous_surgery: tuple[PastEvent, ...] = ()
    sports: tuple[SportVolume, ...] = ()
    recent_changes: tuple[TrainingChange, ...] = ()
    goals: tuple[str, ...] = field(default=())
    medical: MedicalScreen = MedicalScreen()

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        if not 0 <= self.age_years <= MAX_AGE_YEARS:
            problems.append(FieldProblem("age_years", f"must be 0 to {MAX_AGE_YEARS}"))
        if self.days_since_onset < 0:
            problems.append(FieldProblem("days_since_onset", "cannot be in the future"))
        if self.onset is Onset.TRAUMATIC and self.mechanism in (
            Mechanism.OVERUSE,
            Mechanism.NONE_KNOWN,
        ):
            problems.append(
                FieldProblem("mechanism", "a traumatic onset needs the injury mechanism")
            )
        if any(not g.strip() for g in self.goals):
            problems.append(FieldProblem("goals", "remove empty goals"))
        check(problems)

    def surgery_on(self, side: Side) -> bool:
        return any(s.involves(side) for s in self.previous_surgery)
