"""Home-programme prescriptions (sets, reps, hold, load, days per week) and session logs.

Dose bounds are the clinic's data-entry guard rails (catching typos), not clinical rules.
Pain bounds follow the 0-10 numeric rating used throughout Kneecap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import PrescriptionError, SessionLogError
from kneecap.domain.care.exercises import ExerciseLibrary
from kneecap.domain.care.scope import require_can_prescribe, require_permission

LIMITS: dict[str, tuple[float, float]] = {
    "sets": (1, 10),
    "reps": (0, 50),
    "hold_seconds": (0, 180),
    "load_kg": (0, 200),
    "days_per_week": (1, 7),
}


@dataclass(frozen=True, slots=True)
class ExercisePrescription:
    exercise_id: str
    sets: int
    reps: int
    hold_seconds: int = 0
    load_kg: float | None = None  # None: body weight or band (see load_note)
    load_note: str = ""
    days_per_week: int = 3
    notes: str = ""

    def describe(self) -> str:
        parts = [f"{self.sets} x {self.reps}" if self.reps else f"{self.sets} x hold"]
        if self.hold_seconds:
            parts.append(f"hold {self.hold_seconds} s")
        if self.load_kg:
            parts.append(f"{self.load_kg:g} kg")
        if self.load_note:
            parts.append(self.load_note)
        parts.append(f"{self.days_per_week} days/week")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class HomeProgramme:
    id: int  # 0 until stored
    client_id: int
    plan_id: int
    prescribed_by: str
    start: date
    end: date
    prescriptions: tuple[ExercisePrescription, ...]


@dataclass(frozen=True, slots=True)
class SessionLog:
    """The client's tick for one day: which exercises were done and how the knee felt."""

    programme_id: int
    on: date
    exercises_done: tuple[str, ...]
    pain_during: int | None = None
    pain_next_morning: int | None = None
    note: str = ""


def validate_prescription(
    item: ExercisePrescription, library: ExerciseLibrary
) -> ExercisePrescription:
    if item.exercise_id not in library:
        raise PrescriptionError(
            f"No exercise {item.exercise_id!r} in the library; pick one from the list.",
            field="exercise_id",
        )
    values: dict[str, float] = {
        "sets": item.sets,
        "reps": item.reps,
        "hold_seconds": item.hold_seconds,
        "days_per_week": item.days_per_week,
    }
    if item.load_kg is not None:
        values["load_kg"] = item.load_kg
    for field, value in values.items():
        low, high = LIMITS[field]
        if isinstance(value, bool) or not low <= value <= high:
            raise PrescriptionError(
                f"{field.replace('_', ' ').capitalize()} must be between {low:g} and {high:g} "
                f"(got {value!r}).",
                field=field,
            )
    if item.reps == 0 and item.hold_seconds == 0:
        raise PrescriptionError(
            "Give repetitions, a hold time, or both; both are zero.", field="reps"
        )
    return item


def prescribe_programme(
    *,
    programme_id: int,
    client_id: int,
    plan_id: int,
    prescribed_by: str,
    prescriber_role: Role,
    start: date,
    end: date,
    prescriptions: Sequence[ExercisePrescription],
    library: ExerciseLibrary,
) -> HomeProgramme:
    """Validate every prescription and the prescriber's scope (strengthening is the
    chiropractor's; an LMT may give stretches and mobility work)."""
    require_permission(prescriber_role, Action.HOME_PROGRAMME_PRESCRIBE)
    if end < start:
        raise PrescriptionError(
            f"The programme ends ({end}) before it starts ({start}).", field="end"
        )
    if not prescriptions:
        raise PrescriptionError(
            "A home programme needs at least one exercise.", field="prescriptions"
        )
    seen: set[str] = set()
    for item in prescriptions:
        validate_prescription(item, library)
        if item.exercise_id in seen:
            raise PrescriptionError(
                f"Exercise {item.exercise_id!r} is prescribed twice; keep one line per exercise.",
                field="exercise_id",
            )
        seen.add(item.exercise_id)
        require_can_prescribe(prescriber_role, library.get(item.exercise_id).category.modality)
    return HomeProgramme(
        programme_id, client_id, plan_id, prescribed_by, start, end, tuple(prescriptions)
    )


def log_session(
    programme: HomeProgramme,
    *,
    on: date,
    exercises_done: Sequence[str] | None = None,
    pain_during: int | None = None,
    pain_next_morning: int | None = None,
    note: str = "",
) -> SessionLog:
    """Build a validated log; `exercises_done=None` means the whole programme was done."""
    if not programme.start <= on <= programme.end:
        raise SessionLogError(
            f"{on} is outside the programme ({programme.start} to {programme.end})."
        )
    prescribed = [p.exercise_id for p in programme.prescriptions]
    done = tuple(prescribed if exercises_done is None else exercises_done)
    unknown = [e for e in done if e not in prescribed]
    if unknown:
        raise SessionLogError(
            f"{', '.join(unknown)} is not in this programme; tick only its exercises."
        )
    for name, value in (("pain during", pain_during), ("next-morning pain", pain_next_morning)):
        if value is not None and (isinstance(value, bool) or not 0 <= value <= 10):
            raise SessionLogError(f"Rate {name} from 0 (none) to 10 (worst) (got {value!r}).")
    return SessionLog(programme.id, on, done, pain_during, pain_next_morning, note)
