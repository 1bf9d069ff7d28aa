"""Demo data for running form: one analysed, reviewed and released video for Maya Okafor.

The video is the synthetic mannequin runner (kneecap.bootstrap.synthetic_runner_clip),
analysed by the real pipeline when the demo clinic is first created (about ten seconds), so
the demo shows the clinician's review page and the runner's released feedback. It is not a
filmed runner. `kneecap demo` serves first: the analysis is a job on the app's queue (its
progress on Maya's running-form page), and the demo releases it once the job is done.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from kneecap.demo.clinic import DemoExtension, DemoSeed
from kneecap.domain.jobs import Job
from kneecap.services.caller import Caller
from kneecap.services.gait import GaitService
from kneecap.services.jobs import JobService

log = logging.getLogger("kneecap.gait")
CLINICIAN_CUE = "Run your easy runs at a pace where you can talk; we will film again in 4 weeks."


# Waits until a submitted analysis job has run (or runs it now); gets the demo's caller.
JobWait = Callable[[Caller, Job], None]
POLL_S = 0.5


def run_now(jobs: JobService) -> JobWait:
    """Run the job in this thread: for a container whose queue is not running (tests)."""

    def wait(_caller: Caller, job: Job) -> None:
        jobs.run(job.id)

    return wait


def queued(jobs: JobService, report: Callable[[str], None]) -> JobWait:
    """Leave the job to the running queue and wait for it, reporting its progress."""

    def wait(caller: Caller, job: Job) -> None:
        while not job.status.finished:
            report(f"analysing Maya Okafor's demo running video ({job.percent} %)")
            time.sleep(POLL_S)
            job = jobs.get(caller, job.id)

    return wait


def gait_demo(
    gait: GaitService,
    jobs: JobService,
    make_clip: Callable[[Path], Path],
    wait: JobWait | None = None,
) -> DemoExtension:
    """The demo extension: a released running-form analysis for Maya."""
    return partial(_add_demo_analysis, gait, wait or run_now(jobs), make_clip)


def _add_demo_analysis(
    gait: GaitService,
    wait: JobWait,
    make_clip: Callable[[Path], Path],
    seed: DemoSeed,
    caller: Caller,
) -> None:
    if not seed.clients:
        return
    maya = seed.clients[0]
    with tempfile.TemporaryDirectory(prefix="kneecap-demo-") as tmp:
        clip = make_clip(Path(tmp) / "maya-treadmill-side.mp4")
        upload = gait.upload(caller, maya.id, clip, clip.name, "side", 168.0)
    wait(caller, upload.job)  # the review and release below need the finished analysis
    page = gait.page(caller, upload.analysis.id)
    if not page.analysis.ready:
        log.warning("demo running-form analysis did not finish: %s", page.job and page.job.error)
        return
    texts = [f.text for f in page.analysis.feedback]
    gait.edit_feedback(caller, upload.analysis.id, texts, CLINICIAN_CUE)
    gait.release(caller, upload.analysis.id)
