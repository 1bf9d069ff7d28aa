"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The server runs in a thread on a free loopback port over a fresh SQLite database with the
standard two-clinic cast. Screenshots go to $KNEECAP_SCREENSHOTS (default: the test's tmp dir).
Chromium is never downloaded: it must be /usr/bin/chromium (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kneecap.bootstrap import Container
from tests.factories import PASSWORD, World, make_world
from tests.support.live_server import serve

# Generous waits: CI runs two test workers on two cores, with the pose model in some tests.
E2E_TIMEOUT_MS = 60_000
CHROMIUM = os.environ.get("KNEECAP_CHROMIUM", "/usr/bin/chromium")
# Without these Chromium phones home at start-up, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    # Browser tests run on SQLite only; the same paths run on PostgreSQL in tests/web.
    from tests.support.databases import fresh_sqlite

    yield fresh_sqlite(request.getfixturevalue("_sqlite_template"), tmp_path)


@dataclass
class LiveServer:
    url: str
    container: Container
    world: World


@pytest.fixture
def live_server(container: Container) -> Iterator[LiveServer]:
    world = make_world(container)
    with serve(container) as url:
        yield LiveServer(url, container, world)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(E2E_TIMEOUT_MS)
    pg = answer_yes(context.new_page())
    yield pg
    context.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    target = Path(os.environ.get("KNEECAP_SCREENSHOTS", tmp_path / "screens"))
    target.mkdir(parents=True, exist_ok=True)
    return target


def answer_yes(page: Any) -> Any:
    """Signing and releasing ask first (static/confirm.js): the page answers yes, and keeps
    what it was asked in `page.asked` for the tests that check the question."""
    page.asked = []

    def answer(dialog: Any) -> None:
        page.asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return page


def sign_in(page: Any, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard")
