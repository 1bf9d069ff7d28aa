"""The audit log: the admin reads their own clinic's entries, whatever the query asks, and
reading the log is itself in the log."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kneecap.ports.repositories import AuditQuery
from kneecap.services.errors import Forbidden
from tests.factories import World
from tests.fakes.house import FakeHouse


def test_an_admin_reads_only_their_own_clinics_log(house: FakeHouse, world: World) -> None:
    house.clients.get(world.b.caller("lmt"), world.b.clients[0].id)
    entries, total = house.audit.query(world.a.caller("admin"), AuditQuery(world.b.clinic_id))
    assert total == len(entries) > 0
    assert {e.clinic_id for e in entries} == {world.a.clinic_id}
    assert entries[0].action == "audit.read"  # newest first, and reading is recorded


def test_filters_narrow_the_log(house: FakeHouse, world: World) -> None:
    cid = world.a.clients[0].id
    house.clients.get(world.a.caller("lmt"), cid)
    lmt = world.a.users["lmt"].id
    q = AuditQuery(world.a.clinic_id, client_id=cid, action_prefix="client.r", outcome="allow")
    entries, total = house.audit.query(world.a.caller("admin"), q)
    assert total == 2  # the chiropractor read the record when it was made, then the LMT
    mine, total = house.audit.query(world.a.caller("admin"), replace(q, actor_user_id=lmt))
    assert total == 1 and mine[0] == entries[0]


def test_a_page_holds_at_most_500_entries(house: FakeHouse, world: World) -> None:
    admin = world.a.caller("admin")
    for _ in range(3):
        house.audit.query(admin, AuditQuery(world.a.clinic_id))
    entries, total = house.audit.query(admin, AuditQuery(world.a.clinic_id, limit=0))
    assert len(entries) == 1 and total > 1
    entries, _ = house.audit.query(admin, AuditQuery(world.a.clinic_id, limit=10_000))
    assert len(entries) == total + 1


def test_practitioners_may_not_read_the_log_and_trying_is_logged(
    house: FakeHouse, world: World
) -> None:
    with pytest.raises(Forbidden):
        house.audit.query(world.a.caller("chiropractor"), AuditQuery(world.a.clinic_id))
    last = house.audit_trail()[-1]
    assert (last.action, last.outcome) == ("audit.read", "forbidden")
