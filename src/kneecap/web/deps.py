"""Request-scoped dependencies: the container, who is signed in, CSRF checks.

Two ways in: the browser's session cookie, or a personal access token
(`Authorization: Bearer kn_…`). Requests that change something and arrive with a cookie must
carry the session's CSRF token (a form field, or the X-CSRF-Token header for scripts in the
page); bearer-token requests cannot be forged by another site, so they need none.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from kneecap.bootstrap import Container
from kneecap.domain.accounts.entities import User, WebSession
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller

SESSION_COOKIE = "kneecap_session"
PRE_SESSION_CSRF_COOKIE = "kneecap_csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class SignInRequired(Exception):
    """Raised for pages when nobody is signed in; answered with a redirect to sign-in."""


class ApiAuthRequired(Exception):
    """Raised for the API when no valid session or token came with the request."""


class CsrfFailed(Exception):
    """A state-changing request without the right CSRF token."""


@dataclass(frozen=True)
class Principal:
    user: User
    session: WebSession | None  # None when signed in with an API token

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""


# The dependencies below are `async def` on purpose: FastAPI runs a plain `def` dependency in a
# worker thread, and a thread hop per dependency costs more than the short lookups they make.


async def container(request: Request) -> Container:
    c: Container = request.app.state.container
    return c


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _principal(request: Request) -> Principal | None:
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    c: Container = request.app.state.container
    principal: Principal | None = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = c.accounts.token_user(auth[7:].strip())
        principal = Principal(user, None) if user else None
    else:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            found = c.accounts.session(token)
            principal = Principal(found[0], found[1]) if found else None
    request.state.principal = principal
    return principal


def optional_principal(request: Request) -> Principal | None:
    return _principal(request)


async def page_principal(request: Request) -> Principal:
    principal = _principal(request)
    if principal is None:
        raise SignInRequired()
    return principal


async def api_principal(request: Request) -> Principal:
    principal = _principal(request)
    if principal is None:
        raise ApiAuthRequired()
    if principal.session is not None and request.method in UNSAFE:
        sent = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(sent, principal.session.csrf_token):
            raise CsrfFailed()
    return principal


async def check_form_csrf(request: Request, principal: Principal) -> None:
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    if principal.session is None or not hmac.compare_digest(sent, principal.session.csrf_token):
        raise CsrfFailed()


async def form_principal(request: Request) -> Principal:
    """For page POSTs: signed in and carrying the session's CSRF token."""
    principal = await page_principal(request)
    await check_form_csrf(request, principal)
    return principal


def caller_of(request: Request, principal: Principal) -> Caller:
    return Caller(actor_for(principal.user), client_address(request))


ContainerDep = Annotated[Container, Depends(container)]
PagePrincipal = Annotated[Principal, Depends(page_principal)]
FormPrincipal = Annotated[Principal, Depends(form_principal)]
ApiPrincipal = Annotated[Principal, Depends(api_principal)]
