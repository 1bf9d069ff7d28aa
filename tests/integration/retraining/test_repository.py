"""The retraining tables on SQLite and PostgreSQL: a run's trace is kept
once (a second copy, or one without records, changes nothing), two page views reading the
same new upload at once do not fail on the second insert, and a trunk-lean block is stored
without a step rate."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np

from kneecap.adapters.db.models.retraining import CadenceTraceRow
from kneecap.bootstrap import Container
from kneecap.domain.retraining.adherence import CadenceTrace
from kneecap.domain.retraining.block import plan_block
from kneecap.domain.retraining.codec import plan_from_dict, plan_to_dict
from kneecap.domain.retraining.dose import Dose
from kneecap.domain.retraining.form import Lever, goal_for
from kneecap.ports.gait import NewVideo
from kneecap.ports.retraining import StoredTrace
from tests.factories import make_world

AT = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def test_blocks_and_traces(container: Container) -> None:
    world = make_world(container)
    clinic, cid = world.a.clinic_id, world.a.clients[0].id
    trace = CadenceTrace(np.arange(3.0), np.array([170.0, 171.5, 172.25]))
    job = _job(container, clinic, cid)
    with container.uow_factory() as uow:
        uow.retraining.put_trace(clinic, StoredTrace(cid, AT, trace))
        uow.retraining.put_trace(clinic, StoredTrace(cid, AT, None))  # a copy without records
        uow.retraining.mark_scanned(clinic, cid, job)
        uow.retraining.mark_scanned(clinic, cid, job)
        uow.commit()
    with container.uow_factory() as uow:
        [kept] = uow.retraining.traces(cid, datetime(2026, 3, 1, tzinfo=UTC))
        assert kept.trace is not None and list(kept.trace.spm) == [170.0, 171.5, 172.2]
        # the second request's insert of the same run: swallowed, the first one's row stays
        uow.retraining._insert_once(CadenceTraceRow(
            clinic_id=clinic, client_id=cid, start_minute=AT, samples=None,
        ))  # fmt: skip
        uow.commit()
    with container.uow_factory() as uow:
        assert len(uow.retraining.traces(cid, AT)) == 1
        assert len(uow.retraining.scanned_jobs(cid)) == 1


def _job(container: Container, clinic: int, cid: int) -> int:
    job = container.jobs.submit(
        "load.import", {"files": []}, clinic_id=clinic, created_by=None, client_id=cid
    )
    return job.id


def test_a_posture_block_is_stored_without_a_step_rate(container: Container) -> None:
    world = make_world(container)
    clinic, cid = world.a.clinic_id, world.a.clients[0].id
    plan = plan_block(
        None, date(2026, 3, 2), Dose(), lever=Lever.POSTURE, goal=goal_for("trunk_lean", 14.2)
    )
    with container.uow_factory() as uow:
        video = uow.gait.add_video(NewVideo(
            clinic, cid, "k", "clip.mp4", 10, None, AT, 1280, 720, 30.0, 12.0,
        ))  # fmt: skip
        analysis = uow.gait.add_analysis(video, "side", None, AT)
        block = uow.retraining.add_block(
            clinic, cid, analysis.id, "trunk_lean", None, plan.start, plan_to_dict(plan), None, AT
        )
        uow.commit()
    with container.uow_factory() as uow:
        stored = uow.retraining.block(block.id)
        assert stored is not None and stored.baseline_spm is None
        assert plan_from_dict(stored.plan) == plan
