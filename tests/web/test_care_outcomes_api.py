"""Outcome endpoints: worked totals, change since baseline, missing and out-of-range answers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from tests.factories import World, signed_plan_with_programme
from tests.fakes.clock import FixedClock
from tests.web.conftest import sign_in

LAST = [2, 2, 3, 3, 4, 4, 3, 4, 4, 4, 4, 2, 2]  # the last (worst) option of each AKPS item


def _as_client(app_client: TestClient, world: World) -> tuple[int, dict[str, str]]:
    csrf = sign_in(app_client, world.a.users["client1"].email)
    return world.a.clients[0].id, {"X-CSRF-Token": csrf}


def test_akps_totals_follow_kujalas_points(app_client: TestClient, world: World) -> None:
    cid, h = _as_client(app_client, world)
    url = f"/api/v1/clients/{cid}/outcomes"
    # Kujala 1993: best answers sum to 100 and worst to 0; option 1 of every item is
    # 3+3+3+8+4+8+7+8+8+8+6+3+3 = 72 with the PMC10362729 points.
    for answers, total in (([0] * 13, 100), (LAST, 0), ([1] * 13, 72)):
        r = app_client.post(url, json={"instrument": "akps", "answers": answers}, headers=h)
        assert r.status_code == 201, r.text
        assert r.json()["score"] == total


def test_small_instruments_are_scored_and_listed_with_change(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    cid, h = _as_client(app_client, world)
    url = f"/api/v1/clients/{cid}/outcomes"
    nprs = app_client.post(url, json={"instrument": "nprs", "usual": 6, "worst": 8}, headers=h)
    assert nprs.status_code == 201 and nprs.json()["scores"] == {"nprs_usual": 6, "nprs_worst": 8}
    psfs = {
        "instrument": "psfs",
        "activities": [{"activity": "running", "rating": 4}, {"activity": "stairs", "rating": 7}],
    }
    assert app_client.post(url, json=psfs, headers=h).json()["score"] == 5.5
    groc = app_client.post(url, json={"instrument": "groc", "value": 4}, headers=h).json()
    assert groc["score"] == 4 and groc["change"]["reading"] == "improved beyond the MCID"
    clock.advance(days=21)
    cid, h = _as_client(app_client, world)  # the session expired meanwhile
    later = app_client.post(url, json={"instrument": "nprs", "usual": 3, "worst": 5}, headers=h)
    assert later.json()["change"]["delta"] == -3
    assert later.json()["change"]["reading"] == "improved beyond the MCID"
    listed = app_client.get(url).json()
    assert [o["instrument"] for o in listed["outcomes"]] == ["nprs", "psfs", "groc", "nprs"]
    usual = next(c for c in listed["changes"] if c["series"] == "nprs_usual")
    assert (usual["baseline"], usual["latest"], usual["mcid"]) == (6, 3, 2)


def test_no_meaningful_change_below_the_mcid(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    cid, h = _as_client(app_client, world)
    url = f"/api/v1/clients/{cid}/outcomes"
    app_client.post(url, json={"instrument": "akps", "answers": [1] * 13}, headers=h)  # 72
    clock.advance(days=21)
    cid, h = _as_client(app_client, world)  # the session expired meanwhile
    answers = [1] * 12 + [0]  # flexion 3 -> 5: 74, +2 < MCID 10
    r = app_client.post(url, json={"instrument": "akps", "answers": answers}, headers=h)
    assert r.json()["score"] == 74
    assert r.json()["change"]["reading"] == "no meaningful change"


def test_missing_and_out_of_range_answers_are_refused_and_nothing_stored(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid, h = _as_client(app_client, world)
    url = f"/api/v1/clients/{cid}/outcomes"
    short = app_client.post(url, json={"instrument": "akps", "answers": [0] * 12}, headers=h)
    assert short.status_code == 422
    assert "flexion_deficiency" in short.json()["detail"]
    assert "flexion_deficiency" in short.json()["errors"]
    gap = app_client.post(
        url, json={"instrument": "akps", "answers": [0, None] + [0] * 11}, headers=h
    )
    assert gap.status_code == 422 and "'support'" in gap.json()["detail"]
    wide = app_client.post(url, json={"instrument": "akps", "answers": [0] * 12 + [3]}, headers=h)
    assert wide.status_code == 422 and "flexion_deficiency" in wide.json()["detail"]
    assert "0 to 2" in wide.json()["detail"]
    assert (
        app_client.post(url, json={"instrument": "nprs", "usual": 11}, headers=h).status_code == 422
    )
    assert app_client.post(url, json={"instrument": "nprs"}, headers=h).status_code == 422
    assert (
        app_client.post(url, json={"instrument": "groc", "value": 8}, headers=h).status_code == 422
    )
    bad_psfs = {"instrument": "psfs", "activities": [{"activity": "running", "rating": 12}]}
    r = app_client.post(url, json=bad_psfs, headers=h)
    assert r.status_code == 422 and "running" in r.json()["detail"]
    unknown = app_client.post(url, json={"instrument": "vas", "value": 3}, headers=h)
    assert unknown.status_code == 422 and "akps" in unknown.json()["detail"]
    assert app_client.get(url).json()["outcomes"] == []


def test_calendar_export_is_an_icalendar_file(
    app_client: TestClient, world: World, container: Container
) -> None:
    signed_plan_with_programme(container, world)
    cid, _ = _as_client(app_client, world)
    r = app_client.get(f"/api/v1/clients/{cid}/calendar.ics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    assert r.text.startswith("BEGIN:VCALENDAR") and "Home programme: strength" in r.text
    assert "Questionnaires due" in r.text
