"""The schedule pages: staff book from the day view and see it in the week view in the
clinic's time zone; a client books a listed slot in the portal and sees it on the dashboard;
the admin sets the time zone and the hours on the settings page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.schedule.hours import HoursBlock
from tests.factories import World
from tests.web.conftest import csrf_from, sign_in

DAY = "2026-03-09"


@pytest.fixture
def lmt_id(container: Container, world: World) -> int:
    lmt = world.a.users["lmt"]
    container.appointments.set_hours(
        world.a.caller("admin"), lmt.id, [HoursBlock(d, time(9), time(12)) for d in range(5)]
    )
    return lmt.id


def test_staff_book_in_the_day_view_in_clinic_time(
    app_client: TestClient, container: Container, world: World, lmt_id: int
) -> None:
    container.appointments.set_rules(world.a.caller("admin"), "America/New_York", 24, 24)
    csrf = sign_in(app_client, "lmt@alpha.test")
    form = {
        "csrf_token": csrf,
        "client_id": str(world.a.clients[0].id),
        "practitioner_id": str(lmt_id),
        "kind": "massage",
        "day": DAY,
        "at": "10:00",
    }
    r = app_client.post("/schedule/book", data=form)
    assert r.status_code == 303, r.text
    day = app_client.get(f"/schedule?day={DAY}")
    assert day.status_code == 200
    assert "10:00–11:00" in day.text and "Runner ALPHA1" in day.text
    assert "America/New_York" in day.text
    (stored,) = container.appointments.between(
        world.a.caller("lmt"), datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 10, tzinfo=UTC)
    )
    assert stored.starts_at.hour == 14  # 10:00 EDT
    week = app_client.get(f"/schedule/week?start={DAY}")
    assert "10:00" in week.text and "Massage" in week.text
    again = app_client.post("/schedule/book", data=form)
    assert again.status_code == 409
    moved = app_client.post(
        f"/appointments/{stored.id}/move", data={"csrf_token": csrf, "day": DAY, "at": "11:00"}
    )
    assert moved.status_code == 303
    assert "11:00–12:00" in app_client.get(f"/schedule?day={DAY}").text
    bad = app_client.post(
        f"/appointments/{stored.id}/move", data={"csrf_token": csrf, "day": DAY, "at": "eleven"}
    )
    assert bad.status_code == 422 and "HH:MM" in bad.text


def test_a_client_books_a_listed_slot_and_sees_it_on_the_dashboard(
    app_client: TestClient, world: World, lmt_id: int
) -> None:
    sign_in(app_client, "client1@alpha.test")
    page = app_client.get(f"/visits?practitioner_id={lmt_id}&kind=follow_up&start={DAY}")
    assert page.status_code == 200
    starts = re.findall(r'name="starts_at" value="([^"]+)"', page.text)
    assert starts and starts[0].startswith("2026-03-09T09:00")
    r = app_client.post(
        "/visits/book",
        data={
            "csrf_token": csrf_from(page.text),
            "practitioner_id": str(lmt_id),
            "kind": "follow_up",
            "starts_at": starts[0],
        },
    )
    assert r.status_code == 303, r.text
    home = app_client.get("/dashboard")
    assert "Your next visits" in home.text and "2026-03-09 09:00" in home.text
    assert app_client.get("/schedule").status_code == 422  # the clinic's calendar is staff's


def test_the_admin_sets_zone_and_hours_and_an_lmt_cannot_set_the_zone(
    app_client: TestClient, container: Container, world: World, lmt_id: int
) -> None:
    csrf = sign_in(app_client, "admin@alpha.test")
    page = app_client.get("/schedule/settings")
    assert page.status_code == 200 and "Europe/London" in page.text
    r = app_client.post(
        "/schedule/settings",
        data={
            "csrf_token": csrf,
            "time_zone": "Europe/London",
            "notice_hours": "12",
            "reminder_hours": "2",
        },
    )
    assert r.status_code == 303
    assert container.appointments.rules(world.a.caller("lmt")).time_zone == "Europe/London"
    bad = app_client.post(
        f"/schedule/settings/hours/{lmt_id}", data={"csrf_token": csrf, "day0": "nine to five"}
    )
    assert bad.status_code == 422 and "09:00-17:00" in bad.text
    ok = app_client.post(
        f"/schedule/settings/hours/{lmt_id}",
        data={"csrf_token": csrf, "day0": "08:00-12:00, 13:00-17:00"},
    )
    assert ok.status_code == 303
    assert len(container.appointments.hours(world.a.caller("lmt"), lmt_id)) == 2
    csrf = sign_in(app_client, "lmt@alpha.test")
    r = app_client.post(
        "/schedule/settings",
        data={"csrf_token": csrf, "time_zone": "UTC", "notice_hours": "1", "reminder_hours": "1"},
    )
    assert r.status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/schedule?day=9999-12-31", "/schedule/week?start=0001-01-01", "/visits?start=9999-12-31"],
)
def test_far_off_days_are_refused_clearly(app_client: TestClient, world: World, url: str) -> None:
    sign_in(app_client, "client1@alpha.test" if url.startswith("/visits") else "lmt@alpha.test")
    r = app_client.get(url)
    assert r.status_code == 422 and "outside" in r.text
