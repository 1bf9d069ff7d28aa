"""Dates a service is given, checked against the windows of domain/calendar/bounds.py."""

from __future__ import annotations

from datetime import date

from kneecap.domain.calendar.bounds import DateWindow, problems
from kneecap.services.errors import Invalid


def check_dates(today: date, **checks: tuple[date | None, DateWindow]) -> None:
    """Raise Invalid naming every field whose date is outside its window."""
    found = problems(checks, today)
    if found:
        raise Invalid("Check the dates.", found)
