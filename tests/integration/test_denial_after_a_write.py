"""A denial that comes after the call has written (the audit row of an allowed step) is
answered at once, on SQLite too: the caller's work is rolled back before the denial is written,
so SQLite's one write lock is free (the denial used to wait out the 30 s busy timeout and fail
with a server error)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kneecap.bootstrap import Container
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.services.errors import Forbidden, NotFound
from tests.factories import CARE_START, PLAN_CONTENT, World, make_world
from tests.fakes.gait import FakeGaitAnalyzer


@pytest.fixture
def container(build_container: Callable[..., Container]) -> Container:
    return build_container(analyzer=FakeGaitAnalyzer(), queue_jobs=False)


@pytest.fixture
def world(container: Container) -> World:
    return make_world(container)


def test_an_lmt_amending_in_an_adjustment_is_refused_at_once(
    container: Container, world: World
) -> None:
    chiro, lmt, cid = world.a.caller("chiropractor"), world.a.caller("lmt"), world.a.clients[0].id
    base = replace(PLAN_CONTENT, modalities=PLAN_CONTENT.modalities[:1])
    plan = container.care.plans.create(chiro, cid, CARE_START, base)
    container.care.plans.sign(chiro, cid, plan.id)
    adjust = ModalityPrescription(Modality.CHIROPRACTIC_ADJUSTMENT, "pelvis", None, 1, 4)
    with pytest.raises(Forbidden, match="chiropractic adjustment"):
        container.care.plans.amend(lmt, cid, plan.id, "add", replace(base, modalities=(adjust,)))
    assert container.care.plans.plans(chiro, cid)[0].content == base


def test_comparing_with_another_clinics_analysis_is_not_found_at_once(
    container: Container, world: World, tmp_path: Path
) -> None:
    clip = tmp_path / "run.mp4"
    clip.write_bytes(b"a running clip")
    mine = container.gait.upload(world.a.caller("lmt"), world.a.clients[0].id, clip, "a.mp4")
    theirs = container.gait.upload(world.b.caller("lmt"), world.b.clients[0].id, clip, "b.mp4")
    with pytest.raises(NotFound):
        container.gait.compare(world.a.caller("lmt"), mine.analysis.id, theirs.analysis.id)
