"""The client's home on fakes: what is due, in order, as it changes: the intake first, then
the baseline questionnaires and today's exercises once care starts; an overdue questionnaire
is marked; logging today takes the exercises off; a message from the team shows last."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from kneecap.domain.schedule.hours import HoursBlock
from kneecap.services.appointments import Booking
from kneecap.services.errors import NotFound
from tests.factories import World, examined, signed_plan_with_programme
from tests.fakes.house import FakeHouse


def test_the_home_leads_from_intake_to_questionnaires_exercises_and_messages(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    assert house.portal.home(me, cid).steps == ["intake"]  # nothing else until care starts

    examined(house, world.a.caller("lmt"), cid)  # records the intake
    signed_plan_with_programme(house, world)
    home = house.portal.home(me, cid)
    assert home.steps == ["questionnaire", "exercises"]
    assert home.questionnaire is not None and home.questionnaire.first
    assert home.exercises is not None and len(home.exercises.exercises) == 5

    house.care.outcomes.record(me, cid, "nprs", {"usual": 4, "worst": 6}, on=date(2026, 2, 16))
    home = house.portal.home(me, cid)
    assert home.questionnaire is not None and home.questionnaire.on == date(2026, 3, 9)
    assert home.steps == ["exercises"]  # the next one is due in a week

    house.care.programme.log_session(me, cid, date(2026, 3, 2), None, None, None)
    house.messages.post(world.a.caller("lmt"), cid, "How did the stairs feel?")
    assert house.portal.home(me, cid).steps == ["messages"]

    house.clock.advance(days=11)  # 2026-03-13: the 3-week questionnaire is overdue
    home = house.portal.home(me, cid)
    assert home.questionnaire is not None and home.questionnaire.overdue
    assert home.steps == ["questionnaire", "exercises", "messages"]


def test_another_client_gets_no_home_of_this_one(house: FakeHouse, world: World) -> None:
    with pytest.raises(NotFound):
        house.portal.home(world.a.caller("client2"), world.a.clients[0].id)


def test_the_next_visit_is_shown_in_the_clinics_zone_with_times_to_move_it_to(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    lmt = world.a.users["lmt"]
    admin = world.a.caller("admin")
    house.appointments.set_hours(
        admin, lmt.id, [HoursBlock(d, time(9), time(12)) for d in range(5)]
    )
    house.appointments.set_rules(admin, "Europe/Berlin", 24, 24)
    at = datetime(2026, 3, 4, 9, tzinfo=UTC)  # Wednesday 10:00 in Berlin
    house.appointments.book(world.a.caller("lmt"), Booking(cid, lmt.id, "follow_up", at))
    home = house.portal.home(me, cid)
    assert home.steps == ["intake", "visit"]  # after the intake, before messages
    visit = home.next_visit
    assert visit is not None and visit.changeable
    assert visit.starts_local.isoformat() == "2026-03-04T10:00:00+01:00"
    assert visit.item.practitioner_name == lmt.name
    assert len(visit.moves) == 4 and at not in visit.moves
    assert all(m.utcoffset() == timedelta(hours=1) for m in visit.moves)
    assert min(visit.moves) >= house.clock.now() + timedelta(hours=24)  # the notice period
    house.clock.at = datetime(2026, 3, 3, 20, tzinfo=UTC)  # 13 hours before: too late to change
    late = house.portal.home(me, cid).next_visit
    assert late is not None and not late.changeable and late.moves == ()
    house.clock.at = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)  # under way: nothing next
    assert house.portal.home(me, cid).next_visit is None


def test_the_portals_today_is_the_clinics_day(house: FakeHouse, world: World) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    house.appointments.set_rules(world.a.caller("admin"), "Pacific/Auckland", 24, 24)
    house.clock.at = datetime(2026, 3, 2, 20, tzinfo=UTC)  # already 3 March in Auckland
    assert house.portal.home(me, cid).today == date(2026, 3, 3)
