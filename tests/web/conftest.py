"""An in-process HTTP client on create_app, and helpers to sign in as the world's cast,
upload watch files and follow a job."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.web.app import create_app
from tests.factories import PASSWORD, World, make_world

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(container: Container) -> World:
    return make_world(container)


@pytest.fixture
def app_client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        yield client


def csrf_from(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    client.cookies.clear()
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/settings").text)


def wait_job(http: TestClient, job_id: int, timeout: float = 30.0) -> dict[str, Any]:
    """Poll the job API until the job is done or failed (or `timeout` passes)."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = http.get(f"/api/v1/jobs/{job_id}").json()
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def upload_activities(
    http: TestClient, client_id: int, csrf: str, files: list[tuple[str, bytes]]
) -> tuple[int, dict[str, Any]]:
    r = http.post(
        f"/api/v1/clients/{client_id}/activities",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers={"X-CSRF-Token": csrf},
    )
    return r.status_code, r.json()


def released_analysis(container: Container, world: World, tmp_path: Path) -> int:
    """A side-view clip of Alpha's first client, analysed by the container's analyser and
    released by the chiropractor; its analysis id."""
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 a clip")
    cid = world.a.clients[0].id
    up = container.gait.upload(world.a.caller("lmt"), cid, clip, "clip.mp4", "side", 170)
    container.jobs.run(up.job.id)
    container.gait.release(world.a.caller("chiropractor"), up.analysis.id)
    return up.analysis.id
