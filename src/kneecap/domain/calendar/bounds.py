"""How far from today a date in a client's record may lie, so a slip of the keyboard
(0001-01-01, 2206 for 2026) is refused with a message instead of stored.

Kneecap's own bounds, not a clinical rule: a log entry records something that happened in
the runner's current care (up to two years back, never ahead); a plan, programme or race is
set within a year back (a plan written after it started) and three years ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DateWindow:
    days_back: int
    days_ahead: int
    what: str  # "a logged day", "a planned date"

    def problem(self, day: date, today: date) -> str | None:
        """What is wrong with `day`, in words for the person who entered it; None if fine."""
        earliest = today - timedelta(days=self.days_back)
        latest = today + timedelta(days=self.days_ahead)
        if day < earliest:
            return f"{day.isoformat()} is too long ago for {self.what}: use {earliest} or later."
        if day > latest:
            if self.days_ahead == 0:
                return f"{day.isoformat()} is in the future: {self.what} cannot be."
            return f"{day.isoformat()} is too far ahead for {self.what}: use {latest} or earlier."
        return None


LOGGED = DateWindow(days_back=2 * 365, days_ahead=0, what="a logged day")
PLANNED = DateWindow(days_back=365, days_ahead=3 * 365, what="a planned date")


def problems(checks: dict[str, tuple[date | None, DateWindow]], today: date) -> dict[str, str]:
    """Field -> problem for every date outside its window (None dates are skipped)."""
    found = {}
    for name, (day, window) in checks.items():
        problem = window.problem(day, today) if day is not None else None
        if problem:
            found[name] = problem
    return found
