"""Chromium end to end: an online client's week. The client books an online form review in
the portal and the confirmation arrives with its calendar invite (read back from an SMTP
server the test starts, the app configured with KNEECAP_SMTP_URL); the client sends a video
in a message, the LMT replies (a "new message" mail), the reminder arrives from the sweep
with the clock moved on, the chiropractor releases the running-form review ("ready" mail),
and the client's home shows it first. No mail carries health data. Screenshots at desktop
and phone size, each with 0 axe-core violations: the staff day view, the client home (with
the next visit to move, and with the feedback), the thread and the outbox."""

from __future__ import annotations

import email
import importlib.util
import re
import socket
import time
from collections.abc import Iterator
from datetime import time as wall
from datetime import timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.domain.schedule.hours import HoursBlock
from tests.e2e.conftest import E2E_TIMEOUT_MS, answer_yes
from tests.e2e.gait_flow import sign_in
from tests.factories import examined, make_world
from tests.fakes.clock import FixedClock
from tests.fakes.gait import METRICS as FAKE_METRICS
from tests.fakes.gait import FakeGaitAnalyzer
from tests.support.live_server import serve

pytestmark = [pytest.mark.e2e]

CLIP = b"\x00\x00\x00\x18ftypmp42 the runner's treadmill clip"
# Words of the client's record and thread that must never reach a mail.
FORBIDDEN = re.compile(r"treadmill|knee|patellofemoral|cadence|Runner|online form review", re.I)
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# The pipeline stands in with a result shaped as the real one (tests/fakes/gait.METRICS plus
# what the review page shows): this test is about the week, not the video analysis.
METRICS = {
    **FAKE_METRICS,
    "duration_s": 12.0,
    "per_side": {
        "left": {"knee_flexion_ic_deg": {"mean": 14.0, "sd": 2.0}, "foot_strike": "heel"},
        "right": {"knee_flexion_ic_deg": {"mean": 15.0, "sd": 2.5}, "foot_strike": "heel"},
    },
    "notes": [],
}


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"

    def wait_for(self, subject: str, timeout: float = 30.0) -> Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.messages:
                if subject in str(m["Subject"]):
                    return m
            time.sleep(0.1)
        raise AssertionError(f"no mail {subject!r}; got {[m['Subject'] for m in self.messages]}")


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    inbox = Inbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"smtp+plain://127.0.0.1:{port}"
    controller.stop()


def _part(m: Message, content_type: str) -> str:
    for part in m.walk():
        if part.get_content_type() == content_type:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode()
    return ""


def _axe(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 AA violations (tests/e2e/test_accessibility), where its test extra
    is installed."""
    if importlib.util.find_spec("axe_playwright_python") is None:
        return []
    from tests.e2e.test_accessibility import violations

    return violations(page)


def _shots(page: Any, url: str, name: str, folder: Path) -> None:
    """Each page at desktop and phone size: screenshotted and checked by axe-core."""
    for size, (w, h) in SIZES.items():
        page.set_viewport_size({"width": w, "height": h})
        page.goto(url)
        page.screenshot(path=str(folder / f"week-{name}-{size}.png"), full_page=True)
        assert _axe(page) == [], (name, size)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_online_clients_week(
    tmp_path: Path, browser: Any, smtp: tuple[Inbox, str], screenshots: Path
) -> None:
    inbox, smtp_url = smtp
    settings = Settings.from_env(
        {"KNEECAP_DATA_DIR": str(tmp_path / "data"), "KNEECAP_SMTP_URL": smtp_url}
    )
    clock = FixedClock()  # Monday 2 March 2026, 09:00 UTC
    analyzer = FakeGaitAnalyzer(metrics=METRICS)
    container = build(settings, clock=clock, hasher=Argon2Hasher(fast=True), analyzer=analyzer)
    world = make_world(container)
    cid, lmt = world.a.clients[0].id, world.a.users["lmt"]
    admin = world.a.caller("admin")
    container.appointments.set_rules(admin, "Europe/London", 24, 24)
    hours = [HoursBlock(d, wall(9), wall(17)) for d in range(5)]
    container.appointments.set_hours(admin, lmt.id, hours)
    examined(container, world.a.caller("lmt"), cid)  # the intake is in: nothing before it
    clip = tmp_path / "treadmill.mp4"
    clip.write_bytes(CLIP)
    with (
        serve(container) as base,
        browser.new_context(viewport={"width": 1280, "height": 900}) as context,
    ):
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = answer_yes(context.new_page())

        # Monday: the client books an online form review with the LMT in the portal.
        sign_in(page, base, "client1@alpha.test")
        page.goto(f"{base}/visits?practitioner_id={lmt.id}&kind=online_form_review")
        page.click("form[action='/visits/book'] button >> nth=0")
        page.wait_for_url(f"{base}/visits")
        assert "Online form review" in page.locator("#up-h + ul").inner_text()
        (booked,) = container.appointments.upcoming(world.a.caller("client1"), cid)
        confirmation = inbox.wait_for("is booked")
        assert confirmation["To"] == "client1@alpha.test"
        invite = _part(confirmation, "text/calendar")
        assert "METHOD:REQUEST" in invite
        assert f"DTSTART:{booked.starts_at.strftime('%Y%m%dT%H%M%SZ')}" in invite
        _shots(page, f"{base}/dashboard", "client-home-booked", screenshots)

        # The client sends the video in a message.
        page.goto(f"{base}/clients/{cid}/messages")
        page.fill("#f-text", "Here is my treadmill run from today.")
        page.set_input_files("#f-files", str(clip))
        page.click("form[enctype] button[type=submit]")
        page.wait_for_selector("text=treadmill.mp4")

        # The LMT sees it waiting, replies; the client is told there is a message.
        sign_in(page, base, "lmt@alpha.test")
        page.goto(f"{base}/messages")
        page.click(f"a[href='/clients/{cid}/messages']")
        page.wait_for_selector("text=treadmill.mp4")
        page.fill("#f-text", "Thanks, it came through. We will look at it together on the call.")
        page.click("form[enctype] button[type=submit]")
        page.wait_for_selector("text=it came through")
        _shots(page, f"{base}/clients/{cid}/messages", "thread", screenshots)
        new = inbox.wait_for("new message")
        assert new["To"] == "client1@alpha.test"

        # The day before: the reminder sweep (a scheduled task) with the clock moved on.
        clock.at = booked.starts_at - timedelta(hours=23)
        assert container.notify.sweep()["reminders"] == 1
        inbox.wait_for("Reminder")

        # The chiropractor reviews the clip and releases the feedback.
        up = container.gait.upload(world.a.caller("lmt"), cid, clip, "treadmill.mp4", "side", 170)
        deadline = time.monotonic() + 60
        while not container.gait.page(world.a.caller("lmt"), up.analysis.id).analysis.ready:
            assert time.monotonic() < deadline, "the analysis job did not finish"
            time.sleep(0.1)
        sign_in(page, base, "chiropractor@alpha.test")
        page.goto(f"{base}/gait/{up.analysis.id}")
        page.click("form[action$='/release'] button[type=submit]")
        page.wait_for_selector("text=Released")
        inbox.wait_for("is ready")
        day = booked.starts_at.date().isoformat()
        _shots(page, f"{base}/schedule?day={day}", "staff-day", screenshots)

        # The client's home leads with the new feedback.
        sign_in(page, base, "client1@alpha.test")
        steps = page.locator("ol.steps > li.step").evaluate_all("els => els.map(e => e.id)")
        assert steps[0] == "feedback", steps
        assert "visit" in steps
        _shots(page, f"{base}/dashboard", "client-home", screenshots)

        sign_in(page, base, "admin@alpha.test")
        _shots(page, f"{base}/outbox", "outbox", screenshots)

    subjects = [str(m["Subject"]) for m in inbox.messages]
    assert len(subjects) == 4, subjects  # booked, new message, reminder, review ready
    for m in inbox.messages:
        text = "\n".join([str(m["Subject"]), _part(m, "text/plain")])
        assert "/sign-in" in text
        assert not FORBIDDEN.search(text), (m["Subject"], FORBIDDEN.findall(text))
    container.close()
