"""In Chromium: a runner uploads a watch file and a broken one, follows the import job's
progress bar, and sees the result and the charts (Plotly served by the app, CSP intact)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from tests.e2e.conftest import E2E_TIMEOUT_MS, answer_yes
from tests.factories import PASSWORD, World, make_world
from tests.fakes.clock import FixedClock
from tests.support.live_server import serve

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
FILE = "run_fenix2_small.fit"  # a 9 km run on 2015-08-15


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, Container, World]]:
    settings = Settings(data_dir=tmp_path / "data", base_url="http://x")
    c = build(settings, clock=FixedClock(datetime(2015, 8, 20, 9, tzinfo=UTC)),
              hasher=Argon2Hasher(fast=True))  # fmt: skip
    world = make_world(c)
    with serve(c) as url:
        yield url, c, world
    c.close()


def test_upload_follows_the_job_and_shows_charts(
    live: tuple[str, Container, World], shared_data: Path, tmp_path: Path, browser: Any
) -> None:
    base, _c, world = live
    own = world.a.clients[0]
    broken = tmp_path / "broken.fit"
    broken.write_bytes((shared_data / "activities" / FILE).read_bytes()[:10])
    problems: list[str] = []
    # One Chromium per test worker (the `browser` fixture); a fresh context per test.
    with browser.new_context() as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = answer_yes(context.new_page())
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(base + "/sign-in")
        page.fill("input[name=email]", world.a.users["client1"].email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/clients/{own.id}/training")
        assert page.locator("#chart-weekly").count() == 0  # nothing imported yet
        page.set_input_files("#f-files", [str(shared_data / "activities" / FILE), str(broken)])
        page.click("#import button[type=submit]")
        page.wait_for_selector(".import-summary", timeout=90_000)  # jobs.js reloads when done
        summary = page.inner_text(".import-summary")
        assert "1 new activity stored" in summary and "1 file not readable" in summary
        assert "broken.fit" in page.inner_text(".import-errors")
        page.wait_for_selector("#chart-weekly .main-svg", timeout=60_000)
        page.wait_for_selector("#chart-load .main-svg", timeout=60_000)
        assert page.locator("#chart-cadence .main-svg").count() > 0
        assert "9.0 km" in page.inner_text("text=Latest activities >> xpath=..")
    assert problems == []


@pytest.fixture
def live_now(tmp_path: Path) -> Iterator[tuple[str, Container, World]]:
    settings = Settings(data_dir=tmp_path / "data", base_url="http://x")
    c = build(settings, clock=FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)),
              hasher=Argon2Hasher(fast=True))  # fmt: skip
    world = make_world(c)
    with serve(c) as url:
        yield url, c, world
    c.close()


def test_a_sport_to_confirm_a_damaged_file_and_charts_on_old_data(
    live_now: tuple[str, Container, World],
    shared_data: Path,
    tmp_path: Path,
    browser: Any,
    screenshots: Path,
) -> None:
    """Files built for the case: a GPX without <type> whose speed swings like a bicycle's, a
    real FIT file with its session lost and one record's timestamp bit-flipped (48 days on),
    and runs from 2010, 2015 and 2020 only."""
    from tests.integration.activities.fit_damage import drop_sessions, flip_timestamp_bits
    from tests.support.load_files import gpx_track, steady, swinging

    base, _c, world = live_now
    own = world.a.clients[0]
    odd = tmp_path / "commute.gpx"
    odd.write_bytes(gpx_track(datetime(2026, 2, 27, 7, tzinfo=UTC), 50, swinging(1.0, 6.0)))
    raw = drop_sessions((shared_data / "activities" / "run_fenix2_small.fit").read_bytes())
    damaged = tmp_path / "damaged.fit"
    damaged.write_bytes(flip_timestamp_bits(raw, 200, (22,)))
    old = []
    for y in (2010, 2015, 2020):
        p = tmp_path / f"run-{y}.gpx"
        p.write_bytes(gpx_track(datetime(y, 6, 1, 7, tzinfo=UTC), 45, steady(3.1), "running"))
        old.append(str(p))
    problems: list[str] = []
    with browser.new_context(viewport={"width": 1280, "height": 900}) as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(base + "/sign-in")
        page.fill("input[name=email]", world.a.users["client1"].email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/clients/{own.id}/training")
        page.set_input_files("#f-files", [str(odd), str(damaged), *old])
        page.click("#import button[type=submit]")
        page.wait_for_selector(".import-summary", timeout=90_000)
        assert "5 new activities stored" in page.inner_text(".import-summary")

        banner = page.inner_text("#to-confirm")
        assert "1 activity needs confirming" in banner and "a run or a ride?" in banner
        page.click("#import details summary")  # the readers' notes: the damage cut
        notes = page.inner_text("#import details")
        assert "damaged.fit" in notes and "jump implausibly" in notes
        page.locator("#import").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "load-damaged-file-warning.png"), full_page=True)

        page.goto(f"{base}/clients/{own.id}/training/confirm")
        assert "a run or a ride?" in page.inner_text("main")
        page.screenshot(path=str(screenshots / "load-sport-to-confirm.png"), full_page=True)
        page.select_option("select[name=sport]", "ride")
        page.click(".confirm-form button[type=submit]")
        page.wait_for_url("**/training/confirm?done=1")
        assert "Nothing to confirm." in page.inner_text("main")

        page.goto(f"{base}/clients/{own.id}/training")
        period = page.inner_text("#period")
        assert "Charts show 2025-09-02 to 2026-03-02" in period
        page.click("#period a.button")
        page.wait_for_selector("#chart-weekly .main-svg", timeout=60_000)
        assert "to 2020-06-01" in page.inner_text("#period")
        page.screenshot(path=str(screenshots / "load-charts-old-data.png"), full_page=True)
    assert problems == []
