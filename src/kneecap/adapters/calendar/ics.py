"""iCalendar (RFC 5545) export of dated events, with the `icalendar` package.

UIDs are derived from each event's stable key (uuid5 over key + clinic domain), so re-exporting
the same plan gives the same UIDs and a subscribed calendar updates rather than duplicates.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from kneecap.domain.calendar.events import DatedEvent

PRODID = "-//Kneecap//Kneecap care calendar//EN"
DEFAULT_DURATION = timedelta(hours=1)


def event_uid(event: DatedEvent, uid_domain: str) -> str:
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, f'{uid_domain}/{event.key}')}@{uid_domain}"


def events_to_ics(
    events: Sequence[DatedEvent],
    *,
    calendar_name: str,
    uid_domain: str = "kneecap.local",
    dtstamp: datetime | None = None,
) -> bytes:
    """Serialise events; all-day events get DATE values, timed ones floating local times.

    `dtstamp` (when the file was made, UTC) defaults to now; pass one for reproducible output.
    """
    from icalendar import Calendar, Event

    stamp = (dtstamp or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    uids: set[str] = set()
    for item in events:
        uid = event_uid(item, uid_domain)
        if uid in uids:
            raise ValueError(f"Two events share the key {item.key!r}; keys must be unique.")
        uids.add(uid)
        vevent = Event()
        vevent.add("uid", uid)
        vevent.add("dtstamp", stamp)
        vevent.add("summary", item.title)
        if item.start_time is None:
            vevent.add("dtstart", item.on)
            vevent.add("dtend", item.on + timedelta(days=1))
            vevent.add("transp", "TRANSPARENT")  # all-day plan items do not block time
        else:
            start = datetime.combine(item.on, item.start_time)
            vevent.add("dtstart", start)
            vevent.add("dtend", start + (item.duration or DEFAULT_DURATION))
        if item.description:
            vevent.add("description", item.description)
        if item.category:
            vevent.add("categories", [item.category])
        cal.add_component(vevent)
    return bytes(cal.to_ical())


class IcsCalendarExporter:
    """CalendarExporter port implementation."""

    def __init__(self, uid_domain: str = "kneecap.local") -> None:
        self._uid_domain = uid_domain

    def export(self, events: Sequence[DatedEvent], *, calendar_name: str) -> bytes:
        return events_to_ics(events, calendar_name=calendar_name, uid_domain=self._uid_domain)
