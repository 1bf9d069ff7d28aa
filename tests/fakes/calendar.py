"""A calendar exporter that writes one line per event, so a test can read what was exported."""

from __future__ import annotations

from collections.abc import Sequence

from kneecap.domain.calendar.events import DatedEvent


class FakeCalendar:
    def export(self, events: Sequence[DatedEvent], *, calendar_name: str) -> bytes:
        lines = [calendar_name, *(f"{e.on.isoformat()} {e.category}: {e.title}" for e in events)]
        return "\n".join(lines).encode()
