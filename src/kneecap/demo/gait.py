"""Demo data for running form: one analysed, reviewed and released video for Maya Okafor.

The video is the synthetic mannequin runner (kneecap.bootstrap.synthetic_runner_clip),
analysed by the real pipeline when the demo clinic is first created (about ten seconds), so
the demo shows the clinician's review page and the runner's released feedback. It is not a
filmed runner.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from kneecap.demo.clinic import DemoExtension, DemoSeed
from kneecap.services.caller import Caller
from kneecap.services.gait import GaitService
from kneecap.services.jobs import JobService

log = logging.getLogger("kneecap.gait")
CLINICIAN_CUE = "Run your easy runs at a pace where you can talk; we will film again in 4 weeks."


def gait_demo(
    gait: GaitService, jobs: JobService, make_clip: Callable[[Path], Path]
) -> DemoExtension:
    """The demo extension: a released running-form analysis for Maya."""
    return partial(_add_demo_analysis, gait, jobs, make_clip)


def _add_demo_analysis(
    gait: GaitService,
    jobs: JobService,
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
    jobs.run(upload.job.id)  # now, so the demo opens with a finished analysis
    page = gait.page(caller, upload.analysis.id)
    if not page.analysis.ready:
        log.warning("demo running-form analysis did not finish: %s", page.job and page.job.error)
        return
    texts = [f.text for f in page.analysis.feedback]
    gait.edit_feedback(caller, upload.analysis.id, texts, CLINICIAN_CUE)
    gait.release(caller, upload.analysis.id)
