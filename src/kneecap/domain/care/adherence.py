"""Home-programme adherence and pain trend from the client's session logs (pure).

Pain guidance follows the pain-monitoring model (Silbernagel et al. 2007, shared/CLINICAL.md):
pain during exercise up to 5/10 is acceptable, above 5 is too much, and next-morning pain that is
worse than the previous morning means the load should come down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from kneecap.domain.care.prescriptions import HomeProgramme, SessionLog
from kneecap.domain.outcomes.change import Change, compare

PAIN_DURING_ACCEPTABLE_MAX = 5  # Silbernagel 2007: > 5/10 during activity is too much


@dataclass(frozen=True, slots=True)
class ExerciseAdherence:
    exercise_id: str
    expected: float
    completed: int


@dataclass(frozen=True, slots=True)
class Adherence:
    start: date
    end: date
    expected: float  # exercise-sessions prescribed in the window (days/week x days/7 each)
    completed: float  # exercise-sessions done, each exercise capped at its expected count
    ratio: float | None  # completed / expected; None when nothing was due in the window
    per_exercise: tuple[ExerciseAdherence, ...]


def adherence(
    programme: HomeProgramme, logs: Sequence[SessionLog], *, start: date, end: date
) -> Adherence:
    """Completed vs prescribed exercise-sessions over [start, end], clipped to the programme.

    Extra sessions of one exercise do not make up for skipping another, hence the cap.
    """
    if end < start:
        raise ValueError(f"The window ends ({end}) before it starts ({start}).")
    first, last = max(start, programme.start), min(end, programme.end)
    days = max((last - first).days + 1, 0)
    in_window = [
        log for log in logs if log.programme_id == programme.id and first <= log.on <= last
    ]
    rows: list[ExerciseAdherence] = []
    for item in programme.prescriptions:
        done_days = {log.on for log in in_window if item.exercise_id in log.exercises_done}
        rows.append(
            ExerciseAdherence(item.exercise_id, item.days_per_week * days / 7, len(done_days))
        )
    expected = sum(r.expected for r in rows)
    completed = sum(min(r.completed, r.expected) for r in rows)
    return Adherence(
        start=first,
        end=last,
        expected=expected,
        completed=completed,
        ratio=completed / expected if expected > 0 else None,
        per_exercise=tuple(rows),
    )


@dataclass(frozen=True, slots=True)
class PainTrend:
    field: str
    dates: tuple[date, ...]
    values: tuple[int, ...]
    slope_per_week: float | None  # least-squares slope; negative = pain easing
    first_week_mean: float | None
    last_week_mean: float | None
    change: Change | None  # last vs first week, read against the pain MCID
    too_much_days: tuple[date, ...]  # pain during > 5/10
    worse_next_morning_days: tuple[date, ...]  # next-morning pain above the previous morning


def pain_trend(logs: Sequence[SessionLog], *, field: str = "pain_during") -> PainTrend:
    if field not in ("pain_during", "pain_next_morning"):
        raise ValueError("field must be 'pain_during' or 'pain_next_morning'.")
    points = sorted(
        ((log.on, value) for log in logs if (value := getattr(log, field)) is not None),
    )
    dates = tuple(d for d, _ in points)
    values = tuple(int(v) for _, v in points)
    slope = first_mean = last_mean = None
    change = None
    if len(points) >= 2 and dates[0] != dates[-1]:
        x = np.array([(d - dates[0]).days for d in dates], dtype=float)
        slope = float(np.polyfit(x, np.array(values, dtype=float), 1)[0] * 7)
        week = timedelta(days=7)
        first = [v for d, v in points if d < dates[0] + week]
        last = [v for d, v in points if d > dates[-1] - week]
        first_mean, last_mean = float(np.mean(first)), float(np.mean(last))
        if dates[-1] - dates[0] >= week:
            change = compare("nprs_usual", first_mean, last_mean, baseline_on=dates[0],
                             latest_on=dates[-1])  # fmt: skip
    too_much = tuple(
        d for d, v in points if field == "pain_during" and v > PAIN_DURING_ACCEPTABLE_MAX
    )
    worse_morning = tuple(
        points[i][0]
        for i in range(1, len(points))
        if field == "pain_next_morning" and points[i][1] > points[i - 1][1]
    )
    return PainTrend(field, dates, values, slope, first_mean, last_mean, change, too_much,
                     worse_morning)  # fmt: skip
