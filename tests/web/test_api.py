"""The JSON API: health, OpenAPI, tokens, clients."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import sign_in


def test_healthz_needs_no_sign_in(app_client: TestClient) -> None:
    r = app_client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_openapi_lists_the_client_endpoints(app_client: TestClient) -> None:
    paths = app_client.get("/openapi.json").json()["paths"]
    assert "/api/v1/clients" in paths and "/api/v1/clients/{client_id}" in paths


def test_api_without_credentials_is_401(app_client: TestClient) -> None:
    r = app_client.get("/api/v1/clients")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_bearer_token_works_until_revoked(app_client: TestClient, world: World) -> None:
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    page = app_client.post("/settings/tokens", data={"csrf_token": csrf, "name": "script"})
    token = page.text.split('id="new-token">')[1].split("<")[0]
    assert token.startswith("kn_")
    app_client.cookies.clear()
    headers = {"Authorization": f"Bearer {token}"}
    listed = app_client.get("/api/v1/clients", headers=headers)
    assert listed.status_code == 200 and listed.json()["total"] == 2
    created = app_client.post(
        "/api/v1/clients", headers=headers, json={"name": "API Runner", "weekly_running_km": 12}
    )
    assert created.status_code == 201 and created.json()["name"] == "API Runner"
    bad = app_client.post(
        "/api/v1/clients", headers=headers, json={"name": "X", "weekly_running_km": 900}
    )
    assert bad.status_code == 422 and "weekly_running_km" in bad.json()["errors"]
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    settings = app_client.get("/settings").text
    token_id = settings.split("/settings/tokens/")[1].split("/")[0]
    app_client.post(f"/settings/tokens/{token_id}/revoke", data={"csrf_token": csrf})
    app_client.cookies.clear()
    assert app_client.get("/api/v1/clients", headers=headers).status_code == 401


def test_no_page_loads_anything_from_another_host(app_client: TestClient, world: World) -> None:
    sign_in(app_client, world.a.users["admin"].email)
    for path in ("/dashboard", "/clients", "/audit", "/staff", "/settings"):
        html = app_client.get(path).text
        assert "http://" not in html.replace("http://testserver", "")
        assert "https://" not in html, path
    assert "default-src 'self'" in app_client.get("/dashboard").headers["content-security-policy"]
