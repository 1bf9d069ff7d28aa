"""The training-load section of the client page."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.training import TrainingService
from kneecap.web.access import can, of_client
from kneecap.web.deps import Principal, caller_of
from kneecap.web.load.schemas import RULES
from kneecap.web.panels import Panel


@dataclass(frozen=True)
class TrainingPanel:
    """Activities, open alerts and the last four weeks' running distance."""

    training: TrainingService

    def __call__(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> Panel | None:
        if not can(principal, Action.TRAINING_READ, of_client(record)):
            return None
        report = self.training.report(caller_of(request, principal), record.id)
        last4 = report.analysis.weeks[-4:]
        return Panel("load/_client_panel.html", {
            "record": record, "activities": report.activity_count, "open": report.open_alerts,
            "run_km_4w": round(sum(w.run_km for w in last4), 1), "rules": RULES,
            "ph": report.physiology, "to_confirm": len(report.to_confirm),
        })  # fmt: skip
