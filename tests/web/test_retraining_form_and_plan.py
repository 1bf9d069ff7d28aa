"""Over HTTP: a trunk-lean block started from the page's cue choice says what the watch can
check and what only a follow-up video can, its session page has no metronome; and a running
block's sessions show in the runner's progression plan and its calendar file inside the
plan's runs, adding no entry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.load.goal import PlanKind
from kneecap.services.retraining import StartOptions
from kneecap.web.app import create_app
from tests.factories import World, run
from tests.fakes.gait import METRICS, FakeGaitAnalyzer
from tests.web.conftest import released_analysis, sign_in

FORM: dict[str, Any] = {
    **METRICS,
    "feedback": [
        {"rule": "cadence_low", "text": "Try slightly quicker, shorter steps.", "value": 164.0},
        {"rule": "trunk_lean", "text": "You lean forward 14 deg. Run taller.", "value": 14.2},
    ],
}


@pytest.fixture
def container(build_container: Callable[..., Container]) -> Container:
    return build_container(analyzer=FakeGaitAnalyzer(metrics=dict(FORM)), queue_jobs=False)


@pytest.fixture
def http(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        yield client


def test_a_trunk_lean_block_from_the_page(
    http: TestClient, container: Container, world: World, tmp_path: Path
) -> None:
    aid = released_analysis(container, world, tmp_path)
    cid = world.a.clients[0].id
    csrf = sign_in(http, "lmt@alpha.test")
    page = http.get(f"/clients/{cid}/retraining")
    assert f'value="{aid}:trunk_lean"' in page.text and "14 deg at midstance" in page.text
    bad = http.post(f"/clients/{cid}/retraining", data={
        "csrf_token": csrf, "source": f"{aid}:pelvic_drop",
    })  # fmt: skip
    assert bad.status_code == 422 and "choose one of: cadence_low, trunk_lean" in bad.text
    ok = http.post(f"/clients/{cid}/retraining", data={
        "csrf_token": csrf, "source": f"{aid}:trunk_lean", "sessions": "8", "per_week": "4",
        "first_minutes": "15", "peak_minutes": "30",
    })  # fmt: skip
    assert ok.status_code == 303, ok.text
    block = http.get(ok.headers["location"]).text
    assert "What this block retrains, and what checks it" in block
    assert "Nothing about posture" in block and "Only a follow-up video checks" in block
    assert "Teng &amp; Powers 2014" in block and "run tall" in block
    session = http.get(ok.headers["location"] + "/sessions/1").text
    assert "running a little taller" in session and "data-spm" not in session
    [out] = http.get(f"/api/v1/clients/{cid}/retraining").json()
    assert out["lever"] == "posture" and out["goal"]["start"] == 14.2
    assert out["goal"]["threshold"] == 10.0 and out["sessions"][0]["target_spm"] is None


def test_the_plan_page_and_its_calendar_show_the_sessions_inside_planned_runs(
    http: TestClient, container: Container, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    today = container.training.today()
    container.training.add_activities(
        lmt, cid, [run(today - timedelta(days=d), 6.0, 35) for d in range(2, 24, 3)]
    )
    container.training.set_goal(lmt, cid, PlanKind.VOLUME, goal_week_km=30)
    sign_in(http, "client1@alpha.test")
    ics_url = f"/api/v1/clients/{cid}/training-plan.ics"
    before = http.get(ics_url).text
    plan_before = http.get(f"/clients/{cid}/training/plan").text
    assert "Retraining sessions in this plan" not in plan_before
    start = container.training.plan(lmt, cid).plan.goal.start  # type: ignore[union-attr]
    aid = released_analysis(container, world, tmp_path)
    container.retraining.start(lmt, cid, StartOptions(aid, start=start))
    plan = http.get(f"/clients/{cid}/training/plan")
    assert plan.status_code == 200
    assert "Retraining sessions in this plan" in plan.text
    assert plan.text.count('class="cue-in-run"') == 8
    assert "retraining session 1: 15 min at 172 steps/min" in plan.text
    after = http.get(ics_url).text
    assert after.count("BEGIN:VEVENT") == before.count("BEGIN:VEVENT")
    assert after.count("retraining session") >= 8
