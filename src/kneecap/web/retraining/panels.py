"""The retraining section of the client page: the running block, or how to start one."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.retraining import RetrainingService
from kneecap.web.access import can, of_client
from kneecap.web.deps import Principal, caller_of
from kneecap.web.panels import Panel


@dataclass(frozen=True)
class RetrainingPanel:
    retraining: RetrainingService

    def __call__(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> Panel | None:
        if not can(principal, Action.RETRAINING_READ, of_client(record)):
            return None
        page = self.retraining.page(caller_of(request, principal), record.id)
        if not page.blocks and not page.candidates:
            return None
        return Panel("retraining/_client_panel.html", {"record": record, "page": page})
