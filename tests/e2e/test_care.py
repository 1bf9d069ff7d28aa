"""Browser path: the chiropractor builds and signs a plan with a five-exercise programme, the
client logs three sessions and an AKPS, the practitioner sees adherence and the AKPS chart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings
from tests.e2e.conftest import E2E_TIMEOUT_MS, answer_yes
from tests.factories import EXERCISES, PASSWORD, World, make_world
from tests.support.live_server import serve

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, World]]:
    settings = Settings(data_dir=tmp_path, base_url="http://127.0.0.1")
    container = build(settings, hasher=Argon2Hasher(fast=True))
    world = make_world(container)
    with serve(container) as url:
        yield url, world
    container.close()


def test_plan_programme_logs_and_adherence(live: tuple[str, World], browser: Any) -> None:
    base, world = live
    cid = world.a.clients[0].id
    today = date.today()
    # One Chromium per test worker (the `browser` fixture); a fresh context per test.
    with browser.new_context() as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = answer_yes(context.new_page())

        def sign_in(email: str) -> None:
            page.context.clear_cookies()
            page.goto(f"{base}/sign-in")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(f"{base}/dashboard")

        sign_in(world.a.users["chiropractor"].email)
        page.goto(f"{base}/clients/{cid}/care")
        page.fill("#f-goals", "Run 10 km without pain\nStairs without pain")
        rows = [
            ("strengthening", "knee", "1", "3", "6"),
            ("massage_therapy", "thigh", "45", "1", "6"),
            ("ice_heat", "knee", "15", "7", "2"),
            ("chiropractic_adjustment", "pelvis", "", "1", "4"),
        ]
        for i, (modality, area, dose, per_week, weeks) in enumerate(rows):
            page.select_option(f"#m{i}_modality", modality)
            page.fill(f"#m{i}_area", area)
            page.fill(f"#m{i}_dose", dose)
            page.fill(f"#m{i}_per_week", per_week)
            page.fill(f"#m{i}_weeks", weeks)
        page.click("#plan-form button[type=submit]")
        page.click("#sign-plan")
        page.locator("#plan-h", has_text="signed").wait_for()
        assert any("Sign this care plan?" in q for q in page.asked)  # it asked first
        assert page.locator(".verdict").count() == 4  # evidence shown beside each modality

        page.goto(f"{base}/clients/{cid}/programme")
        page.fill("#f-start", (today - timedelta(days=2)).isoformat())
        page.fill("#f-end", (today + timedelta(weeks=6)).isoformat())
        for i, exercise in enumerate(x.exercise_id for x in EXERCISES):
            page.select_option(f"#x{i}_exercise", exercise)
        page.click("#rx-form button[type=submit]")
        assert page.locator("#programme-table tbody tr").count() == 5

        sign_in(world.a.users["client1"].email)
        for back, pain in ((2, "3"), (1, "2"), (0, "2")):
            page.goto(f"{base}/clients/{cid}/programme")
            page.fill("#f-on", (today - timedelta(days=back)).isoformat())
            page.fill("#f-pain_during", pain)
            page.fill("#f-pain_next_morning", "1")
            page.click("#log-form button[type=submit]")
        assert page.locator("#sessions-table tbody tr").count() == 3
        page.goto(f"{base}/clients/{cid}/outcomes")
        for i in range(13):
            page.check(f"input[name=akps_{i}][value='1']")
        page.click("#akps-form button[type=submit]")
        assert "AKPS (Kujala)" in page.inner_text("#readings")

        sign_in(world.a.users["lmt"].email)
        page.goto(f"{base}/clients/{cid}/programme")
        assert page.inner_text("#adherence-ratio").endswith("%")
        assert "3" in page.inner_text("#logged h2")
        page.goto(f"{base}/clients/{cid}/outcomes")
        page.wait_for_selector("#chart-akps .main-svg")
        legend = page.inner_text("#chart-akps")
        assert "MCID" in legend and "72" in page.inner_text("#readings")
