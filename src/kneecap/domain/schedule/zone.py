"""The clinic's time zone: every time is stored in UTC and shown in the clinic's zone.

zoneinfo (IANA database) knows the daylight-saving rules. A wall time that happens twice
(clocks go back) is read as its first occurrence (fold=0); one that never happens (clocks go
forward) is moved forward by the gap, as zoneinfo does with fold=0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from kneecap.domain.schedule.errors import ScheduleError

DEFAULT_ZONE = "UTC"


def zone(name: str) -> ZoneInfo:
    """The IANA zone of that name; a clear refusal for anything else."""
    name = name.strip()
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        raise ScheduleError("Give the clinic's time zone as an IANA name, e.g. Europe/London.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"{name!r} is not a time zone name: use an IANA name such as America/New_York."
        ) from None


def zone_names() -> list[str]:
    return sorted(n for n in available_timezones() if "/" in n or n == "UTC")


def to_utc(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time of the clinic on `day`, as UTC."""
    local = datetime.combine(day, wall, tzinfo=tz)
    # Round-trip through UTC: a time in the spring gap comes back as the real instant after it.
    return local.astimezone(UTC)


def to_local(at: datetime, tz: ZoneInfo) -> datetime:
    if at.tzinfo is None:
        raise ValueError("a naive datetime has no instant; store and pass UTC")
    return at.astimezone(tz)


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where the clinic's `day` starts and the next one starts (23, 24 or 25
    hours apart)."""
    return to_utc(day, time(0), tz), to_utc(day + timedelta(days=1), time(0), tz)
