"""The client record table."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kneecap.adapters.db.base import Base


class ClientRow(Base):
    __tablename__ = "clients"
    # The client list is one clinic's clients by name: without the clinic first, a small
    # clinic's list walks every clinic's names (bench/clinic_scale.py --explain).
    __table_args__ = (Index("ix_clients_clinic_name", "clinic_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased copy of the name for case-insensitive search on both databases.
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    sports: Mapped[list[str]] = mapped_column(JSON, default=list)
    weekly_running_km: Mapped[float | None] = mapped_column(Float)
    goals: Mapped[str] = mapped_column(Text, default="")
