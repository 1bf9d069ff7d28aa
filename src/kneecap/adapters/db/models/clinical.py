"""Clinical tables: intakes, assessments (note, findings and their amendments), the clinician's
answers to decision support, handoffs to the chiropractor and diagnoses.

Structured documents (intake answers, symptom profile, note content with findings) are JSON
columns: they are read and written whole, and their shape is checked by the domain.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kneecap.adapters.db.base import Base, UTCDateTime


class IntakeRow(Base):
    __tablename__ = "clinical_intakes"
    __table_args__ = (Index("ix_clinical_intakes_clinic_red_flag", "clinic_id", "red_flag"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_role: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    onset_date: Mapped[date | None] = mapped_column(Date)
    intake: Mapped[dict[str, Any]] = mapped_column(JSON)
    symptoms: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Whether the intake raised a red flag when stored (0023_red_flags filled the older ones).
    # The dashboards' red-flag panel reads the flagged ones only, through the index.
    red_flag: Mapped[bool | None] = mapped_column(Boolean)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    author_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    author_role: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    intake: Mapped[dict[str, Any]] = mapped_column(JSON)
    symptoms: Mapped[dict[str, Any]] = mapped_column(JSON)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    signed_content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    other_causes_excluded: Mapped[bool | None] = mapped_column(Boolean)


class AmendmentRow(Base):
    __tablename__ = "assessment_amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class SuggestionDecisionRow(Base):
    __tablename__ = "assessment_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    clinician_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HandoffRow(Base):
    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_name: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DiagnosisRow(Base):
    __tablename__ = "diagnoses"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    code: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    author_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_role: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
