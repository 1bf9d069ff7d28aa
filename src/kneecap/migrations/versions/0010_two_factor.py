"""hardening: two-factor sign-in (TOTP secret per user, recovery codes, pending sessions,
the clinic's requirement)

Revision ID: 0010_two_factor
Revises: 0009_cosign
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kneecap.adapters.db.base

revision: str = "0010_two_factor"
down_revision: str | Sequence[str] | None = "0009_cosign"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clinics") as batch:
        batch.add_column(
            sa.Column("require_two_factor", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("totp_enabled_at", kneecap.adapters.db.base.UTCDateTime(), nullable=True)
        )
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(
            sa.Column(
                "second_factor_pending", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", kneecap.adapters.db.base.UTCDateTime(), nullable=False),
        sa.Column("used_at", kneecap.adapters.db.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_codes_code_hash")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("second_factor_pending")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_enabled_at")
        batch.drop_column("totp_secret")
    with op.batch_alter_table("clinics") as batch:
        batch.drop_column("require_two_factor")
