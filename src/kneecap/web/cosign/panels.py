"""The co-signature queue on the chiropractor's dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.services.cosignature import CoSignatureService
from kneecap.web.access import can
from kneecap.web.cosign.links import page_of
from kneecap.web.deps import Principal, caller_of
from kneecap.web.panels import Panel


@dataclass(frozen=True)
class CoSignQueue:
    cosign: CoSignatureService

    def __call__(self, request: Request, principal: Principal) -> Panel | None:
        if not can(principal, Action.COSIGN_REVIEW):
            return None
        entries = self.cosign.queue(caller_of(request, principal))
        return Panel("cosign/_dashboard_panel.html", {"entries": entries, "page_of": page_of})
