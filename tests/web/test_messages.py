"""Messages through the API and the pages, on SQLite and PostgreSQL: a client writes with a
photo, the LMT sees the thread waiting and answers, a diagnosis in an LMT's message is held
for the chiropractor and goes out once approved, a watch file is imported from the thread,
bad uploads get a clear error, and nobody outside the thread reads it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.web.app import create_app
from tests.factories import GOOD_FIT, World
from tests.fakes.clock import FixedClock
from tests.web.conftest import sign_in

DIAGNOSIS = "This is patellofemoral pain syndrome, right knee."


def _send(http: TestClient, cid: int, csrf: str, text: str, files: list[tuple[str, bytes]]) -> Any:
    return http.post(
        f"/clients/{cid}/messages",
        data={"csrf_token": csrf, "text": text},
        files=[("files", (name, data)) for name, data in files] or None,
    )


def test_a_client_writes_with_a_photo_and_the_lmt_answers(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["client1"].email)
    sent = _send(app_client, cid, csrf, "Swollen after 18 km", [("knee.jpg", b"\xff\xd8\xffjpeg")])
    assert sent.status_code == 303 and "sent=sent" in sent.headers["location"]
    page = app_client.get(f"/clients/{cid}/messages")
    assert page.status_code == 200 and "Swollen after 18 km" in page.text
    (att,) = app_client.get(f"/api/v1/clients/{cid}/messages").json()["messages"][0]["attachments"]
    photo = app_client.get(att["url"])
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert photo.content == b"\xff\xd8\xffjpeg"

    csrf = sign_in(app_client, world.a.users["lmt"].email)
    threads = app_client.get("/api/v1/messages/threads").json()
    assert [(t["client_id"], t["awaits_answer"], t["new_for_me"]) for t in threads] == [
        (cid, True, True)
    ]
    assert "Waits for an answer" in app_client.get("/messages").text
    thread = app_client.get(f"/api/v1/clients/{cid}/messages").json()
    assert thread["awaits_answer"] and thread["unread"] == 1
    assert app_client.get(f"/api/v1/clients/{cid}/messages").json()["unread"] == 0
    clock.advance(minutes=10)
    answer = app_client.post(
        f"/api/v1/clients/{cid}/messages",
        json={"text": "Ice, rest 2 days"},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 201 and answer.json()["held"] is False
    assert not app_client.get("/api/v1/messages/threads").json()[0]["awaits_answer"]

    sign_in(app_client, world.a.users["client1"].email)
    mine = app_client.get(f"/api/v1/clients/{cid}/messages").json()
    assert mine["unread"] == 1 and mine["messages"][-1]["text"] == "Ice, rest 2 days"


def test_an_lmt_message_naming_a_diagnosis_is_held_and_the_lmt_is_told_why(
    app_client: TestClient, world: World
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    held = _send(app_client, cid, csrf, DIAGNOSIS, [])
    assert "sent=held" in held.headers["location"]
    page = app_client.get(held.headers["location"].split("#")[0])
    assert "Held for the chiropractor" in page.text and "only the chiropractor" in page.text
    api = app_client.post(
        f"/api/v1/clients/{cid}/messages", json={"text": DIAGNOSIS}, headers={"X-CSRF-Token": csrf}
    ).json()
    assert api["held"] and "diagnosis" in api["notice"]

    sign_in(app_client, world.a.users["client1"].email)
    assert app_client.get(f"/api/v1/clients/{cid}/messages").json()["messages"] == []

    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    queue = app_client.get("/api/v1/cosignatures").json()
    ids = [i["id"] for i in queue["items"] if i["kind"] == "message"]
    assert len(ids) == 2 and all(i["page"] == f"/clients/{cid}/messages" for i in queue["items"])
    assert (
        app_client.post(
            f"/api/v1/cosignatures/{ids[0]}/approve", json={}, headers={"X-CSRF-Token": csrf}
        ).status_code
        == 200
    )

    sign_in(app_client, world.a.users["client1"].email)
    (out,) = app_client.get(f"/api/v1/clients/{cid}/messages").json()["messages"]
    assert out["text"] == DIAGNOSIS and out["held"] is False


def test_a_watch_file_from_the_thread_imports_into_the_training_load(
    app_client: TestClient, world: World, shared_data: Path
) -> None:
    cid = world.a.clients[0].id
    data = (shared_data / "activities" / GOOD_FIT).read_bytes()
    csrf = sign_in(app_client, world.a.users["client1"].email)
    _send(app_client, cid, csrf, "Saturday's long run", [(GOOD_FIT, data)])
    (fit,) = app_client.get(f"/api/v1/clients/{cid}/messages").json()["messages"][0]["attachments"]
    assert fit["kind"] == "watch_file"
    download = app_client.get(fit["url"])
    assert download.content == data and "attachment" in download.headers["content-disposition"]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    assert "Import into the training load" in app_client.get(f"/clients/{cid}/messages").text
    done = app_client.post(f"{fit['url']}/import", data={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"].endswith("/training#import")
    deadline = time.monotonic() + 30
    while app_client.get(f"/api/v1/clients/{cid}/activities").json()["total"] == 0:
        assert time.monotonic() < deadline, "the import job did not store the activity"
        time.sleep(0.05)


def test_bad_messages_get_a_clear_error_and_keep_what_was_typed(
    app_client: TestClient, world: World
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["client1"].email)
    wrong = _send(app_client, cid, csrf, "my notes", [("notes.exe", b"MZ")])
    assert wrong.status_code == 422 and "cannot be attached" in wrong.text
    assert "my notes" in wrong.text  # the text stays in the form
    empty = _send(app_client, cid, csrf, "   ", [])
    assert empty.status_code == 422 and "Write a message or attach a file" in empty.text
    h = {"X-CSRF-Token": csrf}
    api = app_client.post(f"/api/v1/clients/{cid}/messages", json={"text": ""}, headers=h)
    assert api.status_code == 422 and "Write a message" in api.text
    assert app_client.post(f"/api/v1/clients/{cid}/messages", json={}, headers=h).status_code == 422
    assert app_client.get(f"/api/v1/clients/{cid}/messages").json()["messages"] == []


@pytest.fixture
def small_limit(
    settings: Settings, clock: FixedClock, fast_hasher: Argon2Hasher
) -> Iterator[Container]:
    c = build(replace(settings, max_upload_mb=1), clock=clock, hasher=fast_hasher, migrate=False)
    yield c
    c.close()


def test_a_video_over_the_upload_limit_gets_413_and_stores_nothing(
    small_limit: Container, world: World
) -> None:
    cid = world.a.clients[0].id
    big = b"\0" * (1024 * 1024 + 10)
    with TestClient(create_app(container=small_limit), follow_redirects=False) as http:
        csrf = sign_in(http, world.a.users["client1"].email)
        too_large = _send(http, cid, csrf, "my form video", [("run.mp4", big)])
        assert too_large.status_code == 413 and "limit of 1 MB" in too_large.text
        assert http.get(f"/api/v1/clients/{cid}/messages").json()["messages"] == []


def test_nobody_outside_the_thread_reads_it(app_client: TestClient, world: World) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["client1"].email)
    h = {"X-CSRF-Token": csrf}
    assert (
        app_client.post(
            f"/api/v1/clients/{cid}/messages", json={"text": "private"}, headers=h
        ).status_code
        == 201
    )
    for outsider in ("client2",):
        sign_in(app_client, world.a.users[outsider].email)
        assert app_client.get(f"/api/v1/clients/{cid}/messages").status_code == 404
        assert app_client.get(f"/clients/{cid}/messages").status_code == 404
    sign_in(app_client, world.b.users["chiropractor"].email)
    assert app_client.get(f"/api/v1/clients/{cid}/messages").status_code == 404
    assert app_client.get("/api/v1/messages/threads").json() == []
    sign_in(app_client, world.a.users["admin"].email)
    assert app_client.get(f"/api/v1/clients/{cid}/messages").status_code == 403
    assert app_client.get("/api/v1/clients/999999/messages").status_code == 404
