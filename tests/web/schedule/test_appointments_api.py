"""The appointments API as the issue specifies it: open slots POSTed back as they are (staff
adding client_id) book them, a taken slot answers 409, PATCH moves, DELETE cancels, and bad
input answers 400/422 with what is wrong, never 500."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.schedule.hours import HoursBlock
from tests.factories import World
from tests.web.conftest import sign_in

DAY = "2026-03-09"  # a Monday a week after the fixed clock


@pytest.fixture
def lmt_id(container: Container, world: World) -> int:
    lmt = world.a.users["lmt"]
    container.appointments.set_hours(
        world.a.caller("admin"), lmt.id, [HoursBlock(d, time(9), time(12)) for d in range(5)]
    )
    return lmt.id


def _slots(http: TestClient, lmt_id: int, **extra: str) -> list[dict[str, Any]]:
    params = {"practitioner_id": str(lmt_id), "from": DAY, "to": DAY, **extra}
    r = http.get("/api/v1/availability", params=params)
    assert r.status_code == 200, r.text
    body: list[dict[str, Any]] = r.json()
    return body


def test_staff_post_a_listed_slot_back_and_the_second_post_is_409(
    app_client: TestClient, world: World, lmt_id: int
) -> None:
    csrf = sign_in(app_client, "admin@alpha.test")
    slot = _slots(app_client, lmt_id)[0]
    assert slot["starts_at"].startswith("2026-03-09T09:00")
    body = {**slot, "client_id": world.a.clients[0].id}
    headers = {"X-CSRF-Token": csrf}
    first = app_client.post("/api/v1/appointments", json=body, headers=headers)
    assert first.status_code == 201, first.text
    again = app_client.post("/api/v1/appointments", json=body, headers=headers)
    assert again.status_code == 409
    assert "another open slot" in again.json()["detail"]
    listed = app_client.get("/api/v1/appointments", params={"from": DAY, "to": DAY}).json()
    assert [a["id"] for a in listed] == [first.json()["id"]]
    assert _slots(app_client, lmt_id)[0]["starts_at"].startswith("2026-03-09T09:30")


def test_a_client_books_moves_and_cancels_their_own(
    app_client: TestClient, world: World, lmt_id: int
) -> None:
    csrf = sign_in(app_client, "client1@alpha.test")
    headers = {"X-CSRF-Token": csrf}
    slots = _slots(app_client, lmt_id, type="online_form_review")
    assert slots[0]["mode"] == "online"
    made = app_client.post("/api/v1/appointments", json=slots[0], headers=headers)
    assert made.status_code == 201, made.text
    appointment = made.json()
    assert appointment["client_id"] == world.a.clients[0].id
    moved = app_client.patch(
        f"/api/v1/appointments/{appointment['id']}",
        json={"starts_at": slots[4]["starts_at"]},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["starts_at"] == slots[4]["starts_at"]
    gone = app_client.delete(f"/api/v1/appointments/{appointment['id']}", headers=headers)
    assert gone.json()["state"] == "cancelled"
    assert app_client.get("/api/v1/appointments", params={"from": DAY, "to": DAY}).json() == []


def test_the_clinic_time_zone_shows_in_the_slots(
    app_client: TestClient, container: Container, world: World, lmt_id: int
) -> None:
    container.appointments.set_rules(world.a.caller("admin"), "Europe/Berlin", 24, 24)
    sign_in(app_client, "lmt@alpha.test")
    slot = _slots(app_client, lmt_id)[0]
    assert slot["starts_local"] == "2026-03-09T09:00:00+01:00"
    assert slot["starts_at"].startswith("2026-03-09T08:00")
    assert slot["time_zone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"practitioner_id": "x", "from": DAY}, 422),
        ({"practitioner_id": "1", "from": "09/03/2026"}, 422),
        ({"practitioner_id": "1", "from": DAY, "to": "2026-03-01"}, 422),
        ({"practitioner_id": "1", "from": DAY, "to": "2027-03-01"}, 422),
        ({"practitioner_id": "1", "from": DAY, "type": "yoga"}, 422),
        ({"practitioner_id": "99999", "from": DAY}, 404),
        ({"from": DAY}, 422),
        ({"practitioner_id": "1", "from": "9999-12-31"}, 422),
        ({"practitioner_id": "1", "from": "0001-01-01", "to": "0001-01-02"}, 422),
    ],
)
def test_bad_availability_queries_are_refused_clearly(
    app_client: TestClient, world: World, lmt_id: int, params: dict[str, str], code: int
) -> None:
    sign_in(app_client, "admin@alpha.test")
    r = app_client.get("/api/v1/availability", params=params)
    assert r.status_code == code, r.text
    assert r.json()["detail"]


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": "2026-03-09T09:00:00"},  # no offset
        {"starts_at": "2026-03-09T09:07:00+00:00"},  # off the grid
        {"type": "yoga"},
        {"ends_at": "2026-03-09T11:00:00+00:00"},
        {"client_id": None},
        {"mode": "online"},  # a massage is in person
        {"video_link": "javascript:alert(1)"},
        {"surprise": 1},
    ],
)
def test_bad_bookings_are_refused_clearly(
    app_client: TestClient, world: World, lmt_id: int, change: dict[str, Any]
) -> None:
    csrf = sign_in(app_client, "admin@alpha.test")
    slot = _slots(app_client, lmt_id, type="massage")[0]
    body = {**slot, "client_id": world.a.clients[0].id, **change}
    r = app_client.post("/api/v1/appointments", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code in (400, 422), r.text
    assert r.json()["detail"]


@pytest.mark.parametrize("query", ["from=9999-12-31", "from=0001-01-01", "to=9999-12-31"])
def test_listing_far_off_days_is_refused_clearly(
    app_client: TestClient, world: World, query: str
) -> None:
    sign_in(app_client, "lmt@alpha.test")
    r = app_client.get(f"/api/v1/appointments?{query}")
    assert r.status_code == 422, r.text


def test_another_clinic_and_another_client_get_the_one_404(
    app_client: TestClient, world: World, lmt_id: int
) -> None:
    csrf = sign_in(app_client, "admin@alpha.test")
    slot = _slots(app_client, lmt_id)[0]
    made = app_client.post(
        "/api/v1/appointments",
        json={**slot, "client_id": world.a.clients[0].id},
        headers={"X-CSRF-Token": csrf},
    ).json()
    csrf = sign_in(app_client, "client2@alpha.test")
    r = app_client.delete(f"/api/v1/appointments/{made['id']}", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 404
    sign_in(app_client, "admin@beta.test")
    assert app_client.get(f"/api/v1/appointments/{made['id']}").status_code == 404
    assert app_client.get(f"/api/v1/appointments/{2**40}").status_code == 404
