"""Two-factor sign-in for staff: TOTP codes as RFC 6238 computes them, enrolment with a QR
code and recovery codes, the code after the password, and the admin's requirement."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest
from fastapi.testclient import TestClient

from kneecap.adapters.security.totp import PyOtpPasswords
from kneecap.bootstrap import Container
from kneecap.ports.repositories import AuditQuery
from tests.factories import PASSWORD, World
from tests.fakes.clock import FixedClock
from tests.web.conftest import csrf_from, sign_in

# RFC 6238 appendix B, SHA-1 column: the seed is the ASCII "12345678901234567890".
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
SECRET_RE = re.compile(r'id="totp-secret">([A-Z2-7]+)<')
CODES_RE = re.compile(r"<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code></li>")


@pytest.mark.parametrize(("t", "expected"), RFC_VECTORS)
def test_codes_match_the_rfc_6238_vectors(t: int, expected: str) -> None:
    otp = PyOtpPasswords(digits=8)
    at = datetime.fromtimestamp(t, UTC)
    assert otp.code(RFC_SECRET, at) == expected
    step = otp.verify(RFC_SECRET, expected, at, None)
    assert step == t // 30
    assert otp.verify(RFC_SECRET, expected, at, step) is None  # a code is good once


def _code(secret: str, clock: FixedClock) -> str:
    return pyotp.TOTP(secret).at(clock.now())


def _enrol(client: TestClient, clock: FixedClock) -> tuple[str, list[str]]:
    page = client.get("/settings/two-factor")
    assert page.status_code == 200
    assert "<svg" in page.text and "otpauth" not in page.text.split("<svg", 1)[0][-200:]
    found = SECRET_RE.search(page.text)
    assert found, "no secret on the set-up page"
    secret = found.group(1)
    done = client.post(
        "/settings/two-factor",
        data={"csrf_token": csrf_from(page.text), "code": _code(secret, clock)},
    )
    assert done.status_code == 200, done.text
    codes = CODES_RE.findall(done.text)
    assert len(codes) == 10
    return secret, codes


def _password(client: TestClient, email: str) -> str:
    client.cookies.clear()
    form = client.get("/sign-in")
    r = client.post(
        "/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_from(form.text)},
    )
    assert r.status_code == 303
    return str(r.headers["location"])


def test_a_practitioner_enrols_and_then_signs_in_with_a_code(
    app_client: TestClient, world: World, clock: FixedClock, container: Container
) -> None:
    email = world.a.users["lmt"].email
    sign_in(app_client, email)
    secret, recovery = _enrol(app_client, clock)

    assert _password(app_client, email).startswith("/sign-in/code")
    assert app_client.get("/dashboard").status_code == 303  # the password alone is not enough
    form = app_client.get("/sign-in/code")
    assert 'autocomplete="one-time-code"' in form.text
    csrf = csrf_from(form.text)
    wrong = app_client.post("/sign-in/code", data={"csrf_token": csrf, "code": "000000"})
    assert wrong.status_code == 401 and "That code is not right" in wrong.text
    replayed = app_client.post(
        "/sign-in/code", data={"csrf_token": csrf, "code": _code(secret, clock)}
    )
    assert replayed.status_code == 401  # the code confirmed at enrolment is spent
    clock.advance(seconds=30)
    ok = app_client.post("/sign-in/code", data={"csrf_token": csrf, "code": _code(secret, clock)})
    assert ok.status_code == 303 and app_client.get("/dashboard").status_code == 200

    _password(app_client, email)
    csrf = csrf_from(app_client.get("/sign-in/code").text)
    first = app_client.post("/sign-in/code", data={"csrf_token": csrf, "code": recovery[0]})
    assert first.status_code == 303
    _password(app_client, email)
    csrf = csrf_from(app_client.get("/sign-in/code").text)
    again = app_client.post("/sign-in/code", data={"csrf_token": csrf, "code": recovery[0]})
    assert again.status_code == 401  # each recovery code works once

    entries, _ = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, action_prefix="auth.")
    )
    seen = {(e.action, e.outcome, e.detail) for e in entries}
    assert ("auth.sign_in", "allow", "authenticator") in seen
    assert ("auth.sign_in", "allow", "recovery code") in seen
    assert ("auth.two_factor", "failed", "failure 1") in seen


def test_the_admin_requires_it_for_all_staff(
    app_client: TestClient, world: World, clock: FixedClock, container: Container
) -> None:
    csrf = sign_in(app_client, world.a.users["admin"].email)
    r = app_client.post("/staff/two-factor", data={"csrf_token": csrf, "required": "on"})
    assert r.status_code == 303
    # The admin too is staff: every page now leads to the set-up.
    assert app_client.get("/dashboard").headers["location"] == "/settings/two-factor"

    chiro = world.a.caller("chiropractor")
    _, token = container.accounts.create_token(chiro, "script")
    api = app_client.get("/api/v1/clients", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 403 and "two-factor" in api.json()["detail"]

    app_client.cookies.clear()
    sign_in_page = app_client.get("/sign-in")
    app_client.post(
        "/sign-in",
        data={
            "email": world.a.users["chiropractor"].email,
            "password": PASSWORD,
            "csrf_token": csrf_from(sign_in_page.text),
        },
    )
    assert app_client.get("/clients").headers["location"] == "/settings/two-factor"
    page = app_client.get("/settings/two-factor")
    assert "Your clinic requires two-factor sign-in" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    _enrol(app_client, clock)
    assert app_client.get("/clients").status_code == 200
    assert app_client.get(
        "/api/v1/clients", headers={"Authorization": f"Bearer {token}"}
    ).is_success
    # A client of the clinic is not asked for a second factor.
    sign_in(app_client, world.a.users["client1"].email)
    assert app_client.get("/dashboard").status_code == 200


def test_only_the_admin_sets_the_requirement(app_client: TestClient, world: World) -> None:
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    r = app_client.post("/staff/two-factor", data={"csrf_token": csrf, "required": "on"})
    assert r.status_code == 403
