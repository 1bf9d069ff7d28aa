"""The FastAPI application factory. No app object exists at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kneecap import __version__
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.web import errors, health, static_lib
from kneecap.web.accounts import api as accounts_api
from kneecap.web.accounts import pages as accounts_pages
from kneecap.web.accounts import two_factor as accounts_two_factor
from kneecap.web.audit import api as audit_api
from kneecap.web.audit import export as audit_export
from kneecap.web.audit import pages as audit_pages
from kneecap.web.care import api as care_api
from kneecap.web.care import pages as care_pages
from kneecap.web.care.panels import CarePanel, EscalationAlerts
from kneecap.web.clients import api as clients_api
from kneecap.web.clients import export as clients_export
from kneecap.web.clients import pages as clients_pages
from kneecap.web.clinical import api as clinical_api
from kneecap.web.clinical import pages as clinical_pages
from kneecap.web.clinical.panels import ClinicalPanel, HandoffInbox, IntakeRedFlagsPanel
from kneecap.web.cosign import api as cosign_api
from kneecap.web.cosign import pages as cosign_pages
from kneecap.web.cosign.panels import CoSignQueue
from kneecap.web.dashboard import pages as dashboard_pages
from kneecap.web.documents import Documents
from kneecap.web.gait import api as gait_api
from kneecap.web.gait import pages as gait_pages
from kneecap.web.gait.panels import GaitPanel
from kneecap.web.jobs import api as jobs_api
from kneecap.web.limits import BodyLimit
from kneecap.web.load import api as load_api
from kneecap.web.load import pages as load_pages
from kneecap.web.load.panels import TrainingPanel
from kneecap.web.mail import pages as mail_pages
from kneecap.web.messages import api as messages_api
from kneecap.web.messages import pages as messages_pages
from kneecap.web.messages.panels import UnansweredMessages
from kneecap.web.panels import Panels
from kneecap.web.retraining import api as retraining_api
from kneecap.web.retraining import pages as retraining_pages
from kneecap.web.retraining.panels import RetrainingPanel
from kneecap.web.schedule import api as schedule_api
from kneecap.web.schedule import pages as schedule_pages
from kneecap.web.schedule.panels import ClientVisits, TodaysVisits
from kneecap.web.security_headers import SecurityHeaders
from kneecap.web.staff import pages as staff_pages
from kneecap.web.startup import StartupTasks
from kneecap.web.templating import make_templates
from kneecap.web.transaction import OneTransaction

log = logging.getLogger("kneecap.web")
STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None,
    container: Container | None = None,
    startup: StartupTasks | None = None,
) -> FastAPI:
    """`startup` is work to do once the app serves (the demo clinic), shown on every page."""
    container = container or build(settings or Settings.from_env())
    job_service = container.jobs
    startup = startup or StartupTasks("", None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Background jobs start with the app and resume what a restart interrupted.
        queue = job_service.queue
        if queue is not None and container.settings.run_jobs_in_app:
            queue.start()
        startup.start()  # after the queue, so the work can hand jobs to it
        yield
        if queue is not None:
            queue.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Kneecap",
        version=__version__,
        description="Runner's-knee clinic software. JSON API under /api/v1; sign in with a "
        "browser session or a personal access token (Authorization: Bearer …).",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.container = container
    app.state.startup = startup.state
    app.state.templates = make_templates()
    app.state.panels = _panels(container)
    app.state.documents = Documents(container.handouts, container.referrals)
    # Innermost: a read request's one COMMIT comes before any other layer sees the response.
    app.add_middleware(OneTransaction, transactions=container.uow_factory.request)
    app.add_middleware(BodyLimit, upload_bytes=container.settings.max_upload_mb * 1024 * 1024)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    # Each area's pages and API; every route reaches client data only through a service.
    for module in (
        health,
        static_lib,
        accounts_pages,
        accounts_two_factor,
        dashboard_pages,
        clients_pages,
        staff_pages,
        audit_pages,
        audit_export,
        accounts_api,
        clients_api,
        clients_export,
        audit_api,
        jobs_api,
        clinical_pages,
        clinical_api,
        care_pages,
        care_api,
        load_pages,
        load_api,
        gait_pages,
        gait_api,
        cosign_pages,
        cosign_api,
        retraining_pages,
        retraining_api,
        messages_pages,
        messages_api,
        schedule_api,
        schedule_pages,
        mail_pages,
    ):
        app.include_router(module.router)
    errors.install(app)
    return app


def _panels(c: Container) -> Panels:
    """The sections areas add to the client page and the dashboard, in page order."""
    return Panels(
        client=(
            CarePanel(c.care.plans, c.care.programme, c.care.outcomes),
            ClinicalPanel(c.assessments, c.diagnoses),
            GaitPanel(c.gait),
            RetrainingPanel(c.retraining),
            TrainingPanel(c.training),
            ClientVisits(c.appointments),
        ),
        dashboard=(
            IntakeRedFlagsPanel(c.assessments),
            CoSignQueue(c.cosign),
            EscalationAlerts(c.care.escalation),
            HandoffInbox(c.assessments),
            UnansweredMessages(c.messages),
            TodaysVisits(c.appointments, c.clock),
        ),
    )
