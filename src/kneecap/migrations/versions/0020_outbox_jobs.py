"""outbox jobs: each mail notes its send job and when a job began sending it, so the sweep
finds a mail whose job was never stored and one left half-sent by a stopped app

Revision ID: 0020_outbox_jobs
Revises: 0019_scale_indexes
Create Date: 2026-12-01 17:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kneecap.adapters.db.base import UTCDateTime

revision: str = "0020_outbox_jobs"
down_revision: str | Sequence[str] | None = "0019_scale_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_mails") as batch:
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("claimed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_mails") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("job_id")
