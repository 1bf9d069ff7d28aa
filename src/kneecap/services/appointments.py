"""Booking the clinic's day through the gate: staff book, move and cancel any visit of their
clinic; a client books, moves or cancels their own, in an open slot, within the notice period.

The database refuses a double booking (ports.schedule); this service answers it as Conflict.
Every booking, move and cancellation is audited as a change of the client's record; the
changes are handed to `on_change` (the e-mail notifications) after they commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Protocol

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.accounts.entities import User
from kneecap.domain.care.plan import PlanStatus
from kneecap.domain.schedule.appointments import (
    Appointment,
    ClinicRules,
    State,
    check_times,
    require_notice,
)
from kneecap.domain.schedule.errors import ScheduleError, SlotTaken
from kneecap.domain.schedule.hours import HoursBlock, check_hours, open_windows
from kneecap.domain.schedule.kinds import (
    AppointmentKind,
    Mode,
    check_video_link,
    mode_for,
    parse_kind,
)
from kneecap.domain.schedule.slots import MAX_DAYS, Slot, day_span, open_slots
from kneecap.domain.schedule.zone import local_day_bounds, to_local, zone
from kneecap.ports.care import CareUnitOfWork
from kneecap.ports.schedule import ScheduleUnitOfWork
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict, Invalid, NotFound

log = logging.getLogger("kneecap.schedule")

# What changed, for the notifications: "booked", "moved", "cancelled".
ChangeHook = Callable[[str, Appointment], None]


class AppointmentUnitOfWork(ScheduleUnitOfWork, CareUnitOfWork, Protocol):
    """Appointments, and the care plans whose planned visits become proposals."""


class AppointmentUnitOfWorkFactory(Protocol):
    def __call__(self) -> AppointmentUnitOfWork: ...


@dataclass(frozen=True)
class Booking:
    """What a request to book asks for (an open slot as the API lists it, plus client_id)."""

    client_id: int
    practitioner_id: int
    kind: str
    starts_at: datetime
    mode: str | None = None
    video_link: str = ""
    plan_id: int | None = None
    ends_at: datetime | None = None  # as the slot listed it: must agree with the type


@dataclass(frozen=True)
class Proposal:
    """A care plan's planned visit, with the first open slot that day to book it in."""

    plan_id: int
    on: date
    provider_role: Role
    purpose: str
    slot: Slot | None  # None: no practitioner of that role has an open slot that day


@dataclass(frozen=True)
class AgendaItem:
    """An appointment with the names a day view shows."""

    appointment: Appointment
    client_name: str
    practitioner_name: str


def _invalid(exc: ScheduleError, field: str = "") -> Invalid:
    return Invalid(str(exc), {field: str(exc)} if field else {})


class AppointmentService:
    def __init__(
        self,
        uow_factory: AppointmentUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        on_change: ChangeHook | None = None,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._on_change = on_change

    # --- clinic settings and working hours ------------------------------------------------

    def rules(self, caller: Caller) -> ClinicRules:
        with self._uow() as uow:
            return uow.schedule.rules(caller.actor.clinic_id)

    def set_rules(
        self, caller: Caller, time_zone: str, notice_hours: float, reminder_hours: float
    ) -> ClinicRules:
        try:
            zone(time_zone)
            rules = ClinicRules(
                time_zone=time_zone.strip(),
                notice=timedelta(hours=notice_hours),
                reminder=timedelta(hours=reminder_hours),
            )
        except ScheduleError as exc:
            raise _invalid(exc) from exc
        with self._uow() as uow:
            resource = Resource("clinic_schedule", caller.actor.clinic_id)
            self._gate.check(
                uow,
                caller,
                Action.CLINIC_SETTINGS,
                resource,
                audit=True,
                detail=f"time zone {rules.time_zone}, notice {notice_hours:g} h, "
                f"reminder {reminder_hours:g} h",
            )
            uow.schedule.set_rules(caller.actor.clinic_id, rules)
            uow.commit()
        return rules

    def practitioners(self, caller: Caller) -> list[User]:
        with self._uow() as uow:
            self._gate.check(
                uow, caller, Action.APPOINTMENT_READ, Resource("schedule", caller.actor.clinic_id)
            )
            users = uow.users.staff_in_clinic(caller.actor.clinic_id)
            return [u for u in users if u.role.is_practitioner and u.active]

    def hours(self, caller: Caller, practitioner_id: int) -> Sequence[HoursBlock]:
        with self._uow() as uow:
            self._practitioner(uow, caller, practitioner_id, Action.APPOINTMENT_READ)
            return uow.schedule.hours(practitioner_id)

    def set_hours(
        self, caller: Caller, practitioner_id: int, blocks: Sequence[HoursBlock]
    ) -> Sequence[HoursBlock]:
        try:
            ordered = check_hours(blocks)
        except ScheduleError as exc:
            raise _invalid(exc, "hours") from exc
        with self._uow() as uow:
            self._practitioner(uow, caller, practitioner_id, Action.SCHEDULE_MANAGE, audit=True)
            uow.schedule.set_hours(caller.actor.clinic_id, practitioner_id, ordered)
            uow.commit()
        return ordered

    # --- availability ------------------------------------------------------------------------

    def availability(
        self,
        caller: Caller,
        practitioner_id: int,
        first: date,
        last: date | None,
        kind: str = AppointmentKind.FOLLOW_UP.value,
        mode: str | None = None,
    ) -> list[Slot]:
        """Open slots of one practitioner on the clinic's days first..last (both included)."""
        try:
            first, last = day_span(first, last)
        except ScheduleError as exc:
            raise _invalid(exc, "to") from exc
        try:
            k = parse_kind(kind)
            m = mode_for(k, mode)
        except ScheduleError as exc:
            raise _invalid(exc, "type") from exc
        with self._uow() as uow:
            practitioner = self._practitioner(uow, caller, practitioner_id, Action.APPOINTMENT_READ)
            return self._open(uow, caller, practitioner, first, last, k, m)

    def _open(
        self,
        uow: AppointmentUnitOfWork,
        caller: Caller,
        practitioner: User,
        first: date,
        last: date,
        kind: AppointmentKind,
        mode: Mode | None = None,
    ) -> list[Slot]:
        rules = uow.schedule.rules(caller.actor.clinic_id)
        tz = zone(rules.time_zone)
        start, _ = local_day_bounds(first, tz)
        _, end = local_day_bounds(last, tz)
        booked = [
            (a.starts_at, a.ends_at)
            for a in uow.schedule.between(
                caller.actor.clinic_id, start, end, practitioner_id=practitioner.id
            )
        ]
        if caller.actor.role is Role.CLIENT and caller.actor.client_id is not None:
            # The client's own visits with anyone are busy times too: one person, one visit.
            booked += [
                (a.starts_at, a.ends_at)
                for a in uow.schedule.between(
                    caller.actor.clinic_id, start, end, client_id=caller.actor.client_id
                )
            ]
        now = self._clock.now()
        earliest = now + rules.notice if caller.actor.role is Role.CLIENT else now
        return open_slots(
            practitioner_id=practitioner.id,
            blocks=uow.schedule.hours(practitioner.id),
            booked=booked,
            first=first,
            last=last,
            tz=tz,
            kind=kind,
            mode=mode or mode_for(kind, None),
            earliest=earliest,
        )

    # --- booking ------------------------------------------------------------------------------

    def book(self, caller: Caller, booking: Booking) -> Appointment:
        try:
            kind = parse_kind(booking.kind)
            mode = mode_for(kind, booking.mode)
            link = check_video_link(booking.video_link)
            ends_at = check_times(booking.starts_at, kind.length)
        except ScheduleError as exc:
            raise _invalid(exc) from exc
        if booking.ends_at is not None and booking.ends_at != ends_at:
            minutes = kind.length // timedelta(minutes=1)
            raise Invalid(
                f"A {kind.label.lower()} lasts {minutes} minutes: ends_at does not match "
                "starts_at; send the slot as it was listed.",
                {"ends_at": "does not match the type's length"},
            )
        with self._uow() as uow:
            self._gate.client(
                uow,
                caller,
                Action.APPOINTMENT_BOOK,
                booking.client_id,
                kind="appointment",
                detail=f"book {kind.value} {booking.starts_at.isoformat()}",
            )
            practitioner = self._practitioner(uow, caller, booking.practitioner_id, None)
            appointment = Appointment(
                id=0,
                clinic_id=caller.actor.clinic_id,
                practitioner_id=practitioner.id,
                client_id=booking.client_id,
                kind=kind,
                mode=mode,
                starts_at=booking.starts_at,
                ends_at=ends_at,
                video_link=link if caller.actor.role is not Role.CLIENT else "",
                booked_by=caller.actor.user_id,
                plan_id=booking.plan_id,
            )
            self._check_time(uow, caller, practitioner, appointment, "Booking")
            try:
                stored = uow.schedule.add(appointment)
            except SlotTaken as exc:
                raise Conflict(str(exc)) from exc
            uow.commit()
        self._changed("booked", stored)
        return stored

    def move(
        self,
        caller: Caller,
        appointment_id: int,
        starts_at: datetime,
        practitioner_id: int | None = None,
        video_link: str | None = None,
    ) -> Appointment:
        with self._uow() as uow:
            current = self._own(uow, caller, appointment_id, Action.APPOINTMENT_BOOK, "move")
            if current.state is State.CANCELLED:
                raise Conflict("That appointment was cancelled; book a new one instead.")
            try:
                ends_at = check_times(starts_at, current.kind.length)
                link = current.video_link if video_link is None else check_video_link(video_link)
            except ScheduleError as exc:
                raise _invalid(exc) from exc
            practitioner = self._practitioner(
                uow, caller, practitioner_id or current.practitioner_id, None
            )
            if caller.actor.role is Role.CLIENT:
                self._client_notice(uow, caller, current.starts_at, "Moving this visit")
                link = current.video_link
            moved = replace(
                current,
                practitioner_id=practitioner.id,
                starts_at=starts_at,
                ends_at=ends_at,
                video_link=link,
                reminded_at=None,  # a new time earns a new reminder
            )
            self._check_time(uow, caller, practitioner, moved, "The new time")
            try:
                uow.schedule.update(moved)
            except SlotTaken as exc:
                raise Conflict(str(exc)) from exc
            uow.commit()
        self._changed("moved", moved)
        return moved

    def cancel(self, caller: Caller, appointment_id: int) -> Appointment:
        with self._uow() as uow:
            current = self._own(uow, caller, appointment_id, Action.APPOINTMENT_BOOK, "cancel")
            if current.state is State.CANCELLED:
                return current
            if caller.actor.role is Role.CLIENT:
                self._client_notice(uow, caller, current.starts_at, "Cancelling this visit")
            cancelled = replace(current, state=State.CANCELLED)
            uow.schedule.update(cancelled)
            uow.commit()
        self._changed("cancelled", cancelled)
        return cancelled

    # --- reading ------------------------------------------------------------------------------

    def get(self, caller: Caller, appointment_id: int) -> Appointment:
        with self._uow() as uow:
            found = self._own(uow, caller, appointment_id, Action.APPOINTMENT_READ, "read")
            uow.commit()
            return found

    def between(
        self,
        caller: Caller,
        start: datetime,
        end: datetime,
        practitioner_id: int | None = None,
        client_id: int | None = None,
    ) -> Sequence[Appointment]:
        """Booked visits overlapping [start, end): a client sees only their own."""
        with self._uow() as uow:
            found = self._between(uow, caller, start, end, practitioner_id, client_id)
            uow.commit()
            return found

    def _between(
        self,
        uow: ScheduleUnitOfWork,
        caller: Caller,
        start: datetime,
        end: datetime,
        practitioner_id: int | None,
        client_id: int | None,
    ) -> Sequence[Appointment]:
        if end <= start or end - start > timedelta(days=MAX_DAYS):
            raise Invalid(f"Give a range of up to {MAX_DAYS} days, its end after its start.")
        if caller.actor.role is Role.CLIENT or client_id is not None:
            own = client_id if client_id is not None else caller.actor.client_id
            if own is None:
                raise NotFound("That client")
            self._gate.client(
                uow, caller, Action.APPOINTMENT_READ, own, kind="appointment", audit=True
            )
            client_id = own
        else:
            self._gate.check(
                uow,
                caller,
                Action.APPOINTMENT_READ,
                Resource("schedule", caller.actor.clinic_id),
                audit=True,
                detail=f"{start.isoformat()} to {end.isoformat()}",
            )
        return uow.schedule.between(caller.actor.clinic_id, start, end, practitioner_id, client_id)

    def on_days(
        self,
        caller: Caller,
        first: date | None,
        last: date | None,
        practitioner_id: int | None = None,
        client_id: int | None = None,
    ) -> tuple[ClinicRules, list[Appointment]]:
        """Booked visits on the clinic's days first..last (default: today and 6 more)."""
        rules = self.rules(caller)
        tz = zone(rules.time_zone)
        try:
            first, last = day_span(first or to_local(self._clock.now(), tz).date(), last)
        except ScheduleError as exc:
            raise _invalid(exc, "to") from exc
        start, _ = local_day_bounds(first, tz)
        _, end = local_day_bounds(last, tz)
        return rules, list(self.between(caller, start, end, practitioner_id, client_id))

    def agenda(
        self,
        caller: Caller,
        start: datetime,
        end: datetime,
        practitioner_id: int | None = None,
        client_id: int | None = None,
    ) -> list[AgendaItem]:
        """As `between`, with the client's and the practitioner's names (day and week views):
        one unit of work; the clients' names in one statement."""
        with self._uow() as uow:
            found = self._between(uow, caller, start, end, practitioner_id, client_id)
            ids = {a.client_id for a in found}
            clients = {r.id: r.name for r in uow.clients.many(ids)} if ids else {}
            staff = {}  # a clinic's few practitioners, each once
            for user_id in {a.practitioner_id for a in found}:
                user = uow.users.get(user_id)
                staff[user_id] = user.name if user else "—"
            uow.commit()
        return [
            AgendaItem(a, clients.get(a.client_id, "—"), staff.get(a.practitioner_id, "—"))
            for a in found
        ]

    def upcoming(self, caller: Caller, client_id: int, days: int = 60) -> Sequence[Appointment]:
        now = self._clock.now()
        return self.between(caller, now, now + timedelta(days=days), client_id=client_id)

    def proposals(self, caller: Caller, client_id: int) -> list[Proposal]:
        """The client's signed plans' planned visits from today on that have no appointment
        that day yet, each with the first open slot of a practitioner of the planned role."""
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.APPOINTMENT_READ, client_id, kind="appointment")
            self._gate.client(uow, caller, Action.CARE_PLAN_VIEW, client_id, kind="care_plan")
            rules = uow.schedule.rules(caller.actor.clinic_id)
            tz = zone(rules.time_zone)
            today = to_local(self._clock.now(), tz).date()
            practitioners = [
                u
                for u in uow.users.staff_in_clinic(caller.actor.clinic_id)
                if u.role.is_practitioner and u.active
            ]
            horizon = today + timedelta(days=MAX_DAYS)
            start, _ = local_day_bounds(today, tz)
            _, end = local_day_bounds(horizon, tz)
            booked_days = {
                to_local(a.starts_at, tz).date()
                for a in uow.schedule.between(
                    caller.actor.clinic_id, start, end, client_id=client_id
                )
            }
            out: list[Proposal] = []
            for plan in uow.care.plans_for(client_id):
                if plan.status is not PlanStatus.SIGNED:
                    continue
                for visit in plan.content.planned_visits:
                    if not today <= visit.on <= horizon or visit.on in booked_days:
                        continue
                    kind = (
                        AppointmentKind.MASSAGE
                        if visit.provider_role is Role.LMT
                        else AppointmentKind.FOLLOW_UP
                    )
                    slot = None
                    for p in practitioners:
                        if p.role is visit.provider_role:
                            found = self._open(uow, caller, p, visit.on, visit.on, kind)
                            if found and (slot is None or found[0].starts_at < slot.starts_at):
                                slot = found[0]
                    out.append(
                        Proposal(plan.id, visit.on, visit.provider_role, visit.purpose, slot)
                    )
            uow.commit()
            return sorted(out, key=lambda p: p.on)

    # --- helpers ------------------------------------------------------------------------------

    def _practitioner(
        self,
        uow: AppointmentUnitOfWork,
        caller: Caller,
        practitioner_id: int,
        action: Action | None,
        audit: bool = False,
    ) -> User:
        user = uow.users.get(practitioner_id)
        clinic = user.clinic_id if user is not None else -1
        if action is not None:
            resource = Resource("practitioner", clinic, id=practitioner_id)
            self._gate.check(uow, caller, action, resource, audit=audit)
        if user is None or user.clinic_id != caller.actor.clinic_id:
            raise NotFound("That practitioner")
        if not user.role.is_practitioner or not user.active:
            raise Invalid(
                f"{user.name} is not a practitioner who sees clients; choose an LMT or "
                "the chiropractor.",
                {"practitioner_id": "not a practitioner"},
            )
        return user

    def _own(
        self,
        uow: AppointmentUnitOfWork,
        caller: Caller,
        appointment_id: int,
        action: Action,
        what: str,
    ) -> Appointment:
        found = uow.schedule.get(appointment_id)
        if found is None:
            self._gate.check(uow, caller, action, Resource("appointment", -1, id=appointment_id))
            raise NotFound("That appointment")
        self._gate.client(
            uow,
            caller,
            action,
            found.client_id,
            kind="appointment",
            item_id=found.id,
            detail=what,
        )
        if found.clinic_id != caller.actor.clinic_id:  # not reached: the client's clinic
            raise NotFound("That appointment")
        return found

    def _client_notice(
        self, uow: AppointmentUnitOfWork, caller: Caller, starts_at: datetime, what: str
    ) -> None:
        rules = uow.schedule.rules(caller.actor.clinic_id)
        try:
            require_notice(starts_at, self._clock.now(), rules.notice, what)
        except ScheduleError as exc:
            raise Conflict(str(exc)) from exc

    def _check_time(
        self,
        uow: AppointmentUnitOfWork,
        caller: Caller,
        practitioner: User,
        appointment: Appointment,
        what: str,
    ) -> None:
        now = self._clock.now()
        if appointment.starts_at < now:
            raise Invalid(f"{what} is in the past: choose an open slot from now on.")
        if caller.actor.role is not Role.CLIENT:
            return  # staff may book outside the hours (the database still refuses overlaps)
        self._client_notice(uow, caller, appointment.starts_at, what)
        rules = uow.schedule.rules(caller.actor.clinic_id)
        tz = zone(rules.time_zone)
        day = to_local(appointment.starts_at, tz).date()
        windows = open_windows(uow.schedule.hours(practitioner.id), day, tz)
        if not any(s <= appointment.starts_at and appointment.ends_at <= e for s, e in windows):
            raise Conflict(
                f"{what} is outside {practitioner.name}'s working hours: choose an open slot."
            )

    def _changed(self, what: str, appointment: Appointment) -> None:
        if self._on_change is None:
            return
        try:
            self._on_change(what, appointment)
        except Exception as exc:  # the change is stored; a notice that failed is logged
            log.warning("notice of appointment %s failed: %s", appointment.id, type(exc).__name__)
