"""Gait retraining: start a block from a released step-rate, overstride or trunk-lean cue, and
follow it on the watch (step rate) and on a follow-up video (the form itself).

Each run the runner imports during a block is one session, in order. Its cadence is read per
record from the stored watch file (the upload the import job kept), once, and kept as a trace;
runs without records fall back to their average and say so. Staff also see whether each
released video's cadence agrees with the watch in the same week. Every call passes the gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.gait.review import GaitAnalysisRecord, visible_to_client
from kneecap.domain.jobs import JobStatus
from kneecap.domain.load.activity import RUNNING_SPORTS, Activity
from kneecap.domain.load.planner import Week
from kneecap.domain.outcomes.akps import AKPS_ID
from kneecap.domain.retraining import adherence as A
from kneecap.domain.retraining import agreement as G
from kneecap.domain.retraining.block import BlockPlan, SessionPlan, plan_block
from kneecap.domain.retraining.calendar import block_events
from kneecap.domain.retraining.codec import plan_from_dict, plan_to_dict
from kneecap.domain.retraining.dose import Dose, InvalidDose
from kneecap.domain.retraining.form import (
    CLINICIAN_RULE,
    OVERSTRIDE,
    TRUNK_LEAN,
    Lever,
    can_start,
    cue_value,
    follow_up_value,
    goal_for,
    lever_of,
)
from kneecap.domain.retraining.in_plan import PlanSessions, place
from kneecap.domain.retraining.summary import BlockSummary, Score, summarise
from kneecap.domain.retraining.target import STEPS, InvalidBaseline
from kneecap.ports.calendar import CalendarExporter
from kneecap.ports.retraining import (
    CadenceReader,
    RetrainingUnitOfWork,
    RetrainingUnitOfWorkFactory,
    StoredBlock,
    StoredTrace,
)
from kneecap.ports.security import Clock
from kneecap.ports.storage import BlobNotFound, BlobStore
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict, Invalid, NotFound
from kneecap.services.jobs import JobService
from kneecap.services.training_import import IMPORT_JOB

# The cue a block follows when the clinician does not choose: step rate first (the lever
# with a target the watch measures), then overstride (step rate as its lever), trunk lean.
CUE_ORDER = ("cadence_low", "cadence_moderate", OVERSTRIDE, TRUNK_LEAN, CLINICIAN_RULE)
# AKPS from up to four weeks before the block counts as its starting score.
_WEEKS_BEFORE = timedelta(weeks=4)
# A block runs on for two weeks after its last planned session, so late runs still count.
GRACE = timedelta(days=14)
STEP_CHOICES = {"5-10": STEPS, "5": (0.05,)}  # Heiderscheit 2011: +5% then +10%, or +5% only


@dataclass(frozen=True, slots=True)
class StartOptions:
    analysis_id: int
    sessions: int = 8
    per_week: int = 4
    first_minutes: int = 15
    peak_minutes: int = 30
    steps: str = "5-10"
    start: date | None = None  # default: today
    cue: str = ""  # the rule of the released cue to follow; "": the first of CUE_ORDER


@dataclass(frozen=True, slots=True)
class SessionRow:
    plan: SessionPlan
    run: Activity | None = None
    adherence: A.RunAdherence | None = None
    pain: A.PainOnRun | None = None


@dataclass(frozen=True, slots=True)
class BlockView:
    block: StoredBlock
    plan: BlockPlan
    sessions: tuple[SessionRow, ...]
    trend: A.Trend
    summary: BlockSummary
    agreements: tuple[G.CadenceAgreement, ...] = ()  # staff only
    follow_up_id: int | None = None  # the latest released video analysed since the start
    form_after: float | None = None  # the goal's figure on that video (overstride, lean)

    @property
    def form_met(self) -> bool | None:
        goal = self.plan.goal
        return None if goal is None or self.form_after is None else goal.met(self.form_after)

    @property
    def active(self) -> bool:
        return not self.summary.ended

    @property
    def next_session(self) -> SessionRow | None:
        return next((s for s in self.sessions if s.run is None), None)


@dataclass(frozen=True, slots=True)
class CueChoice:
    """A released cue a block can follow, with the figure it starts from."""

    analysis: GaitAnalysisRecord
    rule: str
    lever: Lever
    start: float | None  # the cue's value (overstride, trunk lean), else the video's step rate
    spm: float | None  # the video's step rate


@dataclass(frozen=True, slots=True)
class RetrainingPage:
    client: ClientRecord
    blocks: tuple[BlockView, ...]
    candidates: tuple[GaitAnalysisRecord, ...] = field(default=())  # cues a block can start from

    @property
    def choices(self) -> tuple[CueChoice, ...]:
        return tuple(
            CueChoice(
                a, rule, lever_of(rule),
                cue_value(a.metrics, rule) if goal_for(rule, 0.0) else cadence_of(a),
                cadence_of(a),
            )
            for a in self.candidates for rule in block_cues(a)
        )  # fmt: skip


def cadence_of(analysis: GaitAnalysisRecord) -> float | None:
    v = (analysis.metrics or {}).get("cadence_spm")
    return float(v) if isinstance(v, int | float) and v > 0 else None


def block_cues(analysis: GaitAnalysisRecord) -> list[str]:
    """The released cues a block can follow, in CUE_ORDER: a step-rate lever needs the video's
    step rate, an overstride or trunk-lean goal the value its drafted cue quoted."""
    if not visible_to_client(analysis):
        return []
    rules = {f.rule for f in analysis.feedback if can_start(f.rule)}
    spm = cadence_of(analysis)
    out = []
    for rule in CUE_ORDER:
        if rule not in rules:
            continue
        needs_spm = lever_of(rule) is Lever.CADENCE
        needs_value = rule in {OVERSTRIDE, TRUNK_LEAN}
        if needs_spm and spm is None:
            continue
        if needs_value and cue_value(analysis.metrics, rule) is None:
            continue
        out.append(rule)
    return out


def startable(analysis: GaitAnalysisRecord) -> bool:
    """Released, with a cue a block can follow: a step-rate cue or one the clinician wrote
    (where the analysis's quality kept the automated cues from being drafted) with the video's
    step rate, or an overstride or trunk-lean cue with its measured value."""
    return bool(block_cues(analysis))


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=UTC)


def _minute(t: datetime) -> datetime:
    return t.astimezone(UTC).replace(second=0, microsecond=0)


class RetrainingService:
    def __init__(
        self,
        uow_factory: RetrainingUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        jobs: JobService,
        blobs: BlobStore,
        reader: CadenceReader,
        calendar: CalendarExporter,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._jobs = jobs
        self._blobs = blobs
        self._reader = reader
        self._calendar = calendar

    def today(self) -> date:
        return self._clock.now().date()

    # --- start and end ----------------------------------------------------------------
    def start(self, caller: Caller, client_id: int, opts: StartOptions) -> StoredBlock:
        now = self._clock.now()
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.RETRAINING_START, client_id, kind="retraining_block",
                audit=False,
            )  # fmt: skip
            analysis = uow.gait.analysis(opts.analysis_id)
            if analysis is None or analysis.client_id != client_id:
                raise NotFound("That analysis")
            cues = block_cues(analysis)
            if not cues:
                raise Invalid(
                    "Start a block from a released analysis with a step-rate, overstride or"
                    " trunk-lean cue: release the analysis (its cue) first.",
                    {"analysis_id": "not released, or no cue a block can follow"},
                )
            rule = opts.cue or cues[0]
            if rule not in cues:
                raise Invalid(
                    "That cue is not one of the analysis's released cues a block can follow.",
                    {"cue": f"choose one of: {', '.join(cues)}"},
                )
            acts = uow.activities.for_client(client_id)
            if any(self._open(b, acts) for b in uow.retraining.blocks_for(client_id)):
                raise Conflict("This runner already has a block running; end it first.")
            steps = STEP_CHOICES.get(opts.steps)
            if steps is None:
                raise Invalid("Choose the steps: +5% then +10%, or +5% only.", {"steps": "unknown"})
            start = opts.start or now.date()
            if abs((start - now.date()).days) > 28:
                raise Invalid("Start the block within four weeks of today.", {"start": "too far"})
            baseline = cadence_of(analysis)
            lever = lever_of(rule)
            goal = goal_for(rule, cue_value(analysis.metrics, rule) or 0.0)
            dose = Dose(opts.sessions, opts.per_week, opts.first_minutes, opts.peak_minutes)
            try:
                plan = plan_block(baseline, start, dose, acts, steps, lever, goal)
            except InvalidDose as exc:
                raise Invalid(
                    "The dose is outside the reviewed range (Davis 2020).", exc.errors
                ) from exc
            except InvalidBaseline as exc:
                raise Invalid(str(exc), {"analysis_id": str(exc)}) from exc
            block = uow.retraining.add_block(
                record.clinic_id, client_id, analysis.id, rule, baseline, start,
                plan_to_dict(plan), caller.actor.user_id, now,
            )  # fmt: skip
            self._gate.record(
                uow, caller, Action.RETRAINING_START, self._resource(block),
                f"from analysis {analysis.id}: {len(plan.sessions)} sessions",
            )  # fmt: skip
            uow.commit()
        return block

    def end(self, caller: Caller, client_id: int, block_id: int) -> None:
        with self._uow() as uow:
            block = self._block(uow, caller, Action.RETRAINING_END, client_id, block_id)
            if block.ended_at is not None:
                raise Conflict("This block has already ended.")
            uow.retraining.end_block(block.id, self._clock.now())
            uow.commit()

    # --- reading ----------------------------------------------------------------------
    def page(self, caller: Caller, client_id: int) -> RetrainingPage:
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.RETRAINING_READ, client_id, kind="retraining_block",
                detail="blocks and adherence",
            )  # fmt: skip
            stored = uow.retraining.blocks_for(client_id)
            if stored:
                self._read_new_traces(uow, record, min(b.start for b in stored))
            views = tuple(self._view(uow, caller, b) for b in stored)
            analyses = [] if caller.actor.role is Role.CLIENT else uow.gait.for_client(client_id)
            uow.commit()
        return RetrainingPage(record, views, tuple(a for a in analyses if startable(a)))

    def block(self, caller: Caller, client_id: int, block_id: int) -> BlockView:
        found = next(
            (b for b in self.page(caller, client_id).blocks if b.block.id == block_id), None
        )
        if found is None:
            raise NotFound("That block")
        return found

    def in_plan(self, caller: Caller, client_id: int, weeks: Sequence[Week]) -> PlanSessions | None:
        """The running block's sessions still to run, each inside a run of the progression
        plan's `weeks` (TrainingService.plan, as adapted to the pain log); None: no block runs.
        The plan's runs and distances stay as they are: a session adds none."""
        with self._uow() as uow:
            self._gate.client(
                uow, caller, Action.RETRAINING_READ, client_id, kind="retraining_block",
                detail="sessions in the training plan",
            )  # fmt: skip
            acts = uow.activities.for_client(client_id)
            running = [b for b in uow.retraining.blocks_for(client_id) if self._open(b, acts)]
            uow.commit()
        if not running:
            return None
        b = running[-1]
        done = len(_session_runs(b, acts))
        return place(b.id, plan_from_dict(b.plan), weeks, done, self.today())

    def block_ics(self, caller: Caller, client_id: int, block_id: int) -> bytes:
        """The block's sessions as an iCalendar file (Action.CALENDAR_EXPORT as every .ics)."""
        with self._uow() as uow:
            block = self._block(uow, caller, Action.CALENDAR_EXPORT, client_id, block_id)
            uow.commit()
        events = block_events(block.id, client_id, plan_from_dict(block.plan))
        return self._calendar.export(events, calendar_name="Kneecap step-rate sessions")

    # --- internals --------------------------------------------------------------------
    def _resource(self, b: StoredBlock) -> Resource:
        return Resource("retraining_block", b.clinic_id, client_id=b.client_id, id=b.id)

    def _block(
        self,
        uow: RetrainingUnitOfWork,
        caller: Caller,
        action: Action,
        client_id: int,
        block_id: int,
    ) -> StoredBlock:
        block = uow.retraining.block(block_id)
        if block is None or block.client_id != client_id:
            self._gate.check(uow, caller, action, Resource("retraining_block", -1, id=block_id))
            raise NotFound("That block")
        self._gate.check(uow, caller, action, self._resource(block))
        return block

    def _open(self, b: StoredBlock, acts: Sequence[Activity]) -> bool:
        """Running, with sessions still to run (what the page shows as running)."""
        return self._running(b) and len(_session_runs(b, acts)) < len(b.plan["sessions"])

    def _running(self, b: StoredBlock) -> bool:
        """Not ended, and not past its last session by more than the grace to import it."""
        return b.ended_at is None and self.today() <= plan_from_dict(b.plan).end + GRACE

    def _read_new_traces(
        self, uow: RetrainingUnitOfWork, record: ClientRecord, since: date
    ) -> None:
        """Read the per-record cadence of runs in import jobs not read yet (once each)."""
        scanned = uow.retraining.scanned_jobs(record.id)
        for job in self._jobs.for_client(record.id, IMPORT_JOB):
            if job.id in scanned or job.status is not JobStatus.DONE:
                continue
            if job.created_at < _midnight(since):
                continue  # imported before any block: its runs are not sessions
            for f in job.payload.get("files", []):
                try:
                    data = self._blobs.get(str(f["key"]))
                except BlobNotFound:
                    continue
                for run in self._reader.read(data, str(f.get("name", ""))):
                    if run.sport in RUNNING_SPORTS and run.start >= _midnight(since):
                        trace = StoredTrace(record.id, _minute(run.start), run.trace)
                        uow.retraining.put_trace(record.clinic_id, trace)
            uow.retraining.mark_scanned(record.clinic_id, record.id, job.id)

    def _view(self, uow: RetrainingUnitOfWork, caller: Caller, b: StoredBlock) -> BlockView:
        plan = plan_from_dict(b.plan)
        since = _midnight(b.start)
        acts = uow.activities.for_client(b.client_id)
        runs = _session_runs(b, acts)[: len(plan.sessions)]
        traces = {t.start_minute: t.trace for t in uow.retraining.traces(b.client_id, since)}
        pain = {e.day: e for e in uow.pain_log.for_client(b.client_id, b.start)}
        rows = []
        for i, s in enumerate(plan.sessions):
            if i >= len(runs):
                rows.append(SessionRow(s))
                continue
            run = runs[i]
            trace = traces.get(_minute(run.start))
            if s.target_spm is None:  # posture: the run counts; the video checks the lean
                seen = A.from_trace(trace, 0.0).mean_spm if trace is not None else None
                adh = A.video_only(seen or run.avg_cadence_spm)
            elif trace is not None:
                adh = A.from_trace(trace, s.target_spm)
            else:
                adh = A.from_average(run.avg_cadence_spm, s.target_spm)
            rows.append(SessionRow(s, run, adh, A.pain_on(pain.get(run.start.date()))))
        done = [r.adherence for r in rows if r.adherence is not None]
        before = [
            a.avg_cadence_spm for a in acts
            if a.sport in RUNNING_SPORTS and a.avg_cadence_spm and a.start < since
            and (since - a.start).days <= 28
        ]  # fmt: skip
        analyses = [a for a in uow.gait.for_client(b.client_id) if visible_to_client(a)]
        baseline = next((a for a in analyses if a.id == b.analysis_id), None)
        after = [  # a follow-up video: analysed after the block was started
            a for a in analyses
            if a.id != b.analysis_id and a.created_at > b.created_at and cadence_of(a) is not None
        ]  # fmt: skip
        akps = [
            Score(r.on, r.scores[AKPS_ID]) for r in uow.care.outcomes_for(b.client_id)
            if AKPS_ID in r.scores and r.on >= b.start - _WEEKS_BEFORE
        ]  # fmt: skip
        ended = not self._running(b) or len(runs) >= len(plan.sessions)
        summary = summarise(
            planned=len(plan.sessions), runs=done, watch_before=before,
            video_before_spm=cadence_of(baseline) if baseline else b.baseline_spm,
            video_after_spm=cadence_of(after[-1]) if after else None,
            pain=list(pain.values()), akps=akps, ended=ended,
        )  # fmt: skip
        agreements: tuple[G.CadenceAgreement, ...] = ()
        if caller.actor.role is not Role.CLIENT:
            agreements = _agreements(analyses, acts, traces)
        later = [  # the goal's figure needs any later video, with or without a step rate
            a for a in analyses if a.id != b.analysis_id and a.created_at > b.created_at
        ]  # fmt: skip
        form_after = None
        if plan.goal is not None and later:
            form_after = follow_up_value(later[-1].metrics, plan.goal)
        follow_up = later[-1].id if later else None
        return BlockView(
            b, plan, tuple(rows), A.trend(done), summary, agreements, follow_up, form_after
        )


def _session_runs(b: StoredBlock, acts: Sequence[Activity]) -> list[Activity]:
    """The runs that are the block's sessions, in order: every run from its start day on."""
    since = _midnight(b.start)
    return [
        a for a in acts
        if a.sport in RUNNING_SPORTS and a.start >= since and not a.date_unconfirmed
        and (b.ended_at is None or a.start <= b.ended_at)
    ]  # fmt: skip


def _agreements(
    analyses: Sequence[GaitAnalysisRecord],
    acts: Sequence[Activity],
    traces: dict[datetime, A.CadenceTrace | None],
) -> tuple[G.CadenceAgreement, ...]:
    """Each released video against its week's runs: their running cadence from the records
    where read (the session average also counts stops and walk breaks), else the average."""
    runs = []
    for a in acts:
        if a.sport not in RUNNING_SPORTS:
            continue
        trace = traces.get(_minute(a.start))
        spm = A.from_trace(trace, 0.0).mean_spm if trace is not None else None
        spm = spm or a.avg_cadence_spm
        if spm:
            runs.append(G.WatchRun(a.start.date(), spm, _speed(a)))
    out = []
    for an in analyses:
        spm = cadence_of(an)
        if spm is not None:
            out.append(G.compare(an.created_at.date(), spm, runs))
    return tuple(out)


def _speed(a: Activity) -> float | None:
    t = a.moving_s or a.duration_s
    return a.distance_m / t if a.distance_m and t else None
