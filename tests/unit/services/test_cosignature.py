"""Co-signature on fakes: what an LMT writes for a client waits for the chiropractor; the client
sees the last co-signed text; a returned text needs a comment and never reaches the client."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kneecap.domain.clinical.cosignature import ReviewState
from kneecap.services.errors import Forbidden, Invalid, NotFound
from tests.factories import World
from tests.fakes.house import FakeHouse

REPRO = "DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee"


def _lmt_writes_goals(house: FakeHouse, world: World, goals: str) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    record = house.clients.get(lmt, cid)
    house.clients.update(lmt, cid, replace(record.details, goals=goals))


def test_an_lmt_text_naming_a_diagnosis_waits_flagged_and_reaches_the_client_once_cosigned(
    house: FakeHouse, world: World
) -> None:
    me, dc, cid = world.a.caller("client1"), world.a.caller("chiropractor"), world.a.clients[0].id
    before = house.clients.get(me, cid).details.goals
    _lmt_writes_goals(house, world, REPRO)
    assert house.clients.get(me, cid).details.goals == before  # not yet the client's to see
    (entry,) = house.cosign.queue(dc)
    assert entry.client.id == cid and entry.item.version.flags  # the scope screen's reasons
    with pytest.raises(Forbidden):
        house.cosign.approve(world.a.caller("lmt"), entry.id)  # an LMT cannot co-sign
    with pytest.raises(NotFound):
        house.cosign.approve(world.b.caller("chiropractor"), entry.id)  # nor another clinic
    done = house.cosign.approve(dc, entry.id)
    assert done.state is ReviewState.APPROVED and house.cosign.queue(dc) == []
    assert house.clients.get(me, cid).details.goals == REPRO


def test_a_returned_text_needs_a_comment_and_the_client_keeps_the_last_cosigned_one(
    house: FakeHouse, world: World
) -> None:
    me, dc, cid = world.a.caller("client1"), world.a.caller("chiropractor"), world.a.clients[0].id
    _lmt_writes_goals(house, world, "Run 10 km without pain")
    house.cosign.approve(dc, house.cosign.queue(dc)[0].id)
    _lmt_writes_goals(house, world, REPRO)
    (entry,) = house.cosign.queue(dc)
    with pytest.raises(Invalid):
        house.cosign.return_to_author(dc, entry.id, "  ")
    back = house.cosign.return_to_author(dc, entry.id, "Findings go to me; no diagnosis here.")
    assert back.state is ReviewState.RETURNED and house.cosign.queue(dc) == []
    assert house.clients.get(me, cid).details.goals == "Run 10 km without pain"
