"""One 404: on every route with a record id, read from the app's router, another clinic's
record and a record that does not exist answer with the same status and the same bytes, for
every role, pages and API, on SQLite and PostgreSQL.

The foreign records are the demo clinic's (one real record of each kind); the signed-in
people are clinic A's. Routes that name a client and another record are also tried with the
person's own client and the other clinic's record in it. JSON routes get a minimal valid
body, so they reach their service instead of stopping at validation.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import sign_in
from tests.web.hardening.conftest import Demo
from tests.web.hardening.routes import Endpoint, endpoints, json_body, required_query

MISSING = 999_999
ROLES = ("chiropractor", "lmt", "admin", "client1")
FIXED = {"name": "json"}  # a gait output name the route knows


def _send(client: TestClient, e: Endpoint, values: dict[str, Any], csrf: str, body: Any) -> Any:
    query = {q: values.get(q, "x") for q in required_query(e)}
    url = e.url({**FIXED, **values})
    if e.method == "GET":
        return client.get(url, params=query)
    if url.startswith("/api/"):
        return client.request(
            e.method, url, params=query, json=body, headers={"X-CSRF-Token": csrf}
        )
    return client.request(e.method, url, params=query, data={"csrf_token": csrf})


def test_another_clinics_record_answers_exactly_like_a_missing_one_on_every_route(
    world: World, demo: Demo, app_client: TestClient
) -> None:
    app: Any = app_client.app
    openapi = app.openapi()
    ids = set(demo.ids)
    routes = [
        e for e in endpoints(app) if set(e.params) & ids and set(e.params) <= ids | set(FIXED)
    ]
    compared = 0
    statuses: Counter[int] = Counter()
    differing: list[str] = []
    for role in ROLES:
        csrf = sign_in(app_client, world.a.users[role].email)
        own = world.a.clients[0].id
        for e in routes:
            body = json_body(openapi, e)
            foreign = dict(demo.ids)
            missing = {k: MISSING for k in demo.ids}
            pairs = [(foreign, missing)]
            if "client_id" in e.params and len(set(e.params) & ids) > 1:
                pairs.append(({**foreign, "client_id": own}, {**missing, "client_id": own}))
            for f, m in pairs:
                a, b = _send(app_client, e, f, csrf, body), _send(app_client, e, m, csrf, body)
                compared += 1
                statuses[a.status_code] += 1
                if (a.status_code, a.content) != (b.status_code, b.content) or a.is_success:
                    differing.append(
                        f"{role} {e.method} {e.url(f)}: {a.status_code} {a.text[:120]!r} vs "
                        f"{b.status_code} {b.text[:120]!r}"
                    )
    print(
        f"\n{len(routes)} routes with a record id, {compared} foreign/missing pairs compared, "
        f"answers {dict(sorted(statuses.items()))}"
    )
    assert len(routes) >= 60
    assert not differing, "\n".join(differing)
