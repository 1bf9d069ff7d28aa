"""Appointments JSON API: list and book, open slots, move and cancel."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request

from kneecap.domain.access.roles import Role
from kneecap.domain.schedule.zone import to_local, zone
from kneecap.services.appointments import AppointmentService, Booking
from kneecap.services.caller import Caller
from kneecap.services.errors import Invalid
from kneecap.web.deps import ApiPrincipal, AppointmentsDep, ClockDep, caller_of
from kneecap.web.params import QueryId, RecordId
from kneecap.web.schedule.schemas import AppointmentIn, AppointmentOut, AppointmentPatch, SlotOut

router = APIRouter(prefix="/api/v1", tags=["appointments"])

From = Annotated[date | None, Query(alias="from", description="first day (ISO), clinic time")]
To = Annotated[date | None, Query(alias="to", description="last day (ISO), included")]


def _zone(service: AppointmentService, caller: Caller) -> ZoneInfo:
    return zone(service.rules(caller).time_zone)


@router.get("/availability")
def availability(
    request: Request,
    principal: ApiPrincipal,
    appointments: AppointmentsDep,
    clock: ClockDep,
    practitioner_id: QueryId,
    first: From = None,
    last: To = None,
    type: Annotated[str, Query(max_length=40)] = "follow_up",
    mode: Annotated[str | None, Query(max_length=20)] = None,
) -> list[SlotOut]:
    """Open slots of one practitioner on the clinic's days from..to (default: the next 7).
    POST one back to /api/v1/appointments as it is (staff add client_id) to book it."""
    caller = caller_of(request, principal)
    tz = _zone(appointments, caller)
    first = first or to_local(clock.now(), tz).date()
    slots = appointments.availability(caller, practitioner_id, first, last, type, mode)
    return [SlotOut.of(s, tz) for s in slots]


@router.get("/appointments")
def list_appointments(
    request: Request,
    principal: ApiPrincipal,
    appointments: AppointmentsDep,
    first: From = None,
    last: To = None,
    practitioner_id: QueryId | None = None,
    client_id: QueryId | None = None,
) -> list[AppointmentOut]:
    """Booked appointments on the clinic's days from..to (default: today and the next 6);
    a client sees only their own."""
    caller = caller_of(request, principal)
    rules, found = appointments.on_days(caller, first, last, practitioner_id, client_id)
    tz = zone(rules.time_zone)
    return [AppointmentOut.of(a, tz) for a in found]


@router.post("/appointments", status_code=201)
def book(
    request: Request, body: AppointmentIn, principal: ApiPrincipal, appointments: AppointmentsDep
) -> AppointmentOut:
    """Book an open slot; 409 when it was taken meanwhile."""
    caller = caller_of(request, principal)
    client_id = body.client_id
    if client_id is None:
        if principal.user.role is not Role.CLIENT or principal.user.client_id is None:
            raise Invalid("Say whose appointment this is: add client_id.", {"client_id": "missing"})
        client_id = principal.user.client_id
    booking = Booking(
        client_id=client_id,
        practitioner_id=body.practitioner_id,
        kind=body.type,
        starts_at=body.starts_at,
        mode=body.mode,
        video_link=body.video_link,
        plan_id=body.plan_id,
        ends_at=body.ends_at,
    )
    stored = appointments.book(caller, booking)
    return AppointmentOut.of(stored, _zone(appointments, caller))


@router.get("/appointments/{appointment_id}")
def one(
    request: Request,
    appointment_id: RecordId,
    principal: ApiPrincipal,
    appointments: AppointmentsDep,
) -> AppointmentOut:
    caller = caller_of(request, principal)
    found = appointments.get(caller, appointment_id)
    return AppointmentOut.of(found, _zone(appointments, caller))


@router.patch("/appointments/{appointment_id}")
def move(
    request: Request,
    appointment_id: RecordId,
    body: AppointmentPatch,
    principal: ApiPrincipal,
    appointments: AppointmentsDep,
) -> AppointmentOut:
    """Move to a new start (and practitioner), or change the video link; 409 if taken."""
    caller = caller_of(request, principal)
    current = appointments.get(caller, appointment_id)
    if body.starts_at is None and body.practitioner_id is None and body.video_link is None:
        raise Invalid("Send starts_at, practitioner_id or video_link to change.")
    moved = appointments.move(
        caller,
        appointment_id,
        body.starts_at or current.starts_at,
        body.practitioner_id,
        body.video_link,
    )
    return AppointmentOut.of(moved, _zone(appointments, caller))


@router.delete("/appointments/{appointment_id}")
def cancel(
    request: Request,
    appointment_id: RecordId,
    principal: ApiPrincipal,
    appointments: AppointmentsDep,
) -> AppointmentOut:
    """Cancel; the time is open again. Cancelling twice answers the cancelled appointment."""
    caller = caller_of(request, principal)
    cancelled = appointments.cancel(caller, appointment_id)
    return AppointmentOut.of(cancelled, _zone(appointments, caller))
