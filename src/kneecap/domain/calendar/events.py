"""A dated event: the one shape the calendar export adapter takes.

`key` must stay the same for the same real-world event across exports (e.g. plan id + date +
kind), so a subscribed calendar updates the event instead of adding a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta


@dataclass(frozen=True, slots=True)
class DatedEvent:
    key: str
    title: str
    on: date
    start_time: time | None = None  # None: an all-day event
    duration: timedelta | None = None  # with start_time; None means one hour
    description: str = ""
    category: str = ""

    def __post_init__(self) -> None:
        if not self.key.strip():
            raise ValueError("A calendar event needs a stable key (used for its UID).")
        if not self.title.strip():
            raise ValueError("A calendar event needs a title.")
        if self.duration is not None and self.start_time is None:
            raise ValueError("A duration needs a start time; all-day events have none.")
        if self.duration is not None and self.duration <= timedelta(0):
            raise ValueError(f"Event duration must be positive (got {self.duration}).")
