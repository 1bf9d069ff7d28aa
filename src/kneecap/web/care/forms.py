"""Form fields -> care values, with per-field errors for the page to show."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kneecap.domain.access.roles import Role
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Goal, PlanContent, PlannedVisit
from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.services.errors import Invalid

MODALITY_ROWS = 6
EXERCISE_ROWS = 6


def _num(values: Mapping[str, str], key: str, errors: dict[str, str]) -> float | None:
    raw = values.get(key, "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        errors[key] = f"Enter a number (got {raw!r})."
        return None


def _int(values: Mapping[str, str], key: str, errors: dict[str, str], default: int = 0) -> int:
    value = _num(values, key, errors)
    if value is not None and value != int(value):
        errors[key] = "Enter a whole number."
    return default if value is None else int(value)


def form_date(values: Mapping[str, str], key: str, errors: dict[str, str]) -> date:
    raw = values.get(key, "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[key] = "Enter a date as YYYY-MM-DD."
        return date.min


def plan_content_from_form(values: Mapping[str, str]) -> tuple[date, PlanContent]:
    errors: dict[str, str] = {}
    start = form_date(values, "start", errors)
    goals = tuple(
        Goal(line.strip()) for line in values.get("goals", "").splitlines() if line.strip()
    )
    modalities = []
    for i in range(MODALITY_ROWS):
        kind = values.get(f"m{i}_modality", "")
        if not kind:
            continue
        modalities.append(
            ModalityPrescription(
                Modality(kind),
                values.get(f"m{i}_area", "knee"),
                _num(values, f"m{i}_dose", errors),
                _int(values, f"m{i}_per_week", errors, 1),
                _int(values, f"m{i}_weeks", errors, 6),
                values.get(f"m{i}_side", "both"),
                values.get(f"m{i}_notes", "").strip(),
            )
        )
    visits = []
    for n, line in enumerate(values.get("visits", "").splitlines(), start=1):
        parts = line.split(maxsplit=2)
        if not parts:
            continue
        try:
            visits.append(
                PlannedVisit(
                    date.fromisoformat(parts[0]), Role(parts[1]), parts[2] if len(parts) > 2 else ""
                )
            )
        except (ValueError, IndexError):
            errors["visits"] = f"Line {n}: write 'YYYY-MM-DD lmt|chiropractor purpose'."
    if errors:
        raise Invalid("Please correct the highlighted fields.", errors)
    return start, PlanContent(goals, tuple(modalities), tuple(visits))


def prescriptions_from_form(values: Mapping[str, str]) -> list[ExercisePrescription]:
    errors: dict[str, str] = {}
    items = []
    for i in range(EXERCISE_ROWS):
        exercise = values.get(f"x{i}_exercise", "")
        if not exercise:
            continue
        items.append(
            ExercisePrescription(
                exercise,
                _int(values, f"x{i}_sets", errors, 3),
                _int(values, f"x{i}_reps", errors, 10),
                _int(values, f"x{i}_hold", errors, 0),
                _num(values, f"x{i}_load_kg", errors),
                values.get(f"x{i}_load_note", "").strip(),
                _int(values, f"x{i}_days", errors, 3),
            )
        )
    if errors:
        raise Invalid("Please correct the highlighted fields.", errors)
    return items


def optional_int(values: Mapping[str, str], key: str) -> int | None:
    errors: dict[str, str] = {}
    value = _num(values, key, errors)
    if errors:
        raise Invalid(errors[key], errors)
    return None if value is None else int(value)
