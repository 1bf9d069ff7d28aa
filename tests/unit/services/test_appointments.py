"""Booking through the gate on the fakes: staff and clients, the notice period, double
bookings refused by the store, the clinic's time zone, and planned visits as proposals."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.care.plan import PlannedVisit
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.services.appointments import Booking
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import CARE_START, PLAN_CONTENT, World
from tests.fakes.house import FakeHouse

MONDAY = date(2026, 3, 9)  # the fake clock stands at Monday 2026-03-02 09:00 UTC
WEEKDAYS = [HoursBlock(d, time(9), time(17)) for d in range(5)]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@pytest.fixture
def lmt_id(house: FakeHouse, world: World) -> int:
    lmt = world.a.users["lmt"]
    house.appointments.set_hours(world.a.caller("admin"), lmt.id, WEEKDAYS)
    return lmt.id


def _booking(world: World, lmt_id: int, at: datetime, kind: str = "follow_up") -> Booking:
    return Booking(world.a.clients[0].id, lmt_id, kind, at)


def test_staff_book_move_and_cancel_and_each_change_is_audited(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    admin = world.a.caller("admin")
    booked = house.appointments.book(admin, _booking(world, lmt_id, _at(MONDAY, 10)))
    assert booked.ends_at == _at(MONDAY, 10, 30)
    moved = house.appointments.move(admin, booked.id, _at(MONDAY, 11))
    assert moved.starts_at == _at(MONDAY, 11)
    house.appointments.cancel(admin, booked.id)
    assert house.appointments.between(admin, _at(MONDAY, 0), _at(MONDAY, 23)) == []
    actions = [e.action for e in house.audit_trail(world.a.clinic_id)]
    assert actions.count("appointment.book") == 3


def test_a_taken_time_is_a_conflict_and_a_freed_time_can_be_booked(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    admin = world.a.caller("admin")
    first = house.appointments.book(admin, _booking(world, lmt_id, _at(MONDAY, 10)))
    with pytest.raises(Conflict, match="just booked"):
        house.appointments.book(admin, _booking(world, lmt_id, _at(MONDAY, 10, 15)))
    house.appointments.cancel(admin, first.id)
    house.appointments.book(admin, _booking(world, lmt_id, _at(MONDAY, 10, 15)))


def test_slots_leave_out_booked_times_and_a_listed_slot_books_as_it_is(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    client = world.a.caller("client1")
    slots = house.appointments.availability(client, lmt_id, MONDAY, MONDAY)
    assert slots[0].starts_at == _at(MONDAY, 9)
    s = slots[0]
    booked = house.appointments.book(
        client, Booking(world.a.clients[0].id, s.practitioner_id, s.kind.value, s.starts_at)
    )
    again = house.appointments.availability(client, lmt_id, MONDAY, MONDAY)
    assert all(x.starts_at >= booked.ends_at for x in again)


def test_a_client_books_only_their_own_in_hours_and_outside_the_notice_period(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    client = world.a.caller("client1")
    other = world.a.clients[1].id
    with pytest.raises(NotFound):
        house.appointments.book(client, Booking(other, lmt_id, "follow_up", _at(MONDAY, 10)))
    with pytest.raises(Conflict, match="working hours"):
        house.appointments.book(client, _booking(world, lmt_id, _at(MONDAY, 18)))
    tomorrow = _at(date(2026, 3, 3), 8)  # 23 hours ahead; the default notice is 24 hours
    house.appointments.set_hours(
        world.a.caller("admin"), lmt_id, [*WEEKDAYS[:1], HoursBlock(1, time(8), time(17))]
    )
    with pytest.raises(Conflict, match="notice period"):
        house.appointments.book(client, _booking(world, lmt_id, tomorrow))
    booked = house.appointments.book(client, _booking(world, lmt_id, _at(date(2026, 3, 3), 10)))
    house.clock.advance(hours=2)  # now 22 hours before the visit
    with pytest.raises(Conflict, match="notice period"):
        house.appointments.cancel(client, booked.id)
    # staff may still change it
    house.appointments.cancel(world.a.caller("lmt"), booked.id)


def test_other_clinics_and_other_clients_see_nothing(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    booked = house.appointments.book(
        world.a.caller("lmt"), _booking(world, lmt_id, _at(MONDAY, 10))
    )
    with pytest.raises(NotFound):
        house.appointments.get(world.b.caller("admin"), booked.id)
    with pytest.raises(NotFound):
        house.appointments.cancel(world.a.caller("client2"), booked.id)
    with pytest.raises(NotFound):
        house.appointments.availability(world.b.caller("client1"), lmt_id, MONDAY, MONDAY)
    assert (
        house.appointments.between(world.a.caller("client2"), _at(MONDAY, 0), _at(MONDAY, 23)) == []
    )
    mine = house.appointments.between(world.a.caller("client1"), _at(MONDAY, 0), _at(MONDAY, 23))
    assert [a.id for a in mine] == [booked.id]


def test_the_clinic_time_zone_shifts_the_slots_and_only_the_admin_sets_it(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    with pytest.raises(Forbidden):
        house.appointments.set_rules(world.a.caller("lmt"), "America/New_York", 24, 24)
    with pytest.raises(Invalid, match="not a time zone"):
        house.appointments.set_rules(world.a.caller("admin"), "Atlantis/Capital", 24, 24)
    house.appointments.set_rules(world.a.caller("admin"), "America/New_York", 12, 2)
    slots = house.appointments.availability(world.a.caller("lmt"), lmt_id, MONDAY, MONDAY)
    assert slots[0].starts_at == _at(MONDAY, 13)  # 09:00 EDT (after 8 March) is 13:00 UTC
    rules = house.appointments.rules(world.a.caller("client1"))
    assert rules.notice == timedelta(hours=12)


def test_bad_input_is_invalid_not_a_crash(house: FakeHouse, world: World, lmt_id: int) -> None:
    lmt = world.a.caller("lmt")
    with pytest.raises(Invalid, match="grid"):
        house.appointments.book(lmt, _booking(world, lmt_id, _at(MONDAY, 10, 7)))
    with pytest.raises(Invalid, match="Unknown appointment type"):
        house.appointments.book(lmt, _booking(world, lmt_id, _at(MONDAY, 10), kind="yoga"))
    with pytest.raises(Invalid, match="past"):
        house.appointments.book(lmt, _booking(world, lmt_id, _at(date(2026, 3, 1), 10)))
    with pytest.raises(Invalid, match="not a practitioner"):
        house.appointments.book(lmt, _booking(world, world.a.users["admin"].id, _at(MONDAY, 10)))
    with pytest.raises(Invalid, match="before"):
        house.appointments.availability(lmt, lmt_id, MONDAY, MONDAY - timedelta(days=1))
    with pytest.raises(Invalid, match="at most"):
        house.appointments.availability(lmt, lmt_id, MONDAY, MONDAY + timedelta(days=400))
    with pytest.raises(Invalid, match="overlaps"):
        house.appointments.set_hours(
            lmt, lmt_id, [HoursBlock(0, time(9), time(12)), HoursBlock(0, time(10), time(13))]
        )


def test_planned_visits_of_a_signed_plan_are_proposals_to_book(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    chiro = world.a.caller("chiropractor")
    cid = world.a.clients[0].id
    visits = (PlannedVisit(MONDAY, Role.LMT, "soft tissue"),)
    plan = house.care.plans.create(
        chiro, cid, CARE_START, replace(PLAN_CONTENT, planned_visits=visits)
    )
    house.care.plans.sign(chiro, cid, plan.id)
    (proposal,) = house.appointments.proposals(chiro, cid)
    assert proposal.on == MONDAY and proposal.slot is not None
    assert proposal.slot.starts_at == _at(MONDAY, 9)
    s = proposal.slot
    house.appointments.book(
        chiro, Booking(cid, s.practitioner_id, s.kind.value, s.starts_at, plan_id=plan.id)
    )
    assert house.appointments.proposals(chiro, cid) == []


def test_one_client_is_never_in_two_visits_at_once(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    admin = world.a.caller("admin")
    chiro = world.a.users["chiropractor"]
    house.appointments.set_hours(admin, chiro.id, WEEKDAYS)
    with_lmt = house.appointments.book(admin, _booking(world, lmt_id, _at(MONDAY, 10)))
    # Another practitioner is free at 10:15, but the client is with the LMT until 10:30.
    with pytest.raises(Conflict, match="client already has a visit"):
        house.appointments.book(admin, _booking(world, chiro.id, _at(MONDAY, 10, 15)))
    other_client = Booking(world.a.clients[1].id, chiro.id, "follow_up", _at(MONDAY, 10, 15))
    house.appointments.book(admin, other_client)
    # Moving a visit onto the client's other visit is refused the same way.
    later = house.appointments.book(admin, _booking(world, chiro.id, _at(MONDAY, 14)))
    with pytest.raises(Conflict, match="client already has a visit"):
        house.appointments.move(admin, later.id, _at(MONDAY, 9, 45))
    house.appointments.cancel(admin, with_lmt.id)  # a cancelled visit frees the client's time
    house.appointments.book(admin, _booking(world, chiro.id, _at(MONDAY, 9, 45)))


def test_a_client_is_not_offered_slots_during_their_own_visits(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    admin = world.a.caller("admin")
    chiro = world.a.users["chiropractor"]
    house.appointments.set_hours(admin, chiro.id, WEEKDAYS)
    visit = house.appointments.book(admin, _booking(world, lmt_id, _at(MONDAY, 10)))
    client = world.a.caller("client1")
    slots = house.appointments.availability(client, chiro.id, MONDAY, MONDAY)
    assert slots and all(
        s.ends_at <= visit.starts_at or s.starts_at >= visit.ends_at for s in slots
    )
    # Staff still see the chiropractor's own free time: the client's visit is not theirs.
    staff = house.appointments.availability(admin, chiro.id, MONDAY, MONDAY)
    assert any(s.starts_at == _at(MONDAY, 10) for s in staff)
