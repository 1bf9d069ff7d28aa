"""The web shell's answers: nothing cached for a signed-in person, bodies and dates bounded,
the app's own page for an unknown address, bad values named as the page names them."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import MutableMapping
from typing import Any

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.web.app import create_app
from kneecap.web.fields import label
from tests.factories import World, signed_plan_with_programme
from tests.web.conftest import sign_in
from tests.web.hardening.conftest import Demo


def test_every_signed_in_page_is_no_store(demo: Demo, app_client: TestClient) -> None:
    sign_in(app_client, "chiro@demo.test")
    analysis = demo.ids["analysis_id"]
    for url in (
        f"/gait/{analysis}",
        "/training/alerts",
        "/inbox",
        "/care/inbox",
        "/red-flags",
        "/settings",
    ):
        r = app_client.get(url)
        assert r.status_code == 200, url
        assert r.headers["cache-control"] == "no-store", url
    assert app_client.get("/api/v1/clients").headers["cache-control"] == "no-store"
    # The app's own stylesheet may be kept but is checked again each time.
    assert app_client.get("/static/app.css").headers["cache-control"] == "no-cache"


def _asgi_post(container: Container, path: str, length: str) -> list[MutableMapping[str, Any]]:
    """POST to the ASGI app with a declared length and a body that never arrives."""
    app = create_app(container=container)
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(3600)  # the body never comes
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", length.encode())],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    # A thread of its own: another test in this worker may have left an event loop running.
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=10))
        except BaseException as exc:  # re-raised below, in the test
            failed.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=30)
    if failed:
        raise failed[0]
    return sent


def test_a_huge_declared_body_is_refused_at_once(container: Container, world: World) -> None:
    cid = world.a.clients[0].id
    sent = _asgi_post(container, f"/api/v1/clients/{cid}/pain", "99999999999999")
    assert sent[0]["status"] == 413
    assert b"too large" in sent[1]["body"]


def test_a_pain_entry_from_year_one_is_refused(app_client: TestClient, world: World) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["client1"].email)
    r = app_client.post(
        f"/api/v1/clients/{cid}/pain",
        json={"day": "0001-01-01", "during": 3},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 422
    assert "Date: 0001-01-01 is too long ago for a logged day" in r.json()["detail"]
    ahead = app_client.post(
        f"/api/v1/clients/{cid}/pain",
        json={"day": "2026-03-09", "during": 3},
        headers={"X-CSRF-Token": csrf},
    )
    assert ahead.status_code == 422 and "is in the future" in ahead.json()["detail"]
    assert app_client.get(f"/api/v1/clients/{cid}/pain").json() == []  # nothing stored


def test_an_unknown_address_gets_the_apps_page_and_the_api_keeps_json(
    app_client: TestClient, world: World
) -> None:
    page = app_client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "There is no page at this address" in page.text and "/static/app.css" in page.text
    api = app_client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    sign_in(app_client, world.a.users["lmt"].email)
    signed_in = app_client.get("/no-such-page")
    assert signed_in.status_code == 404 and "Sign out" in signed_in.text


def test_a_bad_form_value_is_named_as_the_page_names_it(
    app_client: TestClient, container: Container, world: World
) -> None:
    plan_id = signed_plan_with_programme(container, world).id
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    r = app_client.post(
        f"/clients/{cid}/care/plans/{plan_id}/amend",
        data={"csrf_token": csrf, "start": "2026-02-16", "m0_modality": "massage",
              "m3_modality": "education", "m3_per_week": "twice", "reason": "fuzz"},
    )  # fmt: skip
    assert r.status_code == 422
    assert "Modality 1: kind: Choose one of the options" in r.text
    assert "Modality 4: times a week: Enter a number" in r.text
    note = app_client.post(
        f"/clients/{cid}/care/notes",
        data={"csrf_token": csrf, "plan_id": "None", "visit_date": "2026-03-02"},
    )
    assert note.status_code == 422 and "Care plan: Choose one of the options" in note.text


def test_labels_read_like_the_page() -> None:
    assert label("m3_per_week") == "Modality 4: times a week"
    assert label("usual_pain") == "Usual pain (0–10)"
    assert label("exercises.0.sets") == "Exercise 1: sets"
    assert label("t.patellar_glide.left").endswith("(left knee)")
    assert label("weekly_running_km") == "Weekly running (km)"
