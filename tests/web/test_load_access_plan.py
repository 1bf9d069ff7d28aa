"""Training load: who may see and change what (pages, API), the pain log adapting the plan,
the calendar export, and the clinic's list of runners with open alerts."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.load.activity import Activity, Sport
from kneecap.ports.repositories import AuditQuery
from tests.factories import World
from tests.fakes.clock import FixedClock
from tests.web.conftest import csrf_from, sign_in

TODAY = date(2026, 3, 2)  # the FixedClock's day (a Monday)


def runs(days_km: list[tuple[int, float]]) -> list[Activity]:
    return [
        Activity(Sport.RUN, datetime.combine(TODAY - timedelta(days=d), datetime.min.time(),
                 UTC).replace(hour=7), km * 360, distance_m=km * 1000, avg_hr=150, rpe=4)
        for d, km in days_km
    ]  # fmt: skip


def test_each_role_sees_only_what_it_may(
    app_client: TestClient, world: World, container: Container
) -> None:
    mine, other = world.a.clients
    container.training.add_activities(world.a.caller("lmt"), mine.id, runs([(3, 5.0)]))
    sign_in(app_client, world.a.users["client1"].email)
    assert app_client.get(f"/clients/{mine.id}/training").status_code == 200
    assert app_client.get(f"/api/v1/clients/{mine.id}/training-load").json()["activities"] == 1
    for path in (
        f"/clients/{other.id}/training",
        f"/api/v1/clients/{other.id}/training-load",
        f"/api/v1/clients/{other.id}/activities",
        f"/clients/{other.id}/training/plan",
    ):
        assert app_client.get(path).status_code == 404, path  # fmt: skip
    assert app_client.get("/training/alerts").status_code == 403
    assert app_client.get("/api/v1/training/alerts").status_code == 403

    sign_in(app_client, world.b.users["lmt"].email)  # another clinic: as if it did not exist
    for path in (
        f"/clients/{mine.id}/training",
        f"/api/v1/clients/{mine.id}/training-load",
        f"/api/v1/clients/{mine.id}/training-plan.ics",
    ):
        assert app_client.get(path).status_code == 404, path  # fmt: skip
    csrf = csrf_from(app_client.get("/settings").text)
    r = app_client.post(f"/api/v1/clients/{mine.id}/pain", json={"day": "2026-03-01",
                        "during": 3}, headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert r.status_code == 404

    sign_in(app_client, world.a.users["admin"].email)  # runs accounts, not care
    assert app_client.get(f"/api/v1/clients/{mine.id}/training-load").status_code == 403

    sign_in(app_client, world.a.users["lmt"].email)
    assert app_client.get(f"/clients/{other.id}/training").status_code == 200
    panel = app_client.get(f"/clients/{mine.id}").text
    assert "Training load" in panel and "1 activities imported" in panel

    denied = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, outcome="forbidden", limit=200)
    )[0]
    assert any(e.action == "training.read" for e in denied)
    reads = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, client_id=mine.id, limit=200)
    )[0]
    assert any(e.action == "training.read" and e.outcome == "allow" for e in reads)
    assert not any("km" in e.detail for e in reads)  # ids and field names only


def test_pain_log_moves_a_return_to_run_plan_and_the_calendar_keeps_its_uids(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    h = {"X-CSRF-Token": csrf}
    plan = app_client.put(f"/api/v1/clients/{own.id}/training-plan",
                          json={"kind": "return-to-run"}, headers=h).json()  # fmt: skip
    assert plan["kind"] == "return-to-run" and plan["stage"].startswith("stage 1 of")
    assert date.fromisoformat(plan["start"]) == TODAY  # a Monday: starts today
    ics_before = app_client.get(f"/api/v1/clients/{own.id}/training-plan.ics")
    assert ics_before.headers["content-type"].startswith("text/calendar")
    bad = app_client.post(f"/api/v1/clients/{own.id}/pain", headers=h,
                          json={"day": "2026-03-02", "during": 11})  # fmt: skip
    assert bad.status_code == 422 and "during" in bad.json()["errors"]
    future = app_client.post(f"/api/v1/clients/{own.id}/pain", headers=h,
                             json={"day": "2026-03-09", "during": 1})  # fmt: skip
    assert future.status_code == 422 and "day" in future.json()["errors"]
    assert "No change from the pain log yet" in app_client.get(
        f"/clients/{own.id}/training/plan").text  # fmt: skip
    for day in ("2026-03-02", "2026-03-04", "2026-03-06"):  # three easy sessions: stage up
        clock.at = datetime.fromisoformat(day + "T20:00:00+00:00")
        h = {"X-CSRF-Token": sign_in(app_client, world.a.users["client1"].email)}  # 12 h sessions
        now = app_client.post(f"/api/v1/clients/{own.id}/pain", headers=h,
                              json={"day": day, "during": 1}).json()  # fmt: skip
    assert now["stage"].startswith("stage 2 of") and "moved up" in now["adaptations"][-1]["message"]
    clock.at = datetime(2026, 3, 7, 20, tzinfo=UTC)  # then a painful one: a step back
    h = {"X-CSRF-Token": sign_in(app_client, world.a.users["client1"].email)}
    after = app_client.post(f"/api/v1/clients/{own.id}/pain", headers=h,
                            json={"day": "2026-03-07", "during": 7, "next_morning": 4,
                                  "baseline_morning": 1}).json()  # fmt: skip
    assert after["stage"].startswith("stage 1 of")
    assert "stepped back to stage 1" in after["adaptations"][-1]["message"]
    assert "pain 7/10" in app_client.get(f"/clients/{own.id}/training/plan").text
    ics_after = app_client.get(f"/api/v1/clients/{own.id}/training-plan.ics").text

    def uids(text: str) -> set[str]:
        return {ln.split(":", 1)[1] for ln in text.splitlines() if ln.startswith("UID:")}

    # the same plan: sessions on the same days keep their UIDs, so calendars update in place
    shared = uids(ics_after) & uids(ics_before.text)
    assert len(shared) > 10 and len(uids(ics_after)) == len(uids(ics_before.text))


def test_a_painful_week_makes_a_volume_plan_repeat_a_week(
    app_client: TestClient, world: World, container: Container
) -> None:
    own = world.a.clients[0]
    history = [(d, 6.0 if d % 7 else 9.0) for d in range(1, 28, 2)]
    container.training.add_activities(world.a.caller("lmt"), own.id, runs(history))
    page = sign_in(app_client, world.a.users["lmt"].email)
    r = app_client.post(f"/clients/{own.id}/training/plan", data={
        "csrf_token": page, "kind": "volume", "goal_week_km": "40"})  # fmt: skip
    assert r.status_code == 303
    before = app_client.get(f"/api/v1/clients/{own.id}/training-plan").json()
    assert before["kind"] == "volume" and before["baseline_week_km"] > 0
    km = [w["run_km"] for w in before["weeks"]]
    assert all(b <= a * 1.3 + 0.05 for a, b in itertools.pairwise(km))
    r = app_client.post(f"/clients/{own.id}/training/pain", data={
        "csrf_token": page, "day": "2026-03-02", "during": "6"})  # fmt: skip
    assert r.status_code == 303 and "logged=1" in r.headers["location"]
    after = app_client.get(f"/api/v1/clients/{own.id}/training-plan").json()
    assert len(after["weeks"]) == len(before["weeks"]) + 1
    assert after["weeks"][1]["run_km"] == before["weeks"][0]["run_km"]  # repeated, not grown
    assert "repeats the previous week" in after["adaptations"][0]["message"]
    race = {"csrf_token": page, "kind": "race", "race_km": "21.1", "race_day": "2026-03-05"}
    bad = app_client.post(f"/clients/{own.id}/training/plan", data=race)
    assert bad.status_code == 422 and "too soon" in bad.text


def test_clinic_list_shows_runners_with_open_guardrail_alerts_only(
    app_client: TestClient, world: World, container: Container
) -> None:
    spiky, steady = world.a.clients
    lmt = world.a.caller("lmt")
    base = [(d, 5.0) for d in range(30, 5, -3)]
    container.training.add_activities(lmt, spiky.id, runs([*base, (1, 9.0)]))
    container.training.add_activities(lmt, steady.id, runs(base))
    container.training.add_activities(world.b.caller("lmt"), world.b.clients[0].id,
                                      runs([*base, (1, 12.0)]))  # fmt: skip
    sign_in(app_client, world.a.users["chiropractor"].email)
    listed = app_client.get("/api/v1/training/alerts").json()
    assert [r["name"] for r in listed] == [spiky.name]
    spike = listed[0]["alerts"][0]
    assert spike["rule_id"] == "single-run-spike" and "Frandsen" in spike["source"]
    assert spike["evidence"] and spike["why"]["previous_longest_km"] == 5.0
    page = app_client.get("/training/alerts").text
    assert spiky.name in page and steady.name not in page and "Runner B" not in page
