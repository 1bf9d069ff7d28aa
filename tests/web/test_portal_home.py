"""The client's home leads (on SQLite and PostgreSQL): the intake first, then the baseline
questionnaires and today's exercises with one-tap logging, then new messages; the staff menu
reaches each dashboard list in one click, and the dashboard lists unanswered threads."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.services.appointments import Booking
from tests.factories import World, signed_plan_with_programme
from tests.web.conftest import sign_in


def _steps(html: str) -> list[str]:
    return re.findall(r'<li class="card step" id="(\w+)"', html)


def test_the_client_home_shows_what_is_due_in_order_and_logs_in_one_tap(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    sign_in(app_client, world.a.users["client1"].email)
    assert _steps(app_client.get("/dashboard").text) == ["intake"]
    signed_plan_with_programme(container, world)
    container.messages.post(world.a.caller("lmt"), cid, "How were the stairs today?")
    csrf = sign_in(app_client, world.a.users["client1"].email)
    home = app_client.get("/dashboard").text
    assert _steps(home) == ["intake", "questionnaire", "today", "messages"]
    assert "I did them today" in home and "1 new message from your care team" in home
    done = app_client.post(
        f"/clients/{cid}/programme/sessions",
        data={"csrf_token": csrf, "on": "2026-03-02", "back": "home",
              "done": [e.exercise_id for e in container.care.programme.view(
                  world.a.caller("client1"), cid).programme.prescriptions]},  # type: ignore[union-attr]
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].startswith("/dashboard?logged=1")
    after = app_client.get("/dashboard?logged=1").text
    assert "Today's exercises are logged" in after
    assert _steps(after) == ["intake", "questionnaire", "messages"]
    app_client.get(f"/clients/{cid}/messages")  # read
    assert _steps(app_client.get("/dashboard").text) == ["intake", "questionnaire"]


def test_each_staff_list_is_one_click_from_the_menu(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    container.messages.post(world.a.caller("client1"), cid, "Can I race on Sunday?")
    sign_in(app_client, world.a.users["chiropractor"].email)
    page = app_client.get("/dashboard").text
    nav = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    for href in ("/messages", "/red-flags", "/care/inbox", "/inbox", "/cosignatures",
                 "/training/alerts"):  # fmt: skip
        assert f'href="{href}"' in nav, href
        assert app_client.get(href.split("#")[0]).status_code == 200, href
    assert "Messages waiting for an answer" in page and "Runner ALPHA1" in page
    sign_in(app_client, world.a.users["lmt"].email)
    nav = app_client.get("/dashboard").text.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert 'href="/messages"' in nav and 'href="/inbox"' not in nav  # the inbox is the chiro's
    sign_in(app_client, world.a.users["client1"].email)
    nav = app_client.get("/dashboard").text.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert f'href="/clients/{cid}/messages"' in nav and 'href="/training/alerts"' not in nav


def test_the_client_moves_and_cancels_the_next_visit_from_the_home(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.users["lmt"]
    admin = world.a.caller("admin")
    container.appointments.set_hours(admin, lmt.id, [HoursBlock(2, time(9), time(12))])
    container.appointments.set_rules(admin, "Europe/Berlin", 24, 24)
    at = datetime(2026, 3, 4, 8, tzinfo=UTC)  # Wednesday 09:00 in Berlin
    booked = container.appointments.book(
        world.a.caller("lmt"), Booking(cid, lmt.id, "follow_up", at)
    )
    csrf = sign_in(app_client, world.a.users["client1"].email)
    home = app_client.get("/dashboard").text
    assert _steps(home) == ["intake", "visit"]
    step = home.split('id="visit"')[1].split("</li>\n")[0]
    assert "Wednesday 4 March, 09:00" in step and "Europe/Berlin" in step
    assert "Wed 4 Mar, 09:30" in step  # an open time to move to, in the clinic's zone
    moved = app_client.post(
        f"/appointments/{booked.id}/move",
        data={"csrf_token": csrf, "day": "2026-03-04", "at": "09:30", "back": "home"},
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/"
    assert "Wednesday 4 March, 09:30" in app_client.get("/dashboard").text
    gone = app_client.post(
        f"/appointments/{booked.id}/cancel", data={"csrf_token": csrf, "back": "home"}
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/"
    assert _steps(app_client.get("/dashboard").text) == ["intake"]
