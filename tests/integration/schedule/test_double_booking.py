"""No double booking under concurrent requests, on SQLite and PostgreSQL: eight threads book
the same practitioner's overlapping times through the service at once; the database lets
exactly one in and the others are answered Conflict (409), never a server error."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from kneecap.bootstrap import Container
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.services.appointments import Booking
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict
from tests.factories import make_world

THREADS = 8
MONDAY = date(2026, 3, 9)


def _race(container: Container, bookings: list[Booking], caller: Caller) -> list[object]:
    """Every booking in its own thread, all released at once."""
    results: list[object] = [None] * len(bookings)
    start = threading.Barrier(len(bookings))

    def one(i: int) -> None:
        start.wait()
        try:
            results[i] = container.appointments.book(caller, bookings[i])
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(bookings))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_concurrent_bookings_of_one_time_let_exactly_one_in(container: Container) -> None:
    world = make_world(container)
    lmt = world.a.users["lmt"]
    admin = world.a.caller("admin")
    container.appointments.set_hours(
        admin, lmt.id, [HoursBlock(d, time(9), time(17)) for d in range(5)]
    )
    at = datetime.combine(MONDAY, time(10), tzinfo=UTC)
    clients = [c.id for c in world.a.clients]
    # 30-minute visits from 09:50 to 10:10: every one of them holds 10:10-10:20
    bookings = [
        Booking(clients[i % 2], lmt.id, "follow_up", at + timedelta(minutes=5 * (i % 5 - 2)))
        for i in range(THREADS)
    ]
    results = _race(container, bookings, admin)
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1, results
    assert all(isinstance(e, Conflict) for e in lost), lost
    stored = container.appointments.between(
        admin, at - timedelta(hours=2), at + timedelta(hours=2), practitioner_id=lmt.id
    )
    assert len(stored) == 1


def test_concurrent_client_bookings_of_the_listed_slots_never_overlap(
    container: Container,
) -> None:
    world = make_world(container)
    lmt = world.a.users["lmt"]
    container.appointments.set_hours(
        world.a.caller("admin"), lmt.id, [HoursBlock(0, time(9), time(10))]
    )
    client = world.a.caller("client1")
    slots = container.appointments.availability(client, lmt.id, MONDAY, MONDAY)
    assert len(slots) == 3  # 09:00, 09:15, 09:30 for a 30-minute follow-up
    bookings = [
        Booking(world.a.clients[0].id, s.practitioner_id, s.kind.value, s.starts_at)
        for s in slots * 2
    ]
    results = _race(container, bookings, client)
    won = sorted(
        (r for r in results if not isinstance(r, Exception)),
        key=lambda a: a.starts_at,  # type: ignore[attr-defined]
    )
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception)), results
    assert 1 <= len(won) <= 2
    for a, b in pairwise(won):
        assert a.ends_at <= b.starts_at  # type: ignore[attr-defined]


def test_concurrent_bookings_of_one_client_with_two_practitioners_let_one_in(
    container: Container,
) -> None:
    world = make_world(container)
    admin = world.a.caller("admin")
    practitioners = [world.a.users["lmt"].id, world.a.users["chiropractor"].id]
    for p in practitioners:
        container.appointments.set_hours(admin, p, [HoursBlock(0, time(9), time(17))])
    at = datetime.combine(MONDAY, time(10), tzinfo=UTC)
    client = world.a.clients[0].id
    bookings = [Booking(client, practitioners[i % 2], "follow_up", at) for i in range(THREADS)]
    results = _race(container, bookings, admin)
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1, results
    assert all(isinstance(e, Conflict) for e in lost), lost
    # Those that lost to the other practitioner's booking were told it is the client's time.
    assert any("client already has a visit" in str(e) for e in lost), lost
