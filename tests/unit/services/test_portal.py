"""The client's home on fakes: what is due, in order, as it changes: the intake first, then
the baseline questionnaires and today's exercises once care starts; an overdue questionnaire
is marked; logging today takes the exercises off; a message from the team shows last."""

from __future__ import annotations

from datetime import date

import pytest

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
