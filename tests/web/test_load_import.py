"""Importing watch files through the API and the page: jobs, dedup, unreadable files, size
limit, nothing stored lost; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.web.app import create_app
from tests.factories import DAMAGED_FIT, GOOD_FIT, SECOND_FIT, World, unreadable_fit
from tests.fakes.clock import FixedClock
from tests.web.conftest import csrf_from, sign_in, upload_activities, wait_job


def files(shared: Path, *names: str) -> list[tuple[str, bytes]]:
    return [(n, (shared / "activities" / n).read_bytes()) for n in names]


def test_good_import_then_duplicates_and_bad_files_lose_nothing(
    app_client: TestClient, world: World, shared_data: Path, settings: Settings
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    status, started = upload_activities(app_client, own.id, csrf, files(shared_data, GOOD_FIT))
    assert status == 202 and started["files"] == [GOOD_FIT]
    job = wait_job(app_client, started["job_id"])
    assert job["status"] == "done" and job["result"]["imported"] == 1
    before = app_client.get(f"/api/v1/clients/{own.id}/activities").json()
    assert before["total"] == 1

    mixed = [
        *files(shared_data, GOOD_FIT, DAMAGED_FIT),
        ("broken.fit", unreadable_fit(shared_data)),
    ]
    status, started = upload_activities(app_client, own.id, csrf, mixed)
    job = wait_job(app_client, started["job_id"])
    res = job["result"]
    assert job["status"] == "done"
    assert res["imported"] == 1 and res["duplicates"] == 1  # the good file again: not doubled
    assert [e["file"] for e in res["errors"]] == ["broken.fit"]
    assert "FIT" in res["errors"][0]["reason"] or "file" in res["errors"][0]["reason"]
    assert any(w["file"] == DAMAGED_FIT for w in res["warnings"])  # recovered, and said so
    after = app_client.get(f"/api/v1/clients/{own.id}/activities").json()
    assert after["total"] == 2
    first = before["activities"][0]
    assert any(a["id"] == first["id"] and a["start"] == first["start"] for a in after["activities"])
    # every upload is kept on disk, the unreadable one too
    stored = list((settings.uploads_dir / "load").rglob("*"))
    assert len([p for p in stored if p.is_file()]) == 4


def test_only_unreadable_files_fail_the_job_with_names_and_keep_what_was_stored(
    app_client: TestClient, world: World, shared_data: Path
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    wait_job(
        app_client,
        upload_activities(app_client, own.id, csrf, files(shared_data, GOOD_FIT))[1]["job_id"],
    )
    bad = [("broken.fit", unreadable_fit(shared_data)), ("notes.txt", b"just text, no activity")]
    job = wait_job(app_client, upload_activities(app_client, own.id, csrf, bad)[1]["job_id"])
    assert job["status"] == "failed"
    assert "broken.fit" in job["error"] and "notes.txt" in job["error"]
    assert "not a FIT, GPX or TCX file" in job["error"]
    assert app_client.get(f"/api/v1/clients/{own.id}/activities").json()["total"] == 1


def test_page_import_shows_progress_then_the_result_with_unreadable_names(
    app_client: TestClient, world: World, shared_data: Path
) -> None:
    own = world.a.clients[0]
    sign_in(app_client, world.a.users["chiropractor"].email)
    page = app_client.get(f"/clients/{own.id}/training")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    sent = [*files(shared_data, SECOND_FIT), ("broken.fit", unreadable_fit(shared_data))]
    r = app_client.post(
        f"/clients/{own.id}/training/import",
        data={"csrf_token": csrf_from(page.text)},
        files=[("files", (n, d, "application/octet-stream")) for n, d in sent],
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#import")
    job_id = int(app_client.get(r.headers["location"]).text.split('data-job-id="')[1].split('"')[0])
    assert wait_job(app_client, job_id)["status"] == "done"
    done = app_client.get(f"/clients/{own.id}/training").text
    assert "1 new activity stored" in done and "broken.fit" in done
    assert "/static-lib/plotly.min.js" in done and 'id="load-data"' in done


def test_an_empty_upload_is_refused_with_a_clear_message(
    app_client: TestClient, world: World
) -> None:
    own = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    r = app_client.post(
        f"/api/v1/clients/{own.id}/activities",
        files=[("files", ("empty.fit", b"", "application/octet-stream"))],
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 422 and "Choose at least one file" in r.json()["detail"]


@pytest.fixture
def small_limit(
    settings: Settings, clock: FixedClock, fast_hasher: Argon2Hasher
) -> Iterator[Container]:
    c = build(replace(settings, max_upload_mb=1), clock=clock, hasher=fast_hasher, migrate=False)
    yield c
    c.close()


def test_too_large_upload_gets_413_and_stores_nothing(
    small_limit: Container, world: World, settings: Settings
) -> None:
    own = world.a.clients[0]
    big = b"\0" * (1024 * 1024 + 10)
    with TestClient(create_app(container=small_limit), follow_redirects=False) as http:
        csrf = sign_in(http, world.a.users["client1"].email)
        r = http.post(
            f"/api/v1/clients/{own.id}/activities",
            files=[("files", ("big.fit", big, "application/octet-stream"))],
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 413 and "limit of 1 MB" in r.json()["detail"]
        page = http.post(
            f"/clients/{own.id}/training/import",
            data={"csrf_token": csrf},
            files=[("files", ("big.fit", big, "application/octet-stream"))],
        )
        assert page.status_code == 413 and "limit of 1 MB" in page.text
        assert http.get(f"/api/v1/clients/{own.id}/activities").json()["total"] == 0
    assert not (settings.uploads_dir / "load").exists()
