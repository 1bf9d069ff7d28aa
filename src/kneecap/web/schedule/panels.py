"""The clinic's day on the dashboard (today's visits; a client's next visits) and on the
client page (upcoming visits and the care plan's planned visits to book)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.schedule.zone import local_day_bounds, to_local, zone
from kneecap.ports.security import Clock
from kneecap.services.appointments import AppointmentService
from kneecap.web.access import can, of_client
from kneecap.web.deps import Principal, caller_of, clinic_time_zone
from kneecap.web.panels import Panel


@dataclass(frozen=True)
class TodaysVisits:
    appointments: AppointmentService
    clock: Clock

    def __call__(self, request: Request, principal: Principal) -> Panel | None:
        if not can(principal, Action.APPOINTMENT_READ):
            return None
        caller = caller_of(request, principal)
        now = self.clock.now()
        if principal.user.client_id is not None:
            items = self.appointments.agenda(
                caller, now, now + timedelta(days=60), client_id=principal.user.client_id
            )
            return Panel("schedule/_client_dashboard.html", {"visits": items[:3]})
        tz = zone(clinic_time_zone(request, principal))  # read once a request, with the page's
        start, end = local_day_bounds(to_local(now, tz).date(), tz)
        items = self.appointments.agenda(caller, start, end)
        return Panel("schedule/_staff_dashboard.html", {"visits": items})


@dataclass(frozen=True)
class ClientVisits:
    appointments: AppointmentService

    def __call__(
        self, request: Request, principal: Principal, record: ClientRecord
    ) -> Panel | None:
        if principal.user.client_id is not None or not can(
            principal, Action.APPOINTMENT_READ, of_client(record)
        ):
            return None
        caller = caller_of(request, principal)
        upcoming = self.appointments.upcoming(caller, record.id)
        proposals = (
            self.appointments.proposals(caller, record.id)
            if can(principal, Action.CARE_PLAN_VIEW, of_client(record))
            else []
        )
        return Panel(
            "schedule/_client_panel.html",
            {"upcoming": upcoming, "proposals": proposals, "client_id": record.id},
        )
