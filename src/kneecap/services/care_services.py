"""The care area's services as one bundle for the container, and the clinic's escalation
setting (KNEECAP_ESCALATION_WEEKS, default 6 weeks: typical PFP programmes, shared/CLINICAL.md)."""

from __future__ import annotations

from collections.abc import Mapping
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

WEEKS_SETTING = "KNEECAP_ESCALATION_WEEKS"


class CareSettingError(ValueError):
    pass


def escalation_policy(env: Mapping[str, str]) -> EscalationPolicy:
    raw = env.get(WEEKS_SETTING, "")
    if not raw:
        return EscalationPolicy()
    try:
        weeks = float(raw)
    except ValueError:
        raise CareSettingError(f"{WEEKS_SETTING} must be a number of weeks, got {raw!r}") from None
    if not 1 <= weeks <= 52:
        raise CareSettingError(f"{WEEKS_SETTING} must be between 1 and 52 weeks, got {raw!r}")
    return EscalationPolicy(weeks_without_improvement=weeks)


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
    env: Mapping[str, str],
) -> CareServices:
    return CareServices(
        plans=CarePlanService(uow, gate, clock),
        programme=HomeProgrammeService(uow, gate, clock, calendar),
        outcomes=OutcomeService(uow, gate, clock),
        escalation=EscalationService(uow, gate, clock, escalation_policy(env)),
    )
