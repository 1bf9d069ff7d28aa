"""Two-factor sign-in pages: the code after the password, the set-up with its QR code and
recovery codes, and the admin's switch that requires it of all staff."""

from __future__ import annotations

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from kneecap.services.errors import Conflict, Invalid, SignInFailed
from kneecap.web.accounts.pages import _safe_next
from kneecap.web.deps import (
    SESSION_COOKIE,
    FormPrincipal,
    PagePrincipal,
    TwoFactorDep,
    caller_of,
    client_address,
    same_secret,
)
from kneecap.web.templating import render

router = APIRouter()


def qr_svg(uri: str) -> Markup:
    """The otpauth URI as an inline SVG QR code, drawn by the app (no image service)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#1f2933", light="#fff")
    return Markup(svg)  # segno writes only path data from the URI: nothing to escape


@router.get("/sign-in/code")
def code_form(request: Request, two_factor: TwoFactorDep, next: str = "") -> Response:
    pending = two_factor.pending(request.cookies.get(SESSION_COOKIE, ""))
    if pending is None:
        return RedirectResponse("/sign-in", status_code=303)
    _, session = pending
    return render(
        request, "accounts/two_factor_code.html", None,
        code_csrf=session.csrf_token, next_url=_safe_next(next), error="",
    )  # fmt: skip


@router.post("/sign-in/code")
def code_submit(
    request: Request,
    two_factor: TwoFactorDep,
    code: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form(""),
) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    pending = two_factor.pending(token)
    if pending is None or not same_secret(csrf_token, pending[1].csrf_token):
        return RedirectResponse("/sign-in", status_code=303)
    try:
        two_factor.complete_sign_in(token, code, client_address(request))
    except SignInFailed as exc:
        return render(
            request, "accounts/two_factor_code.html", None, 401,
            code_csrf=pending[1].csrf_token, next_url=_safe_next(next), error=exc.message,
        )  # fmt: skip
    return RedirectResponse(_safe_next(next), status_code=303)


def _page(
    request: Request,
    principal: PagePrincipal,
    two_factor: TwoFactorDep,
    status: int = 200,
    **extra: object,
) -> Response:
    caller = caller_of(request, principal)
    state = two_factor.status(caller)
    ctx: dict[str, object] = {"state": state, "errors": {}, "codes": None, "enrolment": None}
    if not state.enabled:
        enrolment = two_factor.begin(caller)
        ctx.update(enrolment=enrolment, qr=qr_svg(enrolment.uri))
    ctx.update(extra)
    return render(request, "accounts/two_factor.html", principal, status, **ctx)


@router.get("/settings/two-factor")
def settings(request: Request, principal: PagePrincipal, two_factor: TwoFactorDep) -> Response:
    return _page(request, principal, two_factor)


@router.post("/settings/two-factor")
def confirm(
    request: Request, principal: FormPrincipal, two_factor: TwoFactorDep, code: str = Form("")
) -> Response:
    try:
        codes = two_factor.confirm(caller_of(request, principal), code)
    except (Invalid, Conflict) as exc:
        errors = exc.errors if isinstance(exc, Invalid) else {}
        return _page(request, principal, two_factor, 422, errors=errors, message=exc.message)
    return _page(request, principal, two_factor, codes=codes)


@router.post("/settings/two-factor/recovery-codes")
def recovery_codes(
    request: Request, principal: FormPrincipal, two_factor: TwoFactorDep, code: str = Form("")
) -> Response:
    try:
        codes = two_factor.new_recovery_codes(caller_of(request, principal), code)
    except Invalid as exc:
        return _page(request, principal, two_factor, 422, errors=exc.errors, message=exc.message)
    return _page(request, principal, two_factor, codes=codes)


@router.post("/settings/two-factor/disable")
def disable(
    request: Request, principal: FormPrincipal, two_factor: TwoFactorDep, code: str = Form("")
) -> Response:
    try:
        two_factor.disable(caller_of(request, principal), code)
    except (Invalid, Conflict) as exc:
        errors = exc.errors if isinstance(exc, Invalid) else {}
        return _page(request, principal, two_factor, 422, errors=errors, message=exc.message)
    return RedirectResponse("/settings/two-factor", status_code=303)


@router.post("/staff/two-factor")
def require(
    request: Request, principal: FormPrincipal, two_factor: TwoFactorDep, required: str = Form("")
) -> Response:
    two_factor.set_required(caller_of(request, principal), required == "on")
    return RedirectResponse("/staff", status_code=303)
