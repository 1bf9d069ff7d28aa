"""Signing in and out through the form, with the protections a clinic expects."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from tests.factories import World
from tests.fakes.clock import FixedClock
from tests.web.conftest import csrf_from, sign_in


def _attempt(client: TestClient, email: str, password: str) -> tuple[int, str]:
    page = client.get("/sign-in")
    r = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": csrf_from(page.text)}
    )
    return r.status_code, r.text


def test_each_role_signs_in_and_lands_on_its_dashboard(
    app_client: TestClient, world: World
) -> None:
    expected = {
        "admin": "Recent activity",
        "lmt": "Find a client",
        "chiropractor": "Find a client",
        "client1": "Listen to your body",
    }
    for key, marker in expected.items():
        sign_in(app_client, world.a.users[key].email)
        page = app_client.get("/dashboard")
        assert page.status_code == 200
        assert marker in page.text, key


def test_session_cookie_is_httponly_and_samesite_lax(app_client: TestClient, world: World) -> None:
    page = app_client.get("/sign-in")
    r = app_client.post(
        "/sign-in",
        data={
            "email": world.a.users["lmt"].email,
            "password": "correct horse battery staple",
            "csrf_token": csrf_from(page.text),
        },
    )
    cookie = r.headers["set-cookie"]
    assert "kneecap_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in tests; marked Secure behind HTTPS


def test_cookie_is_secure_behind_https(container: Container, world: World) -> None:
    from kneecap.web.app import create_app

    with TestClient(
        create_app(container=container), base_url="https://testserver", follow_redirects=False
    ) as client:
        page = client.get("/sign-in")
        r = client.post(
            "/sign-in",
            data={
                "email": world.a.users["lmt"].email,
                "password": "correct horse battery staple",
                "csrf_token": csrf_from(page.text),
            },
        )
        assert "Secure" in r.headers["set-cookie"]


def test_wrong_password_and_unknown_email_get_the_same_answer(
    app_client: TestClient, world: World
) -> None:
    code1, text1 = _attempt(app_client, world.a.users["lmt"].email, "wrong password here")
    code2, text2 = _attempt(app_client, "nobody@nowhere.test", "wrong password here")
    assert code1 == code2 == 401
    assert "do not match an account" in text1 and "do not match an account" in text2


def test_repeated_failures_are_slowed_then_locked_with_a_message(
    app_client: TestClient, world: World, clock: FixedClock
) -> None:
    email = world.a.users["lmt"].email
    _attempt(app_client, email, "wrong password 1")
    _attempt(app_client, email, "wrong password 2")
    code, text = _attempt(app_client, email, "wrong password 3")
    assert code == 401 and "Wait 1 seconds" in text  # refused without checking the password
    for _ in range(3):
        clock.advance(seconds=30)
        code, text = _attempt(app_client, email, "wrong password again")
    assert "locked" in text and "15 minutes" in text
    # Even the right password is refused while locked.
    code, text = _attempt(app_client, email, "correct horse battery staple")
    assert code == 401 and "locked" in text
    clock.advance(minutes=16)
    code, _ = _attempt(app_client, email, "correct horse battery staple")
    assert code == 303


def test_sign_in_form_without_its_csrf_token_is_refused(
    app_client: TestClient, world: World
) -> None:
    app_client.get("/sign-in")
    r = app_client.post(
        "/sign-in",
        data={"email": world.a.users["lmt"].email, "password": "correct horse battery staple"},
    )
    assert r.status_code == 400 and "expired" in r.text


def test_sign_out_ends_the_session_on_the_server(app_client: TestClient, world: World) -> None:
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    stolen = app_client.cookies.get("kneecap_session")
    assert app_client.post("/sign-out", data={"csrf_token": csrf}).status_code == 303
    app_client.cookies.set("kneecap_session", stolen or "")
    r = app_client.get("/clients")
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in")


def test_open_redirects_are_refused(app_client: TestClient, world: World) -> None:
    page = app_client.get("/sign-in")
    r = app_client.post(
        "/sign-in",
        data={
            "email": world.a.users["lmt"].email,
            "password": "correct horse battery staple",
            "csrf_token": csrf_from(page.text),
            "next": "//evil.example/phish",
        },
    )
    assert r.headers["location"] == "/dashboard"


def test_invitation_link_sets_a_password_once(
    app_client: TestClient, container: Container, world: World
) -> None:
    csrf = sign_in(app_client, world.a.users["admin"].email)
    r = app_client.post(
        "/staff/invite",
        data={"csrf_token": csrf, "name": "Nia New", "email": "nia@alpha.test", "role": "lmt"},
    )
    assert r.status_code == 200
    link = r.text.split('id="invite-link">')[1].split("<")[0]
    path = link.replace("http://testserver", "")
    app_client.cookies.clear()
    short = app_client.post(path, data={"password": "short", "password_again": "short"})
    assert short.status_code == 422 and "at least 12 characters" in short.text
    ok = app_client.post(
        path,
        data={"password": "a long enough passphrase", "password_again": "a long enough passphrase"},
    )
    assert ok.status_code == 200 and "Your password is set" in ok.text
    again = app_client.get(path)
    assert again.status_code == 404
    sign_in(app_client, "nia@alpha.test", "a long enough passphrase")
