"""The demo clinic for trying Kneecap out: `kneecap demo` seeds it, and tests seed the same.

A shell beside the command line: it drives the services of a container as a clinic's staff
and clients would, and nothing in a production container builds or imports it.
"""

from __future__ import annotations

from kneecap.bootstrap import Container, synthetic_runner_clip
from kneecap.demo.care import care_demo
from kneecap.demo.clinic import DemoExtension, DemoSeed, seed_clinic
from kneecap.demo.clinical import ClinicalDemo
from kneecap.demo.cosign import cosign_demo
from kneecap.demo.gait import gait_demo
from kneecap.demo.load import LoadDemo
from kneecap.demo.retraining import retraining_demo

__all__ = ["DemoSeed", "extensions", "seed_demo"]


def extensions(c: Container) -> list[DemoExtension]:
    """Each area's demo data, in order: clinical, care, what waits for co-signature, training
    load, running form, a runner mid-way through a gait-retraining block."""
    return [
        ClinicalDemo(c.accounts, c.assessments, c.clock),
        care_demo(c.care),
        cosign_demo(c.accounts, c.care.plans, c.clients),
        LoadDemo(c.training),
        gait_demo(c.gait, c.jobs, synthetic_runner_clip),
        retraining_demo(c.retraining, c.training, c.gait, c.jobs, synthetic_runner_clip),
    ]


def seed_demo(c: Container, password: str) -> DemoSeed:
    """Create the demo clinic with every area's data if it is missing (else reset the demo
    accounts' password)."""
    return seed_clinic(c.accounts, c.clients, password, extensions(c))
