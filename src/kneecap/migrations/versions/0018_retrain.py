"""retraining: a block's starting step rate may be unknown (a trunk-lean block needs none)

Revision ID: 0018_retrain
Revises: 0017_client_cells
Create Date: 2026-12-01 14:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_retrain"
down_revision: str | Sequence[str] | None = "0017_client_cells"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("retraining_blocks", schema=None) as batch_op:
        batch_op.alter_column("baseline_spm", existing_type=sa.Float(), nullable=True)


def downgrade() -> None:
    # a block without a step rate has none to keep: 0 stands in (the plan says it had none)
    op.execute("UPDATE retraining_blocks SET baseline_spm = 0 WHERE baseline_spm IS NULL")
    with op.batch_alter_table("retraining_blocks", schema=None) as batch_op:
        batch_op.alter_column("baseline_spm", existing_type=sa.Float(), nullable=False)
