from datetime import date

import pytest

from kneecap.domain.outcomes.schedule import due_dates, next_due


def test_due_dates_every_three_weeks_by_default() -> None:
    assert due_dates(date(2025, 1, 6), date(2025, 2, 17)) == [
        date(2025, 1, 6),
        date(2025, 1, 27),
        date(2025, 2, 17),
    ]


def test_due_dates_configurable_interval() -> None:
    assert due_dates(date(2025, 1, 6), date(2025, 2, 2), every_weeks=2) == [
        date(2025, 1, 6),
        date(2025, 1, 20),
    ]


def test_due_dates_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="every_weeks"):
        due_dates(date(2025, 1, 6), date(2025, 2, 2), every_weeks=0)
    with pytest.raises(ValueError, match="before intake"):
        due_dates(date(2025, 2, 6), date(2025, 1, 2))


def test_next_due_skips_slots_already_covered_even_if_late() -> None:
    intake = date(2025, 1, 6)
    assert next_due(intake, []) == intake
    # Intake done, 3-week form filled 4 days late: next is week 6.
    assert next_due(intake, [date(2025, 1, 6), date(2025, 1, 31)]) == date(2025, 2, 17)
    # Week-3 form never filled: it stays due (overdue).
    assert next_due(intake, [date(2025, 1, 6)]) == date(2025, 1, 27)
