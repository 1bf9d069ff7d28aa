"""The LMT -> chiropractor -> client path in Debian's Chromium, against a live server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.demo import seed_demo
from tests.e2e.conftest import E2E_TIMEOUT_MS, answer_yes
from tests.support.live_server import serve

PASSWORD = "demo-password-123"
pytestmark = pytest.mark.e2e


@pytest.fixture
def live_demo(tmp_path: Path) -> Iterator[str]:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url_override=f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
        base_url="http://127.0.0.1",
    )
    container = build(settings, hasher=Argon2Hasher(fast=True))
    seed_demo(container, PASSWORD)
    with serve(container) as url:
        yield url
    container.close()


def test_lmt_hands_off_chiropractor_diagnoses_client_sees_it(live_demo: str, browser: Any) -> None:
    from playwright.sync_api import expect

    # One Chromium per test worker (the `browser` fixture); a fresh context per test.
    with browser.new_context() as context:
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = answer_yes(context.new_page())

        def sign_in(email: str) -> None:
            page.context.clear_cookies()
            page.goto(f"{live_demo}/sign-in")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(re.compile(r"/dashboard"))

        # The LMT: intake, examination, sign, hand off (Daniel Reyes has no clinical data yet).
        sign_in("lmt@demo.test")
        page.goto(f"{live_demo}/clients")
        page.get_by_role("link", name="Daniel Reyes").click()
        client_url = page.url
        page.get_by_role("link", name="Record the intake").click()
        page.get_by_label("right", exact=True).check()
        page.get_by_label("Gradually, over days or weeks").check()
        page.get_by_label("What happened").select_option("overuse")
        page.get_by_label("When did it start?").fill("2026-01-05")
        page.get_by_label("Around the kneecap").check()
        page.get_by_label("Stairs down").check()
        page.get_by_label("Usual pain").fill("2")
        page.get_by_label("Worst pain").fill("5")
        page.get_by_role("button", name="Save intake").click()
        expect(page.get_by_text("Intake saved")).to_be_visible()
        page.get_by_role("button", name="Start an examination").click()
        page.get_by_label("Pain on squatting (right)").select_option("positive")
        page.get_by_label("Pain on patellar palpation (right)").select_option("positive")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("2 of 3 positive (LR+ 4 for PFP).")).to_be_visible()
        page.get_by_role("button", name="Sign the assessment").click()
        expect(page.get_by_text("This note is signed and locked")).to_be_visible()
        page.get_by_label("Message to the chiropractor").fill("Daniel: Cook 2/3, please review.")
        page.get_by_role("button", name="Pass to the chiropractor").click()
        expect(page.get_by_text("Passed to the chiropractor")).to_be_visible()
        exam_url = page.url.split("?")[0]
        client_id = exam_url.split("/clients/")[1].split("/")[0]
        # No diagnosis form for an LMT, and the API refuses the attempt.
        expect(page.get_by_role("button", name="Record diagnosis")).to_have_count(0)
        csrf = page.locator("input[name=csrf_token]").first.get_attribute("value") or ""
        refused = page.request.post(
            f"{live_demo}/api/v1/clients/{client_id}/diagnoses",
            data={"code": "M22.2X1", "side": "right"},
            headers={"X-CSRF-Token": csrf},
        )
        assert refused.status == 403

        # The chiropractor: the handoff on the dashboard, the diagnosis, the release.
        sign_in("chiro@demo.test")
        inbox = page.get_by_role("region", name=re.compile("^Inbox"))
        expect(inbox.get_by_text("Daniel: Cook 2/3, please review.")).to_be_visible()
        inbox.get_by_role("link", name="Daniel Reyes").click()
        assert page.url.startswith(exam_url)
        page.get_by_label("ICD-10-CM code").select_option("M22.2X1")
        page.get_by_label("Note", exact=True).fill("Patellofemoral pain, right knee.")
        page.get_by_role("button", name="Record diagnosis").click()
        page.get_by_role("button", name="Release to the client").click()
        expect(page.get_by_text("released to the client")).to_be_visible()

        # The client: the released diagnosis, and no findings or notes.
        sign_in("client2@demo.test")
        page.goto(client_url)
        expect(page.get_by_text("Patellofemoral disorders")).to_be_visible()
        expect(page.get_by_text("Patellofemoral pain, right knee.")).to_be_visible()
        assert "Cook" not in page.content() and "Examination" not in page.content()
        assert page.goto(exam_url).status == 403
