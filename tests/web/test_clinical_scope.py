"""The must-show path on SQLite and PostgreSQL: an LMT examines, signs and hands off; a diagnosis
from the LMT is refused by page and API and audited; the chiropractor diagnoses and releases; the
client sees the released diagnosis and nothing else."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.ports.repositories import AuditQuery
from tests.factories import World
from tests.web.conftest import sign_in

INTAKE_FORM = {
    "complaint_side": "right",
    "onset": "gradual",
    "mechanism": "overuse",
    "onset_date": "2026-01-20",
    "age_years": "29",
    "regions": ["peripatellar", "retropatellar"],
    "provocations": ["stairs_down", "squatting"],
    "usual_pain": "3",
    "worst_pain": "6",
    "crepitus": "yes",
    "hip_internal_rotation_painful_or_limited": "no",
}
EXAM_FORM = {
    "t.squat_pain.right": "positive",
    "t.squat_pain.left": "negative",
    "t.resisted_quadriceps_pain.right": "positive",
    "t.patellar_palpation_pain.right": "positive",
    "t.lachman.right": "negative",
    "t.step_down_quality.right": "poor",
    "t.foot_posture_index.right": "8",
    "body_mass_kg": "60",
    "t.hip_abductor_strength.right": "150",
    "t.hip_abductor_strength.left": "200",
    "other_causes_excluded": "yes",
    "assessment": "Patellofemoral picture for the chiropractor.",
}


def _forbidden_diagnoses(container: Container, world: World) -> list[str]:
    admin = world.a.caller("admin")
    q = AuditQuery(clinic_id=0, action_prefix="diagnosis.record", outcome="forbidden")
    entries, _ = container.audit.query(admin, q)
    return [e.address for e in entries if e.actor_user_id == world.a.users["lmt"].id]


def test_lmt_examines_signs_hands_off_and_cannot_diagnose(
    app_client: TestClient, world: World, container: Container
) -> None:
    client = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    r = app_client.post(f"/clients/{client.id}/intake", data={**INTAKE_FORM, "csrf_token": csrf})
    assert r.status_code == 303
    r = app_client.post(f"/clients/{client.id}/assessments", data={"csrf_token": csrf})
    assert r.status_code == 303
    page_url = r.headers["location"]
    aid = int(page_url.rsplit("/", 1)[1])
    r = app_client.post(page_url, data={**EXAM_FORM, "csrf_token": csrf})
    assert r.status_code == 303
    page = app_client.get(page_url).text
    # Catalogue-driven inputs, flags outside the reference, the symmetry index, decision support.
    assert 'name="t.mcmurray.right"' in page and 'name="t.weight_bearing_now.any"' in page
    assert "above reference" in page  # FPI 8 > 5 (Redmond 2005)
    assert "LSI 75%" in page
    assert "Patellofemoral pain cluster (any 2 of 3)" in page and "Cook C et al." in page
    assert "Awaiting the chiropractor" in page
    assert app_client.post(f"{page_url}/sign", data={"csrf_token": csrf}).status_code == 303
    r = app_client.post(
        f"{page_url}/handoff", data={"csrf_token": csrf, "message": "Please review: Cook 3/3."}
    )
    assert r.status_code == 303

    # The diagnosis, by page and by API: refused, and each refusal is in the audit log.
    form = {"csrf_token": csrf, "code": "M22.2X1", "side": "right", "assessment_id": str(aid)}
    refused = app_client.post(f"/clients/{client.id}/diagnoses", data=form)
    assert refused.status_code == 403 and "may not do this: diagnosis.record" in refused.text
    api = app_client.post(
        f"/api/v1/clients/{client.id}/diagnoses",
        json={"code": "M22.2X1", "side": "right", "note": "PFP"},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 403 and "diagnosis.record" in api.json()["detail"]
    assert len(_forbidden_diagnoses(container, world)) == 2
    assert app_client.get(f"/api/v1/clients/{client.id}/diagnoses").json() == []
    # The LMT page offers no diagnosis form, only the way to pass findings on.
    assert f'action="/clients/{client.id}/diagnoses"' not in app_client.get(page_url).text

    # The chiropractor: inbox (dashboard and page), diagnosis, release.
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    assert "Please review: Cook 3/3." in app_client.get("/dashboard").text
    assert "Please review: Cook 3/3." in app_client.get("/inbox").text
    created = app_client.post(
        f"/api/v1/clients/{client.id}/diagnoses",
        json={
            "code": "M22.2X1",
            "side": "right",
            "note": "Patellofemoral pain",
            "assessment_id": aid,
        },
        headers={"X-CSRF-Token": csrf},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["code"] == "M22.2X1" and body["side"] == "right" and not body["released"]
    # A second, unreleased one the client must not see.
    app_client.post(
        f"/clients/{client.id}/diagnoses",
        data={"csrf_token": csrf, "code": "M76.51", "side": "right", "assessment_id": str(aid)},
    )
    r = app_client.post(
        f"/clients/{client.id}/diagnoses/{body['id']}/release", data={"csrf_token": csrf}
    )
    assert r.status_code == 303
    assert len(app_client.get(f"/api/v1/clients/{client.id}/diagnoses").json()) == 2

    # The client: the released diagnosis and nothing else.
    sign_in(app_client, world.a.users["client1"].email)
    seen = app_client.get(f"/api/v1/clients/{client.id}/diagnoses").json()
    assert [(d["code"], d["released"]) for d in seen] == [("M22.2X1", True)]
    record_page = app_client.get(f"/clients/{client.id}").text
    assert "Patellofemoral disorders" in record_page and "M76.51" not in record_page
    assert "Please review" not in record_page and "Cook" not in record_page
    assert app_client.get(page_url).status_code == 403
    assert app_client.get(f"/api/v1/clients/{client.id}/assessments").status_code == 403
    other = world.a.clients[1]
    assert app_client.get(f"/api/v1/clients/{other.id}/diagnoses").status_code == 404


def test_lmt_diagnosis_refusal_leaves_nothing_stored_and_other_clinics_see_nothing(
    app_client: TestClient, world: World
) -> None:
    client = world.a.clients[0]
    sign_in(app_client, world.b.users["chiropractor"].email)
    r = app_client.get(f"/api/v1/clients/{client.id}/diagnoses")
    assert r.status_code == 404
    r = app_client.get(f"/api/v1/clients/{client.id}/assessments")
    assert r.status_code == 404
    sign_in(app_client, world.a.users["admin"].email)
    assert app_client.get(f"/api/v1/clients/{client.id}/diagnoses").status_code == 403


def test_bad_diagnosis_input_is_a_clear_422(app_client: TestClient, world: World) -> None:
    client = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    headers = {"X-CSRF-Token": csrf}
    url = f"/api/v1/clients/{client.id}/diagnoses"
    wrong_side = app_client.post(url, json={"code": "M22.2X1", "side": "left"}, headers=headers)
    assert wrong_side.status_code == 422
    assert "M22.2X1 is the right code" in wrong_side.json()["errors"]["side"]
    unknown = app_client.post(url, json={"code": "Z99.9", "side": "left"}, headers=headers)
    assert unknown.status_code == 422 and "ICD-10-CM" in unknown.json()["errors"]["code"]
    both = app_client.post(url, json={"code": "M22.2X1", "side": "sideways"}, headers=headers)
    assert both.status_code == 422 and "side" in both.json()["errors"]
    assert app_client.get(url).json() == []


def test_a_client_fills_their_own_intake_in_the_portal(
    app_client: TestClient, world: World, container: Container
) -> None:
    own, other = world.a.clients
    csrf = sign_in(app_client, world.a.users["client1"].email)
    assert "Before your first visit" in app_client.get(f"/clients/{own.id}/intake").text
    r = app_client.post(f"/clients/{own.id}/intake", data={**INTAKE_FORM, "csrf_token": csrf})
    assert r.status_code == 303
    assert "Intake saved" in app_client.get(r.headers["location"]).text
    r = app_client.post(f"/clients/{other.id}/intake", data={**INTAKE_FORM, "csrf_token": csrf})
    assert r.status_code == 404
    latest = container.assessments.latest_intake(world.a.caller("lmt"), own.id)
    assert latest is not None and latest.recorded_by_role == "client"
    assert latest.intake.days_since_onset == 41  # 2026-01-20 to the test clock's 2026-03-02


def test_bad_intake_shows_every_error_and_keeps_the_stored_one(
    app_client: TestClient, world: World, container: Container
) -> None:
    client = world.a.clients[0]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    app_client.post(f"/clients/{client.id}/intake", data={**INTAKE_FORM, "csrf_token": csrf})
    bad = {**INTAKE_FORM, "usual_pain": "7", "worst_pain": "4", "regions": [], "csrf_token": csrf}
    r = app_client.post(f"/clients/{client.id}/intake", data=bad)
    assert r.status_code == 422
    assert "the worst pain cannot be lower than the usual pain" in r.text
    assert "usual_pain" not in r.text.split("<main")[1].split("<form")[0]  # plain words
    assert "mark at least one painful region" in r.text
    assert 'aria-invalid="true"' in r.text
    latest = container.assessments.latest_intake(world.a.caller("lmt"), client.id)
    assert latest is not None and latest.symptoms.worst_pain == 6
