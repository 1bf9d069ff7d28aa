"""When outcome questionnaires are due: at intake, then every few weeks (clinic setting)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

# ~6-week programmes are typical for PFP (shared/CLINICAL.md); measuring every 3 weeks gives
# intake, mid-point and end. A clinic setting, not a clinical rule.
DEFAULT_EVERY_WEEKS = 3


def due_dates(intake: date, until: date, *, every_weeks: int = DEFAULT_EVERY_WEEKS) -> list[date]:
    """Intake and every `every_weeks` after it, up to and including `until`."""
    if every_weeks < 1:
        raise ValueError(f"every_weeks must be 1 or more (got {every_weeks}).")
    if until < intake:
        raise ValueError(f"The schedule ends ({until}) before intake ({intake}); swap the dates.")
    step = timedelta(weeks=every_weeks)
    dates: list[date] = []
    current = intake
    while current <= until:
        dates.append(current)
        current += step
    return dates


def next_due(
    intake: date,
    completed_on: Iterable[date] = (),
    *,
    every_weeks: int = DEFAULT_EVERY_WEEKS,
) -> date:
    """The earliest scheduled date not yet covered by a completed measurement.

    A measurement counts for a due date when it was taken within half an interval of it, so a form
    filled a few days late still covers that slot. A result before today means overdue.
    """
    if every_weeks < 1:
        raise ValueError(f"every_weeks must be 1 or more (got {every_weeks}).")
    half = timedelta(days=every_weeks * 7 / 2)
    done = sorted(completed_on)
    due = intake
    step = timedelta(weeks=every_weeks)
    while True:
        if not any(abs(d - due) < half for d in done):
            return due
        due += step
