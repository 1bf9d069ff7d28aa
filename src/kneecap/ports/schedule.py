"""Storage of the clinic's scheduling settings, working hours and appointments.

No double booking is kept by the database itself: an appointment holds one lock row per
grid step it covers, unique per practitioner, so of two concurrent bookings of one time
exactly one commits and the other's `add`/`move` raises SlotTaken.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from kneecap.domain.schedule.appointments import Appointment, ClinicRules
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.ports.repositories import UnitOfWork


class ScheduleRepository(Protocol):
    def rules(self, clinic_id: int) -> ClinicRules: ...
    def set_rules(self, clinic_id: int, rules: ClinicRules) -> None: ...
    def hours(self, practitioner_id: int) -> Sequence[HoursBlock]: ...
    def set_hours(
        self, clinic_id: int, practitioner_id: int, blocks: Sequence[HoursBlock]
    ) -> None: ...

    def add(self, appointment: Appointment) -> Appointment:
        """Store a booked appointment; SlotTaken if its practitioner is busy then."""
        ...

    def update(self, appointment: Appointment) -> None:
        """Store a change (new time, cancellation); SlotTaken if the new time is taken.
        A cancelled appointment holds no time."""
        ...

    def get(self, appointment_id: int) -> Appointment | None: ...
    def between(
        self,
        clinic_id: int,
        start: datetime,
        end: datetime,
        practitioner_id: int | None = None,
        client_id: int | None = None,
    ) -> Sequence[Appointment]:
        """Booked appointments overlapping [start, end), by start time."""
        ...

    def due_reminders(self, start: datetime, end: datetime) -> Sequence[Appointment]:
        """Booked appointments of every clinic starting in [start, end) with no reminder yet."""
        ...

    def mark_reminded(self, appointment_id: int, at: datetime) -> bool:
        """Record the reminder; False if it was already recorded (another sweep won)."""
        ...


class ScheduleUnitOfWork(UnitOfWork, Protocol):
    @property
    def schedule(self) -> ScheduleRepository: ...


class ScheduleUnitOfWorkFactory(Protocol):
    def __call__(self) -> ScheduleUnitOfWork: ...
