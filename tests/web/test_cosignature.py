"""The co-signature queue: who may see and review it, what a return tells the LMT, a client's
own edits, the hold for an LMT's message to a client, and the audit log."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import event

from kneecap.bootstrap import Container
from kneecap.domain.access.roles import Role
from kneecap.ports.repositories import AuditQuery
from kneecap.services.client_texts import approved_text
from kneecap.services.cosignature import CoSignatureService, hold_message
from kneecap.services.text_keys import MESSAGE
from tests.factories import World
from tests.web.conftest import sign_in

REPRO = "DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee"


def _record(app: TestClient, cid: int) -> dict[str, object]:
    body = dict(app.get(f"/api/v1/clients/{cid}").json())
    for k in ("id", "has_portal_account", "notices"):
        body.pop(k)
    return body


def _lmt_writes_goals(app: TestClient, world: World, goals: str) -> int:
    cid = world.a.clients[0].id
    csrf = sign_in(app, world.a.users["lmt"].email)
    r = app.put(f"/api/v1/clients/{cid}", json={**_record(app, cid), "goals": goals},
                headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert r.status_code == 200, r.text
    return cid


def test_only_the_clinics_chiropractor_sees_and_reviews_the_queue(
    app_client: TestClient, world: World
) -> None:
    cid = _lmt_writes_goals(app_client, world, REPRO)
    entry = f"client.{cid}.goals.v1"
    for who in ("lmt", "admin", "client1"):
        csrf = sign_in(app_client, world.a.users[who].email)
        assert app_client.get("/api/v1/cosignatures").status_code == 403, who
        assert app_client.get("/cosignatures").status_code == 403, who
        r = app_client.post(f"/api/v1/cosignatures/{entry}/approve", json={},
                            headers={"X-CSRF-Token": csrf})  # fmt: skip
        assert r.status_code in (403, 404), who
    # Another clinic's chiropractor: the same answer as for a text that does not exist.
    csrf = sign_in(app_client, world.b.users["chiropractor"].email)
    assert app_client.get("/api/v1/cosignatures").json()["waiting"] == 0
    theirs = app_client.post(f"/api/v1/cosignatures/{entry}/approve", json={},
                             headers={"X-CSRF-Token": csrf})  # fmt: skip
    missing = app_client.post("/api/v1/cosignatures/client.999.goals.v1/approve", json={},
                              headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert app_client.get("/api/v1/cosignatures/not-a-key").status_code == 404
    # The menu offers the queue to the chiropractor alone.
    sign_in(app_client, world.a.users["chiropractor"].email)
    assert 'href="/cosignatures"' in app_client.get("/dashboard").text
    assert "Awaiting your co-signature" in app_client.get("/dashboard").text
    sign_in(app_client, world.a.users["lmt"].email)
    assert 'href="/cosignatures"' not in app_client.get("/dashboard").text


def test_a_returned_text_tells_the_lmt_why_and_the_client_keeps_their_view(
    app_client: TestClient, world: World
) -> None:
    cid = _lmt_writes_goals(app_client, world, REPRO)
    page = app_client.get(f"/clients/{cid}?notice=saved").text
    assert "The chiropractor co-signs this before the client sees it" in page
    assert "Goals: awaiting the chiropractor" in page and "ICD-10 code M22.2X1" in page
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    q = app_client.get("/cosignatures").text
    assert "Names a diagnosis" in q and "<ins>" in q and "sees nothing here yet" in q
    r = app_client.post(f"/cosignatures/client.{cid}.goals.v1/return",
                        data={"csrf_token": csrf, "comment": ""})  # fmt: skip
    assert r.status_code == 422 and "needs a comment" in r.text
    r = app_client.post(
        f"/cosignatures/client.{cid}.goals.v1/return",
        data={"csrf_token": csrf, "comment": "Goals in the runner's words, no diagnosis."},
    )
    assert r.status_code == 303
    sign_in(app_client, world.a.users["lmt"].email)
    page = app_client.get(f"/clients/{cid}").text
    assert "Goals: returned by the chiropractor" in page
    assert "Goals in the runner&#39;s words, no diagnosis." in page
    sign_in(app_client, world.a.users["client1"].email)
    assert REPRO not in app_client.get(f"/api/v1/clients/{cid}").text
    # The LMT writes it again, plainly: it waits again, unflagged.
    _lmt_writes_goals(app_client, world, "Run the spring 10 km without knee pain")
    sign_in(app_client, world.a.users["chiropractor"].email)
    (item,) = app_client.get("/api/v1/cosignatures").json()["items"]
    assert item["id"] == f"client.{cid}.goals.v2" and not item["flagged"]


def test_a_clients_own_edit_is_live_and_leaves_an_lmts_waiting_text_alone(
    app_client: TestClient, world: World
) -> None:
    cid = _lmt_writes_goals(app_client, world, REPRO)
    csrf = sign_in(app_client, world.a.users["client1"].email)
    mine = _record(app_client, cid)
    assert mine["goals"] == ""  # the LMT's text waits; the client sees nothing of it
    r = app_client.put(f"/api/v1/clients/{cid}", json={**mine, "phone": "555-0199"},
                       headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert r.status_code == 200 and REPRO not in r.text
    sign_in(app_client, world.a.users["chiropractor"].email)
    assert app_client.get("/api/v1/cosignatures").json()["waiting"] == 1
    assert app_client.get(f"/api/v1/clients/{cid}").json()["goals"] == REPRO  # working copy
    # The client's own words are live at once (they need no co-signature).
    csrf = sign_in(app_client, world.a.users["client1"].email)
    r = app_client.put(f"/api/v1/clients/{cid}", json={**mine, "goals": "Hills again"},
                       headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert r.json()["goals"] == "Hills again"


def test_an_lmts_message_goes_out_unless_it_names_a_diagnosis(
    container: Container, world: World
) -> None:
    sent: list[str] = []
    cosign = CoSignatureService(
        container.uow_factory,
        container.gate,
        container.clock,
        {"message": lambda stored, version: sent.append(version.text)},
    )
    lmt, cid, clinic = world.a.caller("lmt"), world.a.clients[0].id, world.a.clinic_id
    now = container.clock.now()
    with container.uow_factory() as uow:
        plain = hold_message(uow, lmt, clinic, cid, 1, "See you Thursday at 10.", now)
        held = hold_message(uow, lmt, clinic, cid, 2, f"Your {REPRO}.", now)
        chiro = hold_message(uow, world.a.caller("chiropractor"), clinic, cid, 3, REPRO, now)
        uow.commit()
    assert plain.send_now and chiro.send_now and not held.send_now
    assert "Held for the chiropractor" in held.notice and "ICD-10 code M22.2X1" in held.notice
    (entry,) = cosign.queue(world.a.caller("chiropractor"))
    assert entry.id == f"{MESSAGE.key(2)}.v1" and entry.item.flagged
    assert entry.item.version.author_role is Role.LMT
    cosign.approve(world.a.caller("chiropractor"), entry.id)
    assert sent == [f"Your {REPRO}."]
    with container.uow_factory() as uow:
        assert approved_text(uow, MESSAGE.key(2)) == f"Your {REPRO}."
        assert approved_text(uow, MESSAGE.key(1)) is None  # sent at once: nothing was kept


def test_reviews_are_audited(app_client: TestClient, world: World, container: Container) -> None:
    cid = _lmt_writes_goals(app_client, world, REPRO)
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    app_client.get("/api/v1/cosignatures")
    r = app_client.post(f"/api/v1/cosignatures/client.{cid}.goals.v1/approve",
                        json={"comment": "Fine"}, headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert r.json() == {"id": f"client.{cid}.goals.v1", "state": "approved", "released": False}
    sign_in(app_client, world.a.users["lmt"].email)
    app_client.get("/api/v1/cosignatures")  # refused, and audited as refused
    entries, _ = container.audit.query(world.a.caller("admin"), AuditQuery(clinic_id=0, limit=200))
    seen = {(e.action, e.outcome) for e in entries}
    assert {("cosign.review", "allow"), ("cosign.approved", "allow")} <= seen
    assert ("cosign.review", "forbidden") in seen
    approved = next(e for e in entries if e.action == "cosign.approved")
    assert approved.client_id == cid and REPRO not in approved.detail


def test_the_queue_reads_its_clients_at_once_however_many_wait(
    app_client: TestClient, world: World, container: Container
) -> None:
    """A second client's text in the queue adds rows, not statements (the names of the
    clients waiting are read in one statement, not one per client)."""

    def queue_statements() -> int:
        seen: list[str] = []

        def count(*args: object) -> None:
            seen.append(str(args[2]))

        sign_in(app_client, world.a.users["chiropractor"].email)
        event.listen(container.engine, "before_cursor_execute", count)
        try:
            r = app_client.get("/api/v1/cosignatures")
        finally:
            event.remove(container.engine, "before_cursor_execute", count)
        assert r.status_code == 200
        return len(seen)

    first, second = world.a.clients[0].id, world.a.clients[1].id
    _lmt_writes_goals(app_client, world, REPRO)
    one = queue_statements()
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    r = app_client.put(f"/api/v1/clients/{second}", json={**_record(app_client, second),
                       "goals": REPRO}, headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert r.status_code == 200, r.text
    two = queue_statements()
    waiting = app_client.get("/api/v1/cosignatures").json()
    assert waiting["waiting"] == 2
    assert {e["client_id"] for e in waiting["items"]} == {first, second}
    assert two == one
