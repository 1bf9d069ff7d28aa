"""Care authorization: clients only their own, other clinic 404, LMT scope, audit entries."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.clients.record import ClientDetails
from kneecap.ports.repositories import AuditQuery
from kneecap.web.panels import DASHBOARD_SHOWN
from tests.factories import CARE_START, PLAN, World, signed_plan_with_programme
from tests.web.conftest import sign_in


def _audit(container: Container, world: World, prefix: str) -> list[tuple[str, str]]:
    entries, _ = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, action_prefix=prefix, limit=200)
    )
    return [(e.action, e.outcome) for e in entries]


def test_lmt_cannot_prescribe_a_chiropractic_adjustment(
    app_client: TestClient, world: World, container: Container
) -> None:
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    cid = world.a.clients[0].id
    adjustment = {**PLAN, "modalities": [PLAN["modalities"][1], PLAN["modalities"][4]]}
    r = app_client.post(
        f"/api/v1/clients/{cid}/care-plans", json=adjustment, headers={"X-CSRF-Token": csrf}
    )
    assert r.status_code == 403
    assert "chiropractic adjustment" in r.json()["detail"]
    assert app_client.get(f"/api/v1/clients/{cid}/care-plans").json() == []
    assert ("care_plan.draft", "forbidden") in _audit(container, world, "care_plan")
    # The same through the page form.
    page = app_client.post(
        f"/clients/{cid}/care/plans",
        data={
            "csrf_token": csrf,
            "start": CARE_START.isoformat(),
            "goals": "Run",
            "m0_modality": "chiropractic_adjustment",
            "m0_area": "pelvis",
            "m0_per_week": "1",
            "m0_weeks": "4",
        },
    )
    assert page.status_code == 403 and "chiropractic adjustment" in page.text
    # Within scope an LMT drafts, but only the chiropractor signs.
    own = {
        "start": CARE_START.isoformat(),
        "goals": [{"description": "Less pain"}],
        "modalities": [
            {"modality": "massage_therapy", "area": "thigh", "dose": 30, "per_week": 1, "weeks": 4}
        ],
    }
    draft = app_client.post(
        f"/api/v1/clients/{cid}/care-plans", json=own, headers={"X-CSRF-Token": csrf}
    )
    assert draft.status_code == 201
    sign = app_client.post(
        f"/api/v1/clients/{cid}/care-plans/{draft.json()['id']}/sign",
        headers={"X-CSRF-Token": csrf},
    )
    assert sign.status_code == 403


def test_client_sees_and_logs_only_their_own(
    app_client: TestClient, world: World, container: Container
) -> None:
    signed_plan_with_programme(container, world, 0)
    signed_plan_with_programme(container, world, 1)
    own, other = world.a.clients
    csrf = sign_in(app_client, world.a.users["client1"].email)
    h = {"X-CSRF-Token": csrf}
    assert app_client.get(f"/api/v1/clients/{own.id}/home-programme").status_code == 200
    for path in ("home-programme", "outcomes", "care-plans", "calendar.ics"):
        assert app_client.get(f"/api/v1/clients/{other.id}/{path}").status_code == 404
    assert (
        app_client.post(f"/api/v1/clients/{other.id}/sessions", json={}, headers=h).status_code
        == 404
    )
    assert (
        app_client.post(
            f"/api/v1/clients/{other.id}/outcomes",
            json={"instrument": "groc", "value": 1},
            headers=h,
        ).status_code
        == 404
    )
    assert app_client.get(f"/clients/{other.id}/programme").status_code == 404
    # A client may not write plans or see escalations.
    assert (
        app_client.post(f"/api/v1/clients/{own.id}/care-plans", json=PLAN, headers=h).status_code
        == 403
    )
    assert app_client.get(f"/api/v1/clients/{own.id}/escalation").status_code == 403
    assert ("session_log.write", "hidden") in _audit(container, world, "session_log")


def test_other_clinic_is_not_found_everywhere(app_client: TestClient, world: World) -> None:
    foreign = world.b.clients[0].id
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    h = {"X-CSRF-Token": csrf}
    for path in ("outcomes", "home-programme", "care-plans", "calendar.ics", "escalation"):
        assert app_client.get(f"/api/v1/clients/{foreign}/{path}").status_code == 404
    assert (
        app_client.post(f"/api/v1/clients/{foreign}/care-plans", json=PLAN, headers=h).status_code
        == 404
    )
    for page in ("care", "programme", "outcomes", "schedule", "handout"):
        assert app_client.get(f"/clients/{foreign}/{page}").status_code == 404


def test_escalation_decision_is_recorded_and_audited(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    signed_plan_with_programme(container, world)
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    flag = app_client.post(
        f"/api/v1/clients/{cid}/red-flags",
        json={"text": "night pain"},
        headers={"X-CSRF-Token": csrf},
    )
    assert flag.status_code == 201
    assert (
        app_client.post(
            f"/api/v1/clients/{cid}/escalation/decision",
            json={"decision": "refer_injection", "note": "x"},
            headers={"X-CSRF-Token": csrf},
        ).status_code
        == 403
    )
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    state = app_client.get(f"/api/v1/clients/{cid}/escalation").json()
    assert state["open"] and state["alert"]["trigger"] == "red_flag"
    dashboard = app_client.get("/dashboard").text
    assert "Escalation alerts" in dashboard and "Red flag recorded (night pain)" in dashboard
    bad = app_client.post(
        f"/api/v1/clients/{cid}/escalation/decision",
        json={"decision": "amputate", "note": "x"},
        headers={"X-CSRF-Token": csrf},
    )
    assert bad.status_code == 422
    ok = app_client.post(
        f"/api/v1/clients/{cid}/escalation/decision",
        json={"decision": "refer_surgical_consult", "note": "imaging first"},
        headers={"X-CSRF-Token": csrf},
    )
    assert ok.status_code == 201 and "night pain" in ok.json()["evidence"]
    assert not app_client.get(f"/api/v1/clients/{cid}/escalation").json()["open"]
    assert ("escalation.decided", "allow") in _audit(container, world, "escalation")
    assert ("escalation.decide", "forbidden") in _audit(container, world, "escalation")


def test_care_reads_and_outcomes_are_audited(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["client1"].email)
    app_client.post(
        f"/api/v1/clients/{cid}/outcomes",
        json={"instrument": "groc", "value": 2},
        headers={"X-CSRF-Token": csrf},
    )
    app_client.get(f"/api/v1/clients/{cid}/outcomes")
    actions = _audit(container, world, "outcome")
    assert ("outcome.record", "allow") in actions and ("outcome.view", "allow") in actions
    assert ("outcome.recorded", "allow") in actions


def test_the_dashboard_shows_the_first_alerts_and_links_to_the_whole_inbox(
    app_client: TestClient, world: World, container: Container
) -> None:
    chiro = world.a.caller("chiropractor")
    for i in range(DASHBOARD_SHOWN + 1 - len(world.a.clients)):
        record = container.clients.create(chiro, ClientDetails(name=f"Runner Q{i:02d}"))
        world.a.clients.append(record)
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    for index, record in enumerate(world.a.clients):
        signed_plan_with_programme(container, world, index)
        flag = app_client.post(
            f"/api/v1/clients/{record.id}/red-flags",
            json={"text": "night pain"},
            headers={"X-CSRF-Token": csrf},
        )
        assert flag.status_code == 201
    sign_in(app_client, world.a.users["chiropractor"].email)
    page = app_client.get("/dashboard").text
    panel = page[page.index('id="esc-h"') : page.index("</section>", page.index('id="esc-h"'))]
    assert panel.count('class="alert-escalate"') == DASHBOARD_SHOWN
    assert f"All {DASHBOARD_SHOWN + 1} alerts in the escalation inbox" in panel
    inbox = app_client.get("/care/inbox").text
    assert inbox.count('class="alert-escalate"') == DASHBOARD_SHOWN + 1
    # the newest first (all opened today: the client added last leads); the oldest waits in
    # the inbox
    names = [f">{r.name}</a>" for r in world.a.clients]
    assert panel.index(names[-1]) < panel.index(names[-2]) and names[0] not in panel
    assert names[0] in inbox
