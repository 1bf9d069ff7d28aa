"""Scope of practice on every path: what an LMT writes reaches the client only after a
chiropractor co-signed it (CLINICAL.md, Scope of practice), proved on every output.

The test enumerates, and fails on anything new it cannot account for:
  * every free-text field of every type a client output is built from (services/
    client_visible.FIELDS, walked over type hints) and every type a client's page actually
    renders (the template context of each page, walked at run time);
  * every GET route of the app, each fetched as the client (HTML, JSON, the hand-out PDF read
    back with pdftotext, the .ics unfolded);
  * every template (shown to clients, or not) and every port an output could go out through
    (a mailer or a message sender added later must be listed as an output with its check).
Then the issue's repro text, written by an LMT into every clinical text a clinician can write
(tests/web/scope_scenario.py), is absent from every output the clients get until the
chiropractor co-signs; after that it shows where it belongs, and text the clinic keeps for
itself never does.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import kneecap.ports
from kneecap.bootstrap import Container
from kneecap.domain.retraining.block import plan_block
from kneecap.domain.retraining.codec import plan_to_dict
from kneecap.domain.retraining.dose import Dose
from kneecap.services.client_visible import FIELDS, Rule, clinician_written
from kneecap.web.app import create_app
from kneecap.web.templating import TEMPLATES_DIR
from tests.factories import World, make_world
from tests.support.client_outputs import (
    TemplateLog,
    as_text,
    get_routes,
    kneecap_dataclasses,
    reachable_types,
    text_fields,
)
from tests.web.conftest import sign_in
from tests.web.scope_scenario import CHIRO_NOTE, PLAIN, REPRO, FakeAnalyzer, Scene, build_scene

# Which step of the scenario writes each clinician-written field (derived fields name the
# step their source comes from). A field added to FIELDS with such a rule needs one here.
WRITTEN = {
    "ClientDetails.sports": "1: PUT /api/v1/clients/{id}",
    "ClientDetails.goals": "1: PUT /api/v1/clients/{id}",
    "Amendment.reason": "2: the amendment form's reason",
    "Amendment.comment": "the chiropractor's comment when co-signing",
    "Goal.description": "2: amendment by form and API",
    "PlannedVisit.purpose": "2: amendment by form and API",
    "ModalityPrescription.notes": "2: amendment by API",
    "ClientModalityView.description": "2: the amended plan's modalities",
    "Handout.goals": "2: the amended plan",
    "Handout.care_items": "2: the amended plan",
    "DatedEvent.description": "2: the amended plan's visit",
    "ExercisePrescription.load_note": "4: POST /home-programme",
    "ExercisePrescription.notes": "4: POST /home-programme",
    "HandoutExercise.dose": "4: POST /home-programme",
    "HandoutExercise.notes": "4: POST /home-programme",
    "OutcomeResponse.answers": "5: a PSFS by the API",
    "Intake.goals": "6: the intake form",
    "PastEvent.description": "6: the intake form",
    "TrainingChange.detail": "6: the intake service",
    "FeedbackItem.text": "7: the cues form",
    "Comment.text": "7: a review comment",
    "Diagnosis.note": "the chiropractor's released diagnosis (CHIRO_NOTE)",
    "Message.text": "9: the LMT's message in the thread",
    "Review.comment": "the chiropractor's comment when returning a held message",
    "Review.reasons": "9: the scope screen's reasons for holding the message",
}
# Where each co-signed or signed-plan text shows once co-signed ({c} the client, {g} the
# running-form analysis).
SHOWN_AFTER = [
    "/dashboard",
    "/clients/{c}",
    "/clients/{c}/edit",
    "/api/v1/clients",
    "/api/v1/clients/{c}",
    "/clients/{c}/intake",
    "/clients/{c}/care",
    "/api/v1/clients/{c}/care-plans",
    "/clients/{c}/schedule?week=2026-03-09",
    "/api/v1/clients/{c}/calendar.ics",
    "/clients/{c}/programme",
    "/api/v1/clients/{c}/home-programme",
    "/clients/{c}/handout",
    "/clients/{c}/handout.pdf",
    "/api/v1/clients/{c}/outcomes",
    "/gait/{g}",
    "/api/v1/gait/{g}",
    "/clients/{c}/messages",
    "/api/v1/clients/{c}/messages",
]
# The query a route is fetched with, where its default would show something else.
QUERIES = {
    "/clients/{client_id}/schedule": "?week=2026-03-09",  # the week of the planned visit
    "/clients/{client_id}/gait/compare": "?a={analysis_id}&b={analysis_id}",
}
# Templates: shown to clients (each must be rendered in this test), or never with a client's
# data (staff pages; pages before sign-in).
CLIENT_TEMPLATES = {
    "_field.html", "base.html", "error.html", "accounts/settings.html",
    "accounts/two_factor.html",
    "dashboard/client.html", "dashboard/_next_visit.html", "clients/detail.html",
    "clients/form.html",
    "care/_client_panel.html", "care/_head.html", "care/_nav.html", "care/handout.html",
    "care/outcomes.html", "care/plan.html", "care/programme.html", "care/schedule.html",
    "clinical/_client_panel.html", "clinical/intake.html", "cosign/_status.html",
    "gait/_client_panel.html", "gait/_metrics.html", "gait/_player.html",
    "gait/client_view.html", "gait/compare.html", "gait/status.html", "gait/upload.html",
    "jobs/_progress.html",
    "load/_client_panel.html", "load/_nav.html", "load/plan.html", "load/training.html",
    "retraining/_client_panel.html", "retraining/_sessions.html", "retraining/block.html",
    "retraining/index.html", "retraining/plan.html", "retraining/session.html",
    "retraining/summary.html",
    "messages/thread.html", "_menu_work.html",
    "schedule/visits.html", "schedule/_client_dashboard.html",
    "load/confirm.html",
}  # fmt: skip
STAFF_TEMPLATES = {
    "audit/_table.html", "audit/log.html", "care/_dashboard_alerts.html",
    "care/_dashboard_panel.html", "care/inbox.html", "clients/list.html",
    "clinical/_inbox_panel.html", "clinical/_red_flags_panel.html", "clinical/_red_flags_list.html",
    "clinical/red_flags.html", "clinical/assessment.html",
    "clinical/inbox.html", "cosign/_dashboard_panel.html", "cosign/_item.html",
    "cosign/queue.html", "dashboard/admin.html", "dashboard/practitioner.html",
    "gait/review.html", "load/_alert.html", "load/alerts.html",
    "staff/staff.html", "messages/threads.html",
    "messages/_dashboard_panel.html",
    "schedule/day.html", "schedule/week.html", "schedule/settings.html", "schedule/_nav.html",
    "schedule/_staff_dashboard.html", "schedule/_client_panel.html", "mail/outbox.html",
    # before sign-in: no client's data
    "accounts/invitation.html", "accounts/sign_in.html", "accounts/sign_in_ready.html",
    "accounts/two_factor_code.html",  # after the password, before the code
}  # fmt: skip
# Ports an output leaves through, and how this test reads what they make.
OUTPUT_PORTS = {
    "HandoutRenderer": "the hand-out PDF, fetched at /clients/{id}/handout.pdf",
    "CalendarExporter": "the .ics files, fetched at calendar.ics and training-plan.ics",
    "MailSender": "e-mail holds no clinical text at all (domain.notify.templates.ALLOWED): "
    "tests/integration/mail/test_smtp_mail.py reads every template off a real SMTP server",
    "InviteMaker": "the booking invite holds the clinic's name, the time and a link only "
    "(tests/integration/mail/test_smtp_mail.py)",
    "ReferralRenderer": "the referral letter: a clinician's document (clients get 403)",
}
NOT_OUTPUT_PORTS = {
    "ClinicRepository", "UserRepository", "ClientRepository", "AuditRepository",
    "SessionRepository", "TokenRepository", "InvitationRepository", "UnitOfWork",
    "UnitOfWorkFactory", "BlobStore", "BlobOwners", "ScratchSpace", "JobRepository", "JobQueue",
    "TextRepository", "TextUnitOfWork", "TextUnitOfWorkFactory", "CareTextUnitOfWork",
    "CareTextUnitOfWorkFactory", "ClinicalTextUnitOfWork", "ClinicalTextUnitOfWorkFactory",
    "GaitTextUnitOfWork", "GaitTextUnitOfWorkFactory", "ReviewUnitOfWork",
    "ReviewUnitOfWorkFactory", "ClinicalRepository", "ClinicalUnitOfWork",
    "ClinicalUnitOfWorkFactory", "GaitRepository", "GaitUnitOfWork", "GaitUnitOfWorkFactory",
    "GaitAnalyzer", "CareRepository", "CareReads", "CareUnitOfWork", "CareUnitOfWorkFactory",
    "AlertRepository",
    "PoseEstimator", "PasswordHasher", "Clock", "ActivityRepository", "PainLogRepository",
    "TrainingPlanRepository", "PhysiologyRepository", "LoadUnitOfWork", "LoadUnitOfWorkFactory",
    "ActivityReader",
    "RecoveryCodeRepository", "OneTimePasswords",
    "CadenceReader", "RetrainingRepository", "RetrainingUnitOfWork",
    "RetrainingUnitOfWorkFactory",
    "MessageRepository", "MessageUnitOfWork", "MessageUnitOfWorkFactory",
    "ScheduleRepository", "ScheduleUnitOfWork", "ScheduleUnitOfWorkFactory",
    "OutboxRepository", "MailUnitOfWork",
}  # fmt: skip


def _name(cls: type, field: str) -> str:
    return f"{cls.__qualname__}.{field}"


def _kneecap(cls: type) -> bool:
    return cls.__module__.startswith("kneecap.") and not cls.__module__.startswith("kneecap.web")


# The registered types and every type their fields hold (a text field on any of them must be
# registered; a client page rendering a type outside them fails the sweep).
REGISTERED = reachable_types(list(FIELDS), _kneecap)


# --- the registry covers every text field ------------------------------------------------
def test_every_text_field_a_client_output_is_built_from_is_registered() -> None:
    missing = [
        _name(t, n) for t in REGISTERED for n in text_fields(t) if n not in FIELDS.get(t, {})
    ]
    stale = [_name(t, n) for t, fields in FIELDS.items() for n in fields if n not in text_fields(t)]
    assert not missing, f"text fields without a rule in client_visible.FIELDS: {missing}"
    assert not stale, f"FIELDS names fields that are not text fields (any more): {stale}"


def test_every_field_a_clinician_writes_is_written_by_the_scenario() -> None:
    written = {_name(cls, name) for cls, name, _ in clinician_written()}
    assert written - WRITTEN.keys() == set(), "add a scenario step that writes these"
    assert WRITTEN.keys() - written == set(), "these are no longer clinician-written fields"


def test_every_template_and_output_port_is_classified() -> None:
    files = {str(p.relative_to(TEMPLATES_DIR)) for p in Path(TEMPLATES_DIR).rglob("*.html")}
    assert files - CLIENT_TEMPLATES - STAFF_TEMPLATES == set(), "classify the new templates"
    assert (CLIENT_TEMPLATES | STAFF_TEMPLATES) - files == set()
    protocols = {
        name
        for mod in pkgutil.iter_modules(kneecap.ports.__path__, "kneecap.ports.")
        for name, cls in inspect.getmembers(importlib.import_module(mod.name), inspect.isclass)
        if cls.__module__ == mod.name and getattr(cls, "_is_protocol", False)
    }
    new = protocols - OUTPUT_PORTS.keys() - NOT_OUTPUT_PORTS
    assert not new, f"ports not classified: {new} (a mailer or sender is an output: check it)"


# --- every output, as the client ---------------------------------------------------------
@pytest.fixture
def container(build_container: pytest.FixtureRequest) -> Container:
    # The video pipeline replaced by a fake; jobs run when the test says.
    c: Container = build_container(analyzer=FakeAnalyzer(), queue_jobs=False)  # type: ignore[operator]
    return c


@dataclass
class Sweep:
    texts: dict[str, str]  # url -> the response as text
    templates: set[str]
    types: set[type]


def _urls(routes: list[str], scene: Scene, client_id: int) -> Iterator[str]:
    values: dict[str, list[object]] = {
        "client_id": [client_id],
        "assessment_id": [scene.assessment_id],
        "analysis_id": [scene.analysis_id],
        "job_id": [scene.job_id],
        "name": ["video", "json", "report"],
        "entry_id": [f"client.{scene.client_id}.goals.v1"],
        "token": ["not-a-token"],
        "path": ["app.css"],
        "block_id": [1],  # the retraining block added once the cues are released
        "number": [1],
        "attachment_id": [scene.attachment_id],
        "appointment_id": [1, 2],  # client1's visit (the scene books it), and one never booked
    }
    for route in routes:
        names = re.findall(r"{(\w+)}", route + QUERIES.get(route, ""))
        assert set(names) <= values.keys(), f"how is {route} fetched? add its parameters"
        for combo in itertools.product(*(values[n] for n in names)):
            url = route + QUERIES.get(route, "")
            for n, v in zip(names, combo, strict=True):
                url = url.replace("{" + n + "}", str(v))
            yield url


def _sweep(app: TestClient, log: TemplateLog, routes: list[str], scene: Scene, cid: int) -> Sweep:
    texts: dict[str, str] = {}
    types: set[type] = set()
    log.names.clear()
    log.on = True
    try:
        for url in _urls(routes, scene, cid):
            r = app.get(url)
            assert r.status_code < 500, (url, r.text)
            texts[url] = as_text(r.headers.get("content-type", ""), r.content)
            context = getattr(r, "context", None)
            if context:
                types.update(type(v) for v in kneecap_dataclasses(dict(context)))
    finally:
        log.on = False
    return Sweep(texts, set(log.names), types)


def _retraining_block(container: Container, world: World, scene: Scene) -> None:
    """A block from the scene's analysis (its cue rule is the scene's own, so it is stored
    directly, as the service stores one)."""
    plan = plan_block(164.0, container.clock.now().date(), Dose())
    with container.uow_factory() as uow:
        uow.retraining.add_block(
            world.a.clinic_id, scene.client_id, scene.analysis_id, "cadence_low", 164.0,
            plan.start, plan_to_dict(plan), None, container.clock.now(),
        )  # fmt: skip
        uow.commit()


def _leaks(sweep: Sweep, text: str) -> list[str]:
    return [url for url, body in sweep.texts.items() if text in body]


def test_lmt_text_reaches_clients_only_once_a_chiropractor_co_signs(
    container: Container, tmp_path: Path
) -> None:
    world: World = make_world(container)
    app = create_app(container=container)
    log = TemplateLog(app.state.templates.env)
    with TestClient(app, follow_redirects=False) as c:
        scene = build_scene(c, container, world, tmp_path)
        routes = get_routes(app)
        cid, other = scene.client_id, scene.other_id

        # What the LMT was told on saving: it goes to the chiropractor first, and why.
        for said in (scene.notices["record"], scene.notices["amend"]):
            assert "The chiropractor co-signs this before the client sees it" in said
            assert "ICD-10 code M22.2X1" in said and "names a condition" in said
        assert "awaiting the chiropractor" in scene.notices["amend_page"]
        assert "co-signs this before the client sees it" in scene.notices["cues"]
        assert "Held for the chiropractor" in scene.notices["message"]
        # An LMT may not release cues, nor diagnose.
        csrf = sign_in(c, world.a.users["lmt"].email)
        refused = c.post(f"/gait/{scene.analysis_id}/release", data={"csrf_token": csrf})
        assert refused.status_code == 403

        # Before co-signature: no output either client gets holds the repro text.
        sign_in(c, world.a.users["client1"].email)
        before = _sweep(c, log, routes, scene, cid)
        sign_in(c, world.a.users["client2"].email)
        before_other = _sweep(c, log, routes, scene, other)
        assert _leaks(before, REPRO) == [] and _leaks(before_other, REPRO) == []
        assert _leaks(before, PLAIN) == []
        assert _leaks(before, CHIRO_NOTE) != []  # the chiropractor's released note shows
        shown_types = before.types | before_other.types
        assert shown_types - set(REGISTERED) == set(), "a client page renders unregistered types"

        # The chiropractor's queue: flagged first, each with its diff; the plain one last.
        sign_in(c, world.a.users["chiropractor"].email)
        queue = c.get("/api/v1/cosignatures").json()
        items = queue["items"]
        kinds = {i["kind"] for i in items}
        assert kinds == {"client.goals", "client.sports", "care_plan", "home_programme.notes",
                         "outcome.activities", "intake.goals", "gait.cues",
                         "message"}  # fmt: skip
        assert [i["flagged"] for i in items] == [True] * (len(items) - 1) + [False]
        assert items[-1]["text"] == PLAIN
        for i in items[:-1]:
            assert any("ICD-10 code M22.2X1" in r for r in i["reasons"]), i
            assert any(ch["op"] == "insert" and "M22.2X1" in ch["text"] for ch in i["diff"])
        page = c.get("/cosignatures").text
        assert page.count("Names a diagnosis") == len(items) - 1 and "<ins>" in page
        # The draft plan of client 2 is not in the queue: it is not client-visible at all.
        assert all(i["client_id"] == cid for i in items)

        # Return the plain one (the client keeps seeing nothing of it); co-sign the rest.
        csrf = sign_in(c, world.a.users["chiropractor"].email)
        h = {"X-CSRF-Token": csrf}
        plain = items[-1]["id"]
        assert c.post(f"/api/v1/cosignatures/{plain}/return", json={}, headers=h).status_code == 422
        back = c.post(f"/api/v1/cosignatures/{plain}/return", json={"comment": "Say which hill."},
                      headers=h)  # fmt: skip
        assert back.json()["state"] == "returned"
        for i in items[:-1]:
            comment = {"comment": REPRO} if i["kind"] == "care_plan" else {}
            done = c.post(f"/api/v1/cosignatures/{i['id']}/approve", json=comment, headers=h)
            assert done.status_code == 200, done.text
            assert done.json()["released"] is (i["kind"] == "gait.cues")
        again = c.post(f"/api/v1/cosignatures/{items[0]['id']}/approve", json={}, headers=h)
        assert again.status_code == 409
        assert c.get("/api/v1/cosignatures").json()["waiting"] == 0

        # The released cues start a retraining block (its pages render for the client).
        _retraining_block(container, world, scene)

        # After: the client sees the co-signed text where it belongs; what the clinic keeps for
        # itself (reasons, comments, history, notes) still nowhere. Client 2 sees nothing.
        sign_in(c, world.a.users["client1"].email)
        after = _sweep(c, log, routes, scene, cid)
        sign_in(c, world.a.users["client2"].email)
        after_other = _sweep(c, log, routes, scene, other)
        expected = [u.format(c=cid, g=scene.analysis_id) for u in SHOWN_AFTER]
        assert [u for u in expected if REPRO not in after.texts[u]] == []
        assert _leaks(after_other, REPRO) == [] and _leaks(after, PLAIN) == []
        for staff_only in ("Reason: ", "Say which hill"):
            assert _leaks(after, staff_only) == []
        assert (after.types | after_other.types) - set(REGISTERED) == set()

        # Every template a client got is classified as a client template, and every client
        # template was rendered here (so no client page went unchecked).
        rendered = before.templates | before_other.templates | after.templates
        assert rendered - CLIENT_TEMPLATES == set(), "classify these as client templates"
        assert CLIENT_TEMPLATES - rendered == set(), "fetch a page that renders these"


def test_the_rules_of_the_registry_are_the_ones_the_services_apply() -> None:
    # A co-signed field names where its versions live; the other rules name none.
    for cls, fields in FIELDS.items():
        for name, v in fields.items():
            assert (v.rule is Rule.COSIGNED) == (v.kind is not None), _name(cls, name)
