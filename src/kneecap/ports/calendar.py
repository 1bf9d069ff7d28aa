"""Port: turn dated events into a calendar file a phone or desktop calendar can subscribe to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kneecap.domain.calendar.events import DatedEvent


class CalendarExporter(Protocol):
    def export(self, events: Sequence[DatedEvent], *, calendar_name: str) -> bytes: ...
