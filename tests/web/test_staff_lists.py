"""Staff lists and pickers show staff: a clinic's client accounts are on none of them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import sign_in


def test_the_staff_page_dashboard_and_practitioner_pickers_show_no_client_account(
    app_client: TestClient, world: World
) -> None:
    clients = [world.a.users[k] for k in ("client1", "client2")]
    sign_in(app_client, world.a.users["admin"].email)
    staff_page, dashboard = app_client.get("/staff").text, app_client.get("/dashboard").text
    assert world.a.users["lmt"].email in staff_page and world.a.users["lmt"].name in dashboard
    assert 'Staff <small class="muted">(3)</small>' in dashboard  # admin, LMT, chiropractor
    for user in clients:
        assert user.email not in staff_page and user.name not in dashboard
    for who, path in (("lmt", "/schedule"), ("client1", "/visits")):  # booking pickers
        sign_in(app_client, world.a.users[who].email)
        page = app_client.get(path)
        assert page.status_code == 200 and world.a.users["chiropractor"].name in page.text, path
        for user in clients:
            assert f'<option value="{user.id}"' not in page.text, path
