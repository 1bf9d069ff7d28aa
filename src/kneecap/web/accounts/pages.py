"""Sign-in, sign-out, accepting an invitation, and the user's own settings (API tokens)."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.config import Settings
from kneecap.services.errors import Invalid, NotFound, SignInFailed
from kneecap.web.deps import (
    PRE_SESSION_CSRF_COOKIE,
    SESSION_COOKIE,
    AccountsDep,
    FormPrincipal,
    PagePrincipal,
    SettingsDep,
    caller_of,
    client_address,
    optional_principal,
    same_secret,
)
from kneecap.web.params import RecordId
from kneecap.web.templating import render

router = APIRouter()


def _secure(request: Request, settings: Settings) -> bool:
    setting = settings.cookie_secure
    return setting == "true" or (setting == "auto" and request.url.scheme == "https")


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never an open redirect to another host.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/dashboard"


def _sign_in_page(
    request: Request,
    settings: Settings,
    error: str = "",
    email: str = "",
    status: int = 200,
    next_url: str = "",
) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "accounts/sign_in.html",
        None,
        status,
        pre_csrf=token,
        error=error,
        email=email,
        next_url=next_url,
    )
    response.set_cookie(
        PRE_SESSION_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=_secure(request, settings),
        path="/",
    )
    return response


@router.get("/")
def home(request: Request) -> Response:
    target = "/dashboard" if optional_principal(request) else "/sign-in"
    return RedirectResponse(target, status_code=303)


@router.get("/sign-in")
def sign_in_form(request: Request, settings: SettingsDep, next: str = "") -> Response:
    if optional_principal(request):
        return RedirectResponse(_safe_next(next), status_code=303)
    return _sign_in_page(request, settings, next_url=next)


@router.post("/sign-in")
def sign_in(
    request: Request,
    accounts: AccountsDep,
    settings: SettingsDep,
    email: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form(""),
) -> Response:
    expected = request.cookies.get(PRE_SESSION_CSRF_COOKIE, "")
    if not expected or not same_secret(csrf_token, expected):
        return _sign_in_page(
            request, settings, "Your sign-in form expired. Please try again.", email, 400, next
        )
    if not email.strip() or not password:
        return _sign_in_page(request, settings, "Enter your email and password.", email, 422, next)
    try:
        signed = accounts.sign_in(email, password, client_address(request))
    except SignInFailed as exc:
        return _sign_in_page(request, settings, exc.message, email, 401, next)
    target = _safe_next(next)
    if signed.pending:  # the password was right; the authenticator code comes next
        target = "/sign-in/code?" + urlencode({"next": target})
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        signed.session_token,
        httponly=True,
        samesite="lax",
        secure=_secure(request, settings),
        path="/",
        max_age=settings.session_hours * 3600,
    )
    response.delete_cookie(PRE_SESSION_CSRF_COOKIE, path="/")
    return response


@router.post("/sign-out")
def sign_out(request: Request, principal: FormPrincipal, accounts: AccountsDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    accounts.sign_out(token, client_address(request))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/invitations/{token}")
def invitation_form(request: Request, token: str, accounts: AccountsDep) -> Response:
    try:
        user = accounts.invitation_user(token)
    except NotFound as exc:
        return render(
            request,
            "error.html",
            None,
            404,
            title="Invitation not valid",
            message=exc.message + " Ask your clinic for a new invitation.",
        )
    return render(request, "accounts/invitation.html", None, invitee=user, token=token, error="")


@router.post("/invitations/{token}")
def accept_invitation(
    request: Request,
    token: str,
    accounts: AccountsDep,
    password: str = Form(""),
    password_again: str = Form(""),
) -> Response:
    # The one-time token in the URL is itself the CSRF defence here: a forging site cannot
    # know it.
    try:
        user = accounts.invitation_user(token)
    except NotFound as exc:
        return render(
            request,
            "error.html",
            None,
            404,
            title="Invitation not valid",
            message=exc.message + " Ask your clinic for a new invitation.",
        )
    if password != password_again:
        return render(
            request,
            "accounts/invitation.html",
            None,
            422,
            invitee=user,
            token=token,
            error="The two passwords are not the same.",
        )
    try:
        accounts.accept_invitation(token, password, client_address(request))
    except Invalid as exc:
        return render(
            request,
            "accounts/invitation.html",
            None,
            422,
            invitee=user,
            token=token,
            error=exc.message,
        )
    return render(request, "accounts/sign_in_ready.html", None, invitee=user)


@router.get("/settings")
def settings_page(request: Request, principal: PagePrincipal, accounts: AccountsDep) -> Response:
    tokens = accounts.tokens(caller_of(request, principal))
    return render(request, "accounts/settings.html", principal, tokens=tokens, new_token=None)


@router.post("/settings/tokens")
def create_token(
    request: Request, principal: FormPrincipal, accounts: AccountsDep, name: str = Form("")
) -> Response:
    caller = caller_of(request, principal)
    _, plain = accounts.create_token(caller, name)
    tokens = accounts.tokens(caller)
    return render(request, "accounts/settings.html", principal, tokens=tokens, new_token=plain)


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: RecordId, principal: FormPrincipal, accounts: AccountsDep
) -> Response:
    accounts.revoke_token(caller_of(request, principal), token_id)
    return RedirectResponse("/settings", status_code=303)
