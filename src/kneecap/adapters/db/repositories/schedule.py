"""SQLAlchemy repository for scheduling settings, working hours and appointments.

A booking inserts one appointment_cells row per grid step, and one appointment_client_cells
row; their primary keys (practitioner, step) and (client, step) make the database refuse a
second booking of any step, for either person, whichever
request gets there first: PostgreSQL makes the second insert wait for the first transaction
and then fail, SQLite lets one writer in at a time. The inserts run in a savepoint, so a
refusal leaves the caller's transaction usable (for its audit row).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.schedule import (
    AppointmentCellRow,
    AppointmentClientCellRow,
    AppointmentRow,
    ClinicScheduleRow,
    WorkingHoursRow,
)
from kneecap.domain.schedule.appointments import Appointment, ClinicRules, State, cells
from kneecap.domain.schedule.errors import ClientBusy, SlotTaken
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.domain.schedule.kinds import AppointmentKind, Mode


def _appointment(row: AppointmentRow) -> Appointment:
    return Appointment(
        id=row.id,
        clinic_id=row.clinic_id,
        practitioner_id=row.practitioner_id,
        client_id=row.client_id,
        kind=AppointmentKind(row.kind),
        mode=Mode(row.mode),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        state=State(row.state),
        video_link=row.video_link or "",
        booked_by=row.booked_by,
        plan_id=row.plan_id,
        reminded_at=row.reminded_at,
    )


def _between(by_practitioner: bool, by_client: bool) -> Select[AppointmentRow]:
    a = AppointmentRow
    q = select(a).where(
        a.clinic_id == bindparam("clinic_id"),
        a.state == State.BOOKED.value,
        a.starts_at < bindparam("end"),
        a.ends_at > bindparam("start"),
    )
    if by_practitioner:
        q = q.where(a.practitioner_id == bindparam("practitioner_id"))
    if by_client:
        q = q.where(a.client_id == bindparam("client_id"))
    return q.order_by(a.starts_at, a.id)


# Booked visits in a range (today's visits on every dashboard), one statement per filter
# built once: a request pays neither their construction nor their cache key.
_BETWEEN = {(p, c): _between(p, c) for p in (False, True) for c in (False, True)}

_r = ClinicScheduleRow
# The clinic's rules (its time zone, on every dashboard): three columns, built once.
_RULES = select(_r.time_zone, _r.notice_minutes, _r.reminder_minutes).where(
    _r.clinic_id == bindparam("clinic_id")
)


class SqlSchedule:
    def __init__(self, session: Session) -> None:
        self._s = session

    def rules(self, clinic_id: int) -> ClinicRules:
        row = self._s.execute(_RULES, {"clinic_id": clinic_id}).first()
        if row is None:
            return ClinicRules()
        return ClinicRules(
            time_zone=row.time_zone,
            notice=timedelta(minutes=row.notice_minutes),
            reminder=timedelta(minutes=row.reminder_minutes),
        )

    def set_rules(self, clinic_id: int, rules: ClinicRules) -> None:
        row = self._s.get(ClinicScheduleRow, clinic_id)
        if row is None:
            row = ClinicScheduleRow(clinic_id=clinic_id)
            self._s.add(row)
        row.time_zone = rules.time_zone
        row.notice_minutes = int(rules.notice.total_seconds() // 60)
        row.reminder_minutes = int(rules.reminder.total_seconds() // 60)
        self._s.flush()

    def hours(self, practitioner_id: int) -> Sequence[HoursBlock]:
        rows = self._s.scalars(
            select(WorkingHoursRow).where(WorkingHoursRow.user_id == practitioner_id)
        )
        return sorted(
            HoursBlock(r.weekday, time.fromisoformat(r.start), time.fromisoformat(r.end))
            for r in rows
        )

    def set_hours(self, clinic_id: int, practitioner_id: int, blocks: Sequence[HoursBlock]) -> None:
        self._s.execute(delete(WorkingHoursRow).where(WorkingHoursRow.user_id == practitioner_id))
        for b in blocks:
            self._s.add(
                WorkingHoursRow(
                    clinic_id=clinic_id,
                    user_id=practitioner_id,
                    weekday=b.weekday,
                    start=b.start.strftime("%H:%M"),
                    end=b.end.strftime("%H:%M"),
                )
            )
        self._s.flush()

    def _hold(self, appointment_id: int, a: Appointment) -> None:
        steps = cells(a.starts_at, a.ends_at)
        try:
            with self._s.begin_nested():
                self._s.add_all(
                    AppointmentCellRow(
                        practitioner_id=a.practitioner_id, at=at, appointment_id=appointment_id
                    )
                    for at in steps
                )
        except IntegrityError:
            raise SlotTaken() from None
        try:
            with self._s.begin_nested():
                self._s.add_all(
                    AppointmentClientCellRow(
                        client_id=a.client_id, at=at, appointment_id=appointment_id
                    )
                    for at in steps
                )
        except IntegrityError:
            raise ClientBusy() from None

    def add(self, appointment: Appointment) -> Appointment:
        a = appointment
        row = AppointmentRow(
            clinic_id=a.clinic_id,
            practitioner_id=a.practitioner_id,
            client_id=a.client_id,
            kind=a.kind.value,
            mode=a.mode.value,
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            state=a.state.value,
            video_link=a.video_link,
            booked_by=a.booked_by,
            plan_id=a.plan_id,
            reminded_at=a.reminded_at,
        )
        self._s.add(row)
        self._s.flush()
        if a.state is State.BOOKED:
            self._hold(row.id, a)
        return _appointment(row)

    def update(self, appointment: Appointment) -> None:
        a = appointment
        row = self._s.get(AppointmentRow, a.id)
        if row is None:
            raise KeyError(a.id)
        self._s.execute(delete(AppointmentCellRow).where(AppointmentCellRow.appointment_id == a.id))
        self._s.execute(
            delete(AppointmentClientCellRow).where(AppointmentClientCellRow.appointment_id == a.id)
        )
        row.practitioner_id = a.practitioner_id
        row.kind = a.kind.value
        row.mode = a.mode.value
        row.starts_at = a.starts_at
        row.ends_at = a.ends_at
        row.state = a.state.value
        row.video_link = a.video_link
        row.reminded_at = a.reminded_at
        self._s.flush()
        if a.state is State.BOOKED:
            self._hold(a.id, a)

    def get(self, appointment_id: int) -> Appointment | None:
        row = self._s.get(AppointmentRow, appointment_id)
        return _appointment(row) if row is not None else None

    def between(
        self,
        clinic_id: int,
        start: datetime,
        end: datetime,
        practitioner_id: int | None = None,
        client_id: int | None = None,
    ) -> Sequence[Appointment]:
        q = _BETWEEN[(practitioner_id is not None, client_id is not None)]
        params: dict[str, object] = {"clinic_id": clinic_id, "start": start, "end": end}
        if practitioner_id is not None:
            params["practitioner_id"] = practitioner_id
        if client_id is not None:
            params["client_id"] = client_id
        rows = self._s.scalars(q, params)
        return [_appointment(r) for r in rows]

    def due_reminders(self, start: datetime, end: datetime) -> Sequence[Appointment]:
        rows = self._s.scalars(
            select(AppointmentRow)
            .where(
                AppointmentRow.state == State.BOOKED.value,
                AppointmentRow.starts_at >= start,
                AppointmentRow.starts_at < end,
                AppointmentRow.reminded_at.is_(None),
            )
            .order_by(AppointmentRow.starts_at, AppointmentRow.id)
        )
        return [_appointment(r) for r in rows]

    def mark_reminded(self, appointment_id: int, at: datetime) -> bool:
        # A conditional update: of two sweeps, one changes the row and the other none.
        result = self._s.execute(
            update(AppointmentRow)
            .where(AppointmentRow.id == appointment_id, AppointmentRow.reminded_at.is_(None))
            .values(reminded_at=at)
        )
        return bool(getattr(result, "rowcount", 0))
