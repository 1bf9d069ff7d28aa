"""client cells: one client is not booked into two visits at once

Revision ID: 0017_client_cells
Revises: 0016_retraining
Create Date: 2026-12-01 14:20:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

import kneecap.adapters.db.base

revision: str = "0017_client_cells"
down_revision: str | Sequence[str] | None = "0016_retraining"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEP = timedelta(minutes=5)  # the booking grid (domain/schedule/appointments.py)


def upgrade() -> None:
    op.create_table(
        "appointment_client_cells",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("at", kneecap.adapters.db.base.UTCDateTime(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_client_cells_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_appointment_client_cells_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("client_id", "at", name=op.f("pk_appointment_client_cells")),
    )
    with op.batch_alter_table("appointment_client_cells", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_client_cells_appointment_id"),
            ["appointment_id"],
            unique=False,
        )
    _hold_booked_visits()


def _hold_booked_visits() -> None:
    """Cells for the visits already booked, earliest booking first; a client already in two
    overlapping visits keeps both (nothing is cancelled here), the later one without cells."""
    bind = op.get_bind()
    utc = kneecap.adapters.db.base.UTCDateTime()
    appointments = sa.table(
        "appointments",
        sa.column("id"),
        sa.column("client_id"),
        sa.column("starts_at", utc),
        sa.column("ends_at", utc),
        sa.column("state"),
    )
    cells = sa.table(
        "appointment_client_cells",
        sa.column("client_id"),
        sa.column("at", utc),
        sa.column("appointment_id"),
    )
    booked = bind.execute(
        sa.select(
            appointments.c.id,
            appointments.c.client_id,
            appointments.c.starts_at,
            appointments.c.ends_at,
        )
        .where(appointments.c.state == "booked")
        .order_by(appointments.c.id)
    ).all()
    held: set[tuple[int, datetime]] = set()
    for appointment_id, client_id, starts_at, ends_at in booked:
        steps = []
        at = starts_at
        while at < ends_at:
            steps.append((client_id, at))
            at += STEP
        if not steps or any(s in held for s in steps):
            continue
        held.update(steps)
        bind.execute(
            cells.insert(),
            [{"client_id": c, "at": t, "appointment_id": appointment_id} for c, t in steps],
        )


def downgrade() -> None:
    with op.batch_alter_table("appointment_client_cells", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_client_cells_appointment_id"))
    op.drop_table("appointment_client_cells")
