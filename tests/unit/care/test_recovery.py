from datetime import date

import pytest

from kneecap.domain.care.recovery import DayKind, recovery_events, suggest_week

MONDAY = date(2025, 3, 3)


def test_suggest_week_spreads_strength_and_keeps_a_rest_day() -> None:
    week = suggest_week(strength_days=3, run_days=2)
    strength = [d for d, kinds in week.items() if DayKind.STRENGTH in kinds]
    assert strength == [0, 2, 4]
    assert [d for d, kinds in week.items() if DayKind.REST in kinds] == [6]
    assert sum(DayKind.RUN in kinds for kinds in week.values()) == 2
    with pytest.raises(ValueError, match="strength_days"):
        suggest_week(strength_days=5)


def test_recovery_events_dated_with_stable_keys() -> None:
    events = recovery_events(
        plan_id=7,
        start=MONDAY,
        weeks=2,
        template=suggest_week(3, 2),
        details={DayKind.STRENGTH: "Clamshell 3x12"},
    )
    # per week: 3 strength + 2 run days that also hold mobility (x2) + 1 mobility + 1 rest = 9
    assert len(events) == 18
    first = events[0]
    assert (first.on, first.category, first.description) == (MONDAY, "strength", "Clamshell 3x12")
    assert first.key == "care-plan-7-2025-03-03-strength"
    again = recovery_events(plan_id=7, start=MONDAY, weeks=2, template=suggest_week(3, 2))
    assert [e.key for e in again] == [e.key for e in events]
