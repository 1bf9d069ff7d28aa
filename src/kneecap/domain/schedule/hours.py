"""Practitioners' working hours: blocks of wall-clock time in the clinic's zone, per weekday."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from kneecap.domain.schedule.errors import ScheduleError
from kneecap.domain.schedule.kinds import GRID
from kneecap.domain.schedule.zone import to_utc

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, order=True)
class HoursBlock:
    weekday: int  # 0 = Monday, as date.weekday()
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ScheduleError("A weekday is 0 (Monday) to 6 (Sunday).")
        if self.end <= self.start:
            raise ScheduleError(
                f"{WEEKDAYS[self.weekday]}: working hours must end after they start "
                f"({self.start:%H:%M}–{self.end:%H:%M}); split a night shift at midnight."
            )
        for t in (self.start, self.end):
            if t.second or t.microsecond or t.minute % (GRID.seconds // 60):
                raise ScheduleError(
                    f"{WEEKDAYS[self.weekday]}: use times on a {GRID.seconds // 60}-minute grid "
                    f"(got {t.isoformat()})."
                )


def check_hours(blocks: Iterable[HoursBlock]) -> tuple[HoursBlock, ...]:
    """Sorted blocks; overlapping blocks on one weekday are refused."""
    ordered = tuple(sorted(blocks))
    for a, b in pairwise(ordered):
        if a.weekday == b.weekday and b.start < a.end:
            raise ScheduleError(
                f"{WEEKDAYS[a.weekday]}: {a.start:%H:%M}–{a.end:%H:%M} overlaps "
                f"{b.start:%H:%M}–{b.end:%H:%M}."
            )
    return ordered


def parse_block(weekday: int, text: str) -> HoursBlock:
    """ "09:00-12:30" on a weekday."""
    try:
        start_s, end_s = (p.strip() for p in text.replace("–", "-").split("-"))
        return HoursBlock(weekday, time.fromisoformat(start_s), time.fromisoformat(end_s))
    except ScheduleError:
        raise
    except ValueError:
        raise ScheduleError(
            f"{WEEKDAYS[weekday]}: write hours as 09:00-17:00 (got {text!r})."
        ) from None


def open_windows(
    blocks: Sequence[HoursBlock], day: date, tz: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The UTC intervals a practitioner works on the clinic's `day`."""
    out = []
    for b in blocks:
        if b.weekday == day.weekday():
            start, end = to_utc(day, b.start, tz), to_utc(day, b.end, tz)
            if end > start:  # a block wholly inside the spring gap has no real time
                out.append((start, end))
    return out


def days(start: date, end: date) -> list[date]:
    """Every day from start up to and including end."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
