"""Clinic staff and inviting practitioners (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.access.roles import Role
from kneecap.services.errors import Conflict, Invalid
from kneecap.web.deps import (
    AccountsDep,
    FormPrincipal,
    PagePrincipal,
    TwoFactorDep,
    caller_of,
    origin_of,
)
from kneecap.web.templating import render

router = APIRouter()
STAFF_ROLES = [Role.LMT, Role.CHIROPRACTOR, Role.ADMIN]


@router.get("/staff")
def staff_page(
    request: Request, principal: PagePrincipal, accounts: AccountsDep, two_factor: TwoFactorDep
) -> Response:
    staff = accounts.staff(caller_of(request, principal))
    return render(
        request,
        "staff/staff.html",
        principal,
        staff=staff,
        roles=STAFF_ROLES,
        two_factor_required=two_factor.status(caller_of(request, principal)).required,
        clinic=principal.clinic or accounts.clinic(principal.user.clinic_id),
        link=None,
        errors={},
        values={},
    )


@router.post("/staff/invite")
def invite_staff(
    request: Request,
    principal: FormPrincipal,
    accounts: AccountsDep,
    two_factor: TwoFactorDep,
    email: str = Form(""),
    name: str = Form(""),
    role: str = Form(""),
) -> Response:
    caller = caller_of(request, principal)
    values = {"email": email, "name": name, "role": role}
    try:
        chosen = Role(role)
    except ValueError:
        chosen = None
    try:
        if chosen is None:
            raise Invalid("Choose a role.", {"role": "Choose LMT, chiropractor or admin."})
        link = accounts.invite_staff(caller, email, name, chosen, origin_of(request))
    except (Invalid, Conflict) as exc:
        errors = exc.errors if isinstance(exc, Invalid) else {"email": exc.message}
        staff = accounts.staff(caller)
        return render(
            request,
            "staff/staff.html",
            principal,
            422,
            staff=staff,
            roles=STAFF_ROLES,
            two_factor_required=two_factor.status(caller_of(request, principal)).required,
            clinic=principal.clinic or accounts.clinic(principal.user.clinic_id),
            link=None,
            errors=errors,
            values=values,
            message=exc.message,
        )
    staff = accounts.staff(caller)
    return render(
        request,
        "staff/staff.html",
        principal,
        staff=staff,
        roles=STAFF_ROLES,
        two_factor_required=two_factor.status(caller_of(request, principal)).required,
        clinic=principal.clinic or accounts.clinic(principal.user.clinic_id),
        link=link,
        errors={},
        values={},
    )


@router.post("/staff/address")
def set_address(
    request: Request, principal: FormPrincipal, accounts: AccountsDep, address: str = Form("")
) -> Response:
    """The clinic's postal address, printed on referral letters."""
    accounts.set_clinic_address(caller_of(request, principal), address)
    return RedirectResponse("/staff#address", status_code=303)
