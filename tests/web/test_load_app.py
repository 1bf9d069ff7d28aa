"""The load app end to end on SQLite and PostgreSQL, from files built for each case: an
uncertain sport waits for the runner or clinician to confirm it (and never counts as running
until then), a placeholder date is confirmed, a copy of a session in a later upload is not
stored twice, measured heart-rate values give HR-only sessions a load, charts on old data say
which period they show and offer the one with data, and a plan starts from the intake volume."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.ports.repositories import AuditQuery
from tests.factories import World
from tests.fakes.clock import FixedClock
from tests.support.load_files import gpx_track, steady, swinging
from tests.web.conftest import csrf_from, sign_in, upload_activities, wait_job


def _import(http: TestClient, cid: int, csrf: str, *files: tuple[str, bytes]) -> dict[str, Any]:
    status, started = upload_activities(http, cid, csrf, list(files))
    assert status == 202, started
    job = wait_job(http, started["job_id"])
    assert job["status"] == "done", job
    result: dict[str, Any] = job["result"]
    return result


def _week_run_km(http: TestClient, cid: int) -> float:
    weeks = http.get(f"/api/v1/clients/{cid}/training-load").json()["weeks"]
    return float(sum(w["run_km"] for w in weeks[-2:]))


def test_an_uncertain_sport_waits_for_the_runner_and_does_not_count_as_running(
    app_client: TestClient, world: World, clock: FixedClock, container: Container
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    start = clock.now() - timedelta(days=2)
    # running speed on average, but swinging minute to minute like a bicycle in town
    odd = gpx_track(start, 50, swinging(1.0, 6.0))
    _import(app_client, own.id, csrf, ("no-type.gpx", odd))
    (waiting,) = app_client.get(f"/api/v1/clients/{own.id}/activities/to-confirm").json()
    assert waiting["sport"] == "run" and waiting["sport_basis"] == "inferred"
    assert waiting["needs_confirmation"] and "swings" in waiting["sport_reason"]
    assert _week_run_km(app_client, own.id) == 0.0  # the guess is not running yet
    page = app_client.get(f"/clients/{own.id}/training").text
    assert "1 activity needs confirming" in page and "a run or a ride?" in page

    # the confirmation page, as the runner: it was a run
    form = app_client.get(f"/clients/{own.id}/training/confirm")
    assert form.status_code == 200 and "What was it?" in form.text
    done = app_client.post(
        f"/clients/{own.id}/training/activities/{waiting['id']}/confirm",
        data={"csrf_token": csrf_from(form.text), "sport": "run"},
    )
    assert done.status_code == 303
    assert app_client.get(f"/api/v1/clients/{own.id}/activities/to-confirm").json() == []
    assert _week_run_km(app_client, own.id) > 10  # now it counts
    (stored,) = app_client.get(f"/api/v1/clients/{own.id}/activities").json()["activities"]
    assert stored["sport_basis"] == "confirmed" and "the runner" in stored["sport_reason"]
    q = AuditQuery(clinic_id=0, action_prefix="training.confirm")
    entries, _ = container.audit.query(world.a.caller("admin"), q)
    assert [e.detail for e in entries] == [f"activity {waiting['id']}: sport run -> run"]
    assert entries[0].client_id == own.id and entries[0].resource == f"activity:{waiting['id']}"


def test_a_clinician_confirms_a_placeholder_date_through_the_api_and_another_clinic_cannot(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    placeholder = datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC)  # lowest signed 32-bit time
    _import(app_client, own.id, csrf,
            ("old.gpx", gpx_track(placeholder, 40, steady(3.0), sport="running")))  # fmt: skip
    (waiting,) = app_client.get(f"/api/v1/clients/{own.id}/activities/to-confirm").json()
    assert any(i["code"] == "date-implausible" for i in waiting["issues"])
    load = app_client.get(f"/api/v1/clients/{own.id}/training-load").json()
    assert load["to_confirm"] == 1 and load["data_from"] is None  # left out of every chart
    url = waiting["confirm_url"]
    bad = app_client.post(
        url, json={"start": "2031-01-01T07:00:00Z"}, headers={"X-CSRF-Token": csrf}
    )
    assert bad.status_code in (400, 422) and "1999" in bad.text
    real = (clock.now() - timedelta(days=3)).replace(microsecond=0)
    ok = app_client.post(url, json={"start": real.isoformat()}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200, ok.text
    assert ok.json()["start"].startswith(real.date().isoformat()) and not ok.json()["issues"]
    assert _week_run_km(app_client, own.id) > 5

    other = sign_in(app_client, world.b.users["lmt"].email)
    refused = app_client.post(url, json={"sport": "ride"}, headers={"X-CSRF-Token": other})
    assert refused.status_code == 404


def test_a_copy_in_a_later_upload_seconds_apart_is_one_session(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    day = (clock.now() - timedelta(days=1)).replace(hour=5, minute=5, second=52)
    watch = gpx_track(day, 45, steady(3.2), sport="running")
    phone = gpx_track(day + timedelta(seconds=9), 44.8, steady(3.25), sport="running")  # 05:06:01
    assert _import(app_client, own.id, csrf, ("watch.gpx", watch))["imported"] == 1
    again = _import(app_client, own.id, csrf, ("phone.gpx", phone))
    assert (again["imported"], again["duplicates"]) == (0, 1)
    # a different session the same morning (an hour later) is not a copy
    later = gpx_track(day + timedelta(hours=1), 20, steady(3.0), sport="running")
    assert _import(app_client, own.id, csrf, ("later.gpx", later))["imported"] == 1


def test_measured_heart_rate_gives_hr_only_sessions_a_load(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    own = world.a.clients[0]  # no date of birth on the record
    csrf = sign_in(app_client, world.a.users["client1"].email)
    start = clock.now() - timedelta(days=1)
    run = gpx_track(start, 40, steady(3.0), sport="running", hr=lambda t: 150)
    _import(app_client, own.id, csrf, ("hr.gpx", run))
    before = app_client.get(f"/api/v1/clients/{own.id}/training-load").json()
    assert "no maximum heart rate" in before["load_method"]
    assert sum(w["load"] for w in before["weeks"][-2:]) == 0
    put = app_client.put(f"/api/v1/clients/{own.id}/heart-rate",
                         json={"sex": "male", "hr_max": 190, "hr_rest": 50},
                         headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert put.status_code == 200, put.text
    assert "measured maximum heart rate 190" in put.json()["hr_max_used"]
    after = app_client.get(f"/api/v1/clients/{own.id}/training-load").json()
    # 40 min at HRr x = (150-50)/(190-50), men's weighting: 40·x·0.64·e^(1.92·x) (Banister)
    x = 100 / 140
    assert abs(sum(w["load"] for w in after["weeks"][-2:]) - 40 * x * 0.64 * math.exp(1.92 * x)) < 1
    assert "the male weighting" in after["load_method"]
    wrong = app_client.put(f"/api/v1/clients/{own.id}/heart-rate", json={"hr_max": 40},
                           headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert wrong.status_code in (400, 422) and "between" in wrong.text


def test_charts_on_old_data_say_their_period_and_offer_the_one_with_data(
    app_client: TestClient, world: World
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    old = [
        (f"{y}.gpx", gpx_track(datetime(y, 6, 1, 7, tzinfo=UTC), 45, steady(3.1), "running"))
        for y in (2010, 2015, 2020)
    ]
    _import(app_client, own.id, csrf, *old)
    page = app_client.get(f"/clients/{own.id}/training").text
    assert "Charts show 2025-09-02 to 2026-03-02" in page  # half a year up to today
    assert "No activity falls in this period" in page and "2010-06-01" in page
    assert "?until=2020-06-01" in page
    shown = app_client.get(f"/clients/{own.id}/training?until=2020-06-01").text
    assert "to 2020-06-01" in shown and "1 of the 3 stored activities" in shown
    assert "Back to today" in shown


def test_a_race_plan_starts_from_the_intake_volume_and_tapers(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    own = world.a.clients[0]  # record: 21 km a week, no activity imported
    csrf = sign_in(app_client, world.a.users["client1"].email)
    race_day = (clock.now() + timedelta(weeks=10)).date()
    put = app_client.put(
        f"/api/v1/clients/{own.id}/training-plan",
        json={"kind": "race", "race_km": 21.1, "race_day": race_day.isoformat()},
        headers={"X-CSRF-Token": csrf},
    )
    assert put.status_code == 200, put.text
    plan = put.json()
    assert plan["baseline_week_km"] == 21.0 and "gave at intake" in plan["starting_point"]
    km = [w["run_km"] for w in plan["weeks"]]
    assert km[0] <= 21 * 1.3 and km[-1] < max(km)  # the race week is lighter than the peak


def test_the_odd_real_files_import_with_what_needs_confirming_and_nothing_counted_as_running(
    app_client: TestClient, world: World, shared_data: Path
) -> None:
    """The 42 real odd files of activities-more (placeholder dates, out-of-order times,
    settings and monitoring files), uploaded at once: read where they hold an activity, the
    rest named with the reason, what cannot be trusted waits for a person."""
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    more = sorted(p for p in (shared_data / "activities-more").iterdir() if p.suffix != ".tsv")
    res = _import(app_client, own.id, csrf, *[(p.name, p.read_bytes()) for p in more])
    assert res["imported"] > 0 and res["error_count"] > 0
    reasons = {e["file"]: e["reason"] for e in res["errors"]}
    assert "settings file" in reasons["python-fit__tests__files__Settings.fit"]
    waiting = app_client.get(f"/api/v1/clients/{own.id}/activities/to-confirm").json()
    dates = [a for a in waiting if any(i["code"] == "date-implausible" for i in a["issues"])]
    assert any(a["start"].startswith("1901-12-13") for a in dates)  # the exporter's placeholder
    listed = app_client.get(f"/api/v1/clients/{own.id}/activities?limit=500").json()
    uncertain = [a for a in listed["activities"] if a["needs_confirmation"]]
    assert {a["id"] for a in uncertain} == {a["id"] for a in waiting}
    # no activity whose sport waits for confirmation is running in the weekly series
    for a in uncertain:
        day = datetime.fromisoformat(a["start"]).date()
        if day.year < 1999:
            continue
        load = app_client.get(f"/api/v1/clients/{own.id}/training-load?until={day}").json()
        sure = [b for b in listed["activities"] if not b["needs_confirmation"]
                and b["sport"] == "run" and b["start"][:10] <= day.isoformat()]  # fmt: skip
        if not sure:
            assert all(w["run_km"] == 0 for w in load["weeks"])


def test_the_chronic_load_is_offered_over_28_and_42_days_and_named(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    _import(app_client, own.id, csrf, ("r.gpx", gpx_track(clock.now() - timedelta(days=3), 30,
                                                           steady(3.0), "running")))  # fmt: skip
    base = app_client.get(f"/api/v1/clients/{own.id}/training-load").json()
    ctl = app_client.get(f"/api/v1/clients/{own.id}/training-load?chronic=42").json()
    assert "28-day" in base["chronic"] and "42-day" in ctl["chronic"]
    page = app_client.get(f"/clients/{own.id}/training?chronic=42").text
    assert "CTL: 42-day EWMA" in page and "show the 28-day chronic load" in page
    bad = app_client.get(f"/api/v1/clients/{own.id}/training-load?chronic=30")
    assert bad.status_code in (400, 422) and "28 or 42" in bad.text


def test_the_plan_page_says_a_plan_starts_from_the_intake_volume(
    app_client: TestClient, world: World
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    before = app_client.get(f"/clients/{own.id}/training/plan").text
    assert "the plan starts from the 21 km/week you gave at intake" in before
    goal = {"kind": "volume", "goal_week_km": 30}
    put = app_client.put(f"/api/v1/clients/{own.id}/training-plan", json=goal,
                         headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert put.status_code == 200, put.text
    after = app_client.get(f"/clients/{own.id}/training/plan").text
    assert '<p class="plan-note">No running recorded in the last 4 weeks' in after
