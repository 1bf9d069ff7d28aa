"""Jinja2 set-up: autoescaping on, and helpers every page uses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.responses import HTMLResponse

from kneecap.domain.access.permissions import permissions_of
from kneecap.domain.gait.review import CUE_LABELS, metric_label
from kneecap.web.deps import Principal, clinic_time_zone
from kneecap.web.fields import invalid_message
from kneecap.web.static_lib import plotly_version

TEMPLATES_DIR = Path(__file__).parent / "templates"


@pass_context
def _when(context: Mapping[str, Any], value: datetime | None) -> str:
    """A stored (UTC) time in the clinic's time zone, with the zone's abbreviation."""
    if not value:
        return "—"
    name = context.get("clinic_zone") or "UTC"
    if name == "UTC":
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.astimezone(ZoneInfo(name)).strftime("%Y-%m-%d %H:%M %Z")


@pass_context
def _clock(context: Mapping[str, Any], value: datetime) -> str:
    """Only the wall-clock time (HH:MM) in the clinic's time zone (day and week views)."""
    return value.astimezone(ZoneInfo(context.get("clinic_zone") or "UTC")).strftime("%H:%M")


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    # The templates ship with the package and the server has no reload mode: each render
    # need not stat its template files for changes (several per page, bench/request_profile.py).
    templates.env.auto_reload = False
    templates.env.filters["when"] = _when
    templates.env.filters["metric_label"] = metric_label
    templates.env.globals["cue_labels"] = CUE_LABELS
    templates.env.filters["clock"] = _clock
    templates.env.globals["plotly_version"] = plotly_version()
    return templates


def render(
    request: Request,
    name: str,
    principal: Principal | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    errors, message = context.get("errors"), context.get("message")
    if errors and isinstance(message, str):
        # A page shown again with its form's errors says which fields, by their labels.
        context["message"] = invalid_message(message, errors)
    can = {a.value for a in permissions_of(principal.user.role)} if principal else set()
    return templates.TemplateResponse(
        request,
        name,
        {
            "principal": principal,
            "user": principal.user if principal else None,
            "csrf_token": principal.csrf_token if principal else "",
            "can": can,
            "clinic_zone": clinic_time_zone(request, principal),
            "startup": getattr(request.app.state, "startup", None),
            **context,
        },
        status_code=status_code,
    )
