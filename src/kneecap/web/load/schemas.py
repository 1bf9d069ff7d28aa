"""JSON shapes of the training-load API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.analysis import WeekSummary
from kneecap.domain.load.goal import PlanKind
from kneecap.domain.load.guardrails import Alert
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.physiology import Physiology
from kneecap.domain.load.planner import Week
from kneecap.domain.load.shoes import ShoeMileage
from kneecap.domain.load.trimp import Sex
from kneecap.ports.load import StoredActivity
from kneecap.services.training import PlanPage, RunnerAlerts, TrainingReport

RULES = {r.id: r for r in R.ALL_RULES}


class AlertOut(BaseModel):
    rule_id: str
    title: str
    date: date
    severity: str
    message: str
    why: dict[str, float]
    source: str
    evidence: str

    @classmethod
    def of(cls, a: Alert) -> AlertOut:
        rule = RULES.get(a.rule_id)
        return cls(
            rule_id=a.rule_id, title=rule.title if rule else a.rule_id, date=a.date,
            severity=a.severity.value, message=a.message, why=a.why, source=a.source,
            evidence=a.evidence,
        )  # fmt: skip


class WeekOut(BaseModel):
    start: date
    distance_km: float
    run_km: float
    hours: float
    ascent_m: float
    load: float
    longest_run_km: float
    avg_run_cadence_spm: float | None

    @classmethod
    def of(cls, w: WeekSummary) -> WeekOut:
        return cls(**{k: getattr(w, k) for k in cls.model_fields})


class ShoeOut(BaseModel):
    gear: str
    km: float
    activities: int
    last_used: date

    @classmethod
    def of(cls, s: ShoeMileage) -> ShoeOut:
        return cls(gear=s.gear, km=round(s.km, 1), activities=s.activities, last_used=s.last_used)


class PainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day: date
    during: float = Field(description="pain during or just after the run, 0–10")
    next_morning: float | None = Field(None, description="pain or stiffness next morning, 0–10")
    baseline_morning: float | None = Field(None, description="usual morning level, 0–10")


class PainOut(BaseModel):
    day: date
    during: float
    next_morning: float | None
    baseline_morning: float | None

    @classmethod
    def of(cls, e: PainEntry) -> PainOut:
        return cls(day=e.day, during=e.during, next_morning=e.next_morning,
                   baseline_morning=e.baseline_morning)  # fmt: skip


class LoadReportOut(BaseModel):
    client_id: int
    today: date
    activities: int
    weeks: list[WeekOut]
    open_alerts: list[AlertOut]
    alerts: list[AlertOut]
    shoes: list[ShoeOut]
    pain: list[PainOut]
    load_method: str
    chronic: str  # which chronic load the series carries (28-day default, or 42-day CTL)
    period_from: date
    period_to: date
    data_from: date | None
    data_to: date | None
    to_confirm: int  # activities whose sport or date waits for a person
    acwr_note: str = R.ACWR_INFO.source

    @classmethod
    def of(cls, r: TrainingReport) -> LoadReportOut:
        return cls(
            client_id=r.client.id, today=r.today, activities=r.activity_count,
            weeks=[WeekOut.of(w) for w in r.analysis.weeks],
            open_alerts=[AlertOut.of(a) for a in r.open_alerts],
            alerts=[AlertOut.of(a) for a in r.analysis.alerts],
            shoes=[ShoeOut.of(s) for s in r.shoes], pain=[PainOut.of(p) for p in r.pain],
            load_method=r.load_note, chronic=r.analysis.chronic_label,
            period_from=r.analysis.daily.day0, period_to=r.period_end or r.today,
            data_from=r.data_first, data_to=r.data_last, to_confirm=len(r.to_confirm),
        )  # fmt: skip


class IssueOut(BaseModel):
    code: str
    message: str
    needs_confirmation: bool


class ActivityOut(BaseModel):
    id: int
    sport: str
    start: datetime
    duration_s: float
    moving_s: float | None
    distance_m: float | None
    ascent_m: float | None
    avg_hr: float | None
    max_hr: float | None
    avg_cadence_spm: float | None
    avg_power_w: float | None
    vertical_oscillation_mm: float | None
    stance_time_ms: float | None
    step_length_mm: float | None
    gear: str | None
    rpe: float | None
    name: str | None
    source: str
    sport_basis: str  # recorded, device, export, inferred or confirmed
    sport_reason: str
    needs_confirmation: bool
    issues: list[IssueOut]
    confirm_url: str | None

    @classmethod
    def of(cls, s: StoredActivity) -> ActivityOut:
        a: Activity = s.activity
        own = ("id", "sport", "sport_basis", "sport_reason", "issues", "confirm_url")
        fields = {k: getattr(a, k) for k in cls.model_fields if k not in own}
        return cls(
            id=s.id, sport=a.sport.value, sport_basis=a.sport_call.basis.value,
            sport_reason=a.sport_call.reason,
            issues=[IssueOut(code=i.code.value, message=i.message,
                             needs_confirmation=i.needs_confirmation) for i in a.issues],
            confirm_url=(f"/api/v1/clients/{s.client_id}/activities/{s.id}/confirm"
                         if a.needs_confirmation else None),
            **fields,
        )  # fmt: skip


class ConfirmIn(BaseModel):
    """The real sport and/or start of an activity, as the runner or a clinician knows it."""

    model_config = ConfigDict(extra="forbid")
    sport: Sport | None = None
    start: datetime | None = Field(None, description="with its time zone, e.g. 2016-05-01T07:30Z")


class HeartRateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sex: Sex | None = None
    hr_max: float | None = Field(None, description="measured maximum heart rate, bpm")
    hr_rest: float | None = Field(None, description="measured resting heart rate, bpm")

    def physiology(self) -> Physiology:
        return Physiology(self.sex, self.hr_max, self.hr_rest)


class HeartRateOut(HeartRateIn):
    hr_max_used: str  # how the load's maximum heart rate is obtained

    @classmethod
    def of(cls, ph: Physiology, how: str) -> HeartRateOut:
        return cls(sex=ph.sex, hr_max=ph.hr_max, hr_rest=ph.hr_rest, hr_max_used=how)


class ActivityList(BaseModel):
    activities: list[ActivityOut]
    total: int


class ImportStarted(BaseModel):
    job_id: int
    status: str
    status_url: str
    files: list[str]


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: PlanKind
    goal_week_km: float | None = None
    race_km: float | None = None
    race_day: date | None = None
    start_stage: int = Field(1, ge=1, description="return-to-run stage to start at (1 = first)")


class SessionOut(BaseModel):
    day: date
    kind: str
    distance_km: float | None
    minutes: float | None
    notes: str


class WeekPlanOut(BaseModel):
    start: date
    run_km: float
    deload: bool
    sessions: list[SessionOut]

    @classmethod
    def of(cls, w: Week) -> WeekPlanOut:
        return cls(start=w.start, run_km=w.run_km, deload=w.deload, sessions=[
            SessionOut(day=s.day, kind=s.kind.value, distance_km=s.distance_km,
                       minutes=s.minutes, notes=s.notes) for s in w.sessions
        ])  # fmt: skip


class AdaptationOut(BaseModel):
    day: date
    message: str


class PlanOut(BaseModel):
    plan_id: int | None
    kind: str | None
    start: date | None
    stage: str | None
    baseline_week_km: float
    baseline_long_km: float
    adaptations: list[AdaptationOut]
    weeks: list[WeekPlanOut]
    calendar_url: str | None
    starting_point: str  # where the plan starts from: recent running, or the intake's volume
    notes: list[str]

    @classmethod
    def of(cls, client_id: int, p: PlanPage) -> PlanOut:
        v = p.plan
        return cls(
            plan_id=p.plan_id, kind=v.goal.kind.value if v else None,
            start=v.goal.start if v else None, stage=(v.stage_text or None) if v else None,
            baseline_week_km=p.baseline_week_km, baseline_long_km=p.baseline_long_km,
            adaptations=[AdaptationOut(day=a.day, message=a.message) for a in v.adaptations]
            if v else [],
            weeks=[WeekPlanOut.of(w) for w in v.weeks] if v else [],
            calendar_url=f"/api/v1/clients/{client_id}/training-plan.ics" if v else None,
            starting_point=(v.goal.base_reason if v and v.goal.base_reason else p.start_note),
            notes=list(v.notes) if v else [],
        )  # fmt: skip


class RunnerAlertsOut(BaseModel):
    client_id: int
    name: str
    last_activity: date | None
    alerts: list[AlertOut]

    @classmethod
    def of(cls, r: RunnerAlerts) -> RunnerAlertsOut:
        return cls(client_id=r.client.id, name=r.client.name, last_activity=r.last_activity,
                   alerts=[AlertOut.of(a) for a in r.alerts])  # fmt: skip
