"""The clinic's threads waiting for an answer, on the practitioners' dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.services.messages import MessageService
from kneecap.web.access import can
from kneecap.web.deps import Principal, caller_of
from kneecap.web.panels import Panel


@dataclass(frozen=True)
class UnansweredMessages:
    messages: MessageService

    def __call__(self, request: Request, principal: Principal) -> Panel | None:
        if not can(principal, Action.MESSAGE_THREADS):
            return None
        rows = self.messages.threads(caller_of(request, principal))
        waiting = [r for r in rows if r.awaits_answer]
        return Panel("messages/_dashboard_panel.html", {"waiting": waiting})
