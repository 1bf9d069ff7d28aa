"""A running block's sessions in the runner's progression plan, on the fakes: they sit in the
plan's runs, the plan's weekly distance and its calendar entries are what they were before the
block, a pain entry that holds a week holds the sessions with it, and other clinics see
nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kneecap.domain.load.goal import PlanKind
from kneecap.domain.retraining.in_plan import cue_notes
from kneecap.services.errors import NotFound
from kneecap.services.retraining import StartOptions
from tests.factories import World, run
from tests.fakes.house import FakeHouse
from tests.unit.services.test_retraining import TODAY, _analysis


def _runner_with_a_plan(house: FakeHouse, world: World) -> int:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    past = [run(TODAY - timedelta(days=d), 6.0, 35) for d in (2, 4, 7, 9, 11, 14, 16, 18, 21)]
    house.training.add_activities(lmt, cid, past)
    house.training.set_goal(lmt, cid, PlanKind.VOLUME, goal_week_km=30)
    return cid


def test_a_block_never_raises_the_plans_weekly_load(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt, me = (
        _runner_with_a_plan(house, world),
        world.a.caller("lmt"),
        world.a.caller("client1"),
    )
    before = house.training.plan(me, cid).plan
    assert before is not None
    ics_before = house.training.plan_ics(me, cid).decode().splitlines()
    assert house.retraining.in_plan(me, cid, before.weeks) is None  # no block yet
    house.retraining.start(lmt, cid, StartOptions(_analysis(house, world, tmp_path)))
    after = house.training.plan(me, cid).plan
    assert after is not None
    assert [w.run_km for w in after.weeks] == [w.run_km for w in before.weeks]
    assert [len(w.runs) for w in after.weeks] == [len(w.runs) for w in before.weeks]
    cued = house.retraining.in_plan(me, cid, after.weeks)
    assert cued is not None and len(cued.placed) == 8 and not cued.unplaced
    run_days = {s.day for w in after.weeks for s in w.runs}
    assert set(cued.by_day) <= run_days
    ics = house.training.plan_ics(me, cid, lambda weeks: cue_notes(cued)).decode().splitlines()
    assert len(ics) == len(ics_before)  # the same entries: a session is said in its run's
    assert sum("retraining session" in line for line in ics) == 8
    first = min(cued.by_day)
    assert f"{first.isoformat()} training: Run" in next(x for x in ics if "session 1:" in x)
    with pytest.raises(NotFound):
        house.retraining.in_plan(world.b.caller("lmt"), cid, after.weeks)


def test_a_painful_session_holds_the_next_week_and_its_sessions(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt, me = (
        _runner_with_a_plan(house, world),
        world.a.caller("lmt"),
        world.a.caller("client1"),
    )
    plan = house.training.plan(me, cid).plan
    assert plan is not None
    start = plan.goal.start
    house.retraining.start(lmt, cid, StartOptions(_analysis(house, world, tmp_path), start=start))
    house.clock.advance(days=(start - TODAY).days + 2)
    house.training.log_pain(me, cid, start + timedelta(days=2), 7)  # above 5/10 in week 1
    held = house.training.plan(me, cid).plan
    assert held is not None and held.weeks[1].held
    assert held.weeks[1].run_km <= plan.weeks[1].run_km  # the pain model, as for every run
    cued = house.retraining.in_plan(me, cid, held.weeks)
    assert cued is not None
    assert all(p.run in w.runs for p in cued.placed for w in held.weeks if p.run and p.run.day
               >= w.start and p.run.day < w.start + timedelta(7))  # fmt: skip
    w1 = held.weeks[1]
    in_w1 = [d for d in cued.by_day if w1.start <= d < w1.start + timedelta(7)]
    assert 0 < len(in_w1) <= len(w1.runs)  # the repeated week's own runs hold them
