"""Training load for one client (series, guardrail alerts, shoes, pain log, plan) and for the
clinic (runners with open alerts). Every call passes the gate first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.calendar.bounds import PLANNED
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.jobs import Job
from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity
from kneecap.domain.load.analysis import LoadAnalysis, analyze, open_alerts
from kneecap.domain.load.goal import (
    InvalidGoal,
    PlanKind,
    PlanView,
    TrainingGoal,
    baseline,
    build_plan,
    check_goal,
    monday_on_or_after,
)
from kneecap.domain.load.guardrails import Alert
from kneecap.domain.load.pain import InvalidPainEntry, PainEntry, checked_entry
from kneecap.domain.load.plan_calendar import plan_events
from kneecap.domain.load.planner import PlanError
from kneecap.domain.load.shoes import ShoeMileage, shoe_mileage
from kneecap.domain.load.trimp import HeartRateProfile, Sex
from kneecap.ports.calendar import CalendarExporter
from kneecap.ports.load import LoadUnitOfWork, LoadUnitOfWorkFactory, StoredActivity
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.dates import check_dates
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.jobs import JobService
from kneecap.services.training_import import IMPORT_JOB, ActivityImports

# Stated on the page next to the load chart: how a session's load was computed.
LOAD_METHOD_NOTE = (
    "Session load is Banister TRIMP from average heart rate, with maximum heart rate estimated"
    " from age (Tanaka 2001: 208 − 0.7 × age), resting heart rate 60 bpm assumed and the"
    " female weighting (no sex is recorded); sessions without heart rate use RPE × minutes"
    " (Foster 2001). Acute and chronic loads are 7- and 28-day EWMAs (λ = 1 − e^(−1/N))."
)
LOAD_METHOD_NOTE_NO_AGE = (
    "No date of birth is recorded, so heart rate cannot be turned into load: only sessions"
    " with an RPE count (RPE × minutes, Foster 2001). Add the date of birth to the record."
)


@dataclass(slots=True)
class TrainingReport:
    client: ClientRecord
    today: date
    analysis: LoadAnalysis
    activity_count: int
    recent: list[Activity]
    shoes: list[ShoeMileage]
    pain: list[PainEntry]
    open_alerts: list[Alert]
    load_note: str


@dataclass(frozen=True, slots=True)
class RunnerAlerts:
    client: ClientRecord
    alerts: list[Alert]
    last_activity: date | None


@dataclass(slots=True)
class PlanPage:
    plan: PlanView | None
    plan_id: int | None
    baseline_week_km: float
    baseline_long_km: float
    pain: list[PainEntry] = field(default_factory=list)


class TrainingService:
    def __init__(
        self,
        uow_factory: LoadUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        jobs: JobService,
        imports: ActivityImports,
        calendar: CalendarExporter,
        shoe_limit_km: float = R.DEFAULT_SHOE_LIMIT_KM,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._jobs = jobs
        self.imports = imports
        self._calendar = calendar
        self.shoe_limit_km = shoe_limit_km

    def today(self) -> date:
        return self._clock.now().date()

    def _client(
        self, uow: LoadUnitOfWork, caller: Caller, client_id: int, action: Action, detail: str = ""
    ) -> ClientRecord:
        return self._gate.client(uow, caller, action, client_id, detail=detail)

    def _profile(self, record: ClientRecord) -> HeartRateProfile | None:
        age = record.age_on(self.today())
        return None if age is None else HeartRateProfile.from_age(age, Sex.FEMALE)

    def _analysis(
        self, record: ClientRecord, acts: list[Activity], pain: list[PainEntry]
    ) -> LoadAnalysis:
        return analyze(acts, self.today(), self._profile(record), pain, self.shoe_limit_km)

    def report(self, caller: Caller, client_id: int) -> TrainingReport:
        with self._uow() as uow:
            record = self._client(uow, caller, client_id, Action.TRAINING_READ, "load report")
            acts = uow.activities.for_client(client_id)
            pain = uow.pain_log.for_client(client_id)
            uow.commit()
        today = self.today()
        result = self._analysis(record, acts, pain)
        note = LOAD_METHOD_NOTE if self._profile(record) else LOAD_METHOD_NOTE_NO_AGE
        return TrainingReport(
            record, today, result, len(acts), acts[-10:][::-1], shoe_mileage(acts), pain,
            open_alerts(result.alerts, today), note,
        )  # fmt: skip

    def activities(
        self, caller: Caller, client_id: int, limit: int = 50, offset: int = 0
    ) -> tuple[list[StoredActivity], int]:
        with self._uow() as uow:
            self._client(uow, caller, client_id, Action.TRAINING_READ, "activity list")
            found = uow.activities.list(client_id, max(1, min(limit, 500)), max(0, offset))
            total = uow.activities.count(client_id)
            uow.commit()
        return found, total

    def add_activities(self, caller: Caller, client_id: int, activities: list[Activity]) -> int:
        """Store activities directly (demo data, tests); returns how many were new."""
        with self._uow() as uow:
            record = self._client(uow, caller, client_id, Action.TRAINING_IMPORT, "add activities")
            added = uow.activities.add_many(
                record.clinic_id, client_id, activities, self._clock.now()
            )
            uow.commit()
        return added

    def import_jobs(self, caller: Caller, client_id: int) -> Sequence[Job]:
        with self._uow() as uow:
            self._client(uow, caller, client_id, Action.TRAINING_READ, "import jobs")
            uow.commit()
        return self._jobs.for_client(client_id, IMPORT_JOB)

    def log_pain(
        self,
        caller: Caller,
        client_id: int,
        day: date,
        during: float,
        next_morning: float | None = None,
        baseline_morning: float | None = None,
    ) -> PainEntry:
        try:
            entry = checked_entry(day, during, next_morning, baseline_morning, self.today())
        except InvalidPainEntry as exc:
            raise Invalid("Please correct the pain log entry.", exc.errors) from exc
        with self._uow() as uow:
            record = self._client(uow, caller, client_id, Action.PAIN_LOG, f"pain log {day}")
            uow.pain_log.upsert(
                record.clinic_id, client_id, entry, caller.actor.user_id, self._clock.now()
            )
            uow.commit()
        return entry

    def pain_log(self, caller: Caller, client_id: int) -> list[PainEntry]:
        with self._uow() as uow:
            self._client(uow, caller, client_id, Action.TRAINING_READ, "pain log")
            entries = uow.pain_log.for_client(client_id)
            uow.commit()
        return entries

    def plan(self, caller: Caller, client_id: int) -> PlanPage:
        with self._uow() as uow:
            self._client(uow, caller, client_id, Action.TRAINING_READ, "training plan")
            stored = uow.plans.active(client_id)
            pain = uow.pain_log.for_client(client_id)
            acts = uow.activities.for_client(client_id)
            uow.commit()
        week_km, long_km = baseline(acts, self.today())
        if stored is None:
            return PlanPage(None, None, week_km, long_km, pain)
        view = build_plan(stored.goal, pain, self.today())
        return PlanPage(view, stored.id, week_km, long_km, pain)

    def plan_ics(self, caller: Caller, client_id: int) -> bytes:
        """The current plan (as adapted to the pain log) as an iCalendar file."""
        page = self.plan(caller, client_id)
        if page.plan is None or page.plan_id is None:
            raise NotFound("A training plan for this client")
        events = plan_events(page.plan_id, client_id, page.plan.weeks)
        return self._calendar.export(events, calendar_name="Kneecap training plan")

    def set_goal(
        self,
        caller: Caller,
        client_id: int,
        kind: PlanKind,
        goal_week_km: float | None = None,
        race_km: float | None = None,
        race_day: date | None = None,
        start_stage: int = 0,
    ) -> PlanPage:
        """Start a new plan next Monday (today if Monday) from the runner's recent load."""
        today = self.today()
        with self._uow() as uow:
            record = self._client(uow, caller, client_id, Action.PLAN_MANAGE, f"plan {kind}")
            check_dates(today, race_day=(race_day, PLANNED))
            week_km, long_km = baseline(uow.activities.for_client(client_id), today)
            goal = TrainingGoal(
                kind, monday_on_or_after(today), goal_week_km, race_km, race_day,
                week_km, long_km, start_stage,
            )  # fmt: skip
            try:
                check_goal(goal, today)
                build_plan(goal, [], today)
            except InvalidGoal as exc:
                raise Invalid("The plan cannot be made as asked.", exc.errors) from exc
            except PlanError as exc:
                raise Invalid(
                    f"The plan cannot be made as asked: {exc}.", {"kind": str(exc)}
                ) from exc
            uow.plans.replace(
                record.clinic_id, client_id, goal, caller.actor.user_id, self._clock.now()
            )
            uow.commit()
        return self.plan(caller, client_id)

    def set_goal_as_of(self, caller: Caller, client_id: int, goal: TrainingGoal) -> None:
        """Store a goal that started earlier (demo data, imports from another tool)."""
        with self._uow() as uow:
            record = self._client(uow, caller, client_id, Action.PLAN_MANAGE, "plan")
            uow.plans.replace(
                record.clinic_id, client_id, goal, caller.actor.user_id, self._clock.now()
            )
            uow.commit()

    def clinic_alerts(self, caller: Caller) -> list[RunnerAlerts]:
        """Runners of the caller's clinic with guardrail alerts in the last two weeks."""
        clinic_id = caller.actor.clinic_id
        today = self.today()
        since = today - timedelta(days=3 * 365)
        out: list[RunnerAlerts] = []
        with self._uow() as uow:
            where = Resource("clinic", clinic_id)
            self._gate.check(uow, caller, Action.TRAINING_CLINIC_ALERTS, where)
            clients, _ = uow.clients.search(clinic_id, "", limit=10_000)
            for record in clients:
                acts = uow.activities.for_client(record.id)
                pain = uow.pain_log.for_client(record.id, since)
                if not acts and not pain:
                    continue
                found = open_alerts(self._analysis(record, acts, pain).alerts, today)
                if found:
                    last = max((a.start.date() for a in acts), default=None)
                    out.append(RunnerAlerts(record, found[::-1], last))
            self._gate.record(uow, caller, Action.TRAINING_CLINIC_ALERTS.value, where,
                              f"listed {len(out)} runner(s) with open alerts")  # fmt: skip
            uow.commit()
        rank = {R.Severity.WARNING: 0, R.Severity.CAUTION: 1, R.Severity.INFO: 2}
        return sorted(out, key=lambda r: (min(rank[a.severity] for a in r.alerts), r.client.name))
