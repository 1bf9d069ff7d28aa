"""Demo data for gait retraining: Daniel Reyes (client2) mid-block.

His running-form video (the synthetic mannequin runner, analysed by the real pipeline) is
released with its step-rate cue, and a block started from it on the Monday two weeks ago. Six
of his easy runs since then came with watch files (written here as FIT files with a record a
second, since the demo has no real watch) and are imported through the real import job: the
block's adherence is computed from those files as it would be from a runner's. One run has no
file, so its session shows the average only. He runs three times a week, so the block runs three
sessions a week and never adds a run. His progression plan starts next Monday; the block's
last two sessions sit in its first runs.
"""

from __future__ import annotations

import logging
import random
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from kneecap.bootstrap.retraining_tools import synthetic_run_fit
from kneecap.demo.clinic import DemoExtension, DemoSeed
from kneecap.demo.gait import JobWait, run_now
from kneecap.domain.load.activity import RUNNING_SPORTS
from kneecap.domain.load.goal import PlanKind
from kneecap.services.caller import Caller
from kneecap.services.gait import GaitService
from kneecap.services.jobs import JobService
from kneecap.services.retraining import RetrainingService, StartOptions, startable
from kneecap.services.training import TrainingService
from kneecap.services.training_import import Upload

log = logging.getLogger("kneecap.retraining")
EMAIL = "client2@demo.test"
# Per session: mean step rate as a share of the way from his own rate to the target, the
# session without a watch file, and his pain during / next morning.
PROGRESS = (0.35, 0.6, None, 0.8, 0.7, 0.9)
PAIN = ((2, 1), (1, 1), (2, 2), (1, 1), (2, 3), (1, 1))
PLAN_GOAL_FACTOR = 1.3  # his plan builds to 30% more weekly running than now (demo choice)


def retraining_demo(
    retraining: RetrainingService,
    training: TrainingService,
    gait: GaitService,
    jobs: JobService,
    make_clip: Callable[[Path], Path],
    wait: JobWait | None = None,
) -> DemoExtension:
    """`wait` waits for a submitted job (the running queue's, or run here by default)."""
    return partial(_add, retraining, training, gait, wait or run_now(jobs), make_clip)


def _trace(rng: random.Random, seconds: int, start_spm: float, mean_spm: float) -> list[float]:
    """A run's step rate each second: settling from `start_spm` to `mean_spm` over the first
    minutes, drifting down a little late in the run, a walk break, and wrist-watch noise."""
    out = []
    for t in range(seconds):
        settle = min(1.0, t / 240)
        late = max(0.0, (t - 0.7 * seconds) / (0.3 * seconds))
        v = start_spm + (mean_spm - start_spm) * settle - 2.5 * late + rng.gauss(0, 1.6)
        if 0.45 * seconds <= t < 0.45 * seconds + 45:
            v = 105 + rng.gauss(0, 3)  # a walk break: not running time
        out.append(round(v, 1))
    return out


def _add(
    retraining: RetrainingService,
    training: TrainingService,
    gait: GaitService,
    wait: JobWait,
    make_clip: Callable[[Path], Path],
    seed: DemoSeed,
    caller: Caller,
) -> None:
    daniel = next((c for c in seed.clients if c.details.email == EMAIL), None)
    if daniel is None:
        return
    with tempfile.TemporaryDirectory(prefix="kneecap-demo-") as tmp:
        clip = make_clip(Path(tmp) / "daniel-treadmill-side.mp4")
        upload = gait.upload(caller, daniel.id, clip, clip.name, "side", 178.0)
    wait(caller, upload.job)
    analysis = gait.page(caller, upload.analysis.id).analysis
    if not analysis.ready:
        log.warning("demo retraining video did not finish analysing")
        return
    cadence = (analysis.metrics or {}).get("cadence_spm")
    if cadence and not any(f.rule.startswith("cadence") for f in analysis.feedback):
        # the analysis's quality kept the automated cues back: the clinician writes the cue
        texts = [f.text for f in analysis.feedback]
        cue = f"Try ~5% quicker steps: about {cadence * 1.05:.0f} steps/min."
        gait.edit_feedback(caller, analysis.id, texts, cue)
    analysis = gait.release(caller, analysis.id)
    if not startable(analysis):
        log.warning("demo retraining video has no released step-rate cue")
        return
    today = training.today()
    start = today - timedelta(days=today.weekday() + 14)
    cue = next((f.rule for f in analysis.feedback if f.rule.startswith("cadence")), "clinician")
    block = retraining.start(caller, daniel.id, StartOptions(analysis.id, start=start, cue=cue))
    view = retraining.block(caller, daniel.id, block.id)
    since = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
    stored, _ = training.activities(caller, daniel.id, limit=50)
    runs = sorted(
        (s.activity for s in stored if s.activity.sport in RUNNING_SPORTS),
        key=lambda a: a.start,
    )
    runs = [a for a in runs if a.start >= since][: len(PROGRESS)]
    rng = random.Random(16)
    uploads = []
    for i, run in enumerate(runs):
        share = PROGRESS[i]
        during, morning = PAIN[i]
        training.log_pain(caller, daniel.id, run.start.date(), during, morning, 1)
        if share is None:
            continue  # this run came without a watch file
        own, target = block.baseline_spm, view.sessions[i].plan.target_spm
        if own is None or target is None:
            continue  # a posture block: the demo's watch files are for a step-rate one
        seconds = round(run.moving_s or run.duration_s)
        spm = _trace(rng, seconds, own, own + share * (target - own))
        uploads.append(Upload(f"run-{run.start:%Y%m%d}.fit", synthetic_run_fit(run.start, spm)))
    job = training.imports.start(caller, daniel.id, uploads)
    wait(caller, job)  # the runs are already stored: the files bring their cadence
    retraining.page(caller, daniel.id)  # reads the files' cadence once
    # a progression plan from next Monday: the block's last sessions sit in its first runs
    base = training.plan(caller, daniel.id).baseline_week_km
    if base > 0:
        goal = round(base * PLAN_GOAL_FACTOR)
        training.set_goal(caller, daniel.id, PlanKind.VOLUME, goal_week_km=goal)
