"""The home programme: the client logs sessions (not in the future, not before there is a
programme), adherence counts what was prescribed, and the hand-out and calendar come from a
signed plan only."""

from __future__ import annotations

from datetime import date

import pytest

from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.services.errors import Forbidden, Invalid, NotFound
from tests.factories import CARE_START, EXERCISES, PLAN_CONTENT, World, signed_plan_with_programme
from tests.fakes.house import FakeHouse

TODAY = date(2026, 3, 2)  # the FixedClock's day: week 3 of the six-week programme


def test_nothing_to_log_before_a_programme_and_nothing_in_the_future(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    with pytest.raises(Invalid, match="no home programme"):
        house.care.programme.log_session(me, cid, TODAY, None, 2, None)
    signed_plan_with_programme(house, world)
    with pytest.raises(Invalid) as future:
        house.care.programme.log_session(me, cid, date(2026, 3, 3), None, 2, None)
    assert future.value.errors == {"on": "Pick today or an earlier day."}
    with pytest.raises(Invalid, match="from 0"):
        house.care.programme.log_session(me, cid, TODAY, None, 11, None)
    with pytest.raises(Invalid, match="not in this programme"):
        house.care.programme.log_session(me, cid, TODAY, ["pistol_squat"], 2, None)
    assert house.care.programme.view(me, cid).logs == []


def test_sessions_are_the_clients_own_to_log(house: FakeHouse, world: World) -> None:
    signed_plan_with_programme(house, world)
    cid = world.a.clients[0].id
    with pytest.raises(Forbidden):
        house.care.programme.log_session(world.a.caller("lmt"), cid, TODAY, None, 1, None)
    with pytest.raises(NotFound):
        house.care.programme.log_session(world.a.caller("client2"), cid, TODAY, None, 1, None)


def test_adherence_counts_prescribed_sessions_done_and_extra_ones_do_not_make_up(
    house: FakeHouse, world: World
) -> None:
    signed_plan_with_programme(house, world)
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    for day in (24, 26, 28):  # the whole programme on three days of the last seven
        house.care.programme.log_session(me, cid, date(2026, 2, day), None, 3, None)
    for day in (1, 2):  # strength only, beyond three a week
        house.care.programme.log_session(me, cid, date(2026, 3, day), ["step_up"], 2, None)
    view = house.care.programme.view(me, cid)
    week = view.last_week
    assert week is not None
    # Seven days of 3+3+3+3 strength and 5 stretch days = 17 exercise-sessions prescribed; the
    # three whole days give 3 of each strength exercise and 3 of the 5 stretches; the extra
    # step-ups count for nothing.
    assert week.expected == pytest.approx(17) and week.completed == 15
    assert view.pain_during.values == (3, 3, 3, 2, 2)


def test_a_programme_belongs_to_a_plan_of_the_same_client(house: FakeHouse, world: World) -> None:
    chiro = world.a.caller("chiropractor")
    plan = house.care.plans.create(chiro, world.a.clients[1].id, CARE_START, PLAN_CONTENT)
    with pytest.raises(NotFound, match="That care plan"):
        house.care.programme.prescribe(chiro, world.a.clients[0].id, plan.id, CARE_START,
                                       TODAY, EXERCISES)  # fmt: skip
    with pytest.raises(Invalid):
        house.care.programme.prescribe(chiro, world.a.clients[1].id, plan.id, CARE_START, TODAY,
                                       [ExercisePrescription("moonwalk", 3, 10)])  # fmt: skip


def test_handout_and_calendar_need_a_signed_plan_with_a_programme(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    with pytest.raises(NotFound, match="A signed care plan"):
        house.care.programme.handout(me, cid)
    plan = signed_plan_with_programme(house, world)
    handout = house.care.programme.handout(me, cid)
    assert handout.client_name == "Runner ALPHA1" and handout.issued_on == TODAY
    exported = house.care.programme.calendar_file(me, cid).decode().splitlines()
    assert exported[0] == "Knee recovery plan"
    assert f"{CARE_START.isoformat()} questionnaire: Questionnaires due (knee score and pain)" in (
        exported
    )
    events = house.care.programme.events(me, cid)
    assert {e.category for e in events} >= {"strength", "questionnaire"}
    assert all(e.key.startswith(f"care-plan-{plan.id}-") for e in events)
    assert max(e.on for e in events if e.category == "strength") <= date(2026, 3, 30)
