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
from kneecap.domain.schedule.hours import HoursBlock, days, open_windows
from kneecap.domain.schedule.kinds import AppointmentKind, Mode

STEP = timedelta(minutes=15)
MAX_DAYS = 62  # one request asks for at most about two months of slots


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
