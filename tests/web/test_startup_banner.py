"""Work the app does after it starts serving: every page says how far it is, and a failure is
shown plainly (never the exception's text)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.web.app import create_app
from kneecap.web.startup import StartupTasks


def test_pages_show_the_start_up_work_until_it_is_done(container: Container) -> None:
    go_on, reported = threading.Event(), threading.Event()

    def work(report: Callable[[str], None]) -> None:
        report("creating the demo accounts")
        reported.set()
        go_on.wait(10)

    startup = StartupTasks("Setting up the demo clinic", work)
    with TestClient(create_app(container=container, startup=startup)) as http:
        assert http.get("/healthz").json() == {"status": "ok"}
        assert reported.wait(10)
        page = http.get("/sign-in").text
        assert "Setting up the demo clinic: creating the demo accounts" in page
        go_on.set()
        startup.join(10)
        assert "Setting up the demo clinic" not in http.get("/sign-in").text


def test_a_failed_start_up_says_so_without_its_details(container: Container) -> None:
    def work(report: Callable[[str], None]) -> None:
        raise RuntimeError("Maya Okafor 1997-04-12")

    startup = StartupTasks("Setting up the demo clinic", work)
    with TestClient(create_app(container=container, startup=startup)) as http:
        startup.join(10)
        page = http.get("/sign-in").text
    assert "Setting up the demo clinic: It failed; the log says why." in page
    assert "Maya" not in page


def test_an_app_without_start_up_work_shows_no_banner(container: Container) -> None:
    with TestClient(create_app(container=container)) as http:
        assert 'class="alert alert-warn startup"' not in http.get("/sign-in").text
