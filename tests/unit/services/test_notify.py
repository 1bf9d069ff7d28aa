"""E-mail on the fakes: bookings mail the client with an invite, the sweep enqueues each due
reminder once, failed mail is retried, no server means held in the outbox, and only the
admin reads the outbox."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from kneecap.domain.schedule.hours import HoursBlock
from kneecap.ports.mail import Mail
from kneecap.services.appointments import Booking
from kneecap.services.errors import Forbidden
from tests.factories import World
from tests.fakes.house import FakeHouse

MONDAY = date(2026, 3, 9)


@pytest.fixture
def lmt_id(house: FakeHouse, world: World) -> int:
    lmt = world.a.users["lmt"]
    house.appointments.set_hours(
        world.a.caller("admin"), lmt.id, [HoursBlock(d, time(9), time(17)) for d in range(5)]
    )
    return lmt.id


def _book(house: FakeHouse, world: World, lmt_id: int, hour: int = 10) -> int:
    at = datetime.combine(MONDAY, time(hour), tzinfo=UTC)
    booking = Booking(world.a.clients[0].id, lmt_id, "follow_up", at)
    return house.appointments.book(world.a.caller("lmt"), booking).id


def test_a_booking_mails_the_client_a_confirmation_with_an_invite(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    appointment = _book(house, world, lmt_id)
    house.queue.run_all()
    (mail,) = house.mail.sent
    assert mail.to == "client1@alpha.test"
    assert mail.template == "appointment.booked"
    assert "Monday 9 March 2026, 10:00 UTC" in mail.body
    assert "METHOD:REQUEST" in mail.attachment
    house.appointments.cancel(world.a.caller("lmt"), appointment)
    house.queue.run_all()
    assert "METHOD:CANCEL" in house.mail.sent[-1].attachment


def test_the_sweep_enqueues_each_due_reminder_once(
    house: FakeHouse, world: World, lmt_id: int
) -> None:
    _book(house, world, lmt_id)
    house.queue.run_all()
    house.mail.sent.clear()
    assert house.notify.sweep()["reminders"] == 0  # a week ahead; the reminder is 24 h before
    house.clock.at = datetime(2026, 3, 8, 11, tzinfo=UTC)  # 23 hours before
    assert house.notify.sweep()["reminders"] == 1
    assert house.notify.sweep()["reminders"] == 0
    house.queue.run_all()
    (reminder,) = house.mail.sent
    assert reminder.template == "appointment.reminder"


def test_failed_mail_is_retried_by_the_sweep(house: FakeHouse, world: World, lmt_id: int) -> None:
    house.mail.failing = True
    _book(house, world, lmt_id)
    (job,) = house.queue.run_all()
    assert job is not None and "try again" in job.error
    (kept,) = house.notify.outbox(world.a.caller("admin"))
    assert kept.status == "failed" and kept.attempts == 1
    house.mail.failing = False
    assert house.notify.sweep()["retried"] == 1
    house.queue.run_all()
    assert house.notify.outbox(world.a.caller("admin"))[0].status == "sent"


def test_only_the_admin_reads_the_outbox(house: FakeHouse, world: World) -> None:
    for who in ("lmt", "chiropractor", "client1"):
        with pytest.raises(Forbidden):
            house.notify.outbox(world.a.caller(who))
    assert house.notify.outbox(world.b.caller("admin")) == []


def test_other_features_notify_a_client_once_per_key(house: FakeHouse, world: World) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    assert house.notify.notify_client(lmt, cid, "message.new", "message:1") is not None
    assert house.notify.notify_client(lmt, cid, "message.new", "message:1") is None
    house.queue.run_all()
    assert [m.subject for m in house.mail.sent] == ["You have a new message from Alpha Clinic"]
    actions = [e.detail for e in house.audit_trail(world.a.clinic_id) if e.client_id == cid]
    assert "e-mail message.new" in actions


def _stored_without_job(house: FakeHouse, world: World) -> int:
    """The state a stop leaves between storing a mail and storing its send job."""
    with house.uow_factory() as uow:
        mail = uow.outbox.add(
            Mail(
                0, world.a.clinic_id, "k:1", "message.new", "c@x.test", "S", "B", house.clock.now()
            )
        )
        uow.commit()
    assert mail is not None
    return mail.id


def test_a_mail_whose_job_was_never_stored_is_sent_by_a_later_sweep(
    house: FakeHouse, world: World
) -> None:
    _stored_without_job(house, world)
    assert house.notify.sweep()["orphans"] == 0  # just stored: its job may be on its way
    house.clock.advance(minutes=6)
    assert house.notify.sweep()["orphans"] == 1
    assert house.notify.sweep()["orphans"] == 0  # it has a job now
    house.queue.run_all()
    assert [m.key for m in house.mail.sent] == ["k:1"]


def test_two_send_jobs_for_one_mail_send_it_once(house: FakeHouse, world: World) -> None:
    mail_id = _stored_without_job(house, world)
    assert house.notify.deliver(mail_id) == {"status": "sent"}
    assert house.notify.deliver(mail_id) == {"status": "sent"}
    assert len(house.mail.sent) == 1


def test_a_mail_left_sending_by_a_stop_is_sent_again_after_the_wait(
    house: FakeHouse, world: World
) -> None:
    mail_id = _stored_without_job(house, world)
    with (
        house.uow_factory() as uow
    ):  # a job took it, then the app stopped before the server answered
        assert uow.outbox.claim(mail_id, house.clock.now())
        uow.commit()
    assert house.notify.deliver(mail_id) == {"status": "sending"}  # the interrupted job, rerun
    house.clock.advance(minutes=10)
    assert house.notify.sweep()["stalled"] == 0
    house.clock.advance(minutes=6)
    swept = house.notify.sweep()
    assert swept["stalled"] == 1 and swept["retried"] == 1
    house.queue.run_all()
    (kept,) = house.notify.outbox(world.a.caller("admin"))
    assert kept.status == "sent" and kept.attempts == 2 and len(house.mail.sent) == 1


def test_a_failed_mail_without_a_job_gets_one_job_from_the_sweep(
    house: FakeHouse, world: World
) -> None:
    mail_id = _stored_without_job(house, world)  # e.g. kept before mails noted their job
    with house.uow_factory() as uow:
        mail = uow.outbox.get(mail_id)
        assert mail is not None
        uow.outbox.update(replace(mail, status="failed", attempts=1, error="refused"))
        uow.commit()
    house.clock.advance(minutes=6)
    swept = house.notify.sweep()
    assert (swept["retried"], swept["orphans"]) == (1, 0)
    assert len(house.queue.run_all()) == 1 and len(house.mail.sent) == 1
