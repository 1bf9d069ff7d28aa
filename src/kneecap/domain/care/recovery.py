"""Recovery schedule: the plan's strength, mobility, rest and run days as dated events.

A week template names what each weekday holds; `suggest_week` spreads strength days with a day
between them (clinic convention: let the tissues recover between loaded sessions), puts runs on
the other days, and keeps at least one full rest day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum

from kneecap.domain.calendar.events import DatedEvent


class DayKind(StrEnum):
    STRENGTH = "strength"
    MOBILITY = "mobility"
    REST = "rest"
    RUN = "run"


TITLES = {
    DayKind.STRENGTH: "Home programme: strength",
    DayKind.MOBILITY: "Home programme: mobility and stretching",
    DayKind.REST: "Rest day",
    DayKind.RUN: "Easy run (within your pain limit)",
}

WeekTemplate = Mapping[int, tuple[DayKind, ...]]  # weekday 0 = Monday


def suggest_week(strength_days: int, run_days: int = 0) -> dict[int, tuple[DayKind, ...]]:
    """Spread strength days, add run days, keep >= 1 rest day; mobility on the remaining days."""
    if not 0 <= strength_days <= 4:
        raise ValueError(
            f"strength_days must be 0 to 4 to leave a day between (got {strength_days})."
        )
    if not 0 <= run_days <= 6 - strength_days:
        raise ValueError(
            f"run_days must be 0 to {6 - strength_days} so one day stays free (got {run_days})."
        )
    strength = [0, 2, 4, 6][:strength_days]  # Mon, Wed, Fri, Sun
    free = [d for d in range(7) if d not in strength]
    rest = free[-1]  # the last free weekday (Saturday when strength is Mon/Wed/Fri)
    runs = [d for d in free if d != rest][:run_days]
    week: dict[int, tuple[DayKind, ...]] = {}
    for day in range(7):
        if day == rest:
            week[day] = (DayKind.REST,)
        elif day in strength:
            week[day] = (DayKind.STRENGTH, DayKind.RUN) if day in runs else (DayKind.STRENGTH,)
        elif day in runs:
            week[day] = (DayKind.RUN, DayKind.MOBILITY)
        else:
            week[day] = (DayKind.MOBILITY,)
    return week


def recovery_events(
    *,
    plan_id: int,
    start: date,
    weeks: int,
    template: WeekTemplate,
    details: Mapping[DayKind, str] | None = None,
) -> list[DatedEvent]:
    """All-day events from `start` for `weeks` weeks; keys are stable per plan, date and kind."""
    if weeks < 1:
        raise ValueError(f"weeks must be 1 or more (got {weeks}).")
    bad = [d for d in template if not 0 <= d <= 6]
    if bad:
        raise ValueError(f"Weekdays run 0 (Monday) to 6 (Sunday); got {bad}.")
    events: list[DatedEvent] = []
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        for kind in template.get(day.weekday(), ()):
            events.append(
                DatedEvent(
                    key=f"care-plan-{plan_id}-{day.isoformat()}-{kind.value}",
                    title=TITLES[kind],
                    on=day,
                    description=(details or {}).get(kind, ""),
                    category=kind.value,
                )
            )
    return events
