"""E-mail through a real SMTP server started by the test (aiosmtpd), read back as received:
a booking's confirmation with its iCalendar invite, a move and a cancellation, the reminder
from the sweep, every other template of the registry, and a mail queued before a restart
delivered by the next process. No mail carries the client's health data."""

from __future__ import annotations

import email
import re
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from kneecap.adapters.mail.smtp import SmtpSender
from kneecap.bootstrap import Container
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.notify.templates import TEMPLATES
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.services.appointments import Booking
from tests.factories import make_world, signed_plan_with_programme
from tests.fakes.clock import FixedClock
from tests.fakes.gait import FakeGaitAnalyzer

MONDAY = date(2026, 3, 9)
HEALTH = "Sore on stairs after the 20 km run; suspected patellofemoral pain"
FORBIDDEN = re.compile(r"Sore on stairs|patellofemoral|adjustment|\bknee|Runner", re.IGNORECASE)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"

    def wait(self, n: int, timeout: float = 20.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"smtp+plain://127.0.0.1:{port}"
    controller.stop()


def _text(m: Message) -> str:
    parts = [f"{k}: {v}" for k, v in m.items()]
    for part in m.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts.append(payload.decode())
    return "\n".join(parts)


def _ics(m: Message) -> str:
    for part in m.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode()
    return ""


def test_bookings_reminders_and_every_template_arrive_without_health_data(
    build_container: Callable[..., Container], smtp: tuple[Inbox, str], clock: FixedClock
) -> None:
    inbox, url = smtp
    c = build_container(mail_sender=SmtpSender(url))
    c.jobs.queue.start()  # type: ignore[union-attr]
    try:
        _week_of_mail(c, inbox, clock)
    finally:
        c.jobs.queue.stop()  # type: ignore[union-attr]


def _week_of_mail(c: Container, inbox: Inbox, clock: FixedClock) -> None:
    world = make_world(c)
    lmt, chiro = world.a.caller("lmt"), world.a.caller("chiropractor")
    cid = world.a.clients[0].id
    record = c.clients.get(chiro, cid)
    c.clients.update(chiro, cid, ClientDetails(**{**record.details.__dict__, "goals": HEALTH}))
    chiro_id = world.a.users["chiropractor"].id
    c.appointments.set_hours(lmt, chiro_id, [HoursBlock(0, wall(9), wall(12))])
    c.appointments.set_rules(world.a.caller("admin"), "Europe/London", 24, 24)
    at = datetime.combine(MONDAY, wall(10), tzinfo=UTC)
    booked = c.appointments.book(lmt, Booking(cid, chiro_id, "adjustment", at))
    (confirmation,) = inbox.wait(1)
    assert confirmation["To"] == "client1@alpha.test"
    assert confirmation["Subject"] == "Your visit at Alpha Clinic is booked"
    invite = _ics(confirmation)
    assert "METHOD:REQUEST" in invite and "DTSTART:20260309T100000Z" in invite
    assert "Monday 9 March 2026, 10:00 GMT" in _text(confirmation)

    c.appointments.move(lmt, booked.id, datetime.combine(MONDAY, wall(11), tzinfo=UTC))
    c.appointments.cancel(lmt, booked.id)
    inbox.wait(3)
    assert "DTSTART:20260309T110000Z" in _ics(inbox.messages[1])
    assert "METHOD:CANCEL" in _ics(inbox.messages[2])
    assert _uid(inbox.messages[0]) == _uid(inbox.messages[1]) == _uid(inbox.messages[2])

    again = c.appointments.book(lmt, Booking(cid, chiro_id, "follow_up", at))
    clock.at = datetime(2026, 3, 8, 12, tzinfo=UTC)  # 22 hours before
    assert c.notify.sweep()["reminders"] == 1
    assert c.notify.sweep()["reminders"] == 0
    inbox.wait(5)
    assert inbox.messages[4]["Subject"] == "Reminder: your visit at Alpha Clinic"
    assert again.id

    others = [n for n in TEMPLATES if not n.startswith("appointment.") and n != "invitation"]
    for n in others:
        c.notify.notify_client(lmt, cid, n, f"test:{n}")
    c.notify.invitation(world.a.clinic_id, "new@alpha.test", "http://testserver/i/abc", "inv:1")
    got = inbox.wait(6 + len(others))
    assert len(got) == 6 + len(others)
    templates_seen = {m["Subject"] for m in got}
    assert len(templates_seen) == len(TEMPLATES)  # every template went through the server
    for m in got:
        text = _text(m)
        assert "/sign-in" in text or "/i/abc" in text
        assert not FORBIDDEN.search(text), (m["Subject"], FORBIDDEN.findall(text))


def _uid(m: Message) -> str:
    return next(line for line in _ics(m).splitlines() if line.startswith("UID:"))


def test_a_mail_queued_before_a_restart_is_sent_by_the_next_process(
    build_container: Callable[..., Container], smtp: tuple[Inbox, str]
) -> None:
    inbox, url = smtp
    first = build_container(mail_sender=SmtpSender(url))  # its queue never starts
    world = make_world(first)
    first.notify.notify_client(world.a.caller("lmt"), world.a.clients[0].id, "message.new", "m:1")
    first.close()
    assert inbox.messages == []
    second = build_container(mail_sender=SmtpSender(url))
    second.jobs.queue.start()  # type: ignore[union-attr]
    try:
        (mail,) = inbox.wait(1)
    finally:
        second.jobs.queue.stop()  # type: ignore[union-attr]
    assert mail["Subject"] == "You have a new message from Alpha Clinic"


def test_without_a_server_mail_is_held_in_the_outbox(
    build_container: Callable[..., Container],
) -> None:
    c = build_container(queue_jobs=False)
    world = make_world(c)
    made = c.notify.notify_client(world.a.caller("lmt"), world.a.clients[0].id, "message.new", "k")
    assert made is not None
    c.notify.deliver(made.id)
    (kept,) = c.notify.outbox(world.a.caller("admin"))
    assert kept.status == "held" and "sign-in" in kept.body


def test_new_message_form_review_and_questionnaire_notices_arrive_without_health_data(
    build_container: Callable[..., Container],
    smtp: tuple[Inbox, str],
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    inbox, url = smtp
    c = build_container(mail_sender=SmtpSender(url), analyzer=FakeGaitAnalyzer())
    c.jobs.queue.start()  # type: ignore[union-attr]
    try:
        world = make_world(c)
        lmt, chiro = world.a.caller("lmt"), world.a.caller("chiropractor")
        me, cid = world.a.caller("client1"), world.a.clients[0].id
        c.messages.post(me, cid, HEALTH)  # the client's own message mails nobody
        held = c.messages.post(lmt, cid, "Your patellofemoral pain is settling.")
        assert held.held
        (entry,) = c.cosign.queue(chiro)
        c.cosign.approve(chiro, entry.id)
        (new,) = inbox.wait(1)
        assert new["Subject"] == "You have a new message from Alpha Clinic"

        clip = tmp_path / "run.mp4"
        clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 a running clip")
        up = c.gait.upload(me, cid, clip, "run.mp4", "side", 181)
        deadline = time.monotonic() + 20
        while not c.gait.page(lmt, up.analysis.id).analysis.ready:
            assert time.monotonic() < deadline, "the analysis job did not finish"
            time.sleep(0.05)
        c.gait.release(chiro, up.analysis.id)
        inbox.wait(2)
        assert inbox.messages[1]["Subject"] == "Your running-form review from Alpha Clinic is ready"

        signed_plan_with_programme(c, world)
        c.care.outcomes.record(me, cid, "akps", {"answers": [1] * 13}, on=clock.now().date())
        clock.at = clock.at + timedelta(weeks=3)
        assert c.notify.questionnaires() == {"questionnaires": 1}
        assert c.notify.questionnaires() == {"questionnaires": 0}
        got = inbox.wait(3)
        assert len(got) == 3 and got[2]["Subject"] == "A questionnaire from Alpha Clinic is due"
        for m in got:
            text = _text(m)
            assert "/sign-in" in text
            assert not FORBIDDEN.search(text), (m["Subject"], FORBIDDEN.findall(text))
    finally:
        c.jobs.queue.stop()  # type: ignore[union-attr]
