"""Job leases and the schedule, on the fake job store: a running job's lease is renewed while
its handler runs; a worker that lost its lease (it stalled, another took the job) cannot
finish it; a scheduled task runs once per tick across every runner."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from kneecap.domain.jobs import Job, JobStatus
from kneecap.services.jobs import JobRunner, Progress, ScheduledTask
from tests.fakes.clock import FixedClock
from tests.fakes.jobs import FakeJobStore


def test_the_lease_is_renewed_while_the_handler_runs() -> None:
    store, clock = FakeJobStore(), FixedClock()
    renewed = threading.Event()
    real_renew = store.renew

    def renew(job_id: int, owner: str, lease_until: Any) -> bool:
        renewed.set()
        return real_renew(job_id, owner, lease_until)

    store.renew = renew  # type: ignore[method-assign]

    def slow(job: Job, progress: Progress) -> dict[str, Any]:
        assert renewed.wait(5), "no heartbeat while the job ran"
        return {"ok": True}

    runner = JobRunner(store, clock, {"slow": slow}, owner="w1", lease_s=0.3)
    job = store.add(1, "slow", {}, None, None, clock.now())
    done = runner.run(job.id)
    assert done is not None and done.status is JobStatus.DONE
    assert store.leases[job.id][0] == "w1"


def test_a_worker_that_lost_its_lease_does_not_finish_the_job() -> None:
    store, clock = FakeJobStore(), FixedClock()
    taken_over = threading.Event()

    def stalls(job: Job, progress: Progress) -> dict[str, Any]:
        # While this worker stalls, its lease runs out and another worker takes the job.
        later = clock.now() + timedelta(minutes=5)
        assert list(store.requeue_interrupted(3, later)) == [job.id]
        assert store.claim(job.id, later, "w2", later + timedelta(seconds=30)) is not None
        taken_over.set()
        return {"by": "w1"}

    runner = JobRunner(store, clock, {"stalls": stalls}, owner="w1", lease_s=30)
    job = store.add(1, "stalls", {}, None, None, clock.now())
    seen = runner.run(job.id)
    assert taken_over.is_set()
    assert seen is not None and seen.status is JobStatus.RUNNING and seen.result == {}
    assert store.leases[job.id][0] == "w2"


def test_a_scheduled_task_runs_once_per_tick_across_runners() -> None:
    store, clock = FakeJobStore(), FixedClock()
    ran: list[str] = []

    def task(n: int) -> ScheduledTask:
        return ScheduledTask("escalation", 3600, lambda: ran.append(f"w{n}"))

    runners = [
        JobRunner(
            store,
            clock,
            {},
            owner=f"w{n}",
            schedule=[task(n)],
        )
        for n in range(3)
    ]
    for _ in range(2):  # every runner sweeps twice within one tick
        for r in runners:
            r.maintain()
    assert len(ran) == 1
    clock.advance(hours=1)
    for r in runners:
        r.maintain()
    assert len(ran) == 2
