"""The stored escalation states the dashboard reads say what the live computation says, day by
day through weeks of care: results that stay flat, improve or worsen, decisions, red flags, a
plan that starts ahead, and the days the stored state falls due (the weeks in care reach the
threshold, the reviewed care has had its time). On the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.demo.care import akps_answers_for
from kneecap.domain.care.escalation import EscalationPolicy, Trigger
from kneecap.domain.clients.record import ClientDetails
from kneecap.services.alerts import AlertKeeper
from kneecap.services.caller import Caller
from kneecap.services.escalation import EscalationService
from tests.factories import CARE_START, PLAN_CONTENT, World, make_world
from tests.fakes.clock import FixedClock
from tests.fakes.house import fake_house
from tests.support.databases import empty_postgres, fresh_sqlite


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Any, FixedClock]]:
    if request.param == "fake":
        house = fake_house(tmp_path / "scratch")
        yield house, house.clock
        return
    if request.param == "sqlite":
        url = fresh_sqlite(request.getfixturevalue("_sqlite_template"), tmp_path)
    else:
        url = request.getfixturevalue("_postgres_url")
        empty_postgres(url)
    clock = FixedClock()
    settings = Settings(data_dir=tmp_path / "data", database_url_override=url)
    c = build(settings, clock=clock, hasher=Argon2Hasher(fast=True), migrate=False)
    yield c, clock
    c.close()


def _measure(c: Any, me: Caller, cid: int, akps: int, pain: int, on: date | None = None) -> None:
    c.care.outcomes.record(me, cid, "akps", {"answers": akps_answers_for(akps)}, on=on)
    c.care.outcomes.record(me, cid, "nprs", {"usual": pain, "worst": pain + 1}, on=on)


def _check(c: Any, world: World, chiro: Caller, ids: list[int]) -> dict[int, Trigger]:
    """The dashboard's open alerts (stored) against each client's live state; returns them."""
    shown = c.care.escalation.open_alerts(chiro, 10)
    stored_open = {record.id: alert.trigger for record, alert in shown.shown}
    live = {cid: c.care.escalation.status(chiro, cid) for cid in ids}
    live_open = {cid: s.alert.trigger for cid, s in live.items() if s.open and s.alert}
    assert stored_open == live_open and shown.total == len(live_open)
    with c.uow_factory() as uow:
        for cid in ids:
            row = uow.alerts.get(cid)
            if row is None:  # never in care: nothing stored, nothing live
                assert live[cid].alert is None
                continue
            assert row.trigger == live_open.get(cid)
            assert row.due_on == live[cid].due_on  # due again on the day the live one turns
    return live_open


def test_the_stored_states_follow_the_live_ones_through_weeks_of_care(
    services: tuple[Any, FixedClock],
) -> None:
    c, clock = services
    world = make_world(c)
    a = world.a
    chiro, lmt = a.caller("chiropractor"), a.caller("lmt")
    ids = [r.id for r in a.clients]
    for n in (3, 4):
        ids.append(c.clients.create(chiro, ClientDetails(name=f"Runner {n}")).id)
    flat, better, worse, later = ids

    def sign(cid: int, start: date) -> None:
        plan = c.care.plans.create(chiro, cid, start, PLAN_CONTENT)
        c.care.plans.sign(chiro, cid, plan.id)

    today = clock.now().date()
    sign(flat, CARE_START)
    sign(better, CARE_START)
    sign(worse, CARE_START)
    c.care.escalation.report_red_flag(lmt, later, "night pain")  # no plan yet: no alert
    for cid in (flat, better, worse):
        _measure(c, chiro, cid, 60, 6, on=CARE_START)
    seen: list[dict[int, Trigger]] = [_check(c, world, chiro, ids)]

    for day in range(1, 15 * 7):
        clock.advance(days=1)
        today = clock.now().date()
        if day == 7:  # week 3: one client far worse, one better
            _measure(c, chiro, worse, 40, 8)
            _measure(c, chiro, better, 80, 2)
        if day == 8:
            c.care.escalation.decide(chiro, worse, "continue_conservative", "Load down.")
        if day == 10:  # the fourth client's plan starts ahead of today: the flag opens
            sign(later, today + timedelta(days=5))
        if day == 12:
            c.care.escalation.decide(chiro, later, "continue_conservative", "Night pain eased.")
        if day == 20:
            _measure(c, chiro, flat, 61, 6)  # a flat follow-up before six weeks
            _measure(c, chiro, worse, 45, 8)  # new evidence opens the worsening alert again
        if day == 40:
            c.care.escalation.report_red_flag(lmt, better, "swelling after runs")
        if day == 41:
            c.care.escalation.decide(chiro, better, "refer_other", "GP for the swelling.")
        if day == 44:  # past six weeks without an MCID change: the review is asked for
            c.care.escalation.decide(chiro, flat, "reviewed_care", "Dose up.")
        if day == 60:
            _measure(c, chiro, flat, 62, 6)
        seen.append(_check(c, world, chiro, ids))

    # The scenario crossed what it meant to: each step's alert was open on some day.
    opened = {(cid, t) for day in seen for cid, t in day.items()}
    assert (worse, Trigger.WORSENING) in opened
    assert (better, Trigger.RED_FLAG) in opened
    assert (flat, Trigger.NO_MEANINGFUL_IMPROVEMENT) in opened
    assert (flat, Trigger.NO_IMPROVEMENT_AFTER_REVIEW) in opened
    assert (later, Trigger.RED_FLAG) in opened and (later, Trigger.MEASURES_DUE) in opened
    assert better not in seen[-1]  # the referral decision closed its red flag


def test_states_stored_under_another_threshold_are_computed_again_by_the_first_reader(
    services: tuple[Any, FixedClock],
) -> None:
    c, clock = services
    world = make_world(c)
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    plan = c.care.plans.create(chiro, cid, CARE_START, PLAN_CONTENT)
    c.care.plans.sign(chiro, cid, plan.id)
    _measure(c, chiro, cid, 60, 6, on=CARE_START)
    clock.advance(weeks=3)  # five weeks in care: nothing yet under six weeks, due at four
    _measure(c, chiro, cid, 61, 6)
    assert c.care.escalation.open_alerts(chiro).total == 0
    # the same database read by a process started with KNEECAP_ESCALATION_WEEKS=4
    four = EscalationService(c.uow_factory, c.gate, clock, AlertKeeper(EscalationPolicy(4)))
    found = four.open_alerts(chiro)
    assert [(r.id, a.trigger) for r, a in found.shown] == [(cid, Trigger.NO_MEANINGFUL_IMPROVEMENT)]
    assert four.status(chiro, cid).open and found.total == 1


def test_the_states_fallen_due_are_computed_again_in_a_fixed_number_of_statements(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = fresh_sqlite(request.getfixturevalue("_sqlite_template"), tmp_path)
    clock = FixedClock()
    c = build(Settings(data_dir=tmp_path / "data", database_url_override=url), clock=clock,
              hasher=Argon2Hasher(fast=True), migrate=False)  # fmt: skip
    world = make_world(c)
    chiro = world.a.caller("chiropractor")
    c.care.escalation.open_alerts(chiro)  # the once-a-process check of the policy

    def due_view(clients: int) -> tuple[int, int]:
        """Statements of the first dashboard read once `clients` more plans reach six weeks,
        and the open alerts it counts."""
        for n in range(clients):
            cid = c.clients.create(chiro, ClientDetails(name=f"Runner {clients}-{n}")).id
            plan = c.care.plans.create(chiro, cid, clock.now().date(), PLAN_CONTENT)
            c.care.plans.sign(chiro, cid, plan.id)
        clock.advance(weeks=6)
        ran: list[str] = []
        listen = lambda *a: ran.append(a[2])  # noqa: E731
        event.listen(c.engine, "before_cursor_execute", listen)
        try:
            found = c.care.escalation.open_alerts(chiro, 10)
        finally:
            event.remove(c.engine, "before_cursor_execute", listen)
        assert all(a.trigger is Trigger.MEASURES_DUE for _, a in found.shown)
        return len(ran), found.total

    try:
        (two, opened), (five, more) = due_view(2), due_view(5)
        assert two == five and (opened, more) == (2, 7)
    finally:
        c.close()
