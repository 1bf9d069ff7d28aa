"""Invitation links point where the app is reached unless KNEECAP_BASE_URL says otherwise
(`kneecap demo --port 8102` hands out links to port 8102)."""

from __future__ import annotations

import re
from dataclasses import replace

from fastapi.testclient import TestClient

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.web.app import create_app
from tests.factories import make_world
from tests.fakes.clock import FixedClock
from tests.web.conftest import sign_in

LINK = re.compile(r'id="invite-link">([^<]+)<')


def _invite(settings: Settings, clock: FixedClock, hasher: Argon2Hasher, base: str) -> str:
    c = build(settings, clock=clock, hasher=hasher, migrate=False)
    try:
        world = make_world(c)
        with TestClient(create_app(container=c), base_url=base, follow_redirects=False) as web:
            csrf = sign_in(web, world.a.users["admin"].email)
            r = web.post(
                "/staff/invite",
                data={"csrf_token": csrf, "email": "new@alpha.test", "name": "New", "role": "lmt"},
            )
            assert r.status_code == 200, r.text
            found = LINK.search(r.text)
            assert found
            return found.group(1)
    finally:
        c.close()


def test_links_follow_the_served_address_when_none_is_configured(
    settings: Settings, clock: FixedClock, fast_hasher: Argon2Hasher
) -> None:
    link = _invite(replace(settings, base_url=None), clock, fast_hasher, "http://127.0.0.1:8102")
    assert link.startswith("http://127.0.0.1:8102/invitations/")


def test_a_configured_address_wins(
    settings: Settings, clock: FixedClock, fast_hasher: Argon2Hasher
) -> None:
    configured = replace(settings, base_url="https://clinic.example")
    link = _invite(configured, clock, fast_hasher, "http://127.0.0.1:8102")
    assert link.startswith("https://clinic.example/invitations/")
    assert Settings.from_env({}).base_url is None
    assert Settings.from_env({"KNEECAP_BASE_URL": "https://x.example/"}).base_url == (
        "https://x.example"
    )
