"""scale: job leases (owner, expiry) and the schedule's tick keys

Revision ID: 0013_scale_job_leases
Revises: 0012_load_app
Create Date: 2026-12-01 11:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kneecap.adapters.db.base

revision: str = "0013_scale_job_leases"
down_revision: str | Sequence[str] | None = "0012_load_app"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(length=80), nullable=True))
        batch.add_column(
            sa.Column("lease_expires_at", kneecap.adapters.db.base.UTCDateTime(), nullable=True)
        )
    op.create_table(
        "schedule_ticks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("tick", sa.String(length=32), nullable=False),
        sa.Column("taken_by", sa.String(length=80), nullable=False),
        sa.Column("taken_at", kneecap.adapters.db.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", "tick"),
    )


def downgrade() -> None:
    op.drop_table("schedule_ticks")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("lease_expires_at")
        batch.drop_column("lease_owner")
