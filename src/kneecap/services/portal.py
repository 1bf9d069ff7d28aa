"""The client's home: what is due, in the order the portal leads them through it.

Each part is read through the service that owns it (so through the gate, as the client):
an intake not filled yet, the outcome questionnaires the schedule says are due (overdue
marked), today's home exercises and whether today is logged, running-form feedback released
in the last two weeks, the next appointment (with open times of the same practitioner to move
it to while the clinic's notice period allows), unread messages. "Today" is the clinic's day,
in its time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.domain.gait.review import GaitAnalysisRecord
from kneecap.domain.schedule.zone import to_local, zone
from kneecap.ports.security import Clock
from kneecap.services.appointments import AgendaItem, AppointmentService
from kneecap.services.assessments import AssessmentService
from kneecap.services.caller import Caller
from kneecap.services.gait import GaitService
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.messages import MessageService
from kneecap.services.outcomes import OutcomeService

NEW_FEEDBACK_DAYS = 14  # released running-form feedback counts as new for two weeks
VISIT_DAYS = 60  # how far ahead the home looks for the next visit (as the visits page)
MOVE_DAYS = 14  # open times offered to move the next visit to: the next two weeks
MOVE_CHOICES = 4


@dataclass(frozen=True)
class QuestionnaireDue:
    on: date
    overdue: bool
    first: bool  # none filled yet: the baseline


@dataclass(frozen=True)
class TodayExercises:
    exercises: tuple[tuple[str, ExercisePrescription], ...]  # (name, prescription)
    logged_today: bool


@dataclass(frozen=True)
class NextVisit:
    item: AgendaItem  # the appointment and the practitioner's name
    starts_local: datetime  # in the clinic's time zone
    changeable: bool  # outside the clinic's notice period: the client may move or cancel it
    moves: tuple[datetime, ...]  # open times (clinic zone) of the same practitioner and type


@dataclass(frozen=True)
class PortalHome:
    client_id: int
    today: date
    intake_missing: bool
    questionnaire: QuestionnaireDue | None  # None: nothing due before the next visit
    exercises: TodayExercises | None  # None: no home programme yet
    new_feedback: list[GaitAnalysisRecord]
    unread_messages: int
    next_visit: NextVisit | None = None  # None: nothing booked in the next 60 days

    @property
    def steps(self) -> list[str]:
        """What waits, first things first (the page shows each as a card in this order)."""
        out = []
        if self.intake_missing:
            out.append("intake")
        if self.questionnaire is not None and self.questionnaire.on <= self.today:
            out.append("questionnaire")
        if self.exercises is not None and not self.exercises.logged_today:
            out.append("exercises")
        if self.new_feedback:
            out.append("feedback")
        if self.next_visit is not None:
            out.append("visit")
        if self.unread_messages:
            out.append("messages")
        return out


class PortalService:
    def __init__(
        self,
        assessments: AssessmentService,
        outcomes: OutcomeService,
        programme: HomeProgrammeService,
        gait: GaitService,
        messages: MessageService,
        clock: Clock,
        appointments: AppointmentService | None = None,
    ) -> None:
        self._assessments = assessments
        self._outcomes = outcomes
        self._programme = programme
        self._gait = gait
        self._messages = messages
        self._clock = clock
        self._appointments = appointments

    def home(self, caller: Caller, client_id: int) -> PortalHome:
        now = self._clock.now()
        today = now.date()
        if self._appointments is not None:
            tz = zone(self._appointments.rules(caller).time_zone)
            today = to_local(now, tz).date()
        intake = self._assessments.latest_intake(caller, client_id)
        view = self._programme.view(caller, client_id)
        summary = self._outcomes.summary(caller, client_id)
        questionnaire = None
        if summary.next_due is not None:
            due = summary.next_due
            questionnaire = QuestionnaireDue(due, due < today, first=False)
        elif view.programme is not None:  # care has started and nothing was measured yet
            questionnaire = QuestionnaireDue(today, False, first=True)
        exercises = None
        if view.programme is not None and view.programme.start <= today <= view.programme.end:
            named = tuple(
                (view.library.get(p.exercise_id).name, p) for p in view.programme.prescriptions
            )
            exercises = TodayExercises(named, any(log.on == today for log in view.logs))
        since = today - timedelta(days=NEW_FEEDBACK_DAYS)
        feedback = [
            a
            for a in self._gait.for_client(caller, client_id)
            if a.released_at is not None and a.released_at.date() >= since
        ]
        return PortalHome(
            client_id,
            today,
            intake is None,
            questionnaire,
            exercises,
            feedback,
            self._messages.unread_count(caller, client_id),
            self._next_visit(caller, client_id, now),
        )

    def _next_visit(self, caller: Caller, client_id: int, now: datetime) -> NextVisit | None:
        if self._appointments is None:
            return None
        booked = self._appointments.agenda(
            caller, now, now + timedelta(days=VISIT_DAYS), client_id=client_id
        )
        upcoming = [i for i in booked if i.appointment.starts_at >= now]
        if not upcoming:
            return None
        item = upcoming[0]
        a = item.appointment
        rules = self._appointments.rules(caller)
        tz = zone(rules.time_zone)
        changeable = a.starts_at - now >= rules.notice
        moves: tuple[datetime, ...] = ()
        if changeable:
            first = to_local(now, tz).date()
            slots = self._appointments.availability(
                caller, a.practitioner_id, first, first + timedelta(days=MOVE_DAYS - 1),
                a.kind.value, a.mode.value,
            )  # fmt: skip
            moves = tuple(to_local(s.starts_at, tz) for s in slots if s.starts_at != a.starts_at)[
                :MOVE_CHOICES
            ]
        return NextVisit(item, to_local(a.starts_at, tz), changeable, moves)
