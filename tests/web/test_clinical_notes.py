"""Signed notes, amendments, decisions on suggestions and referral letters, by page and API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.ports.repositories import AuditQuery
from tests.factories import World, examined
from tests.web.conftest import sign_in


def test_a_signed_note_is_locked_and_changes_are_amendments_with_a_reason(
    app_client: TestClient, world: World, container: Container
) -> None:
    client = world.a.clients[0]
    a = examined(container, world.a.caller("lmt"), client.id)
    url = f"/clients/{client.id}/assessments/{a.id}"
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    edit = app_client.post(url, data={"csrf_token": csrf, "t.squat_pain.right": "negative"})
    assert edit.status_code == 409 and "is locked; add an amendment with a reason" in edit.text
    api = app_client.put(
        f"/api/v1{url}", json={"subjective": "rewritten"}, headers={"X-CSRF-Token": csrf}
    )
    assert api.status_code == 409 and "locked" in api.json()["detail"]
    again = app_client.post(f"/api/v1{url}/sign", headers={"X-CSRF-Token": csrf})
    assert again.status_code == 409

    no_reason = app_client.post(
        f"{url}/amend", data={"csrf_token": csrf, "assessment": "Corrected.", "reason": ""}
    )
    assert no_reason.status_code == 422 and "an amendment needs a reason" in no_reason.text
    r = app_client.post(
        f"{url}/amend",
        data={
            "csrf_token": csrf,
            "subjective": "Anterior knee pain on stairs.",
            "assessment": "Patellofemoral picture; hip weakness noted.",
            "reason": "Left out the hip finding",
        },
    )
    assert r.status_code == 303
    page = app_client.get(url).text
    assert "Amendment 1" in page and "Left out the hip finding" in page
    assert "“Patellofemoral picture.” → “Patellofemoral picture; hip weakness noted.”" in page
    body = app_client.get(f"/api/v1{url}").json()
    assert body["state"] == "signed" and body["assessment"].endswith("hip weakness noted.")
    assert body["amendments"][0]["fields"] == ["assessment"]
    stored = container.assessments.get(world.a.caller("chiropractor"), client.id, a.id or 0)
    assert stored.assessment.note.signed_content is not None
    assert stored.assessment.note.signed_content.assessment == "Patellofemoral picture."


def test_only_the_author_edits_or_signs_a_draft(
    app_client: TestClient, world: World, container: Container
) -> None:
    client = world.a.clients[0]
    a = examined(container, world.a.caller("lmt"), client.id, signed=False)
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    url = f"/api/v1/clients/{client.id}/assessments/{a.id}"
    r = app_client.post(f"{url}/sign", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403 and "Only the author" in r.json()["detail"]
    r = app_client.put(url, json={"subjective": "mine now"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    entries, _ = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, action_prefix="note.sign")
    )
    assert any(e.outcome == "forbidden" and "author" in e.detail for e in entries)


def test_api_draft_rejects_bad_findings_and_keeps_what_was_stored(
    app_client: TestClient, world: World, container: Container
) -> None:
    client = world.a.clients[0]
    a = examined(container, world.a.caller("lmt"), client.id, signed=False)
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    url = f"/api/v1/clients/{client.id}/assessments/{a.id}"
    bad = {"findings": [{"test_id": "squat_pain", "value": 12, "side": "right"}]}
    r = app_client.put(url, json=bad, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and "positive or negative" in r.json()["errors"]["findings.0"]
    unknown = {"findings": [{"test_id": "no_such_test", "value": True}]}
    r = app_client.put(url, json=unknown, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and "catalogue" in r.json()["errors"]["findings.0"]
    assert len(app_client.get(url).json()["findings"]) == 4


def test_decisions_on_suggestions_are_the_chiropractors_stored_and_audited(
    app_client: TestClient, world: World, container: Container
) -> None:
    client = world.a.clients[0]
    a = examined(container, world.a.caller("lmt"), client.id)
    url = f"/clients/{client.id}/assessments/{a.id}"
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    r = app_client.post(
        f"{url}/decisions",
        data={"csrf_token": csrf, "rule_id": "pfp_cook_2010", "decision": "accepted"},
    )
    assert r.status_code == 403
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    r = app_client.post(
        f"{url}/decisions",
        data={"csrf_token": csrf, "rule_id": "pfp_cook_2010", "decision": "declined"},
    )
    assert r.status_code == 422 and "say why the suggestion is declined" in r.text
    r = app_client.post(
        f"{url}/decisions",
        data={"csrf_token": csrf, "rule_id": "pfp_cook_2010", "decision": "accepted"},
    )
    assert r.status_code == 303
    r = app_client.post(
        f"/api/v1{url}/decisions",
        json={"rule_id": "ottawa_knee", "decision": "accepted"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 422 and "did not fire" in r.json()["errors"]["rule_id"]
    assert "Accepted" in app_client.get(url).text
    entries, _ = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, action_prefix="referral.decide")
    )
    outcomes = {(e.outcome, e.detail) for e in entries}
    assert ("allow", "pfp_cook_2010: accepted") in outcomes
    assert any(o == "forbidden" for o, _ in outcomes)


def test_referral_letter_html_and_pdf_from_the_signed_note(
    app_client: TestClient, world: World, container: Container
) -> None:
    client = world.a.clients[0]
    draft = examined(container, world.a.caller("lmt"), client.id, signed=False)
    base = f"/clients/{client.id}/assessments/{draft.id}"
    sign_in(app_client, world.a.users["chiropractor"].email)
    r = app_client.get(f"{base}/referral.pdf?kind=physician")
    assert r.status_code == 409 and "Sign the assessment note" in r.text
    container.assessments.sign(world.a.caller("lmt"), client.id, draft.id or 0)
    html = app_client.get(f"{base}/referral?kind=physician&recipient=Dr.%20Lee%2C%20GP").text
    assert "Referral to a physician" in html and "To: Dr. Lee, GP" in html
    assert "Pain on squatting (right): positive" in html
    pdf = app_client.get(f"{base}/referral.pdf?kind=xray")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert app_client.get(f"{base}/referral.pdf?kind=ct").status_code == 422
    sign_in(app_client, world.a.users["lmt"].email)
    assert app_client.get(f"{base}/referral.pdf?kind=physician").status_code == 403
    entries, _ = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, action_prefix="referral.decide")
    )
    details = [(e.outcome, e.detail) for e in entries]
    assert ("allow", "referral letter: xray") in details
    assert ("allow", "referral letter: physician") in details
