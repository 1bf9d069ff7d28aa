"""load_app: how each activity's sport was decided, what needs confirming, reader issues, time
at each heart rate; where a plan's base came from; the runner's measured heart-rate values and sex

Revision ID: 0012_load_app
Revises: 0010_two_factor
Create Date: 2026-12-01 11:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kneecap.adapters.db.base

revision: str = "0012_load_app"
down_revision: str | Sequence[str] | None = "0010_two_factor"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(
            sa.Column(
                "sport_basis", sa.String(length=20), server_default="recorded", nullable=False
            )
        )
        batch.add_column(
            sa.Column(
                "sport_confidence", sa.String(length=10), server_default="high", nullable=False
            )
        )
        batch.add_column(
            sa.Column("sport_reason", sa.String(length=500), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("sport_to_confirm", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("issues", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch.add_column(sa.Column("hr_seconds", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("training_plans") as batch:
        batch.add_column(
            sa.Column("base_reason", sa.String(length=500), server_default="", nullable=False)
        )
    op.create_table(
        "client_physiology",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("hr_max", sa.Float(), nullable=True),
        sa.Column("hr_rest", sa.Float(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", kneecap.adapters.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"]),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_index(
        op.f("ix_client_physiology_clinic_id"), "client_physiology", ["clinic_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_client_physiology_clinic_id"), table_name="client_physiology")
    op.drop_table("client_physiology")
    with op.batch_alter_table("training_plans") as batch:
        batch.drop_column("base_reason")
    with op.batch_alter_table("activities") as batch:
        for col in (
            "hr_seconds", "issues", "sport_to_confirm", "sport_reason", "sport_confidence",
            "sport_basis",
        ):  # fmt: skip
            batch.drop_column(col)
