"""Outcome questionnaires: scored and stored with the change since baseline read against the
MCID; a bad answer or a future date stores nothing; the audit log names the instrument only."""

from __future__ import annotations

from datetime import date

import pytest

from kneecap.domain.outcomes.change import ChangeReading
from kneecap.services.errors import Invalid, NotFound
from tests.factories import World
from tests.fakes.house import FakeHouse

AKPS_72 = {"answers": [1] * 13}  # option 1 of every item: 72 points (Kujala 1993)


def test_a_follow_up_is_read_against_the_baseline_and_the_mcid(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    first, change = house.care.outcomes.record(me, cid, "akps", AKPS_72, on=date(2026, 2, 9))
    assert (first.score, change) == (72, None)  # nothing to compare a baseline with
    house.care.outcomes.record(world.a.caller("lmt"), cid, "akps", {"answers": [0] * 13})
    summary = house.care.outcomes.summary(me, cid)
    (akps,) = summary.series
    assert akps.change is not None and akps.change.reading is ChangeReading.IMPROVED
    assert (akps.change.baseline, akps.change.latest, akps.change.delta) == (72, 100, 28)
    assert [p.on for p in akps.points] == [date(2026, 2, 9), date(2026, 3, 2)]
    assert summary.next_due is not None


def test_small_changes_are_not_improvement(house: FakeHouse, world: World) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    house.care.outcomes.record(me, cid, "nprs", {"usual": 5, "worst": 7}, on=date(2026, 2, 9))
    _, change = house.care.outcomes.record(me, cid, "nprs", {"usual": 4, "worst": 7})
    assert change is not None and change.reading is ChangeReading.NO_MEANINGFUL_CHANGE


def test_a_bad_answer_or_a_future_date_stores_nothing(house: FakeHouse, world: World) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    with pytest.raises(Invalid) as future:
        house.care.outcomes.record(me, cid, "akps", AKPS_72, on=date(2026, 3, 3))
    assert future.value.errors == {"on": "future"}
    with pytest.raises(Invalid) as short:
        house.care.outcomes.record(me, cid, "akps", {"answers": [1] * 12})
    assert short.value.errors  # names what to fix
    with pytest.raises(Invalid) as unknown:
        house.care.outcomes.record(me, cid, "vas", {"value": 3})
    assert "instrument" in unknown.value.errors
    assert house.care.outcomes.summary(me, cid).responses == []


def test_the_audit_entry_names_the_instrument_not_the_answers(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    house.care.outcomes.record(me, cid, "psfs", {"activities": [{"activity": "hill repeats",
                                                               "rating": 4}]})  # fmt: skip
    last = house.audit_trail()[-1]
    assert (last.action, last.detail) == ("outcome.recorded", "instrument: psfs")
    assert "hill" not in " ".join(e.detail for e in house.audit_trail())


def test_nobody_records_outcomes_for_another_clinics_client(house: FakeHouse, world: World) -> None:
    with pytest.raises(NotFound):
        house.care.outcomes.record(world.a.caller("lmt"), world.b.clients[0].id, "groc",
                                   {"value": 2})  # fmt: skip
