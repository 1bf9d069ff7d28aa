"""Home-programme exercise library, kept as data in data/exercises.json."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from kneecap.domain.care.errors import ExerciseLibraryError
from kneecap.domain.care.modalities import Modality


class Category(StrEnum):
    STRENGTH = "strength"
    STRETCH = "stretch"
    MOBILITY = "mobility"

    @property
    def modality(self) -> Modality:
        """The plan modality that covers prescribing this kind of exercise (for scope checks)."""
        return Modality.STRENGTHENING if self is Category.STRENGTH else Modality.STRETCHING


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int
    reps: int  # 0 for pure holds
    hold_seconds: int
    load: str
    days_per_week: int


@dataclass(frozen=True, slots=True)
class Step:
    """Where to go next (progression) or back (regression): exercise ids and/or free text."""

    ids: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    category: Category
    region: str
    purpose: str
    cues: tuple[str, ...]
    default_dose: Dose
    progression: Step
    regression: Step
    source: str | None


class ExerciseLibrary:
    """Exercises by id, in the data file's order."""

    def __init__(self, exercises: Sequence[Exercise]) -> None:
        validate_library(exercises)
        self._by_id = {e.id: e for e in exercises}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise ExerciseLibraryError(
                f"No exercise {exercise_id!r} in the library; pick one from the list."
            ) from None


def validate_library(exercises: Sequence[Exercise]) -> None:
    ids = [e.id for e in exercises]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ExerciseLibraryError(f"Duplicate exercise ids: {', '.join(duplicates)}.")
    known = set(ids)
    for exercise in exercises:
        if not exercise.cues:
            raise ExerciseLibraryError(f"Exercise {exercise.id!r} has no cues.")
        for step_name, step in (
            ("progression", exercise.progression),
            ("regression", exercise.regression),
        ):
            for target in step.ids:
                if target not in known:
                    raise ExerciseLibraryError(
                        f"Exercise {exercise.id!r} {step_name} points to unknown {target!r}."
                    )
                if target == exercise.id:
                    raise ExerciseLibraryError(f"Exercise {exercise.id!r} progresses to itself.")


def _exercise(raw: dict[str, Any]) -> Exercise:
    return Exercise(
        id=raw["id"],
        name=raw["name"],
        category=Category(raw["category"]),
        region=raw["region"],
        purpose=raw["purpose"],
        cues=tuple(raw["cues"]),
        default_dose=Dose(**raw["default_dose"]),
        progression=Step(tuple(raw["progression"]["ids"]), raw["progression"]["text"]),
        regression=Step(tuple(raw["regression"]["ids"]), raw["regression"]["text"]),
        source=raw.get("source"),
    )


@cache
def load_library() -> ExerciseLibrary:
    """The library shipped in the package (parsed once)."""
    text = resources.files("kneecap.domain.care").joinpath("data/exercises.json").read_text("utf-8")
    return ExerciseLibrary([_exercise(raw) for raw in json.loads(text)["exercises"]])
