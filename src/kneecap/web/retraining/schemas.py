"""JSON shapes of the retraining API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from kneecap.services.retraining import BlockView, SessionRow


class StartIn(BaseModel):
    analysis_id: int = Field(ge=1, le=2**31 - 1)
    sessions: int = Field(8, ge=1, le=100)
    per_week: int = Field(4, ge=1, le=14)
    first_minutes: int = Field(15, ge=1, le=300)
    peak_minutes: int = Field(30, ge=1, le=300)
    steps: str = Field("5-10", description="'5-10': +5% then +10% (Heiderscheit 2011); '5'")
    start: date | None = None
    cue: str = Field(
        "", max_length=40,
        description="the released cue to follow: cadence_low, cadence_moderate, overstride,"
        " trunk_lean or clinician; empty: the first of these the analysis has",
    )  # fmt: skip


class AdherenceOut(BaseModel):
    status: str
    message: str
    within_share: float | None
    running_s: float
    mean_spm: float | None
    drift_spm: float | None


class PainOut(BaseModel):
    during: float | None
    next_morning: float | None
    zone: str | None
    worse_next_morning: bool


class SessionOut(BaseModel):
    number: int
    week: int
    day: date
    minutes: int
    target_spm: int | None = Field(description="None: a posture session (no step-rate target)")
    feedback: str
    run_start: datetime | None
    adherence: AdherenceOut | None
    pain: PainOut | None

    @classmethod
    def of(cls, s: SessionRow) -> SessionOut:
        a, p = s.adherence, s.pain
        return cls(
            number=s.plan.number, week=s.plan.week, day=s.plan.day, minutes=s.plan.minutes,
            target_spm=s.plan.target_spm, feedback=s.plan.feedback.value,
            run_start=s.run.start if s.run else None,
            adherence=None if a is None else AdherenceOut(
                status=a.status.value, message=a.message, within_share=a.within_share,
                running_s=a.running_s, mean_spm=a.mean_spm, drift_spm=a.drift_spm,
            ),
            pain=None if p is None or p.during is None else PainOut(
                during=p.during, next_morning=p.next_morning,
                zone=p.zone.value if p.zone else None, worse_next_morning=p.worse_next_morning,
            ),
        )  # fmt: skip


class AgreementOut(BaseModel):
    video_day: date
    video_spm: float
    watch_spm: float | None
    difference: float | None
    flagged: bool
    message: str


class GoalOut(BaseModel):
    """The form figure an overstride or trunk-lean block aims to change."""

    rule: str
    metric: str
    unit: str
    start: float
    threshold: float
    watch_checks: str
    video_checks: str
    follow_up_value: float | None
    met: bool | None


class BlockOut(BaseModel):
    id: int
    analysis_id: int
    cue_rule: str
    lever: str
    baseline_spm: float | None
    goal: GoalOut | None
    start: date
    end: date
    active: bool
    total_minutes: int
    notes: list[str]
    sessions: list[SessionOut]
    trend_spm_per_session: float | None
    video_watch: list[AgreementOut]

    @classmethod
    def of(cls, v: BlockView) -> BlockOut:
        return cls(
            id=v.block.id, analysis_id=v.block.analysis_id, cue_rule=v.block.cue_rule,
            lever=v.plan.lever.value, baseline_spm=v.block.baseline_spm,
            goal=None if (g := v.plan.goal) is None else GoalOut(
                rule=g.rule, metric=g.metric, unit=g.unit, start=g.start, threshold=g.threshold,
                watch_checks=g.watch_checks, video_checks=g.video_checks,
                follow_up_value=v.form_after, met=v.form_met,
            ),
            start=v.plan.start, end=v.plan.end,
            active=v.active, total_minutes=v.plan.total_minutes, notes=list(v.plan.notes),
            sessions=[SessionOut.of(s) for s in v.sessions],
            trend_spm_per_session=v.trend.spm_per_session,
            video_watch=[
                AgreementOut(
                    video_day=g.video_day, video_spm=g.video_spm, watch_spm=g.watch_spm,
                    difference=g.difference, flagged=g.flagged, message=g.message,
                )
                for g in v.agreements
            ],
        )  # fmt: skip
