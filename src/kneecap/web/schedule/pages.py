"""The clinic's day in the browser: the staff day and week views (book, move, cancel), the
client's visits and booking in the portal, and the clinic's scheduling settings.

Times are entered and shown in the clinic's time zone; the services store UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.schedule.errors import ScheduleError
from kneecap.domain.schedule.hours import WEEKDAYS, HoursBlock, parse_block
from kneecap.domain.schedule.kinds import KINDS, AppointmentKind
from kneecap.domain.schedule.slots import day_span
from kneecap.domain.schedule.zone import local_day_bounds, to_local, to_utc, zone, zone_names
from kneecap.services.appointments import Booking
from kneecap.services.errors import Invalid
from kneecap.web.access import can
from kneecap.web.deps import (
    AppointmentsDep,
    ClientsDep,
    ClockDep,
    FormPrincipal,
    PagePrincipal,
    Principal,
    caller_of,
)
from kneecap.web.params import MAX_ID, RecordId
from kneecap.web.templating import render

router = APIRouter()

Day = Annotated[date | None, Query()]
FormId = Annotated[int, Form(ge=1, le=MAX_ID)]


def _wall(at: str) -> time:
    try:
        return time.fromisoformat(at)
    except ValueError:
        raise Invalid(f"Write the time as HH:MM (got {at!r}).", {"time": "not a time"}) from None


def _day(day: date) -> date:
    """A day of Kneecap's calendar (so the day after it and the week around it exist)."""
    try:
        day_span(day, day)
    except ScheduleError as exc:
        raise Invalid(str(exc), {"day": str(exc)}) from exc
    return day


def _staff_only(principal: PagePrincipal) -> None:
    if principal.user.role is Role.CLIENT:
        raise Invalid("The clinic's calendar is for staff; your visits are under Visits.")


@router.get("/schedule")
def day_view(
    request: Request,
    principal: PagePrincipal,
    appointments: AppointmentsDep,
    clients: ClientsDep,
    clock: ClockDep,
    day: Day = None,
) -> Response:
    """Staff: one day of the clinic, by practitioner, with a form to book."""
    _staff_only(principal)
    caller = caller_of(request, principal)
    tz = zone(appointments.rules(caller).time_zone)
    day = _day(day or to_local(clock.now(), tz).date())
    start, end = local_day_bounds(day, tz)
    items = appointments.agenda(caller, start, end)
    practitioners = appointments.practitioners(caller)
    by_practitioner = {
        p.id: [i for i in items if i.appointment.practitioner_id == p.id] for p in practitioners
    }
    return render(
        request,
        "schedule/day.html",
        principal,
        day=day,
        prev=day - timedelta(days=1),
        next=day + timedelta(days=1),
        items=items,
        practitioners=practitioners,
        by_practitioner=by_practitioner,
        clients=clients.list(caller, limit=200).clients,
        kinds=list(AppointmentKind),
        kind_info=KINDS,
    )


@router.get("/schedule/week")
def week_view(
    request: Request,
    principal: PagePrincipal,
    appointments: AppointmentsDep,
    clock: ClockDep,
    start: Day = None,
) -> Response:
    """Staff: seven days from a Monday, each day's visits in time order."""
    _staff_only(principal)
    caller = caller_of(request, principal)
    tz = zone(appointments.rules(caller).time_zone)
    first = _day(start or to_local(clock.now(), tz).date())
    first -= timedelta(days=first.weekday())  # inside the bounds, far from date.max
    days = [first + timedelta(days=i) for i in range(7)]
    begin, _ = local_day_bounds(days[0], tz)
    _, end = local_day_bounds(days[-1], tz)
    items = appointments.agenda(caller, begin, end)
    per_day = {
        d: [i for i in items if to_local(i.appointment.starts_at, tz).date() == d] for d in days
    }
    return render(
        request,
        "schedule/week.html",
        principal,
        days=days,
        per_day=per_day,
        prev=first - timedelta(days=7),
        next=first + timedelta(days=7),
    )


@router.post("/schedule/book")
def staff_book(
    request: Request,
    principal: FormPrincipal,
    appointments: AppointmentsDep,
    client_id: FormId,
    practitioner_id: FormId,
    day: Annotated[date, Form()],
    at: Annotated[str, Form(max_length=8)],
    kind: Annotated[str, Form(max_length=40)] = "follow_up",
    mode: Annotated[str, Form(max_length=20)] = "",
    video_link: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    caller = caller_of(request, principal)
    tz = zone(appointments.rules(caller).time_zone)
    starts = to_utc(_day(day), _wall(at), tz)
    appointments.book(
        caller, Booking(client_id, practitioner_id, kind, starts, mode or None, video_link)
    )
    return RedirectResponse(f"/schedule?day={day.isoformat()}", status_code=303)


@router.post("/appointments/{appointment_id}/move")
def move(
    request: Request,
    appointment_id: RecordId,
    principal: FormPrincipal,
    appointments: AppointmentsDep,
    day: Annotated[date, Form()],
    at: Annotated[str, Form(max_length=8)],
    back: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    caller = caller_of(request, principal)
    tz = zone(appointments.rules(caller).time_zone)
    appointments.move(caller, appointment_id, to_utc(_day(day), _wall(at), tz))
    return RedirectResponse(_back(principal, back, f"/schedule?day={day}"), status_code=303)


@router.post("/appointments/{appointment_id}/cancel")
def cancel(
    request: Request,
    appointment_id: RecordId,
    principal: FormPrincipal,
    appointments: AppointmentsDep,
    back: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    caller = caller_of(request, principal)
    cancelled = appointments.cancel(caller, appointment_id)
    tz = zone(appointments.rules(caller).time_zone)
    day = to_local(cancelled.starts_at, tz).date()
    return RedirectResponse(_back(principal, back, f"/schedule?day={day}"), status_code=303)


def _back(principal: Principal, back: str, staff: str) -> str:
    """Where a move or cancel returns: a client to the home or visits page they used."""
    if principal.user.role is not Role.CLIENT:
        return staff
    return "/" if back == "home" else "/visits"


# --- the portal ----------------------------------------------------------------------------


@router.get("/visits")
def visits(
    request: Request,
    principal: PagePrincipal,
    appointments: AppointmentsDep,
    clock: ClockDep,
    practitioner_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    kind: Annotated[str, Query(max_length=40)] = "follow_up",
    start: Day = None,
) -> Response:
    """A client's upcoming visits, and open slots to book (a week at a time)."""
    user = principal.user
    if user.client_id is None:
        return RedirectResponse("/schedule", status_code=303)
    caller = caller_of(request, principal)
    rules = appointments.rules(caller)
    tz = zone(rules.time_zone)
    upcoming = appointments.agenda(
        caller, clock.now(), clock.now() + timedelta(days=60), client_id=user.client_id
    )
    practitioners = appointments.practitioners(caller)
    first = _day(start or to_local(clock.now(), tz).date())
    slots = []
    if practitioner_id is not None:
        slots = appointments.availability(
            caller, practitioner_id, first, first + timedelta(days=6), kind
        )
    return render(
        request,
        "schedule/visits.html",
        principal,
        upcoming=upcoming,
        practitioners=practitioners,
        practitioner_id=practitioner_id,
        kind=kind,
        kinds=list(AppointmentKind),
        first=first,
        next=first + timedelta(days=7),
        slots=slots,
        notice_hours=rules.notice.total_seconds() / 3600,
        changeable=lambda a: a.starts_at - clock.now() >= rules.notice,
    )


@router.post("/visits/book")
def client_book(
    request: Request,
    principal: FormPrincipal,
    appointments: AppointmentsDep,
    practitioner_id: FormId,
    starts_at: Annotated[datetime, Form()],
    kind: Annotated[str, Form(max_length=40)] = "follow_up",
) -> Response:
    user = principal.user
    if user.client_id is None:
        raise Invalid("Only a client books here; staff book from the day view.")
    if starts_at.tzinfo is None:
        raise Invalid("Choose one of the listed slots.")
    appointments.book(
        caller_of(request, principal), Booking(user.client_id, practitioner_id, kind, starts_at)
    )
    return RedirectResponse("/visits", status_code=303)


# --- settings ------------------------------------------------------------------------------


@router.get("/schedule/settings")
def settings_page(
    request: Request, principal: PagePrincipal, appointments: AppointmentsDep
) -> Response:
    """The clinic's time zone, notice and reminder periods (admin), and working hours."""
    _staff_only(principal)
    caller = caller_of(request, principal)
    practitioners = appointments.practitioners(caller)
    hours = {p.id: appointments.hours(caller, p.id) for p in practitioners}
    text = {
        p.id: {
            d: ", ".join(f"{b.start:%H:%M}-{b.end:%H:%M}" for b in hours[p.id] if b.weekday == d)
            for d in range(7)
        }
        for p in practitioners
    }
    return render(
        request,
        "schedule/settings.html",
        principal,
        rules=appointments.rules(caller),
        zones=zone_names(),
        practitioners=practitioners,
        hours_text=text,
        weekdays=WEEKDAYS,
        may_set_rules=can(principal, Action.CLINIC_SETTINGS),
    )


@router.post("/schedule/settings")
def save_rules(
    request: Request,
    principal: FormPrincipal,
    appointments: AppointmentsDep,
    time_zone: Annotated[str, Form(max_length=64)],
    notice_hours: Annotated[float, Form(ge=0, le=720)],
    reminder_hours: Annotated[float, Form(ge=0, le=720)],
) -> Response:
    appointments.set_rules(caller_of(request, principal), time_zone, notice_hours, reminder_hours)
    return RedirectResponse("/schedule/settings", status_code=303)


@router.post("/schedule/settings/hours/{practitioner_id}")
async def save_hours(
    request: Request,
    practitioner_id: RecordId,
    principal: FormPrincipal,
    appointments: AppointmentsDep,
) -> Response:
    form = await request.form()
    blocks: list[HoursBlock] = []
    try:
        for d in range(7):
            text = str(form.get(f"day{d}", ""))[:200]
            blocks += [parse_block(d, part) for part in text.split(",") if part.strip()]
    except ScheduleError as exc:
        raise Invalid(str(exc), {"day": str(exc)}) from exc
    appointments.set_hours(caller_of(request, principal), practitioner_id, blocks)
    return RedirectResponse("/schedule/settings", status_code=303)
