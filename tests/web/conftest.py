"""An in-process HTTP client on create_app, and helpers to sign in as the world's cast."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.web.app import create_app
from tests.support.world import PASSWORD, World, make_world

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(container: Container) -> World:
    return make_world(container)


@pytest.fixture
def app_client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        yield client


def csrf_from(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    client.cookies.clear()
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/settings").text)
