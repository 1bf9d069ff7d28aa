"""Sign-in and the authorization boundaries, as a person sees them in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer, sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("role", ["admin", "lmt", "chiropractor", "client1"])
def test_each_role_signs_in_through_the_form(
    page: Any, live_server: LiveServer, role: str, screenshots: Path
) -> None:
    user = live_server.world.a.users[role]
    sign_in(page, live_server.url, user.email)
    assert page.get_by_text(user.name).first.is_visible()
    page.screenshot(path=str(screenshots / f"dashboard-{role}.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/sign-in")


def test_lmt_sees_the_client_list(page: Any, live_server: LiveServer, screenshots: Path) -> None:
    sign_in(page, live_server.url, live_server.world.a.users["lmt"].email)
    page.get_by_role("link", name="Clients", exact=True).click()
    rows = page.locator("table.clients tbody tr")
    assert rows.count() == 2
    assert "Runner ALPHA1" in rows.first.inner_text()
    page.screenshot(path=str(screenshots / "clients-lmt.png"), full_page=True)


def test_wrong_password_shows_a_visible_error(page: Any, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_label("Email").fill(live_server.world.a.users["lmt"].email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("That email and password")


def test_a_client_cannot_open_another_clients_page(page: Any, live_server: LiveServer) -> None:
    own, other = live_server.world.a.clients
    sign_in(page, live_server.url, live_server.world.a.users["client1"].email)
    assert page.goto(f"{live_server.url}/clients/{own.id}").status == 200
    response = page.goto(f"{live_server.url}/clients/{other.id}")
    assert response.status == 404
    assert other.name not in page.content()


def test_another_clinics_client_id_gives_404(page: Any, live_server: LiveServer) -> None:
    foreign = live_server.world.b.clients[0]
    sign_in(page, live_server.url, live_server.world.a.users["chiropractor"].email)
    response = page.goto(f"{live_server.url}/clients/{foreign.id}")
    assert response.status == 404
    assert page.get_by_role("heading", name="Not found").is_visible()


def test_a_post_without_csrf_token_is_refused(page: Any, live_server: LiveServer) -> None:
    sign_in(page, live_server.url, live_server.world.a.users["lmt"].email)
    # The browser's own cookie goes along, as it would for a forged cross-site form.
    response = page.request.post(f"{live_server.url}/clients", form={"name": "Forged"})
    assert response.status == 403
    page.goto(f"{live_server.url}/clients")
    assert "Forged" not in page.content()


def test_pages_are_usable_on_a_phone(
    browser: Any, live_server: LiveServer, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    sign_in(phone, live_server.url, live_server.world.a.users["lmt"].email)
    phone.goto(f"{live_server.url}/clients")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    phone.screenshot(path=str(screenshots / "clients-phone.png"), full_page=True)
    context.close()
