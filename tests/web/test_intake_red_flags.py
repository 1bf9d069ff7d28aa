"""A red flag from the intake reaches every practitioner (dashboards, the client record) and
the referral letter; the intake asks the medical-history questions and keeps the answers; an
intake stored before they existed reads "not asked". Clinicians see the catalogue's cut-offs
and the CPG grades; the client sees what their care is for, and the 30% pain reading shows."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import event, text

from kneecap.bootstrap import Container
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.clinical.intake import MedicalScreen
from kneecap.web.panels import DASHBOARD_SHOWN
from tests.factories import World, signed_plan_with_programme
from tests.fakes.clock import FixedClock
from tests.web.conftest import sign_in
from tests.web.test_clinical_scope import EXAM_FORM, INTAKE_FORM

# A runner who had cancer, with a knee that swelled after a recent injection: two red flags
# from the medical screen alone (NHS knee pathways; septic-arthritis risk, Geirsson 2008).
FLAGGED = {**INTAKE_FORM, "swelling": "yes", "history_of_cancer": "yes",
           "recent_knee_injection_or_surgery": "yes", "immunosuppressed": "no"}  # fmt: skip


def test_an_intake_red_flag_shows_for_every_practitioner_until_answered(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["client1"].email)
    form = app_client.get(f"/clients/{cid}/intake").text
    assert "Have you ever had cancer?" in form and 'name="calf_swelling_or_tenderness"' in form
    r = app_client.post(f"/clients/{cid}/intake", data={**FLAGGED, "csrf_token": csrf})
    assert r.status_code == 303
    assert "Red flag" not in app_client.get(f"/clients/{cid}").text  # clinical, not the client's
    stored = container.assessments.latest_intake(world.a.caller("lmt"), cid)
    assert stored is not None
    assert stored.intake.medical == MedicalScreen(
        history_of_cancer=True, immunosuppressed=False, recent_knee_injection_or_surgery=True
    )

    for who in ("lmt", "chiropractor"):
        sign_in(app_client, world.a.users[who].email)
        dashboard = app_client.get("/dashboard").text
        assert "Red flags from intakes" in dashboard and "History of cancer" in dashboard
        assert "septic arthritis" in dashboard, who
        record = app_client.get(f"/clients/{cid}").text
        assert "Red flags in the intake" in record and "Not answered yet" in record
    # Another clinic's practitioners see nothing of it.
    sign_in(app_client, world.b.users["lmt"].email)
    assert "History of cancer" not in app_client.get("/dashboard").text
    # The form shows the answers again to whoever opens it.
    sign_in(app_client, world.a.users["lmt"].email)
    again = app_client.get(f"/clients/{cid}/intake").text
    assert '<option value="yes" selected>Yes</option>' in again

    # The chiropractor examines, accepts the red-flag suggestion: it leaves the dashboards,
    # stays on the record with the answer, and every referral letter lists it.
    csrf = sign_in(app_client, world.a.users["chiropractor"].email)
    r = app_client.post(f"/clients/{cid}/assessments", data={"csrf_token": csrf})
    url = r.headers["location"]
    app_client.post(url, data={"csrf_token": csrf, "assessment": "Urgent: GP today."})
    app_client.post(f"{url}/sign", data={"csrf_token": csrf})
    r = app_client.post(
        f"{url}/decisions",
        data={"csrf_token": csrf, "rule_id": "red_flags", "decision": "accepted"},
    )
    assert r.status_code == 303, r.text
    assert "Red flags from intakes" in app_client.get("/dashboard").text
    assert "History of cancer" not in app_client.get("/dashboard").text
    assert "Answered on an examination: accepted" in app_client.get(f"/clients/{cid}").text
    for kind in ("physician", "mri", "xray"):
        letter = app_client.get(f"{url}/referral?kind={kind}").text
        assert "Red flags: urgent referral" in letter and "None: referral" not in letter, kind
        assert "NHS Gloucestershire" in letter and "Geirsson" in letter
        assert "URGENT" in letter


def test_an_intake_stored_before_the_medical_screen_reads_not_asked(
    app_client: TestClient, world: World, container: Container
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    app_client.post(f"/clients/{cid}/intake", data={**FLAGGED, "csrf_token": csrf})
    with container.engine.begin() as conn:  # as an intake of the earlier schema was stored
        raw = conn.execute(text("SELECT id, intake FROM clinical_intakes")).one()
        doc = raw.intake if isinstance(raw.intake, dict) else __import__("json").loads(raw.intake)
        doc.pop("medical")
        conn.execute(text("UPDATE clinical_intakes SET intake = :d WHERE id = :i"),
                     {"d": __import__("json").dumps(doc), "i": raw.id})  # fmt: skip
    old = container.assessments.latest_intake(world.a.caller("lmt"), cid)
    assert old is not None and old.intake.medical == MedicalScreen()  # None: not asked
    assert "History of cancer" not in app_client.get("/dashboard").text


def test_clinicians_see_cut_offs_and_grades_and_the_client_the_purpose(
    app_client: TestClient, container: Container, world: World
) -> None:
    cid = world.a.clients[0].id
    signed_plan_with_programme(container, world)
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    app_client.post(f"/clients/{cid}/intake", data={**INTAKE_FORM, "csrf_token": csrf})
    r = app_client.post(f"/clients/{cid}/assessments", data={"csrf_token": csrf})
    exam = app_client.get(r.headers["location"]).text
    # 90/90 hamstrings per sex (Yildirim 2018); the record has no sex, so both are shown.
    assert "female ≤ 23.4, male ≤ 33" in exam and "Yildirim MS et al." in exam
    assert "0–1 good quality, 2–3 medium quality" in exam  # Piva 2006 step-down bands
    assert "LR+ 1.18" in exam  # Clarke's test, Doberstein 2008
    plan = app_client.get(f"/clients/{cid}/care").text
    assert "CPG grade A" in plan and "not recommended" in plan  # information for clinicians

    sign_in(app_client, world.a.users["client1"].email)
    mine = app_client.get(f"/clients/{cid}/care").text
    assert "Your care plan" in mine and "so the knee copes with running" in mine
    for badge in ("not recommended", "verdict", "CPG grade"):
        assert badge not in mine, badge
    plans = app_client.get(f"/api/v1/clients/{cid}/care-plans").json()
    assert all("evidence" not in m and m["purpose"] for m in plans[0]["modalities"])


def test_the_outcomes_page_reads_pain_also_as_30_percent_less(
    app_client: TestClient, world: World
) -> None:
    # NPRS 4 -> 2: two points (the MCID, Crossley 2004) and 50% less (Farrar 2001: ~30%).
    cid = world.a.clients[0].id
    h = {"X-CSRF-Token": sign_in(app_client, world.a.users["client1"].email)}
    for usual in (4, 2):
        body = {"instrument": "nprs", "usual": usual, "worst": usual + 1}
        assert app_client.post(f"/api/v1/clients/{cid}/outcomes", json=body, headers=h).is_success
    page = app_client.get(f"/clients/{cid}/outcomes").text
    assert "50% lower, reaches the 30% threshold" in page
    change = app_client.get(f"/api/v1/clients/{cid}/outcomes").json()["changes"][0]
    assert change["relative_improvement"] == 0.5 and change["relative_mcid"] == 0.3


def test_the_dashboards_red_flags_and_threads_cost_the_same_statements_for_more_clients(
    app_client: TestClient, world: World, container: Container
) -> None:
    """Set-based panels: a second flagged client adds rows, not statements (one statement per
    panel, not one per client)."""
    statements: list[str] = []

    def dashboard_statements() -> int:
        statements[:] = _dashboard_statements(app_client, container)
        return len(statements)

    def flag(index: int) -> None:
        cid = world.a.clients[index].id
        csrf = sign_in(app_client, world.a.users[f"client{index + 1}"].email)
        r = app_client.post(f"/clients/{cid}/intake", data={**FLAGGED, "csrf_token": csrf})
        assert r.status_code == 303
        r = app_client.post(
            f"/clients/{cid}/messages", data={"csrf_token": csrf, "text": "My knee swelled."}
        )
        assert r.status_code in (200, 303), r.text

    flag(0)
    sign_in(app_client, world.a.users["lmt"].email)
    one = dashboard_statements()
    assert "Runner ALPHA1" in app_client.get("/dashboard").text
    flag(1)
    sign_in(app_client, world.a.users["lmt"].email)
    two = dashboard_statements()
    page = app_client.get("/dashboard").text
    assert "Runner ALPHA1" in page and "Runner ALPHA2" in page
    assert two == one, statements


def _dashboard_statements(app_client: TestClient, container: Container) -> list[str]:
    """The SQL statements one request of the signed-in user's dashboard runs."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(container.engine, "before_cursor_execute", count)
    try:
        assert app_client.get("/dashboard").status_code == 200
    finally:
        event.remove(container.engine, "before_cursor_execute", count)
    return statements


def test_the_chiropractors_dashboard_costs_the_same_statements_for_more_clients_in_care(
    app_client: TestClient, world: World, container: Container, clock: FixedClock
) -> None:
    """The escalation alerts and the handoff inbox read a table at a time: a second client in
    care with an open alert and a handoff adds rows, not statements."""

    def in_care(index: int) -> None:
        signed_plan_with_programme(container, world, index)
        cid = world.a.clients[index].id
        csrf = sign_in(app_client, world.a.users["lmt"].email)
        form = {**INTAKE_FORM, "csrf_token": csrf}
        assert app_client.post(f"/clients/{cid}/intake", data=form).status_code == 303
        made = app_client.post(f"/clients/{cid}/assessments", data={"csrf_token": csrf})
        url = made.headers["location"]
        assert app_client.post(url, data={**EXAM_FORM, "csrf_token": csrf}).status_code == 303
        assert app_client.post(f"{url}/sign", data={"csrf_token": csrf}).status_code == 303
        sent = app_client.post(f"{url}/handoff", data={"csrf_token": csrf, "message": "Review."})
        assert sent.status_code == 303

    in_care(0)
    clock.advance(weeks=5)  # in care and nothing measured: measures are due, an open alert
    sign_in(app_client, world.a.users["chiropractor"].email)
    # the first view computes again the states that fell due (test_alert_state.py counts it)
    _dashboard_statements(app_client, container)
    one = _dashboard_statements(app_client, container)
    page = app_client.get("/dashboard").text
    assert page.count("Runner ALPHA1") >= 2  # the alert and the handoff
    in_care(1)
    sign_in(app_client, world.a.users["chiropractor"].email)
    two = _dashboard_statements(app_client, container)
    page = app_client.get("/dashboard").text
    assert page.count("Runner ALPHA1") >= 2 and page.count("Runner ALPHA2") >= 2
    assert len(two) == len(one), two


def test_the_flag_is_kept_with_the_intake_and_a_newer_plain_intake_takes_a_client_off(
    app_client: TestClient, world: World, container: Container
) -> None:
    """The dashboards read the intakes stored as flagged (those stored before the flag was
    kept were marked by 0023_red_flags, tests/integration/test_red_flags_migration.py)."""
    first, second = world.a.clients[0].id, world.a.clients[1].id
    for index, form in ((0, FLAGGED), (1, INTAKE_FORM)):
        cid = world.a.clients[index].id
        csrf = sign_in(app_client, world.a.users["lmt"].email)
        assert app_client.post(f"/clients/{cid}/intake", data={**form, "csrf_token": csrf})
    with container.engine.begin() as conn:
        found = conn.execute(text("SELECT client_id, red_flag FROM clinical_intakes"))
        kept: dict[int, bool] = {row[0]: row[1] for row in found}
        assert kept == {first: True, second: False}
    sign_in(app_client, world.a.users["lmt"].email)
    flags = _red_flags_panel(app_client)
    assert "Runner ALPHA1" in flags and "Runner ALPHA2" not in flags
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    r = app_client.post(f"/clients/{first}/intake", data={**INTAKE_FORM, "csrf_token": csrf})
    assert r.status_code == 303
    assert "Runner ALPHA1" not in _red_flags_panel(app_client)


def _red_flags_panel(app_client: TestClient) -> str:
    page = app_client.get("/dashboard").text
    start = page.index('id="rf-h"')
    return page[start : page.index("</section>", start)]


def test_the_dashboard_shows_the_newest_red_flags_and_links_to_all_of_them(
    app_client: TestClient, world: World, container: Container, clock: FixedClock
) -> None:
    chiro = world.a.caller("chiropractor")
    ids = [world.a.clients[0].id, world.a.clients[1].id]
    ids += [
        container.clients.create(chiro, ClientDetails(name=f"Runner Q{i:02d}")).id
        for i in range(DASHBOARD_SHOWN + 1)
    ]
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    for cid in ids:
        clock.advance(minutes=1)
        r = app_client.post(f"/clients/{cid}/intake", data={**FLAGGED, "csrf_token": csrf})
        assert r.status_code == 303, r.text
    panel = _red_flags_panel(app_client)
    assert f"({len(ids)})" in panel and panel.count('class="alert-escalate"') == DASHBOARD_SHOWN
    assert f'href="/red-flags">All {len(ids)} open red flags' in panel
    assert "Runner Q10" in panel and "Runner ALPHA1" not in panel  # newest first
    everything = app_client.get("/red-flags").text
    assert everything.count('class="alert-escalate"') == len(ids)
    assert "Runner ALPHA1" in everything and "Runner Q10" in everything
    sign_in(app_client, world.b.users["chiropractor"].email)
    assert "Runner Q" not in app_client.get("/red-flags").text  # another clinic's list is its own
    sign_in(app_client, world.a.users["client1"].email)
    assert app_client.get("/red-flags").status_code in (403, 404)
