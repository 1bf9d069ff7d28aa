"""Open slots: a practitioner's working windows minus their booked visits.

A slot starts on every STEP from the start of a window and fits wholly inside it; slots of
one practitioner may overlap each other (the client chooses one). Slots before `earliest`
(now plus the notice period, for clients) are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kneecap.domain.schedule.appointments import overlaps
from kneecap.domain.schedule.errors import ScheduleError
from kneecap.domain.schedule.hours import HoursBlock, days, open_windows
from kneecap.domain.schedule.kinds import AppointmentKind, Mode

STEP = timedelta(minutes=15)
MAX_DAYS = 62  # one request asks for at most about two months of slots


EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2199, 12, 31)  # Kneecap's bounds


def day_span(first: date, last: date | None, days: int = 7) -> tuple[date, date]:
    """first..last (default: `days` days from first), both inside Kneecap's calendar, last not
    before first and at most MAX_DAYS apart."""
    for name, day in (("from", first), ("to", last)):
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ScheduleError(
                f"'{name}' {day.isoformat()} is outside {EARLIEST_DAY.year}–"
                f"{LATEST_DAY.year}: give a day of the clinic's calendar."
            )
    if last is None:
        last = min(first + timedelta(days=days - 1), LATEST_DAY)
    if last < first:
        raise ScheduleError("'to' is before 'from': give from ≤ to.")
    if (last - first).days >= MAX_DAYS:
        raise ScheduleError(f"Ask for at most {MAX_DAYS} days at once.")
    return first, last


@dataclass(frozen=True)
class Slot:
    practitioner_id: int
    kind: AppointmentKind
    mode: Mode
    starts_at: datetime
    ends_at: datetime


def open_slots(
    *,
    practitioner_id: int,
    blocks: Sequence[HoursBlock],
    booked: Sequence[tuple[datetime, datetime]],
    first: date,
    last: date,
    tz: ZoneInfo,
    kind: AppointmentKind,
    mode: Mode,
    earliest: datetime,
    step: timedelta = STEP,
) -> list[Slot]:
    length = kind.length
    out: list[Slot] = []
    for day in days(first, last):
        for w_start, w_end in open_windows(blocks, day, tz):
            at = w_start
            while at + length <= w_end:
                end = at + length
                if at >= earliest and not any(overlaps(at, end, s, e) for s, e in booked):
                    out.append(Slot(practitioner_id, kind, mode, at, end))
                at += step
    return out
