"""The demo clinic for trying Kneecap out: `kneecap demo` seeds it, and tests seed the same.

A shell beside the command line: it drives the services of a container as a clinic's staff
and clients would, and nothing in a production container builds or imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from kneecap.bootstrap import Container, synthetic_runner_clip
from kneecap.demo.care import care_demo
from kneecap.demo.clinic import DemoExtension, DemoSeed, demo_accounts, seed_clinic
from kneecap.demo.clinical import ClinicalDemo
from kneecap.demo.cosign import cosign_demo
from kneecap.demo.gait import JobWait, gait_demo, queued
from kneecap.demo.load import LoadDemo
from kneecap.demo.retraining import retraining_demo
from kneecap.demo.schedule import schedule_demo

__all__ = ["DemoSeed", "demo_accounts", "extensions", "seed_demo"]


def extensions(c: Container, wait: JobWait | None = None) -> list[DemoExtension]:
    """Each area's demo data, in order: clinical, care, what waits for co-signature, training
    load, running form (whose analysis job `wait` waits for; by default it runs at once),
    working hours, a runner mid-way through a gait-retraining
    block."""
    return [
        ClinicalDemo(c.accounts, c.assessments, c.clock),
        care_demo(c.care),
        cosign_demo(c.accounts, c.care.plans, c.clients),
        LoadDemo(c.training),
        gait_demo(c.gait, c.jobs, synthetic_runner_clip, wait),
        retraining_demo(c.retraining, c.training, c.gait, c.jobs, synthetic_runner_clip, wait),
        schedule_demo(c.accounts, c.appointments),
    ]


def seed_demo(c: Container, password: str, report: Callable[[str], None] | None = None) -> DemoSeed:
    """Create the demo clinic with every area's data if it is missing (else reset the demo
    accounts' password). With `report`, the container's queue is running: the running-form
    analysis is left to it, and each step and the job's progress are reported."""
    wait = queued(c.jobs, report) if report is not None else None
    return seed_clinic(c.accounts, c.clients, password, extensions(c, wait), report)
