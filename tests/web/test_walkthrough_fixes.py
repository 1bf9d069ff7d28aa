"""What the clinic walk-through tripped on, each fixed (on SQLite and PostgreSQL): the intake is
sent to a client; the pain check speaks plainly; programme adherence in whole days; signing
asks first; a decline then an accept keeps both; comparing without a choice offers a picker;
the amend form starts from the plan; a signed note's findings are amended with a reason."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.clinical.suggestions import Decision
from kneecap.web.clinical.forms import exam_values
from kneecap.web.messages.pages import INTAKE_REQUEST
from tests.factories import CARE_START, PLAN_CONTENT, World, examined, signed_plan_with_programme
from tests.web.conftest import sign_in


def test_the_intake_is_sent_to_the_client_as_a_message(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    assert "Send the intake to the client" in app_client.get(f"/clients/{cid}").text
    sent = app_client.post(f"/clients/{cid}/intake/send", data={"csrf_token": csrf})
    assert sent.status_code == 303 and "sent=sent" in sent.headers["location"]
    csrf = sign_in(app_client, world.a.users["client1"].email)
    (m,) = app_client.get(f"/api/v1/clients/{cid}/messages").json()["messages"]
    assert m["text"] == INTAKE_REQUEST
    home = app_client.get("/dashboard").text
    assert re.findall(r'<li class="card step" id="(\w+)"', home) == ["intake"]  # now read
    refused = app_client.post(f"/clients/{cid}/intake/send", data={"csrf_token": csrf})
    assert refused.status_code == 403


def test_programme_adherence_reads_in_whole_days_and_signing_asks_first(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    signed_plan_with_programme(container, world)
    sign_in(app_client, world.a.users["client1"].email)
    page = app_client.get(f"/clients/{cid}/programme").text
    assert "Prescribed so far" not in page and "Days due so far" in page
    assert not re.search(r"<td>\d+\.\d</td>", page)  # no "0.4" sessions
    chiro = world.a.caller("chiropractor")
    other = world.a.clients[1].id
    container.care.plans.create(chiro, other, CARE_START, PLAN_CONTENT)
    sign_in(app_client, world.a.users["chiropractor"].email)
    draft = app_client.get(f"/clients/{other}/care").text
    assert re.search(r'/sign" data-confirm="Sign this care plan\?', draft)


def test_the_amend_form_starts_from_the_signed_plan(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    signed_plan_with_programme(container, world)
    sign_in(app_client, world.a.users["lmt"].email)
    page = app_client.get(f"/clients/{cid}/care").text
    goals = re.search(r'<textarea id="f-goals" name="goals"[^>]*>([^<]*)</textarea>', page)
    assert goals and goals.group(1).strip() == "\n".join(g.description for g in PLAN_CONTENT.goals)
    first = PLAN_CONTENT.modalities[0]
    assert f'<option value="{first.modality.value}" selected>' in page


def test_a_decline_then_an_accept_keeps_both(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid, chiro = world.a.clients[0].id, world.a.caller("chiropractor")
    a = examined(container, chiro, cid)
    assert a.id is not None
    view = container.assessments.get(chiro, cid, a.id)
    rule = next(o.rule_id for o in view.support.outcomes if o.met)
    container.assessments.decide(chiro, cid, a.id, rule, Decision.DECLINED, "Not yet: wait a week")
    container.assessments.decide(chiro, cid, a.id, rule, Decision.ACCEPTED)
    sign_in(app_client, world.a.users["chiropractor"].email)
    page = app_client.get(f"/clients/{cid}/assessments/{a.id}").text
    assert "<strong>Accepted</strong>" in page
    assert "Earlier answers (1)" in page and "Declined" in page and "Not yet: wait a week" in page


def test_findings_of_a_signed_note_are_amended_with_a_reason(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    a = examined(container, lmt, cid)
    assert a.id is not None
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    page = app_client.get(f"/clients/{cid}/assessments/{a.id}").text
    assert "Amend the findings" in page
    form_page = app_client.get(f"/clients/{cid}/assessments/{a.id}?amend=findings").text
    assert f'action="/clients/{cid}/assessments/{a.id}/amend"' in form_page
    assert "Save amendment" in form_page and 'name="t.hip_abductor_strength.right"' in form_page
    values = {**exam_values(a.note.content), "t.hip_abductor_strength.right": "160"}
    base = {**values, "csrf_token": csrf, "amend_findings": "1"}
    no_reason = app_client.post(f"/clients/{cid}/assessments/{a.id}/amend", data=base)
    assert no_reason.status_code == 422 and "an amendment needs a reason" in no_reason.text
    done = app_client.post(
        f"/clients/{cid}/assessments/{a.id}/amend", data={**base, "reason": "Re-measured"}
    )
    assert done.status_code == 303
    amended = container.assessments.get(lmt, cid, a.id).assessment
    (m,) = amended.note.amendments
    assert m.reason == "Re-measured" and [c.field for c in m.changes] == ["findings"]
    strength = [
        f.value for f in amended.note.content.findings if f.test_id == "hip_abductor_strength"
    ]
    assert 160.0 in strength and len(amended.note.content.findings) == 4


def test_compare_without_a_choice_offers_a_picker(app_client: TestClient, world: World) -> None:
    cid = world.a.clients[0].id
    sign_in(app_client, world.a.users["lmt"].email)
    page = app_client.get(f"/clients/{cid}/gait/compare")
    assert page.status_code == 200 and "Field required" not in page.text
    assert "Choose two analyses to compare" in page.text and "there are none yet" in page.text
    assert app_client.get(f"/clients/{cid}/gait/compare?a=1").status_code == 200
