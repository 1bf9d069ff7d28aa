"""The retraining tables on SQLite and PostgreSQL: a run's trace is kept
once (a second copy, or one without records, changes nothing), and two page views reading the
same new upload at once do not fail on the second insert."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from kneecap.adapters.db.models.retraining import CadenceTraceRow
from kneecap.bootstrap import Container
from kneecap.domain.retraining.adherence import CadenceTrace
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
