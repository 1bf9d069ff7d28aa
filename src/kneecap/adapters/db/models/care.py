"""Care tables: plans, visit notes, home programmes, session logs, outcome responses and
escalation decisions. Structured documents (plan content, amendments, answers) are JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kneecap.adapters.db.base import Base, UTCDateTime


class CarePlanRow(Base):
    __tablename__ = "care_plans"
    # the clinic's clients with a signed plan (the escalation inbox) without a scan of every
    # clinic's plans
    __table_args__ = (
        Index("ix_care_plans_clinic_status_client", "clinic_id", "status", "client_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    author_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    start: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    signed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    amendments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class VisitNoteRow(Base):
    __tablename__ = "visit_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id"), index=True)
    author_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_role: Mapped[str] = mapped_column(String(20))
    visit_date: Mapped[date] = mapped_column(Date)
    subjective: Mapped[str] = mapped_column(Text)
    objective: Mapped[str] = mapped_column(Text)
    assessment: Mapped[str] = mapped_column(Text)
    plan: Mapped[str] = mapped_column(Text)
    modalities_given: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    addenda: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class HomeProgrammeRow(Base):
    __tablename__ = "home_programmes"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id"), index=True)
    prescribed_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    prescriptions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class SessionLogRow(Base):
    __tablename__ = "session_logs"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("home_programmes.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    on: Mapped[date] = mapped_column(Date)
    exercises_done: Mapped[list[str]] = mapped_column(JSON)
    pain_during: Mapped[int | None] = mapped_column(Integer)
    pain_next_morning: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)


class OutcomeResponseRow(Base):
    __tablename__ = "outcome_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    instrument: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    score: Mapped[float] = mapped_column(Float)
    scores: Mapped[dict[str, float]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EscalationDecisionRow(Base):
    __tablename__ = "escalation_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    decided_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    trigger: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)


class RedFlagRow(Base):
    __tablename__ = "red_flag_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    reported_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text)


class EscalationAlertRow(Base):
    """Each client's escalation state as last computed (domain/care/alert_state.py): the
    dashboard reads the open alerts and the states due again here, by index, instead of every
    client's care rows."""

    __tablename__ = "escalation_alerts"
    __table_args__ = (
        Index("ix_escalation_alerts_clinic_since", "clinic_id", "since", "client_id"),
        Index("ix_escalation_alerts_clinic_due", "clinic_id", "due_on"),
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    trigger: Mapped[str | None] = mapped_column(String(40))
    since: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    policy: Mapped[str] = mapped_column(String(80))
