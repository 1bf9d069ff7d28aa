"""Gait-retraining tables: blocks started from a released cue, the per-record cadence traces
read from the runner's stored watch files, and which import jobs have been read for them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kneecap.adapters.db.base import Base, UTCDateTime


class RetrainingBlockRow(Base):
    __tablename__ = "retraining_blocks"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("gait_analyses.id"))
    cue_rule: Mapped[str] = mapped_column(String(60))
    baseline_spm: Mapped[float | None] = mapped_column(Float)  # None: posture block, no rate
    start: Mapped[date] = mapped_column(Date)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)  # sessions, dose, notes
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CadenceTraceRow(Base):
    __tablename__ = "retraining_cadence_traces"
    # One trace per run: a run is known by its client and start minute (as activities'
    # dedup keys are), so a re-import finds the trace already read.
    __table_args__ = (
        UniqueConstraint("client_id", "start_minute", name="uq_cadence_traces_client_start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    start_minute: Mapped[datetime] = mapped_column(UTCDateTime())
    # {"t": [...], "spm": [...]} seconds since the start and steps/min; null: no cadence
    samples: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CadenceScanRow(Base):
    __tablename__ = "retraining_cadence_scans"
    __table_args__ = (
        UniqueConstraint("client_id", "job_id", name="uq_cadence_scans_client_job"),
        Index("ix_cadence_scans_client", "client_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))
