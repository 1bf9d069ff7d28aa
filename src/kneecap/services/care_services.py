"""The care area's services as one bundle for the container
(the escalation threshold comes from Settings.escalation_weeks)."""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.care.escalation import EscalationPolicy
from kneecap.ports.calendar import CalendarExporter
from kneecap.ports.care import CareUnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.care import CarePlanService
from kneecap.services.escalation import EscalationService
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.outcomes import OutcomeService


@dataclass
class CareServices:
    plans: CarePlanService
    programme: HomeProgrammeService
    outcomes: OutcomeService
    escalation: EscalationService


def care_services(
    uow: CareUnitOfWorkFactory,
    gate: Gate,
    clock: Clock,
    calendar: CalendarExporter,
    escalation_weeks: float,
) -> CareServices:
    return CareServices(
        plans=CarePlanService(uow, gate, clock),
        programme=HomeProgrammeService(uow, gate, clock, calendar),
        outcomes=OutcomeService(uow, gate, clock),
        escalation=EscalationService(
            uow, gate, clock, EscalationPolicy(weeks_without_improvement=escalation_weeks)
        ),
    )
