"""Training load for one client (series, guardrail alerts, shoes, pain log, plan) and for the
clinic (runners with open alerts). Every call passes the gate first."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.calendar.bounds import PLANNED
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.jobs import Job
from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.analysis import LoadAnalysis, analyze, open_alerts
from kneecap.domain.load.confirm import confirm_date, confirm_sport
from kneecap.domain.load.dates import date_issues
from kneecap.domain.load.ewma import CHRONIC_LABELS, DEFAULT_CHRONIC_DAYS
from kneecap.domain.load.goal import (
    InvalidGoal,
    PlanKind,
    PlanView,
    TrainingGoal,
    build_plan,
    check_goal,
    monday_on_or_after,
    starting_point,
)
from kneecap.domain.load.guardrails import Alert
from kneecap.domain.load.pain import InvalidPainEntry, PainEntry, checked_entry
from kneecap.domain.load.physiology import InvalidPhysiology, Physiology, heart_rate_profile
from kneecap.domain.load.plan_calendar import plan_events
from kneecap.domain.load.planner import PlanError, Week
from kneecap.domain.load.shoes import ShoeMileage, shoe_mileage
from kneecap.domain.load.trimp import HeartRateProfile
from kneecap.ports.calendar import CalendarExporter
from kneecap.ports.load import LoadUnitOfWork, LoadUnitOfWorkFactory, StoredActivity
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.dates import check_dates
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.jobs import JobService
from kneecap.services.training_import import IMPORT_JOB, ActivityImports


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
    load_note: str  # how the load shown was computed (analysis.method_note)
    physiology: Physiology = field(default_factory=Physiology)
    to_confirm: list[StoredActivity] = field(default_factory=list)
    # The period the series end on (today unless an older one was asked for) and the dates the
    # stored activities span, so a page can offer the period that has data.
    period_end: date | None = None
    data_first: date | None = None
    data_last: date | None = None
    activities: list[Activity] = field(default_factory=list)  # all stored, oldest first


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
    start_note: str = ""  # where a new plan would start from (recent running or the intake)


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

    @staticmethod
    def _profile(record: ClientRecord, ph: Physiology) -> HeartRateProfile:
        """Measured values first; HRmax else Tanaka from the date of birth on each day."""
        return heart_rate_profile(ph, record.details.date_of_birth)

    def _analysis(
        self,
        record: ClientRecord,
        ph: Physiology,
        acts: list[Activity],
        pain: list[PainEntry],
        end: date | None = None,
        chronic_days: int = DEFAULT_CHRONIC_DAYS,
    ) -> LoadAnalysis:
        return analyze(
            acts, end or self.today(), self._profile(record, ph), pain, self.shoe_limit_km,
            chronic_days=chronic_days,
        )  # fmt: skip

    def report(
        self,
        caller: Caller,
        client_id: int,
        until: date | None = None,
        chronic_days: int = DEFAULT_CHRONIC_DAYS,
    ) -> TrainingReport:
        """The load picture up to today, or up to `until` (an older period with data); the
        chronic load over 28 days (the default, the ratio's base) or 42 (GoldenCheetah's CTL)."""
        if chronic_days not in CHRONIC_LABELS:
            raise Invalid("Choose the chronic load over 28 or 42 days.",
                          {"chronic": f"{chronic_days} is not 28 or 42"})  # fmt: skip
        with self._uow() as uow:
            record = self._client(uow, caller, client_id, Action.TRAINING_READ, "load report")
            acts = uow.activities.for_client(client_id)
            pain = uow.pain_log.for_client(client_id)
            ph = uow.physiology.get(client_id)
            to_confirm = uow.activities.to_confirm(client_id)
            uow.commit()
        today = self.today()
        end = min(until, today) if until is not None else today
        result = self._analysis(record, ph, acts, pain, end, chronic_days)
        dated = [a.start.date() for a in acts if not a.date_unconfirmed]
        return TrainingReport(
            record, today, result, len(acts), acts[-10:][::-1], shoe_mileage(acts), pain,
            open_alerts(result.alerts, today), result.method_note, ph, to_confirm, end,
            min(dated, default=None), max(dated, default=None), acts,
        )  # fmt: skip

    def to_confirm(self, caller: Caller, client_id: int) -> list[StoredActivity]:
        """Activities whose sport or date a person has to confirm before they count."""
        with self._uow() as uow:
            self._client(uow, caller, client_id, Action.TRAINING_READ, "activities to confirm")
            found = uow.activities.to_confirm(client_id)
            uow.commit()
        return found

    def confirm(
        self,
        caller: Caller,
        client_id: int,
        activity_id: int,
        sport: Sport | None = None,
        start: datetime | None = None,
    ) -> StoredActivity:
        """The runner or a clinician settles an activity's sport and/or date; audited with
        what it was and what it is now (no client data beyond the activity's id in logs)."""
        if sport is None and start is None:
            raise Invalid("Choose the sport or give the date to confirm.",
                          {"sport": "choose the sport, or give the real date"})  # fmt: skip
        if start is not None:
            if start.tzinfo is None:
                raise Invalid("Give the start with its time zone.", {"start": "no time zone"})
            if date_issues(start, self._clock.now()):
                raise Invalid(
                    "That date cannot be right: give a date from 1999 (GPS watches) up to today.",
                    {"start": f"{start.date().isoformat()} is before 1999 or in the future"},
                )
        who = "the runner" if caller.actor.client_id == client_id else "the clinician"
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.TRAINING_CONFIRM, client_id,
                detail=f"confirm activity {activity_id}",
                kind="activity", item_id=activity_id, audit=False,
            )  # fmt: skip
            stored = uow.activities.get(client_id, activity_id)
            if stored is None:
                raise NotFound("That activity")
            a = stored.activity
            changed = []
            if sport is not None:
                changed.append(f"sport {a.sport.value} -> {sport.value}")
                a = confirm_sport(a, sport, who)
            if start is not None:
                changed.append(f"date {a.start.date()} -> {start.date()}")
                a = confirm_date(a, start)
            uow.activities.replace(replace(stored, activity=a))
            self._gate.record(
                uow, caller, Action.TRAINING_CONFIRM.value,
                Resource("activity", record.clinic_id, client_id=client_id, id=activity_id),
                f"activity {activity_id}: " + ", ".join(changed),
            )  # fmt: skip
            uow.commit()
        return StoredActivity(stored.id, client_id, a)

    def physiology(self, caller: Caller, client_id: int) -> Physiology:
        with self._uow() as uow:
            self._client(uow, caller, client_id, Action.TRAINING_READ, "heart-rate values")
            ph = uow.physiology.get(client_id)
            uow.commit()
        return ph

    def set_physiology(self, caller: Caller, client_id: int, ph: Physiology) -> Physiology:
        """Measured HRmax, resting HR and sex; every load is recomputed from them at once."""
        try:
            ph = ph.validated()
        except InvalidPhysiology as exc:
            raise Invalid("Please correct the heart-rate values.", exc.errors) from exc
        with self._uow() as uow:
            record = self._client(
                uow, caller, client_id, Action.TRAINING_PROFILE, "heart-rate values"
            )
            uow.physiology.put(
                record.clinic_id, client_id, ph, caller.actor.user_id, self._clock.now()
            )
            uow.commit()
        return ph

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
            intake_km = _intake_week_km(uow, client_id)
            uow.commit()
        sp = starting_point(acts, self.today(), intake_km)
        if stored is None:
            return PlanPage(None, None, sp.week_km, sp.long_km, pain, sp.reason)
        view = build_plan(stored.goal, pain, self.today())
        return PlanPage(view, stored.id, sp.week_km, sp.long_km, pain, sp.reason)

    def plan_ics(
        self,
        caller: Caller,
        client_id: int,
        cues: Callable[[list[Week]], Mapping[date, str]] | None = None,
    ) -> bytes:
        """The current plan (as adapted to the pain log) as an iCalendar file; `cues` says
        what planned runs also carry (a retraining block's sessions, in_plan.cue_notes)."""
        page = self.plan(caller, client_id)
        if page.plan is None or page.plan_id is None:
            raise NotFound("A training plan for this client")
        notes = cues(page.plan.weeks) if cues is not None else None
        events = plan_events(page.plan_id, client_id, page.plan.weeks, notes)
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
            sp = starting_point(
                uow.activities.for_client(client_id), today, _intake_week_km(uow, client_id)
            )
            goal = TrainingGoal(
                kind, monday_on_or_after(today), goal_week_km, race_km, race_day,
                sp.week_km, sp.long_km, start_stage,
                base_reason=sp.reason if sp.source == "intake" else "",
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
                ph = uow.physiology.get(record.id)
                found = open_alerts(self._analysis(record, ph, acts, pain).alerts, today)
                if found:
                    last = max((a.start.date() for a in acts), default=None)
                    out.append(RunnerAlerts(record, found[::-1], last))
            self._gate.record(uow, caller, Action.TRAINING_CLINIC_ALERTS.value, where,
                              f"listed {len(out)} runner(s) with open alerts")  # fmt: skip
            uow.commit()
        rank = {R.Severity.WARNING: 0, R.Severity.CAUTION: 1, R.Severity.INFO: 2}
        return sorted(out, key=lambda r: (min(rank[a.severity] for a in r.alerts), r.client.name))


def _intake_week_km(uow: LoadUnitOfWork, client_id: int) -> float | None:
    """The running kilometres a week the runner gave at intake (the newest intake's running
    sport), else the weekly running volume on the client record."""
    intake = uow.clinical.latest_intake(client_id)
    if intake is not None:
        for sv in intake.intake.sports:
            if "run" in sv.sport.lower() and sv.km_per_week:
                return sv.km_per_week
    record = uow.clients.get(client_id)
    return record.details.weekly_running_km if record is not None else None
