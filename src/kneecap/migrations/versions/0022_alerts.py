"""alerts: each client's escalation state stored (open alert, since, due again), filled for the
clients already in care

Revision ID: 0022_alerts
Revises: 0021_scale2
Create Date: 2026-12-01 19:40:00
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from kneecap.adapters.db.base import UTCDateTime
from kneecap.domain.care.alert_state import escalation_state, kept
from kneecap.domain.care.decisions import DecisionKind, EscalationDecision, RedFlagReport
from kneecap.domain.care.escalation import EscalationPolicy
from kneecap.domain.outcomes.responses import OutcomeResponse

revision: str = "0022_alerts"
down_revision: str | Sequence[str] | None = "0021_scale2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escalation_alerts",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("policy", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_escalation_alerts_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"], ["clinics.id"], name=op.f("fk_escalation_alerts_clinic_id_clinics")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_escalation_alerts")),
    )
    op.create_index(
        "ix_escalation_alerts_clinic_since",
        "escalation_alerts",
        ["clinic_id", "since", "client_id"],
    )
    op.create_index("ix_escalation_alerts_clinic_due", "escalation_alerts", ["clinic_id", "due_on"])
    _fill()


def _fill() -> None:
    """The state of every client with a signed plan, computed as the app computes it
    (domain/care/alert_state.py) under the default policy; a clinic that set another threshold
    has its states computed again by the app's first reader (services/alerts.py)."""
    bind = op.get_bind()
    utc = UTCDateTime()
    plans = sa.table("care_plans", sa.column("client_id"), sa.column("clinic_id"),
                     sa.column("start", sa.Date()), sa.column("status"))  # fmt: skip
    decisions = sa.table("escalation_decisions", sa.column("id"), sa.column("client_id"),
                         sa.column("decided_at", utc), sa.column("trigger"),
                         sa.column("decision"))  # fmt: skip
    flags = sa.table("red_flag_reports", sa.column("id"), sa.column("client_id"),
                     sa.column("reported_at", utc), sa.column("text"))  # fmt: skip
    outcomes = sa.table("outcome_responses", sa.column("id"), sa.column("client_id"),
                        sa.column("instrument"), sa.column("on", sa.Date()),
                        sa.column("scores", sa.JSON()), sa.column("recorded_at", utc))  # fmt: skip
    alerts = sa.table("escalation_alerts", sa.column("client_id"), sa.column("clinic_id"),
                      sa.column("trigger"), sa.column("since", sa.Date()),
                      sa.column("due_on", sa.Date()), sa.column("policy"))  # fmt: skip
    signed = bind.execute(
        sa.select(plans.c.client_id, plans.c.clinic_id, sa.func.min(plans.c.start))
        .where(plans.c.status == "signed")
        .group_by(plans.c.client_id, plans.c.clinic_id)
    ).all()
    if not signed:
        return
    made: dict[int, list[EscalationDecision]] = defaultdict(list)
    for r in bind.execute(sa.select(decisions).order_by(decisions.c.decided_at, decisions.c.id)):
        kind = DecisionKind(r.decision)
        made[r.client_id].append(EscalationDecision(r.id, r.client_id, 0, r.decided_at,
                                                    r.trigger, kind, "", ""))  # fmt: skip
    reported: dict[int, list[RedFlagReport]] = defaultdict(list)
    for r in bind.execute(sa.select(flags).order_by(flags.c.id)):
        reported[r.client_id].append(RedFlagReport(r.id, r.client_id, 0, r.reported_at, r.text))
    measured: dict[int, list[OutcomeResponse]] = defaultdict(list)
    for r in bind.execute(sa.select(outcomes).order_by(outcomes.c.on, outcomes.c.id)):
        scores = {k: float(v) for k, v in r.scores.items()}
        measured[r.client_id].append(OutcomeResponse(r.id, r.client_id, r.instrument, r.on,
                                                     scores, {}, None, r.recorded_at))  # fmt: skip
    policy = EscalationPolicy()
    today = datetime.now(UTC).date()
    rows: list[dict[str, Any]] = []
    for client_id, clinic_id, start in signed:
        state = escalation_state(
            care_start=start, today=today, responses=measured[client_id],
            decisions=made[client_id], red_flags=reported[client_id], policy=policy,
        )  # fmt: skip
        trigger = state.alert.trigger if state.open and state.alert is not None else None
        stored = kept(None, client_id, trigger, state.due_on, today, policy)
        rows.append({
            "client_id": client_id, "clinic_id": clinic_id,
            "trigger": trigger.value if trigger else None, "since": stored.since,
            "due_on": stored.due_on, "policy": stored.policy,
        })  # fmt: skip
    bind.execute(sa.insert(alerts), rows)


def downgrade() -> None:
    op.drop_index("ix_escalation_alerts_clinic_due", table_name="escalation_alerts")
    op.drop_index("ix_escalation_alerts_clinic_since", table_name="escalation_alerts")
    op.drop_table("escalation_alerts")
