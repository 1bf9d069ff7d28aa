"""Tables of the clinic's day: scheduling settings, working hours, appointments and the
per-step lock rows that keep one practitioner, and one client, from being booked twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kneecap.adapters.db.base import Base, UTCDateTime


class ClinicScheduleRow(Base):
    """A clinic's scheduling settings (no row: the defaults)."""

    __tablename__ = "clinic_schedule"
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), primary_key=True)
    time_zone: Mapped[str] = mapped_column(String(64))
    notice_minutes: Mapped[int] = mapped_column(Integer)
    reminder_minutes: Mapped[int] = mapped_column(Integer)


class WorkingHoursRow(Base):
    __tablename__ = "working_hours"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    start: Mapped[str] = mapped_column(String(5))  # "09:00", the clinic's wall-clock time
    end: Mapped[str] = mapped_column(String(5))


class AppointmentRow(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_clinic_starts", "clinic_id", "starts_at"),
        Index("ix_appointments_state_starts", "state", "starts_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16))
    video_link: Mapped[str] = mapped_column(String(500), default="")
    booked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    plan_id: Mapped[int | None] = mapped_column(Integer)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AppointmentCellRow(Base):
    """One grid step of a practitioner's time held by an appointment: the primary key
    (practitioner, step) is what refuses a second booking, on SQLite and PostgreSQL alike."""

    __tablename__ = "appointment_cells"
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )


class AppointmentClientCellRow(Base):
    """The same grid steps held for the client: one person is not in two visits at once
    (two practitioners could otherwise both book them for 10:00)."""

    __tablename__ = "appointment_client_cells"
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )


class OutboxMailRow(Base):
    """Every e-mail Kneecap sends or would send: the outbox page reads it, the send job
    delivers it. `key` makes enqueueing idempotent (one reminder per appointment)."""

    __tablename__ = "outbox_mails"
    __table_args__ = (UniqueConstraint("key", name="uq_outbox_mails_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    template: Mapped[str] = mapped_column(String(64))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str] = mapped_column(String(100), default="")
    attachment: Mapped[str] = mapped_column(Text, default="")  # an iCalendar text
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))  # queued, sending, sent, failed, held
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str] = mapped_column(Text, default="")
    # The send job (none yet: the app stopped before storing it; the sweep gives it one) and
    # when a job began sending (still "sending" long after: the app stopped mid-send).
    job_id: Mapped[int | None] = mapped_column(Integer)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
