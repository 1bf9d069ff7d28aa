"""In Chromium: the chiropractor releases a cadence cue and starts a retraining block; the
runner, on a phone-sized screen, sees the sessions and runs the metronome; a real watch file
(per-record cadence) imported in the portal becomes session 1 with its adherence. A trunk-lean
block says what the watch and the follow-up video check, and its sessions show in the runner's
progression plan. Screenshots (KNEECAP_SCREENSHOTS): the block page, the session at 390x844,
the summary, the trunk-lean block, the plan with its sessions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.domain.load.goal import PlanKind
from tests.e2e.conftest import E2E_TIMEOUT_MS
from tests.e2e.gait_flow import sign_in, wait_js
from tests.factories import World, make_world, run
from tests.fakes.clock import FixedClock
from tests.fakes.gait import METRICS as FAKE_METRICS
from tests.fakes.gait import FakeGaitAnalyzer
from tests.support.live_server import serve

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
FILE = "run_fenix2_small.fit"  # 2015-08-15 14:45 UTC, per-record cadence
PHONE = {"width": 390, "height": 844}
# What the pipeline writes for a side-view clip whose step rate is low (the cue fires).
METRICS = {
    **FAKE_METRICS, "duration_s": 8.0, "notes": [],
    "per_side": {"left": {"foot_strike": "heel"}, "right": {"foot_strike": "heel"}},
    "feedback": [{"rule": "cadence_low", "text": "Your step rate is 164 steps/min. Try ~5%"
                  " quicker steps: about 172 steps/min (a metronome app helps)."}],
}  # fmt: skip


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, Container, World, int]]:
    settings = Settings(data_dir=tmp_path / "data", base_url="http://x")
    clock = FixedClock(datetime(2015, 8, 15, 8, tzinfo=UTC))  # the day of the real run
    analyzer = FakeGaitAnalyzer(metrics=METRICS)
    c = build(settings, clock=clock, hasher=Argon2Hasher(fast=True), analyzer=analyzer)
    world = make_world(c)
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 a running clip")
    up = c.gait.upload(world.a.caller("lmt"), world.a.clients[0].id, clip, "clip.mp4", "side", 170)
    c.jobs.run(up.job.id)  # the video analysed (its cue: quicker steps, 164 steps/min)
    with serve(c) as url:
        yield url, c, world, up.analysis.id
    c.close()


def test_cue_to_block_to_metronome_to_adherence(
    live: tuple[str, Container, World, int], shared_data: Path, screenshots: Path, browser: Any
) -> None:
    base, _c, world, analysis_id = live
    cid = world.a.clients[0].id
    problems: list[str] = []
    with browser.new_context(viewport={"width": 1280, "height": 900}) as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(str(e)))
        sign_in(page, base, "chiropractor@alpha.test")
        page.goto(f"{base}/gait/{analysis_id}")
        page.once("dialog", lambda d: d.accept())  # the page asks before releasing
        page.click("form[action$='/release'] button[type=submit]")
        page.wait_for_selector(".badge-allow:has-text('Released')")
        page.goto(f"{base}/clients/{cid}")
        page.click(".retraining-panel a.button")
        page.fill("#f-start", "2015-08-15")
        page.click("form.start-form button[type=submit]")
        page.wait_for_url(f"{base}/clients/{cid}/retraining/*")
        block_url = page.url
        assert "0 / 8" in page.inner_text(".progress")
        assert page.locator("table.sessions tbody tr").count() == 8

    with browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True) as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        sign_in(page, base, "client1@alpha.test")
        page.goto(f"{base}/clients/{cid}/retraining")
        page.click("text=Session 1: 15 min at 172")
        assert "15 minutes at 172 steps/min" in page.inner_text("h2#do-h")
        wait_js(page, "document.getElementById('metronome').dataset.ready === 'true'")
        page.click("[data-role=start]")
        wait_js(page, "Number(document.getElementById('metronome').dataset.beats || 0) >= 4", 15)
        assert "one step on each beat (172 a minute)" in page.inner_text("[data-role=state]")
        page.screenshot(path=str(screenshots / "retraining-session-phone.png"), full_page=True)
        page.click("[data-role=stop]")

        # The run: imported in the portal; its per-second cadence makes session 1's adherence.
        page.goto(f"{base}/clients/{cid}/training")
        page.set_input_files("#f-files", str(shared_data / "activities" / FILE))
        page.click("#import button[type=submit]")
        page.wait_for_selector(".import-summary", timeout=90_000)
        page.goto(f"{base}/clients/{cid}/retraining")
        page.click("text=Session 2: 17 min at 172")
        assert "of the running within ±3 steps/min of 172" not in page.content()
        page.goto(f"{block_url}/sessions/1")
        said = page.inner_text("text=Your watch said >> xpath=..")
        assert "of the running within ±3 steps/min of 172" in said and "average 165" in said

    with browser.new_context(viewport={"width": 1280, "height": 900}) as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(str(e)))
        sign_in(page, base, "lmt@alpha.test")
        page.goto(block_url)
        assert "1 / 8" in page.inner_text(".progress")
        first = page.inner_text("table.sessions tbody tr >> nth=0")
        assert "16%" in first and "165" in first  # 16% on target, mean 165.5
        page.screenshot(path=str(screenshots / "retraining-block.png"), full_page=True)
        page.goto(f"{block_url}/summary")
        assert "Film the follow-up" in page.inner_text("main")
        page.screenshot(path=str(screenshots / "retraining-summary.png"), full_page=True)
    assert problems == []


FORM_METRICS = {
    **METRICS,
    "feedback": [
        *METRICS["feedback"],
        {"rule": "trunk_lean", "text": "You lean forward 14 deg in the middle of each step. Try"
         " running a little taller.", "value": 14.2},
    ],
}  # fmt: skip


@pytest.fixture
def live_plan(tmp_path: Path) -> Iterator[tuple[str, Container, World, int]]:
    """A runner with a progression plan and a released analysis with a trunk-lean cue."""
    settings = Settings(data_dir=tmp_path / "data", base_url="http://x")
    clock = FixedClock(datetime(2015, 8, 15, 8, tzinfo=UTC))
    c = build(settings, clock=clock, hasher=Argon2Hasher(fast=True),
              analyzer=FakeGaitAnalyzer(metrics=FORM_METRICS))  # fmt: skip
    world = make_world(c)
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    past = [run(clock.now().date() - timedelta(days=d), 6.0, 35) for d in range(2, 24, 3)]
    c.training.add_activities(lmt, cid, past)
    c.training.set_goal(lmt, cid, PlanKind.VOLUME, goal_week_km=30)
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 a running clip")
    up = c.gait.upload(lmt, cid, clip, "clip.mp4", "side", 170)
    c.jobs.run(up.job.id)
    c.gait.release(world.a.caller("chiropractor"), up.analysis.id)
    with serve(c) as url:
        yield url, c, world, up.analysis.id
    c.close()


def test_trunk_lean_block_and_its_sessions_in_the_plan(
    live_plan: tuple[str, Container, World, int], screenshots: Path, browser: Any
) -> None:
    base, _c, world, analysis_id = live_plan
    cid = world.a.clients[0].id
    problems: list[str] = []
    with browser.new_context(viewport={"width": 1280, "height": 900}) as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(str(e)))
        sign_in(page, base, "chiropractor@alpha.test")
        page.goto(f"{base}/clients/{cid}/retraining")
        page.select_option("select[name=source]", f"{analysis_id}:trunk_lean")
        page.click("form.start-form button[type=submit]")
        page.wait_for_url(f"{base}/clients/{cid}/retraining/*")
        checks = page.inner_text("section.checks")
        assert "Nothing about posture" in checks and "follow-up side video" in checks
        assert "14°" in page.inner_text(".progress")
        assert page.locator("table.sessions tbody tr").count() == 8
        page.screenshot(path=str(screenshots / "retraining-trunk-lean-block.png"), full_page=True)

        sign_in(page, base, "client1@alpha.test")
        page.goto(f"{base}/clients/{cid}/training/plan")
        assert "Retraining sessions in this plan" in page.inner_text("main")
        assert page.locator(".plan-week[open] .cue-in-run").count() >= 3
        first = page.inner_text(".plan-week >> nth=0")
        assert "retraining session 1: 15 min running tall" in first
        page.screenshot(path=str(screenshots / "retraining-plan-sessions.png"), full_page=True)
    assert problems == []
