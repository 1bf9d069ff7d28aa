"""Two app processes on one database: the clinic address saved through one is what the
other's staff page shows (no per-process copy of the clinic)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.web.app import create_app
from tests.factories import make_world
from tests.web.conftest import csrf_from, sign_in


def test_an_address_saved_on_one_process_shows_on_the_other(
    build_container: Callable[..., Container],
) -> None:
    first, second = build_container(), build_container()
    world = make_world(first)
    with (
        TestClient(create_app(container=first), follow_redirects=False) as one,
        TestClient(create_app(container=second), follow_redirects=False) as two,
    ):
        sign_in(one, world.a.users["admin"].email)
        sign_in(two, world.a.users["admin"].email)
        assert "1 Old Road" not in two.get("/staff").text  # the other process has read it once
        token = csrf_from(one.get("/staff").text)
        saved = one.post("/staff/address", data={"csrf_token": token, "address": "1 Old Road"})
        assert saved.status_code == 303
        assert "1 Old Road" in two.get("/staff").text
        token = csrf_from(one.get("/staff").text)
        one.post("/staff/address", data={"csrf_token": token, "address": "2 New Street"})
        page = two.get("/staff").text
        assert "2 New Street" in page and "1 Old Road" not in page
