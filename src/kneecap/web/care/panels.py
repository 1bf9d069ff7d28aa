"""The care sections of the client page and the chiropractor's dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.care import CarePlanService, current_plan
from kneecap.services.escalation import EscalationService
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.outcomes import OutcomeService
from kneecap.web.access import can, of_client
from kneecap.web.deps import Principal, caller_of
from kneecap.web.panels import DASHBOARD_SHOWN, Panel


@dataclass(frozen=True)
class CarePanel:
    """The current plan, the home programme's adherence and the latest AKPS."""

    plans: CarePlanService
    programme: HomeProgrammeService
    outcomes: OutcomeService

    def __call__(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> Panel | None:
        if not can(principal, Action.CARE_PLAN_VIEW, of_client(record)):
            return None
        caller = caller_of(request, principal)
        plan = current_plan(self.plans.plans(caller, record.id))
        view = self.programme.view(caller, record.id)
        summary = self.outcomes.summary(caller, record.id)
        akps = next((s for s in summary.series if s.key == "akps"), None)
        return Panel(
            "care/_client_panel.html",
            {"record": record, "plan": plan, "view": view, "akps": akps, "due": summary.next_due},
        )


@dataclass(frozen=True)
class EscalationAlerts:
    """Open escalation alerts on the chiropractor's dashboard."""

    escalation: EscalationService

    def __call__(self, request: Request, principal: Principal) -> Panel | None:
        if not can(principal, Action.ESCALATION_RECEIVE):
            return None
        found = self.escalation.open_alerts(caller_of(request, principal), DASHBOARD_SHOWN)
        return Panel("care/_dashboard_alerts.html", {"alerts": found.shown, "total": found.total})
