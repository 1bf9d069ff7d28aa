"""Jinja2 set-up: autoescaping on, and helpers every page uses."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from kneecap.domain.access.permissions import permissions_of
from kneecap.domain.gait.review import CUE_LABELS, metric_label
from kneecap.web.deps import Principal
from kneecap.web.fields import invalid_message
from kneecap.web.static_lib import plotly_version

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.filters["when"] = _when
    templates.env.filters["metric_label"] = metric_label
    templates.env.globals["cue_labels"] = CUE_LABELS
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
            "startup": getattr(request.app.state, "startup", None),
            **context,
        },
        status_code=status_code,
    )
