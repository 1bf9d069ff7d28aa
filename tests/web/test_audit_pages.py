"""The audit-log page goes older and newer from the entry a page starts at, and its count
stops at a cap, so a clinic with a long log pages as fast as a new one."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from tests.factories import World
from tests.web.conftest import sign_in

LINK = re.compile(r'href="\?([^"]*)(before|after)=(\d+)">')


def _links(html: str) -> dict[str, str]:
    return {m.group(2): m.group(3) for m in LINK.finditer(html)}


def test_older_then_newer_returns_to_the_same_page(
    app_client: TestClient, container: Container, world: World
) -> None:
    sign_in(app_client, world.a.users["lmt"].email)
    cid = world.a.clients[0].id
    for _ in range(60):
        app_client.get(f"/clients/{cid}")
    sign_in(app_client, world.a.users["admin"].email)
    first = app_client.get("/audit", params={"client_id": cid})
    assert first.status_code == 200
    links = _links(first.text)
    assert set(links) == {"before"}  # the newest page has nothing newer
    older = app_client.get("/audit", params={"client_id": cid, "before": links["before"]})
    back = _links(older.text)
    assert "after" in back and f"client_id={cid}" in older.text
    again = app_client.get("/audit", params={"client_id": cid, "after": back["after"]})
    assert _links(again.text)["before"] == links["before"]  # the first page again
    assert back["before"] != links["before"] and int(back["after"]) < int(links["before"])


def test_a_cursor_that_is_not_an_entry_shows_an_empty_page(
    app_client: TestClient, world: World
) -> None:
    sign_in(app_client, world.a.users["admin"].email)
    for cursor in ("99999999", "abc", "-1", "9" * 40, "¹", "²³"):  # digits int() cannot read
        assert app_client.get("/audit", params={"before": cursor}).status_code == 200
        assert app_client.get("/audit", params={"after": cursor}).status_code == 200
        assert app_client.get("/audit", params={"client_id": cursor}).status_code == 200
