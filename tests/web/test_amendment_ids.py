"""An amendment's path ids beyond any record's id are the one 404, never a database error
(found by the API fuzzing: 48187793613648050520064 reached the query)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import sign_in


def test_an_amendment_for_an_id_no_record_can_have_is_not_found(
    app_client: TestClient, world: World
) -> None:
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    r = app_client.post(
        "/api/v1/clients/48187793613648050520064/care-plans/326/amendments",
        json={"reason": "x", "start": "2026-03-02", "goals": []},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 404
