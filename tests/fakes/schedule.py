"""Fake scheduling store: settings, hours and appointments, with the lock rows as tables
keyed (practitioner, step) and (client, step) like the SQL primary keys, so a double
booking fails the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from kneecap.domain.schedule.appointments import Appointment, ClinicRules, State, cells
from kneecap.domain.schedule.errors import ClientBusy, SlotTaken
from kneecap.domain.schedule.hours import HoursBlock
from tests.fakes.tables import Tables


class FakeSchedule:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def rules(self, clinic_id: int) -> ClinicRules:
        return self._t.schedule_rules.get(clinic_id) or ClinicRules()

    def set_rules(self, clinic_id: int, rules: ClinicRules) -> None:
        self._t.schedule_rules.put(clinic_id, rules)

    def hours(self, practitioner_id: int) -> Sequence[HoursBlock]:
        return sorted(self._t.working_hours.get(practitioner_id) or ())

    def set_hours(self, clinic_id: int, practitioner_id: int, blocks: Sequence[HoursBlock]) -> None:
        self._t.working_hours.put(practitioner_id, tuple(blocks))

    def _hold(self, a: Appointment) -> None:
        steps = [(a.practitioner_id, at) for at in cells(a.starts_at, a.ends_at)]
        if any(self._t.appointment_cells.get(k) is not None for k in steps):
            raise SlotTaken()
        mine = [(a.client_id, at) for at in cells(a.starts_at, a.ends_at)]
        if any(self._t.client_cells.get(k) is not None for k in mine):
            raise ClientBusy()
        for k in steps:
            self._t.appointment_cells.put(k, a.id)
        for k in mine:
            self._t.client_cells.put(k, a.id)

    def _release(self, appointment_id: int) -> None:
        for table in (self._t.appointment_cells, self._t.client_cells):
            for k, _ in table.items(lambda held: held == appointment_id):
                table.delete(k)

    def add(self, appointment: Appointment) -> Appointment:
        stored = replace(appointment, id=self._t.appointments.next_id())
        if stored.state is State.BOOKED:
            self._hold(stored)
        return self._t.appointments.put(stored.id, stored)

    def update(self, appointment: Appointment) -> None:
        if self._t.appointments.get(appointment.id) is None:
            raise KeyError(appointment.id)
        self._release(appointment.id)
        if appointment.state is State.BOOKED:
            self._hold(appointment)
        self._t.appointments.put(appointment.id, appointment)

    def get(self, appointment_id: int) -> Appointment | None:
        return self._t.appointments.get(appointment_id)

    def between(
        self,
        clinic_id: int,
        start: datetime,
        end: datetime,
        practitioner_id: int | None = None,
        client_id: int | None = None,
    ) -> Sequence[Appointment]:
        found = self._t.appointments.rows(
            lambda a: (
                a.clinic_id == clinic_id
                and a.state is State.BOOKED
                and a.starts_at < end
                and a.ends_at > start
                and practitioner_id in (None, a.practitioner_id)
                and client_id in (None, a.client_id)
            )
        )
        return sorted(found, key=lambda a: (a.starts_at, a.id))

    def due_reminders(self, start: datetime, end: datetime) -> Sequence[Appointment]:
        found = self._t.appointments.rows(
            lambda a: (
                a.state is State.BOOKED and start <= a.starts_at < end and a.reminded_at is None
            )
        )
        return sorted(found, key=lambda a: (a.starts_at, a.id))

    def mark_reminded(self, appointment_id: int, at: datetime) -> bool:
        a = self._t.appointments.get(appointment_id)
        if a is None or a.reminded_at is not None:
            return False
        self._t.appointments.put(a.id, replace(a, reminded_at=at))
        return True
