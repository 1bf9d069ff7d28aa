"""Plotly's JavaScript comes from the installed package, linked by its version."""

from __future__ import annotations

from importlib.metadata import version

from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import sign_in


def test_both_chart_pages_link_the_bundled_plotly_by_its_version(
    app_client: TestClient, world: World
) -> None:
    record = world.a.clients[0]
    sign_in(app_client, world.a.users["lmt"].email)
    src = f'src="/static-lib/plotly.min.js?v={version("plotly")}"'
    for page in ("outcomes", "training"):
        html = app_client.get(f"/clients/{record.id}/{page}").text
        assert src in html, page
    script = app_client.get(f"/static-lib/plotly.min.js?v={version('plotly')}")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    # A new Plotly is a new URL, so the browser may keep this one.
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert b"plotly.js v" in script.content[:200]
