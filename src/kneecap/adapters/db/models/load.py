"""Training-load tables: activities from the runner's watch files, the pain log, and the
progression plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kneecap.adapters.db.base import Base, UTCDateTime


class ActivityRow(Base):
    __tablename__ = "activities"
    # Re-importing the same activity (another file, the same export again) must not duplicate
    # it: one row per client and dedup key (sport + start minute, domain/load/activity.py).
    __table_args__ = (
        UniqueConstraint("client_id", "dedup_key", name="uq_activities_client_dedup"),
        Index("ix_activities_client_start", "client_id", "start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    dedup_key: Mapped[str] = mapped_column(String(32))
    sport: Mapped[str] = mapped_column(String(20))
    sub_sport: Mapped[str | None] = mapped_column(String(40))
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_s: Mapped[float] = mapped_column(Float)
    moving_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    ascent_m: Mapped[float | None] = mapped_column(Float)
    avg_hr: Mapped[float | None] = mapped_column(Float)
    max_hr: Mapped[float | None] = mapped_column(Float)
    avg_cadence_spm: Mapped[float | None] = mapped_column(Float)
    avg_cadence_rpm: Mapped[float | None] = mapped_column(Float)
    avg_power_w: Mapped[float | None] = mapped_column(Float)
    vertical_oscillation_mm: Mapped[float | None] = mapped_column(Float)
    stance_time_ms: Mapped[float | None] = mapped_column(Float)
    step_length_mm: Mapped[float | None] = mapped_column(Float)
    vertical_ratio_pct: Mapped[float | None] = mapped_column(Float)
    gear: Mapped[str | None] = mapped_column(String(200))
    rpe: Mapped[float | None] = mapped_column(Float)
    name: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(500), default="")
    import_job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # How the sport was decided (provenance.SportCall) and whether a person must confirm it;
    # rows stored before 0012 were taken as recorded.
    sport_basis: Mapped[str] = mapped_column(String(20), server_default="recorded")
    sport_confidence: Mapped[str] = mapped_column(String(10), server_default="high")
    sport_reason: Mapped[str] = mapped_column(String(500), server_default="")
    sport_to_confirm: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # What the reader noticed (provenance.Issue: code, message, needs_confirmation)
    issues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, server_default=text("'[]'"))
    # Seconds at each bpm (hr_samples.HrHistogram.to_bytes): loads recompute from it
    hr_seconds: Mapped[bytes | None] = mapped_column(LargeBinary)


class PainLogRow(Base):
    __tablename__ = "pain_logs"
    # One entry per client and day: the next-morning value is added to the same day's entry.
    __table_args__ = (UniqueConstraint("client_id", "day", name="uq_pain_logs_client_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    day: Mapped[date] = mapped_column(Date)
    during: Mapped[float] = mapped_column(Float)
    next_morning: Mapped[float | None] = mapped_column(Float)
    baseline_morning: Mapped[float | None] = mapped_column(Float)
    logged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TrainingPlanRow(Base):
    __tablename__ = "training_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    start: Mapped[date] = mapped_column(Date)
    goal_week_km: Mapped[float | None] = mapped_column(Float)
    race_km: Mapped[float | None] = mapped_column(Float)
    race_day: Mapped[date | None] = mapped_column(Date)
    base_week_km: Mapped[float] = mapped_column(Float, default=0.0)
    base_long_km: Mapped[float] = mapped_column(Float, default=0.0)
    start_stage: Mapped[int] = mapped_column(Integer, default=0)
    # where the base came from when not recent running (the intake's volume), in words
    base_reason: Mapped[str] = mapped_column(String(500), server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ClientPhysiologyRow(Base):
    """The runner's measured heart-rate values and sex (physiology.py), one row per client."""

    __tablename__ = "client_physiology"
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    sex: Mapped[str | None] = mapped_column(String(10))
    hr_max: Mapped[float | None] = mapped_column(Float)
    hr_rest: Mapped[float | None] = mapped_column(Float)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
