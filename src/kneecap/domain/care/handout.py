"""What goes on a client hand-out: plain-language plan and the exercises with cues and doses.

Built here (pure) so every renderer (PDF, HTML) prints the same content. No diagnosis appears,
and the care is said with what it is for (modalities.client_view), never an evidence verdict.
The service passes the plan and programme as the client may see them (co-signed text only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kneecap.domain.care.adherence import PAIN_DURING_ACCEPTABLE_MAX
from kneecap.domain.care.exercises import ExerciseLibrary
from kneecap.domain.care.modalities import client_view
from kneecap.domain.care.plan import CarePlan
from kneecap.domain.care.prescriptions import HomeProgramme

PAIN_GUIDE = (
    f"Some discomfort while exercising is fine: up to {PAIN_DURING_ACCEPTABLE_MAX} out of 10. "
    f"Above {PAIN_DURING_ACCEPTABLE_MAX}, ease off. If the knee is worse the next morning than "
    "the morning before, do less next time and tell your therapist."
)  # pain-monitoring model, Silbernagel et al. 2007


@dataclass(frozen=True, slots=True)
class HandoutExercise:
    name: str
    purpose: str
    cues: tuple[str, ...]
    dose: str
    notes: str


@dataclass(frozen=True, slots=True)
class Handout:
    clinic_name: str
    client_name: str
    issued_on: date
    programme_start: date
    programme_end: date
    goals: tuple[str, ...]
    care_items: tuple[str, ...]
    exercises: tuple[HandoutExercise, ...]
    pain_guide: str = PAIN_GUIDE


def build_handout(
    *,
    plan: CarePlan,
    programme: HomeProgramme,
    library: ExerciseLibrary,
    clinic_name: str,
    client_name: str,
    issued_on: date,
) -> Handout:
    exercises = tuple(
        HandoutExercise(
            name=(exercise := library.get(item.exercise_id)).name,
            purpose=exercise.purpose,
            cues=exercise.cues,
            dose=item.describe(),
            notes=item.notes,
        )
        for item in programme.prescriptions
    )
    return Handout(
        clinic_name=clinic_name,
        client_name=client_name,
        issued_on=issued_on,
        programme_start=programme.start,
        programme_end=programme.end,
        goals=tuple(g.description for g in plan.content.goals),
        care_items=tuple(
            f"{v.description}. {v.purpose}" if v.purpose else v.description
            for v in map(client_view, plan.content.modalities)
        ),
        exercises=exercises,
    )
