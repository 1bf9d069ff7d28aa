"""Who may see and do what, through pages and the API, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.ports.repositories import AuditQuery
from tests.factories import World
from tests.web.conftest import sign_in


def test_a_client_sees_only_their_own_record(app_client: TestClient, world: World) -> None:
    own, other = world.a.clients
    sign_in(app_client, world.a.users["client1"].email)
    assert app_client.get(f"/clients/{own.id}").status_code == 200
    assert app_client.get(f"/clients/{other.id}").status_code == 404
    listed = app_client.get("/api/v1/clients").json()
    assert [c["id"] for c in listed["clients"]] == [own.id]
    assert app_client.get(f"/api/v1/clients/{other.id}").status_code == 404


def test_another_clinics_client_answers_exactly_like_a_missing_one(
    app_client: TestClient, world: World
) -> None:
    foreign = world.b.clients[0]
    sign_in(app_client, world.a.users["chiropractor"].email)
    api_foreign = app_client.get(f"/api/v1/clients/{foreign.id}")
    api_missing = app_client.get("/api/v1/clients/999999")
    assert api_foreign.status_code == api_missing.status_code == 404
    assert api_foreign.json() == api_missing.json()
    page_foreign = app_client.get(f"/clients/{foreign.id}")
    page_missing = app_client.get("/clients/999999")
    assert page_foreign.status_code == page_missing.status_code == 404
    assert page_foreign.text == page_missing.text


def test_practitioners_list_only_their_own_clinic(app_client: TestClient, world: World) -> None:
    sign_in(app_client, world.a.users["lmt"].email)
    names = {c["name"] for c in app_client.get("/api/v1/clients").json()["clients"]}
    assert names == {"Runner ALPHA1", "Runner ALPHA2"}
    assert app_client.get("/api/v1/clients", params={"q": "beta"}).json()["total"] == 0


def test_posts_without_the_csrf_token_are_refused(app_client: TestClient, world: World) -> None:
    sign_in(app_client, world.a.users["lmt"].email)
    r = app_client.post("/clients", data={"name": "Forged Client"})
    assert r.status_code == 403 and "security token" in r.text
    api = app_client.post("/api/v1/clients", json={"name": "Forged Client"})
    assert api.status_code == 403
    assert "Forged Client" not in app_client.get("/clients").text


def test_staff_pages_are_refused_to_practitioners_and_clients(
    app_client: TestClient, world: World
) -> None:
    for key in ("lmt", "client1"):
        sign_in(app_client, world.a.users[key].email)
        assert app_client.get("/audit").status_code == 403
        assert app_client.get("/api/v1/audit").status_code == 403


def test_every_read_and_change_of_client_data_is_audited(
    app_client: TestClient, container: Container, world: World
) -> None:
    client = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    app_client.get(f"/clients/{client.id}")
    app_client.post(
        f"/clients/{client.id}/edit",
        data={
            "csrf_token": csrf,
            "name": client.name,
            "email": client.details.email,
            "weekly_running_km": "30",
            "sports": "running",
        },
    )
    app_client.get(f"/clients/{world.b.clients[0].id}")
    admin = world.a.caller("admin")
    entries, _ = container.audit.query(admin, AuditQuery(clinic_id=0, client_id=client.id))
    actions = [(e.action, e.outcome, e.actor_label) for e in entries]
    assert ("client.read", "allow", "lmt@alpha.test") in actions
    assert ("client.update", "allow", "lmt@alpha.test") in actions
    update = next(e for e in entries if e.action == "client.update")
    assert update.detail == "changed: weekly_running_km" and update.address == "testclient"
    hidden, _ = container.audit.query(admin, AuditQuery(clinic_id=0, outcome="hidden"))
    assert any(e.actor_label == "lmt@alpha.test" and e.client_id is None for e in hidden)
    # Clinic B's log says nothing of clinic A's attempt.
    b_entries, _ = container.audit.query(
        world.b.caller("admin"), AuditQuery(clinic_id=0, outcome="hidden")
    )
    assert b_entries == []


def test_the_audit_log_cannot_be_changed_through_the_app(
    app_client: TestClient, world: World
) -> None:
    sign_in(app_client, world.a.users["admin"].email)
    assert app_client.get("/audit").status_code == 200
    for method in ("PUT", "PATCH", "DELETE"):
        assert app_client.request(method, "/api/v1/audit").status_code == 405
        assert app_client.request(method, "/audit").status_code == 405
