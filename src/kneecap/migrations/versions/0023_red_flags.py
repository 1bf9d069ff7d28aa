"""red_flags: the red-flag mark of the intakes stored before it was kept, filled

Revision ID: 0023_red_flags
Revises: 0022_alerts
Create Date: 2026-12-01 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kneecap.adapters.db.codecs.clinical import intake_of, symptoms_of
from kneecap.domain.clinical import red_flags
from kneecap.domain.clinical.suggestions import intake_red_flag_input

revision: str = "0023_red_flags"
down_revision: str | Sequence[str] | None = "0022_alerts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each intake without the mark gets it from the evaluation record_intake makes at write
    time (services/assessments.py), so the dashboards can count `red_flag = true` in SQL and
    the count is the one evaluating every intake gave. Leaving NULL rows to be evaluated on
    read would keep the panel reading every such intake of the clinic."""
    bind = op.get_bind()
    intakes = sa.table(
        "clinical_intakes",
        sa.column("id"),
        sa.column("intake", sa.JSON()),
        sa.column("symptoms", sa.JSON()),
        sa.column("red_flag", sa.Boolean()),
    )
    unmarked = bind.execute(
        sa.select(intakes.c.id, intakes.c.intake, intakes.c.symptoms).where(
            intakes.c.red_flag.is_(None)
        )
    ).all()
    marks = [
        {
            "row_id": r.id,
            "flag": red_flags.evaluate(
                intake_red_flag_input(intake_of(r.intake), symptoms_of(r.symptoms))
            ).met,
        }
        for r in unmarked
    ]
    if marks:
        bind.execute(
            intakes.update()
            .where(intakes.c.id == sa.bindparam("row_id"))
            .values(red_flag=sa.bindparam("flag")),
            marks,
        )


def downgrade() -> None:
    """Nothing to undo: the schema is unchanged and the marks are what the app stores."""
