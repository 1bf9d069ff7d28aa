"""Sections that areas add to the client page and the dashboard, without editing those pages.

Each area offers its sections as small objects holding the services they read; the app factory
composes them into one `Panels` (in page order) and the pages include what each returns.
A section returns None where the signed-in user has nothing to see in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from fastapi import Request

from kneecap.domain.clients.record import ClientRecord

if TYPE_CHECKING:
    from kneecap.web.deps import Principal


# A dashboard panel lists the newest few and links to its whole list, so a large clinic's
# backlog neither buries the other panels nor costs the page its time (bench/clinic_scale.py).
DASHBOARD_SHOWN = 10


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


class ClientPanel(Protocol):
    def __call__(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> Panel | None: ...


class DashboardPanel(Protocol):
    def __call__(self, request: Request, principal: Principal) -> Panel | None: ...


@dataclass(frozen=True)
class Panels:
    client: tuple[ClientPanel, ...] = ()
    dashboard: tuple[DashboardPanel, ...] = ()

    def for_client(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> list[Panel]:
        shown = (build(request, principal, record) for build in self.client)
        return [p for p in shown if p is not None]

    def for_dashboard(self, request: Request, principal: Principal) -> list[Panel]:
        shown = (build(request, principal) for build in self.dashboard)
        return [p for p in shown if p is not None]
