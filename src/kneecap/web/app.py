"""The FastAPI application factory. No app object exists at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from kneecap import __version__
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from kneecap.web import health, static_lib
from kneecap.web.accounts import api as accounts_api
from kneecap.web.accounts import pages as accounts_pages
from kneecap.web.audit import api as audit_api
from kneecap.web.audit import pages as audit_pages
from kneecap.web.care import api as care_api
from kneecap.web.care import pages as care_pages
from kneecap.web.care.panels import CarePanel, EscalationAlerts
from kneecap.web.clients import api as clients_api
from kneecap.web.clients import pages as clients_pages
from kneecap.web.clinical import api as clinical_api
from kneecap.web.clinical import pages as clinical_pages
from kneecap.web.clinical.panels import ClinicalPanel, HandoffInbox, IntakeRedFlagsPanel
from kneecap.web.cosign import api as cosign_api
from kneecap.web.cosign import pages as cosign_pages
from kneecap.web.cosign.panels import CoSignQueue
from kneecap.web.dashboard import pages as dashboard_pages
from kneecap.web.deps import ApiAuthRequired, CsrfFailed, SignInRequired, optional_principal
from kneecap.web.documents import Documents
from kneecap.web.gait import api as gait_api
from kneecap.web.gait import pages as gait_pages
from kneecap.web.gait.panels import GaitPanel
from kneecap.web.jobs import api as jobs_api
from kneecap.web.load import api as load_api
from kneecap.web.load import pages as load_pages
from kneecap.web.load.panels import TrainingPanel
from kneecap.web.panels import Panels
from kneecap.web.security_headers import SecurityHeaders
from kneecap.web.staff import pages as staff_pages
from kneecap.web.templating import make_templates, render

log = logging.getLogger("kneecap.web")
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    container = container or build(settings or Settings.from_env())
    job_service = container.jobs

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Background jobs start with the app and resume what a restart interrupted.
        queue = job_service.queue
        if queue is not None and container.settings.run_jobs_in_app:
            queue.start()
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
    app.state.templates = make_templates()
    app.state.panels = _panels(container)
    app.state.documents = Documents(container.handouts, container.referrals)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    # Each area's pages and API; every route reaches client data only through a service.
    for module in (
        health,
        static_lib,
        accounts_pages,
        dashboard_pages,
        clients_pages,
        staff_pages,
        audit_pages,
        accounts_api,
        clients_api,
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
    ):
        app.include_router(module.router)
    _error_handlers(app)
    return app


def _panels(c: Container) -> Panels:
    """The sections areas add to the client page and the dashboard, in page order."""
    return Panels(
        client=(
            CarePanel(c.care.plans, c.care.programme, c.care.outcomes),
            ClinicalPanel(c.assessments, c.diagnoses),
            GaitPanel(c.gait),
            TrainingPanel(c.training),
        ),
        dashboard=(
            IntakeRedFlagsPanel(c.assessments),
            CoSignQueue(c.cosign),
            EscalationAlerts(c.care.escalation),
            HandoffInbox(c.assessments),
        ),
    )


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_handlers(app: FastAPI) -> None:
    status_of: dict[type[ServiceError], int] = {
        NotFound: 404,
        Forbidden: 403,
        Invalid: 422,
        Conflict: 409,
    }

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        target = request.url.path
        return RedirectResponse(f"/sign-in?next={target}", status_code=303)

    @app.exception_handler(ApiAuthRequired)
    async def _api_auth(request: Request, exc: ApiAuthRequired) -> Response:
        return JSONResponse(
            {"detail": "Sign in, or send a personal access token as 'Authorization: Bearer …'."},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        message = (
            "This form has expired or did not come from Kneecap (missing security token). "
            "Go back, reload the page and try again."
        )
        if _is_api(request):
            return JSONResponse(
                {
                    "detail": "Missing or wrong X-CSRF-Token header for a cookie-authenticated "
                    "request; send the session's CSRF token or use a bearer token."
                },
                status_code=403,
            )
        return render(
            request,
            "error.html",
            optional_principal(request),
            403,
            title="Request refused",
            message=message,
        )

    @app.exception_handler(ServiceError)
    async def _service(request: Request, exc: ServiceError) -> Response:
        code = next((c for t, c in status_of.items() if isinstance(exc, t)), 400)
        if _is_api(request):
            body: dict[str, object] = {"detail": exc.message}
            if isinstance(exc, Invalid) and exc.errors:
                body["errors"] = exc.errors
            return JSONResponse(body, status_code=code)
        titles = {404: "Not found", 403: "Not allowed", 409: "Already done", 422: "Check the form"}
        return render(
            request,
            "error.html",
            optional_principal(request),
            code,
            title=titles.get(code, "Something went wrong"),
            message=exc.message,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = {".".join(str(p) for p in e["loc"][1:]) or "body": e["msg"] for e in exc.errors()}
        if _is_api(request):
            return JSONResponse({"detail": "The request is not valid.", "errors": errors}, 422)
        message = "; ".join(f"{k}: {v}" for k, v in errors.items())
        return render(
            request,
            "error.html",
            optional_principal(request),
            422,
            title="Check the form",
            message=message,
        )
