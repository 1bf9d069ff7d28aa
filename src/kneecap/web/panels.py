"""Sections that each area adds to the client page, without editing the page itself.

An area (assessments, care, training load, running form) registers a function here from its
routes module; the client page calls each in order and includes the template it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from kneecap.bootstrap import Container
from kneecap.domain.clients.record import ClientRecord
from kneecap.web.deps import Principal


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


PanelBuilder = Callable[[Request, Principal, Container, ClientRecord], Panel | None]
CLIENT_PANELS: list[PanelBuilder] = []


def client_panel(builder: PanelBuilder) -> PanelBuilder:
    CLIENT_PANELS.append(builder)
    return builder


def build_panels(
    request: Request, principal: Principal, c: Container, record: ClientRecord
) -> list[Panel]:
    panels = (build(request, principal, c, record) for build in CLIENT_PANELS)
    return [p for p in panels if p is not None]


# Sections areas add to a dashboard (e.g. the chiropractor's inbox of handoffs).
DashboardBuilder = Callable[[Request, Principal, Container], Panel | None]
DASHBOARD_PANELS: list[DashboardBuilder] = []


def dashboard_panel(builder: DashboardBuilder) -> DashboardBuilder:
    DASHBOARD_PANELS.append(builder)
    return builder


def build_dashboard_panels(request: Request, principal: Principal, c: Container) -> list[Panel]:
    panels = (build(request, principal, c) for build in DASHBOARD_PANELS)
    return [p for p in panels if p is not None]
