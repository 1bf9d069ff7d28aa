"""The running-form section of the client page."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.gait import GaitService
from kneecap.web.access import can, of_client
from kneecap.web.deps import Principal, caller_of
from kneecap.web.panels import Panel


@dataclass(frozen=True)
class GaitPanel:
    """The client's analyses (clients see only released ones)."""

    gait: GaitService

    def __call__(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> Panel | None:
        if not can(principal, Action.GAIT_READ, of_client(record)):
            return None
        analyses = self.gait.for_client(caller_of(request, principal), record.id)
        return Panel("gait/_client_panel.html", {"record": record, "analyses": analyses})
