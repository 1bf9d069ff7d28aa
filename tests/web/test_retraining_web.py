"""Gait retraining over HTTP on a real watch file: a released cadence cue starts a block,
the runner imports a FIT run with per-record cadence and the API and pages show its
adherence; bad input is refused by field and stores nothing; other clinics see nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.web.app import create_app
from tests.factories import World
from tests.fakes.clock import FixedClock
from tests.fakes.gait import FakeGaitAnalyzer
from tests.web.conftest import released_analysis, sign_in, upload_activities, wait_job

RUN = "run_fenix2_small.fit"  # 2015-08-15 14:45 UTC, 45 min, per-record cadence


@pytest.fixture
def container(build_container: Callable[..., Container]) -> Container:
    # jobs wait for the test to run them (jobs.run), so none runs behind its back
    return build_container(analyzer=FakeGaitAnalyzer(), queue_jobs=False)


@pytest.fixture
def http(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        yield client


def test_block_from_a_released_cue_then_a_real_fit_run_updates_adherence(
    http: TestClient, container: Container, world: World, clock: FixedClock, tmp_path: Path,
    shared_data: Path,
) -> None:  # fmt: skip
    clock.at = datetime(2015, 8, 15, 8, 0, tzinfo=UTC)  # the day of the real run
    aid = released_analysis(container, world, tmp_path)
    cid = world.a.clients[0].id
    csrf = sign_in(http, "lmt@alpha.test")
    page = http.get(f"/clients/{cid}/retraining")
    assert page.status_code == 200 and "Start a block" in page.text
    bad = http.post(f"/clients/{cid}/retraining", data={
        "csrf_token": csrf, "analysis_id": str(aid), "sessions": "30", "per_week": "x",
    })  # fmt: skip
    assert bad.status_code == 422 and "Enter a number" in bad.text
    bad = http.post(f"/clients/{cid}/retraining", data={
        "csrf_token": csrf, "analysis_id": str(aid), "sessions": "30",
    })  # fmt: skip
    assert bad.status_code == 422 and "8 to 18 sessions" in bad.text, bad.text[
        bad.text.find("<main") :
    ][:1500]
    assert http.get(f"/api/v1/clients/{cid}/retraining").json() == []  # nothing stored
    ok = http.post(f"/clients/{cid}/retraining", data={
        "csrf_token": csrf, "analysis_id": str(aid), "sessions": "8", "per_week": "4",
        "first_minutes": "15", "peak_minutes": "30", "steps": "5-10", "start": "2015-08-15",
    })  # fmt: skip
    assert ok.status_code == 303
    block_url = ok.headers["location"]

    client_csrf = sign_in(http, "client1@alpha.test")
    data = (shared_data / "activities" / RUN).read_bytes()
    status, body = upload_activities(http, cid, client_csrf, [(RUN, data)])
    assert status == 202
    container.jobs.run(body["job_id"])
    assert wait_job(http, body["job_id"])["status"] == "done"
    clock.at = datetime(2015, 8, 15, 16, 0, tzinfo=UTC)  # after the run, same sign-in

    got = http.get(f"/api/v1/clients/{cid}/retraining")
    assert got.status_code == 200, got.text
    [block] = got.json()
    assert block["baseline_spm"] == 164.0 and block["total_minutes"] == 180
    first = block["sessions"][0]
    assert first["target_spm"] == 172 and first["feedback"] == "full"
    adh = first["adherence"]
    assert adh["status"] == "measured" and round(adh["mean_spm"], 1) == 165.5
    assert 0 <= adh["within_share"] < 0.5 and round(adh["drift_spm"], 1) == -2.5
    assert block["sessions"][1]["adherence"] is None
    assert block["video_watch"] == []  # the runner is not shown the video-vs-watch check

    session = http.get(f"{block_url}/sessions/2")
    assert session.status_code == 200
    assert 'data-spm="172"' in session.text and "/static/metronome.js" in session.text
    assert "<script>" not in session.text  # CSP default-src 'self': no inline script
    assert http.get(f"{block_url}/plan").status_code == 200
    ics = http.get(f"{block_url}/sessions.ics")
    assert ics.status_code == 200 and ics.text.count("BEGIN:VEVENT") == 8

    sign_in(http, "lmt@alpha.test")
    staff = http.get(block_url)
    assert staff.status_code == 200 and "Sessions and adherence" in staff.text
    [check] = http.get(f"/api/v1/clients/{cid}/retraining").json()[0]["video_watch"]
    # the video (164) and this real run agree within 3 steps/min: its running cadence from
    # the records, 165.5 (the session's average, 162, also counts its stops)
    assert not check["flagged"] and round(check["watch_spm"], 1) == 165.5, check
    summary = http.get(f"{block_url}/summary")
    assert "Film the follow-up" in summary.text


def test_the_api_starts_a_block_and_other_clinics_see_nothing(
    http: TestClient, container: Container, world: World, tmp_path: Path
) -> None:
    aid = released_analysis(container, world, tmp_path)
    cid = world.a.clients[0].id
    csrf = sign_in(http, "chiropractor@alpha.test")
    r = http.post(
        f"/api/v1/clients/{cid}/retraining", json={"analysis_id": aid, "sessions": 12,
        "per_week": 3, "peak_minutes": 40}, headers={"X-CSRF-Token": csrf},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    assert len(r.json()["sessions"]) == 12 and r.json()["sessions"][-1]["minutes"] == 40
    again = http.post(
        f"/api/v1/clients/{cid}/retraining", json={"analysis_id": aid},
        headers={"X-CSRF-Token": csrf},
    )  # fmt: skip
    assert again.status_code == 409
    sign_in(http, "lmt@beta.test")
    assert http.get(f"/api/v1/clients/{cid}/retraining").status_code == 404
    assert http.get(f"/clients/{cid}/retraining/1").status_code == 404
    assert http.get(f"/clients/{cid}/retraining/1/sessions.ics").status_code == 404
    sign_in(http, "admin@alpha.test")
    assert http.get(f"/api/v1/clients/{cid}/retraining").status_code == 403
