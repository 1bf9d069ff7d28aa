"""Request-scoped dependencies: who is signed in, CSRF checks, and the services routes use.

Two ways in: the browser's session cookie, or a personal access token
(`Authorization: Bearer kn_…`). Requests that change something and arrive with a cookie must
carry the session's CSRF token (a form field, or the X-CSRF-Token header for scripts in the
page); bearer-token requests cannot be forged by another site, so they need none.

Routes name the service they need (`clients: ClientsDep`); this is the one module that reads
it from the container (`app.state.container`), so no route sees the container, its engine,
its units of work or its gate. (The app factory reads the container once, at start-up, to
compose the panels.)
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from kneecap.bootstrap import Container
from kneecap.config import Settings
from kneecap.domain.accounts.entities import Clinic, User, WebSession
from kneecap.ports.security import Clock
from kneecap.services.accounts import AccountService, Holder, actor_for
from kneecap.services.appointments import AppointmentService
from kneecap.services.assessments import AssessmentService
from kneecap.services.audit_log import AuditLogService
from kneecap.services.caller import Caller
from kneecap.services.care import CarePlanService
from kneecap.services.clients import ClientService
from kneecap.services.cosignature import CoSignatureService
from kneecap.services.diagnoses import DiagnosisService
from kneecap.services.escalation import EscalationService
from kneecap.services.gait import GaitService
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.jobs import JobService
from kneecap.services.messages import MessageService
from kneecap.services.notify import NotifyService
from kneecap.services.outcomes import OutcomeService
from kneecap.services.portal import PortalService
from kneecap.services.record_export import RecordExportService
from kneecap.services.training import TrainingService
from kneecap.services.two_factor import TwoFactorService, must_enrol
from kneecap.web.documents import Documents
from kneecap.web.panels import Panels
from kneecap.web.uploads import UploadLimit

SESSION_COOKIE = "kneecap_session"
PRE_SESSION_CSRF_COOKIE = "kneecap_csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class SignInRequired(Exception):
    """Raised for pages when nobody is signed in; answered with a redirect to sign-in."""


class ApiAuthRequired(Exception):
    """Raised for the API when no valid session or token came with the request."""


class CsrfFailed(Exception):
    """A state-changing request without the right CSRF token."""


class EnrolRequired(Exception):
    """Staff whose clinic requires two-factor sign-in, before they have set it up: pages
    lead to the set-up, the API refuses."""


# What someone who must set up two-factor sign-in may still reach.
ENROL_PATHS = ("/settings/two-factor", "/sign-out")


@dataclass(frozen=True)
class Principal:
    user: User
    session: WebSession | None  # None when signed in with an API token
    must_enrol: bool = False  # the clinic requires a second factor not yet set up
    clinic: Clinic | None = None  # the user's clinic, as read with the sign-in

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""


def _container(request: Request) -> Container:
    c: Container = request.app.state.container
    return c


def origin_of(request: Request) -> str:
    """Where this request reached the app (scheme, host and port), for links it hands out."""
    return str(request.base_url).rstrip("/")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _principal(request: Request) -> Principal | None:
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    accounts = _container(request).accounts
    holder: Holder | None = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        holder = accounts.token_holder(auth[7:].strip())
    else:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            holder = accounts.session_holder(token)
    # The clinic's two-factor switch comes with the sign-in lookup (one statement): read on
    # every request, so the admin's switch holds at once on every worker.
    principal = (
        Principal(
            holder.user,
            holder.session,
            must_enrol(holder.user, holder.clinic.require_two_factor),
            holder.clinic,
        )
        if holder is not None
        else None
    )
    request.state.principal = principal
    if holder is not None:  # read with it: clinic_time_zone needs no statement of its own
        request.state.clinic_time_zone = holder.time_zone
    return principal


def same_secret(sent: str, expected: str) -> bool:
    """Constant-time comparison of a token someone sent (any text) with the one expected."""
    return hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode())


def optional_principal(request: Request) -> Principal | None:
    return _principal(request)


# The dependencies below are `async def` on purpose: FastAPI runs a plain `def` dependency in a
# worker thread, and a thread hop per dependency costs more than the short lookups they make.


async def page_principal(request: Request) -> Principal:
    principal = _principal(request)
    if principal is None:
        raise SignInRequired()
    if principal.must_enrol and not request.url.path.startswith(ENROL_PATHS):
        raise EnrolRequired()
    return principal


async def api_principal(request: Request) -> Principal:
    principal = _principal(request)
    if principal is None:
        raise ApiAuthRequired()
    if principal.must_enrol:
        raise EnrolRequired()
    if principal.session is not None and request.method in UNSAFE:
        sent = request.headers.get("x-csrf-token", "")
        if not same_secret(sent, principal.session.csrf_token):
            raise CsrfFailed()
    return principal


async def check_form_csrf(request: Request, principal: Principal) -> None:
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    if principal.session is None or not same_secret(sent, principal.session.csrf_token):
        raise CsrfFailed()


async def form_principal(request: Request) -> Principal:
    """For page POSTs: signed in and carrying the session's CSRF token."""
    principal = await page_principal(request)
    await check_form_csrf(request, principal)
    return principal


def clinic_time_zone(request: Request, principal: Principal | None) -> str:
    """The signed-in user's clinic's time zone (UTC before anyone set one), once a request:
    the sign-in lookup reads it (`_principal`); asked here only where that did not run."""
    if principal is None:
        return "UTC"
    if not hasattr(request.state, "clinic_time_zone"):
        caller = Caller(actor_for(principal.user), client_address(request))
        rules = _container(request).appointments.rules(caller)
        request.state.clinic_time_zone = rules.time_zone
    zone: str = request.state.clinic_time_zone
    return zone


def caller_of(request: Request, principal: Principal) -> Caller:
    return Caller(actor_for(principal.user), client_address(request))


PagePrincipal = Annotated[Principal, Depends(page_principal)]
FormPrincipal = Annotated[Principal, Depends(form_principal)]
ApiPrincipal = Annotated[Principal, Depends(api_principal)]


# --- services, one dependency each ---------------------------------------------------------
T = TypeVar("T")


def _from_container(part: Callable[[Container], T]) -> Callable[[Request], Awaitable[T]]:
    """A dependency that hands a route one part of the container (a service, the clock)."""

    async def dependency(request: Request) -> T:
        return part(_container(request))

    return dependency


def _from_app_state(name: str, kind: type[T]) -> Callable[[Request], Awaitable[T]]:
    """A dependency on what the app factory composed at start-up (panels, documents)."""

    async def dependency(request: Request) -> T:
        value: T = getattr(request.app.state, name)  # set by create_app, of type `kind`
        return value

    return dependency


SettingsDep = Annotated[Settings, Depends(_from_container(lambda c: c.settings))]
UploadLimitDep = Annotated[
    UploadLimit, Depends(_from_container(lambda c: UploadLimit(c.settings.max_upload_mb)))
]
ClockDep = Annotated[Clock, Depends(_from_container(lambda c: c.clock))]
AccountsDep = Annotated[AccountService, Depends(_from_container(lambda c: c.accounts))]
ClientsDep = Annotated[ClientService, Depends(_from_container(lambda c: c.clients))]
AuditDep = Annotated[AuditLogService, Depends(_from_container(lambda c: c.audit))]
JobsDep = Annotated[JobService, Depends(_from_container(lambda c: c.jobs))]
AssessmentsDep = Annotated[AssessmentService, Depends(_from_container(lambda c: c.assessments))]
DiagnosesDep = Annotated[DiagnosisService, Depends(_from_container(lambda c: c.diagnoses))]
CarePlansDep = Annotated[CarePlanService, Depends(_from_container(lambda c: c.care.plans))]
ProgrammeDep = Annotated[HomeProgrammeService, Depends(_from_container(lambda c: c.care.programme))]
OutcomesDep = Annotated[OutcomeService, Depends(_from_container(lambda c: c.care.outcomes))]
EscalationDep = Annotated[EscalationService, Depends(_from_container(lambda c: c.care.escalation))]
CoSignDep = Annotated[CoSignatureService, Depends(_from_container(lambda c: c.cosign))]
TrainingDep = Annotated[TrainingService, Depends(_from_container(lambda c: c.training))]
GaitDep = Annotated[GaitService, Depends(_from_container(lambda c: c.gait))]
TwoFactorDep = Annotated[TwoFactorService, Depends(_from_container(lambda c: c.two_factor))]
MessagesDep = Annotated[MessageService, Depends(_from_container(lambda c: c.messages))]
PortalDep = Annotated[PortalService, Depends(_from_container(lambda c: c.portal))]
RecordsDep = Annotated[RecordExportService, Depends(_from_container(lambda c: c.records))]
DocumentsDep = Annotated[Documents, Depends(_from_app_state("documents", Documents))]
PanelsDep = Annotated[Panels, Depends(_from_app_state("panels", Panels))]
NotifyDep = Annotated[NotifyService, Depends(_from_container(lambda c: c.notify))]
AppointmentsDep = Annotated[AppointmentService, Depends(_from_container(lambda c: c.appointments))]
