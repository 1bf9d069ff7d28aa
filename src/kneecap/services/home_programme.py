"""Home programme: prescribe from the exercise library, the client's session logs, adherence,
the hand-out and the recovery calendar.

The hand-out and the calendar are the client's documents whoever prints or exports them: they
hold the plan as the client may see it (plan_review.client_plan) and the programme's notes
once co-signed. A programme's load notes and notes are one versioned text (PROGRAMME_NOTES).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.calendar.bounds import LOGGED, PLANNED
from kneecap.domain.calendar.events import DatedEvent
from kneecap.domain.care import prescriptions as rx
from kneecap.domain.care.adherence import Adherence, PainTrend, adherence, pain_trend
from kneecap.domain.care.exercises import Category, ExerciseLibrary, load_library
from kneecap.domain.care.handout import Handout, build_handout
from kneecap.domain.care.plan import CarePlan
from kneecap.domain.care.plan_review import client_plan
from kneecap.domain.care.prescriptions import ExercisePrescription, HomeProgramme, SessionLog
from kneecap.domain.care.recovery import DayKind, recovery_events, suggest_week
from kneecap.domain.outcomes.schedule import due_dates
from kneecap.ports.calendar import CalendarExporter
from kneecap.ports.security import Clock
from kneecap.ports.texts import CareTextUnitOfWorkFactory, TextUnitOfWork
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller, user_id_of
from kneecap.services.care import current_plan
from kneecap.services.client_texts import shown_to_client, submit_text
from kneecap.services.dates import check_dates
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.text_keys import PROGRAMME_NOTES

MAX_STRENGTH_DAYS = 4  # suggest_week keeps a day between loaded sessions


@dataclass(frozen=True)
class ProgrammeView:
    programme: HomeProgramme | None
    logs: Sequence[SessionLog]
    adherence: Adherence | None  # whole programme so far
    last_week: Adherence | None
    pain_during: PainTrend
    pain_morning: PainTrend
    library: ExerciseLibrary


def programme_events(
    plan: CarePlan, programme: HomeProgramme, library: ExerciseLibrary, today: date
) -> list[DatedEvent]:
    """The recovery schedule: exercise days, planned visits and questionnaire due dates."""
    strength = [
        p
        for p in programme.prescriptions
        if library.get(p.exercise_id).category is Category.STRENGTH
    ]
    days = min(max((p.days_per_week for p in strength), default=0), MAX_STRENGTH_DAYS)
    weeks = max(1, -(-((programme.end - programme.start).days + 1) // 7))
    names = {
        DayKind.STRENGTH: ", ".join(library.get(p.exercise_id).name for p in strength),
        DayKind.MOBILITY: ", ".join(
            library.get(p.exercise_id).name for p in programme.prescriptions if p not in strength
        ),
    }
    events = [
        e
        for e in recovery_events(
            plan_id=plan.id,
            start=programme.start,
            weeks=weeks,
            template=suggest_week(days),
            details=names,
        )
        if e.on <= programme.end
    ]
    for visit in plan.content.planned_visits:
        who = "chiropractor" if visit.provider_role.value == "chiropractor" else "massage therapist"
        events.append(
            DatedEvent(
                key=f"care-plan-{plan.id}-visit-{visit.on.isoformat()}",
                title=f"Clinic visit ({who})",
                on=visit.on,
                description=visit.purpose,
                category="visit",
            )
        )
    for due in due_dates(plan.start, max(programme.end, today)):
        events.append(
            DatedEvent(
                key=f"care-plan-{plan.id}-outcomes-{due.isoformat()}",
                title="Questionnaires due (knee score and pain)",
                on=due,
                category="questionnaire",
            )
        )
    return sorted(events, key=lambda e: (e.on, e.category))


def notes_text(programme: HomeProgramme, library: ExerciseLibrary) -> str:
    """The programme's free text (load notes, notes), one exercise a line: what is co-signed."""
    lines = []
    for p in programme.prescriptions:
        said = "; ".join(t for t in (p.load_note.strip(), p.notes.strip()) if t)
        if said:
            lines.append(f"{library.get(p.exercise_id).name}: {said}")
    return "\n".join(lines)


def client_programme(
    uow: TextUnitOfWork, programme: HomeProgramme, library: ExerciseLibrary
) -> HomeProgramme:
    """The programme as its client sees it: without its notes while they wait for co-signature
    (a programme never changes, so a co-signed version is exactly its notes)."""
    written = notes_text(programme, library)
    if not written or shown_to_client(uow, PROGRAMME_NOTES.key(programme.id), written):
        return programme
    bare = tuple(replace(p, load_note="", notes="") for p in programme.prescriptions)
    return replace(programme, prescriptions=bare)


class HomeProgrammeService:
    def __init__(
        self,
        uow_factory: CareTextUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        calendar: CalendarExporter,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._calendar = calendar
        self.library = load_library()

    def prescribe(
        self,
        caller: Caller,
        client_id: int,
        plan_id: int,
        start: date,
        end: date,
        items: Sequence[ExercisePrescription],
    ) -> HomeProgramme:
        action = Action.HOME_PROGRAMME_PRESCRIBE
        with self._uow() as uow:
            record = self._gate.client(uow, caller, action, client_id, kind="home_programme")
            check_dates(self._clock.now().date(), start=(start, PLANNED), end=(end, PLANNED))
            plan = uow.care.get_plan(plan_id)
            if plan is None or plan.client_id != client_id:
                raise NotFound("That care plan")
            res = Resource("home_programme", record.clinic_id, client_id=client_id)
            with self._gate.refusals(uow, caller, action, res):
                programme = rx.prescribe_programme(
                    programme_id=0,
                    client_id=client_id,
                    plan_id=plan_id,
                    prescribed_by=str(user_id_of(caller)),
                    prescriber_role=caller.actor.role,
                    start=start,
                    end=end,
                    prescriptions=items,
                    library=self.library,
                )
            stored = uow.care.add_programme(record.clinic_id, programme)
            notes = notes_text(stored, self.library)
            if notes:
                key = PROGRAMME_NOTES.key(stored.id)
                submit_text(uow, caller, record.clinic_id, client_id, key, notes, self._clock.now())
            uow.commit()
        return stored

    def log_session(
        self,
        caller: Caller,
        client_id: int,
        on: date,
        exercises_done: Sequence[str] | None,
        pain_during: int | None,
        pain_next_morning: int | None,
        note: str = "",
    ) -> SessionLog:
        action = Action.SESSION_LOG_WRITE
        with self._uow() as uow:
            record = self._gate.client(uow, caller, action, client_id, kind="session_log")
            programmes = uow.care.programmes_for(client_id)
            if not programmes:
                raise Invalid("There is no home programme to log yet; ask your clinic.")
            if on > self._clock.now().date():
                raise Invalid(
                    "That day is in the future; log a session once it is done.",
                    {"on": "Pick today or an earlier day."},
                )
            check_dates(self._clock.now().date(), on=(on, LOGGED))
            res = Resource("session_log", record.clinic_id, client_id=client_id)
            with self._gate.refusals(uow, caller, action, res):
                log = rx.log_session(
                    programmes[-1],
                    on=on,
                    exercises_done=exercises_done,
                    pain_during=pain_during,
                    pain_next_morning=pain_next_morning,
                    note=note,
                )
            uow.care.add_log(client_id, log)
            uow.commit()
        return log

    def view(self, caller: Caller, client_id: int) -> ProgrammeView:
        with self._uow() as uow:
            self._gate.client(
                uow, caller, Action.HOME_PROGRAMME_VIEW, client_id, kind="home_programme"
            )
            programmes = uow.care.programmes_for(client_id)
            logs = list(uow.care.logs_for(client_id))
            programme = programmes[-1] if programmes else None
            if programme is not None and caller.actor.role is Role.CLIENT:
                programme = client_programme(uow, programme, self.library)
            uow.commit()
        today = self._clock.now().date()
        own = [log for log in logs if programme and log.programme_id == programme.id]
        whole = week = None
        if programme is not None and today >= programme.start:
            whole = adherence(programme, own, start=programme.start, end=today)
            week = adherence(
                programme, own, start=max(programme.start, today - timedelta(days=6)), end=today
            )
        return ProgrammeView(
            programme,
            own,
            whole,
            week,
            pain_trend(own, field="pain_during"),
            pain_trend(own, field="pain_next_morning"),
            self.library,
        )

    def _plan_and_programme(
        self, caller: Caller, client_id: int, action: Action
    ) -> tuple[str, str, CarePlan, HomeProgramme]:
        """The client's documents' content: their plan and programme as they may see them."""
        with self._uow() as uow:
            record = self._gate.client(uow, caller, action, client_id, kind="care_plan")
            newest = current_plan(uow.care.plans_for(client_id))
            plan = client_plan(newest) if newest is not None else None
            programmes = uow.care.programmes_for(client_id)
            programme = client_programme(uow, programmes[-1], self.library) if programmes else None
            clinic = uow.clinics.get(record.clinic_id)
            uow.commit()
        if plan is None or programme is None:
            raise NotFound("A signed care plan with a home programme")
        return (clinic.name if clinic else ""), record.name, plan, programme

    def handout(self, caller: Caller, client_id: int) -> Handout:
        clinic, name, plan, programme = self._plan_and_programme(
            caller, client_id, Action.HANDOUT_EXPORT
        )
        return build_handout(
            plan=plan,
            programme=programme,
            library=self.library,
            clinic_name=clinic,
            client_name=name,
            issued_on=self._clock.now().date(),
        )

    def events(self, caller: Caller, client_id: int) -> list[DatedEvent]:
        _, _, plan, programme = self._plan_and_programme(caller, client_id, Action.CALENDAR_EXPORT)
        return programme_events(plan, programme, self.library, self._clock.now().date())

    def calendar_file(self, caller: Caller, client_id: int) -> bytes:
        events = self.events(caller, client_id)
        return self._calendar.export(events, calendar_name="Knee recovery plan")
