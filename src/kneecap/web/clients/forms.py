"""Turning HTML form fields into domain values, with per-field messages."""

from __future__ import annotations

from datetime import date

from kneecap.domain.clients.record import ClientDetails
from kneecap.services.errors import Invalid


def client_details_from_form(form: dict[str, str]) -> ClientDetails:
    errors: dict[str, str] = {}
    dob: date | None = None
    raw_dob = form.get("date_of_birth", "").strip()
    if raw_dob:
        try:
            dob = date.fromisoformat(raw_dob)
        except ValueError:
            errors["date_of_birth"] = "Enter the date as YYYY-MM-DD."
    km: float | None = None
    raw_km = form.get("weekly_running_km", "").strip()
    if raw_km:
        try:
            km = float(raw_km.replace(",", "."))
        except ValueError:
            errors["weekly_running_km"] = "Enter a number of kilometres, like 25."
    if errors:
        raise Invalid("Please correct the highlighted fields.", errors)
    return ClientDetails(
        name=form.get("name", ""),
        date_of_birth=dob,
        email=form.get("email", ""),
        phone=form.get("phone", ""),
        sports=tuple(s for s in form.get("sports", "").split(",")),
        weekly_running_km=km,
        goals=form.get("goals", ""),
    )
