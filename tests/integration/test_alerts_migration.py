"""The migration that stores each client's escalation state fills it for the clients already in
care with what the app computes live on the day it runs; clients never in care get no row."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Date, column, select, table

from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.migrate import alembic_config
from kneecap.adapters.db.uow import SqlUnitOfWorkFactory
from kneecap.bootstrap import Container
from kneecap.demo.care import akps_answers_for
from kneecap.domain.care.escalation import EscalationPolicy, Trigger
from kneecap.services.alerts import status_of
from tests.factories import CARE_START, PLAN_CONTENT, make_world

REVISION = "0022_alerts"
STORED = table(
    "escalation_alerts", column("client_id"), column("trigger"), column("since", Date()),
    column("due_on", Date()), column("policy"),
)  # fmt: skip


def test_the_upgrade_stores_the_live_state_of_every_client_in_care(
    container: Container, database_url: str
) -> None:
    world = make_world(container)
    chiro, lmt = world.a.caller("chiropractor"), world.a.caller("lmt")
    flat, ahead = world.a.clients[0].id, world.a.clients[1].id
    never = world.b.clients[0].id
    for cid, start in ((flat, CARE_START), (ahead, date(2027, 6, 7))):
        plan = container.care.plans.create(chiro, cid, start, PLAN_CONTENT)
        container.care.plans.sign(chiro, cid, plan.id)
    for on, akps in ((CARE_START, 60), (None, 62)):
        answers = {"answers": akps_answers_for(akps)}
        container.care.outcomes.record(chiro, flat, "akps", answers, on=on)
        container.care.outcomes.record(chiro, flat, "nprs", {"usual": 6, "worst": 7}, on=on)
    container.care.escalation.report_red_flag(lmt, ahead, "night pain")
    container.care.escalation.report_red_flag(world.b.caller("lmt"), never, "night pain")
    container.close()

    cfg = alembic_config(database_url)
    before = ScriptDirectory.from_config(cfg).get_revision(REVISION).down_revision
    assert isinstance(before, str)
    command.downgrade(cfg, before)
    command.upgrade(cfg, "head")
    today = datetime.now(UTC).date()  # the day the migration ran (not the tests' clock)

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(STORED))
            stored = {r.client_id: (r.trigger, r.since, r.due_on, r.policy) for r in rows}
        with SqlUnitOfWorkFactory(make_session_factory(engine))() as uow:
            live = {c: status_of(uow.care, c, today, EscalationPolicy()) for c in (flat, ahead)}
    finally:
        engine.dispose()
    assert set(stored) == {flat, ahead}
    for cid, state in live.items():
        assert state.open and state.alert is not None
        assert stored[cid] == (
            state.alert.trigger.value,
            today,
            state.due_on,
            "6w/6w/akps+nprs_usual",
        )
    # ten months in care without an MCID change; the plan ahead starts with its red flag open,
    # due again on the day its six weeks are reached
    assert stored[flat][0] == Trigger.NO_MEANINGFUL_IMPROVEMENT
    assert stored[ahead][0] == Trigger.RED_FLAG and stored[ahead][2] == date(2027, 7, 19)
