"""The append-only audit log. The app only ever inserts into it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kneecap.adapters.db.base import Base, UTCDateTime


class AuditRow(Base):
    __tablename__ = "audit_log"
    # The audit page filters one clinic's log and shows it newest first: each filter it offers
    # has an index ending in `at`, so a page reads its 50 rows in order (no sort of every
    # match, bench/clinic_scale.py --explain). An action prefix ranges over the action index
    # (PostgreSQL: with pattern operators, so LIKE 'x%' uses it under any collation).
    __table_args__ = (
        Index("ix_audit_log_clinic_at", "clinic_id", "at"),
        Index("ix_audit_log_clinic_client_at", "clinic_id", "client_id", "at"),
        Index("ix_audit_log_clinic_outcome_at", "clinic_id", "outcome", "at"),
        Index(
            "ix_audit_log_clinic_action_at",
            "clinic_id",
            "action",
            "at",
            postgresql_ops={"action": "varchar_pattern_ops"},
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(320))
    # no index of its own: every read names the clinic (ix_audit_log_clinic_action_at), and
    # one index fewer is one write fewer on every audited request
    action: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    resource: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
