"""The audit-log API pages like the page: from an entry (keyset), newest first, with a count
that stops at a cap; `offset` still answers for older scripts, and no input gives a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kneecap.web.audit import paging
from tests.factories import World
from tests.web.conftest import sign_in


def _reads(app_client: TestClient, world: World, n: int) -> int:
    """`n` audited reads of one client's record, as the LMT; the client's id."""
    sign_in(app_client, world.a.users["lmt"].email)
    cid = world.a.clients[0].id
    for _ in range(n):
        assert app_client.get(f"/api/v1/clients/{cid}").status_code == 200
    sign_in(app_client, world.a.users["admin"].email)
    return cid


def _get(app_client: TestClient, **params: Any) -> dict[str, Any]:
    r = app_client.get("/api/v1/audit", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_pages_go_older_and_back_newer_from_an_entry_and_cover_the_log_once(
    app_client: TestClient, world: World
) -> None:
    cid = _reads(app_client, world, 30)
    everything = _get(app_client, client_id=cid, limit=500)
    ids = [e["id"] for e in everything["entries"]]
    assert len(ids) >= 30 and ids == sorted(ids, reverse=True)
    assert everything["total"] == len(ids) and not everything["capped"]
    assert everything["newer"] is None and everything["older"] is None

    first = _get(app_client, client_id=cid, limit=7)
    assert [e["id"] for e in first["entries"]] == ids[:7]
    assert first["newer"] is None and first["older"] == ids[6]
    assert first["total"] == len(ids)  # the count is of the filter, not of the page
    walked, page = [], first
    while True:
        walked += [e["id"] for e in page["entries"]]
        if page["older"] is None:
            break
        page = _get(app_client, client_id=cid, limit=7, before=page["older"])
        assert page["newer"] == page["entries"][0]["id"]
    assert walked == ids  # every entry once, in order

    second = _get(app_client, client_id=cid, limit=7, before=first["older"])
    back = _get(app_client, client_id=cid, limit=7, after=second["newer"])
    assert back["entries"] == first["entries"] and back["newer"] is None
    # older scripts: the same second page by offset
    by_offset = _get(app_client, client_id=cid, limit=7, offset=7)
    assert by_offset["entries"] == second["entries"] and by_offset["newer"] == ids[7]


def test_the_count_stops_at_the_cap_and_says_so(
    app_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _reads(app_client, world, 8)
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    capped = _get(app_client, client_id=cid, limit=3)
    assert capped["total"] == 5 and capped["capped"] and len(capped["entries"]) == 3


def test_filters_match_the_page_and_bad_input_is_a_422_not_a_500(
    app_client: TestClient, world: World
) -> None:
    cid = _reads(app_client, world, 3)
    reads = _get(app_client, client_id=cid, action="client.re", outcome="allow")
    assert reads["entries"] and {e["action"] for e in reads["entries"]} == {"client.read"}
    assert _get(app_client, action="no.such.action")["entries"] == []
    assert _get(app_client, since="2000-01-01", until="2000-01-02")["entries"] == []
    assert _get(app_client, since="9999-12-31", until="9999-12-31")["entries"] == []
    assert _get(app_client, since="0001-01-01", until="9999-12-31")["entries"]
    assert _get(app_client, before=2**31 - 1, after=99999999)["entries"] == []  # no such entry
    for bad in (
        {"since": "2026-13-01"}, {"until": "2026-02-30"}, {"before": 0}, {"after": -1},
        {"before": "9" * 40}, {"limit": 501}, {"limit": 0}, {"offset": -1},
        {"action": "x" * 65}, {"outcome": "y" * 17},
    ):  # fmt: skip
        assert app_client.get("/api/v1/audit", params=bad).status_code == 422, bad
