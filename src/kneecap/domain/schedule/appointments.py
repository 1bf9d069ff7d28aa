"""An appointment and the rules for changing it.

Times are UTC instants. A client may book, move or cancel only while the visit (and, when
moving, the new time) starts at least the clinic's notice period from now; staff may always.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from kneecap.domain.schedule.errors import ScheduleError, TooLate
from kneecap.domain.schedule.kinds import GRID, AppointmentKind, Mode


class State(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Appointment:
    id: int  # 0 until stored
    clinic_id: int
    practitioner_id: int  # a user of the clinic (LMT or chiropractor)
    client_id: int
    kind: AppointmentKind
    mode: Mode
    starts_at: datetime
    ends_at: datetime
    state: State = State.BOOKED
    video_link: str = ""
    booked_by: int | None = None
    plan_id: int | None = None  # the care plan whose planned visit this books
    reminded_at: datetime | None = None

    @property
    def length(self) -> timedelta:
        return self.ends_at - self.starts_at


@dataclass(frozen=True)
class ClinicRules:
    """A clinic's scheduling settings."""

    time_zone: str = "UTC"
    notice: timedelta = timedelta(hours=24)  # clients change visits at least this far ahead
    reminder: timedelta = timedelta(hours=24)  # the reminder goes this long before a visit

    def __post_init__(self) -> None:
        for name, value in (("notice", self.notice), ("reminder", self.reminder)):
            if value < timedelta(0) or value > timedelta(days=30):
                raise ScheduleError(f"The {name} period must be between 0 and 30 days.")


def on_grid(at: datetime) -> bool:
    at = at.astimezone(UTC)
    return at.second == 0 and at.microsecond == 0 and at.minute % (GRID.seconds // 60) == 0


def check_times(starts_at: datetime, length: timedelta) -> datetime:
    """The visit's end; starts off the grid or of no length are refused."""
    if starts_at.tzinfo is None:
        raise ScheduleError("Give times with their offset (e.g. 2026-03-02T09:00:00+00:00).")
    if not on_grid(starts_at):
        raise ScheduleError(
            f"Appointments start on a {GRID.seconds // 60}-minute grid; choose an open slot."
        )
    if length <= timedelta(0) or length % GRID:
        raise ScheduleError(f"A length must be a whole number of {GRID.seconds // 60} minutes.")
    return starts_at + length


def cells(starts_at: datetime, ends_at: datetime) -> list[datetime]:
    """The grid steps a visit covers: one database lock row each, so two visits of one
    practitioner can never share a step."""
    out = []
    at = starts_at.astimezone(UTC)
    while at < ends_at:
        out.append(at)
        at += GRID
    return out


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def require_notice(starts_at: datetime, now: datetime, notice: timedelta, what: str) -> None:
    """A client's change must come at least `notice` before the visit starts."""
    if starts_at - now < notice:
        hours = notice.total_seconds() / 3600
        raise TooLate(
            f"{what} is within the clinic's notice period ({hours:g} hours before the visit); "
            "call or message the clinic instead."
        )
