"""The clinical sections of the client page and the chiropractor's dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.assessments import AssessmentService
from kneecap.services.diagnoses import DiagnosisService
from kneecap.web.access import can, of_client
from kneecap.web.deps import Principal, caller_of
from kneecap.web.panels import DASHBOARD_SHOWN, Panel


@dataclass(frozen=True)
class ClinicalPanel:
    """Intake, examinations and diagnoses (a client sees their own intake and what was
    released to them)."""

    assessments: AssessmentService
    diagnoses: DiagnosisService

    def __call__(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> Panel | None:
        here = of_client(record)
        if not can(principal, Action.INTAKE_READ, here):
            return None
        caller = caller_of(request, principal)
        # Who reads examinations sees the clinician's view; the client sees their own intake
        # and what a chiropractor released to them.
        clinician_view = can(principal, Action.ASSESSMENT_READ, here)
        context: dict[str, Any] = {
            "record": record,
            "intake": self.assessments.latest_intake(caller, record.id),
            "diagnoses": self.diagnoses.list(caller, record.id),
            "clinician_view": clinician_view,
            "saved": request.query_params.get("intake") == "saved",
        }
        if clinician_view:
            context["assessments"] = self.assessments.list(caller, record.id)
            context["red_flags"] = self.assessments.intake_red_flags(caller, record.id)
        return Panel("clinical/_client_panel.html", context)


@dataclass(frozen=True)
class HandoffInbox:
    """The newest handoffs addressed to the chiropractor."""

    assessments: AssessmentService

    def __call__(self, request: Request, principal: Principal) -> Panel | None:
        if not can(principal, Action.HANDOFF_INBOX):
            return None
        items = self.assessments.inbox(caller_of(request, principal))
        return Panel("clinical/_inbox_panel.html", {"handoffs": items[:5], "total": len(items)})


@dataclass(frozen=True)
class IntakeRedFlagsPanel:
    """Clients whose newest intake raises a red flag no clinician has answered yet (the
    chiropractor's and the LMTs' dashboards)."""

    assessments: AssessmentService

    def __call__(self, request: Request, principal: Principal) -> Panel | None:
        if not can(principal, Action.ASSESSMENT_READ):
            return None
        total, found = self.assessments.red_flags_panel(
            caller_of(request, principal), DASHBOARD_SHOWN
        )
        return Panel(
            "clinical/_red_flags_panel.html",
            {"found": found, "total": total, "shown": DASHBOARD_SHOWN},
        )
