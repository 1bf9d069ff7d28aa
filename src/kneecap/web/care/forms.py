"""Form fields -> care values, with per-field errors for the page to show."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kneecap.domain.access.roles import Role
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import CarePlan, Goal, PlanContent, PlannedVisit
from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.services.errors import Invalid
from kneecap.web import form_values as fv

MODALITY_ROWS = 6
EXERCISE_ROWS = 6


def form_date(values: Mapping[str, str], key: str, errors: dict[str, str]) -> date:
    return fv.day(values, key, errors) or date.min


def plan_form_values(plan: CarePlan) -> dict[str, str]:
    """The plan as the form's fields (plan_content_from_form reads them back), so the amend
    form starts from what the plan says now."""
    values = {
        "start": plan.start.isoformat(),
        "goals": "\n".join(g.description for g in plan.content.goals),
        "visits": "\n".join(
            f"{v.on.isoformat()} {v.provider_role.value} {v.purpose}".rstrip()
            for v in plan.content.planned_visits
        ),
    }
    for i, m in enumerate(plan.content.modalities[:MODALITY_ROWS]):
        values.update({
            f"m{i}_modality": m.modality.value, f"m{i}_area": m.area,
            f"m{i}_dose": f"{m.dose:g}" if m.dose is not None else "",
            f"m{i}_per_week": str(m.per_week), f"m{i}_weeks": str(m.weeks),
            f"m{i}_side": m.side, f"m{i}_notes": m.notes,
        })  # fmt: skip
    return values


def plan_content_from_form(values: Mapping[str, str]) -> tuple[date, PlanContent]:
    errors: dict[str, str] = {}
    start = form_date(values, "start", errors)
    goals = tuple(
        Goal(line.strip()) for line in values.get("goals", "").splitlines() if line.strip()
    )
    modalities = []
    for i in range(MODALITY_ROWS):
        if not values.get(f"m{i}_modality", ""):
            continue
        kind = fv.choice(Modality, values, f"m{i}_modality", errors)
        if kind is None:
            continue
        modalities.append(
            ModalityPrescription(
                kind,
                values.get(f"m{i}_area", "knee"),
                fv.number(values, f"m{i}_dose", errors),
                fv.whole(values, f"m{i}_per_week", errors, 1),
                fv.whole(values, f"m{i}_weeks", errors, 6),
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
                fv.whole(values, f"x{i}_sets", errors, 3),
                fv.whole(values, f"x{i}_reps", errors, 10),
                fv.whole(values, f"x{i}_hold", errors, 0),
                fv.number(values, f"x{i}_load_kg", errors),
                values.get(f"x{i}_load_note", "").strip(),
                fv.whole(values, f"x{i}_days", errors, 3),
            )
        )
    if errors:
        raise Invalid("Please correct the highlighted fields.", errors)
    return items


def optional_int(values: Mapping[str, str], key: str) -> int | None:
    errors: dict[str, str] = {}
    value = fv.optional_whole(values, key, errors)
    if errors:
        raise Invalid(errors[key], errors)
    return value
