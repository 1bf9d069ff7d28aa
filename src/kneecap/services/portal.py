"""The client's home: what is due, in the order the portal leads them through it.

Each part is read through the service that owns it (so through the gate, as the client):
an intake not filled yet, the outcome questionnaires the schedule says are due (overdue
marked), today's home exercises and whether today is logged, running-form feedback released
in the last two weeks, unread messages. The next appointment has its slot (`next_visit`),
filled by the appointments area.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.domain.gait.review import GaitAnalysisRecord
from kneecap.ports.security import Clock
from kneecap.services.assessments import AssessmentService
from kneecap.services.caller import Caller
from kneecap.services.gait import GaitService
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.messages import MessageService
from kneecap.services.outcomes import OutcomeService

NEW_FEEDBACK_DAYS = 14  # released running-form feedback counts as new for two weeks


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
class PortalHome:
    client_id: int
    today: date
    intake_missing: bool
    questionnaire: QuestionnaireDue | None  # None: nothing due before the next visit
    exercises: TodayExercises | None  # None: no home programme yet
    new_feedback: list[GaitAnalysisRecord]
    unread_messages: int
    next_visit: object | None = None  # the appointments area's slot

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
    ) -> None:
        self._assessments = assessments
        self._outcomes = outcomes
        self._programme = programme
        self._gait = gait
        self._messages = messages
        self._clock = clock

    def home(self, caller: Caller, client_id: int) -> PortalHome:
        today = self._clock.now().date()
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
        )
