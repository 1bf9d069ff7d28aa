"""iCalendar invites (RFC 5546 iTIP REQUEST / CANCEL) for one booked visit, with `icalendar`.

The UID comes from the appointment's stable key, and SEQUENCE grows with each change, so a
calendar updates (or removes) the same event when the visit moves or is cancelled.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


class IcsInviteMaker:
    def __init__(self, uid_domain: str = "appointments.invalid") -> None:
        self._domain = uid_domain

    def invite(
        self,
        *,
        key: str,
        summary: str,
        starts_at: datetime,
        ends_at: datetime,
        description: str,
        sequence: int,
        cancelled: bool,
        organizer: str,
        attendee: str,
    ) -> str:
        from icalendar import Calendar, Event, vCalAddress

        cal = Calendar()
        # The software is not named: its name names the knee (no health data in any e-mail).
        cal.add("prodid", "-//Clinic appointments//EN")
        cal.add("version", "2.0")
        cal.add("method", "CANCEL" if cancelled else "REQUEST")
        event = Event()
        event.add(
            "uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, f'{self._domain}/{key}')}@{self._domain}"
        )
        event.add("dtstamp", datetime.now(UTC))
        event.add("dtstart", starts_at.astimezone(UTC))
        event.add("dtend", ends_at.astimezone(UTC))
        event.add("summary", summary)
        event.add("description", description)
        event.add("sequence", sequence)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("organizer", vCalAddress(f"mailto:{organizer}"))
        event.add("attendee", vCalAddress(f"mailto:{attendee}"))
        cal.add_component(event)
        return bytes(cal.to_ical()).decode()
