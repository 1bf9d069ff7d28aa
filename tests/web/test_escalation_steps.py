"""Escalation follows care through the service and the pages: measures due when none were taken
(never a surgical suggestion), a review first (with the home programme's adherence), and only
after a recorded review and the same time again the referral, with Kettunen 2007 beside it."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.demo.care import akps_answers_for
from tests.factories import CARE_START as START
from tests.factories import World, signed_plan_with_programme
from tests.fakes.clock import FixedClock
from tests.web.conftest import sign_in


def _measure(app: TestClient, h: dict[str, str], cid: int, akps: int, pain: int) -> None:
    for body in (
        {"instrument": "akps", "answers": akps_answers_for(akps)},
        {"instrument": "nprs", "usual": pain, "worst": pain + 1},
    ):
        assert app.post(f"/api/v1/clients/{cid}/outcomes", json=body, headers=h).status_code == 201


def test_escalation_asks_for_measures_then_a_review_then_names_referral(
    app_client: TestClient, container: Container, world: World, clock: FixedClock
) -> None:
    cid = world.a.clients[0].id
    signed_plan_with_programme(container, world)
    # The client does part of the home programme: three sessions in the first two weeks.
    sign_in(app_client, world.a.users["client1"].email)
    for day in (0, 2, 4):
        logged = app_client.post(
            f"/api/v1/clients/{cid}/sessions",
            json={"on": (START + timedelta(days=day)).isoformat(), "pain_during": 3},
            headers={"X-CSRF-Token": sign_in(app_client, world.a.users["client1"].email)},
        )
        assert logged.status_code == 201, logged.text

    def chiro() -> dict[str, str]:  # sessions last hours; the clock moves weeks
        return {"X-CSRF-Token": sign_in(app_client, world.a.users["chiropractor"].email)}

    # Seven weeks in care and nothing measured: measures are due, no referral is named.
    clock.advance(weeks=5)
    h = chiro()
    state = app_client.get(f"/api/v1/clients/{cid}/escalation").json()
    alert = state["alert"]
    assert state["open"] and alert["trigger"] == "measures_due"
    assert "AKPS and pain are due" in alert["message"]
    for word in ("referral", "surgical", "injection"):
        assert word not in alert["message"].lower()
    assert alert["decisions_offered"] == ["measures_requested", "continue_conservative"]
    page = app_client.get(f"/clients/{cid}/care").text
    assert "Measures due" in page and "AKPS and pain are due" in page
    assert "Refer for injection" not in page

    # Baseline now, follow-up six weeks on without an MCID change: review first.
    _measure(app_client, h, cid, 60, 6)
    clock.advance(weeks=6)
    h = chiro()
    _measure(app_client, h, cid, 62, 6)
    state = app_client.get(f"/api/v1/clients/{cid}/escalation").json()
    alert = state["alert"]
    assert state["open"] and alert["trigger"] == "no_meaningful_improvement"
    assert "Review before anything else" in alert["message"]
    # 3 of the 5 exercises' sessions in two weeks of a six-week programme: the figure is named.
    assert state["adherence"]["ratio"] is not None
    assert (
        f"{state['adherence']['ratio']:.0%} of prescribed exercise sessions done"
        in (alert["message"])
    )
    assert [p.split(":")[0].split(" (")[0] for p in alert["review_points"]] == [
        "the diagnosis", "adherence to the home programme", "the dose",
    ]  # fmt: skip
    assert "refer_injection" not in alert["decisions_offered"]
    assert alert["evidence"] == []

    # The chiropractor records the review; the reviewed care gets its time before referral.
    reviewed = app_client.post(
        f"/api/v1/clients/{cid}/escalation/decision",
        json={"decision": "reviewed_care", "note": "Diagnosis stands; dose up; daily programme."},
        headers=h,
    )
    assert reviewed.status_code == 201, reviewed.text
    assert not app_client.get(f"/api/v1/clients/{cid}/escalation").json()["open"]
    clock.advance(weeks=3)
    h = chiro()
    _measure(app_client, h, cid, 63, 6)
    assert app_client.get(f"/api/v1/clients/{cid}/escalation").json()["alert"] is None
    clock.advance(weeks=3)
    h = chiro()
    _measure(app_client, h, cid, 63, 6)
    state = app_client.get(f"/api/v1/clients/{cid}/escalation").json()
    alert = state["alert"]
    assert state["open"] and alert["trigger"] == "no_improvement_after_review"
    assert "Consider referral to a physician or an orthopaedic consult" in alert["message"]
    assert "Kettunen JA et al. BMC Med 2007;5:38" in alert["evidence"][0]["source"]
    assert alert["decisions_offered"][:2] == ["refer_injection", "refer_surgical_consult"]
    page = app_client.get(f"/clients/{cid}/care").text
    assert "Escalation: consider referral" in page and "Kettunen JA" in page
