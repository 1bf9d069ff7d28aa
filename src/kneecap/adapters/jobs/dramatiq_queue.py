"""Distributed jobs: a JobQueue on Dramatiq with a Redis broker (KNEECAP_BROKER_URL).

The message carries only the job's id; the job row stays the truth about status and progress,
so any number of `kneecap worker` processes on any machines can take jobs. Redis delivery is
at-least-once (a message is acknowledged after the actor returns, and a dead worker's messages
go back to the queue); `JobService.run` claims the row first, so a job never runs twice at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

log = logging.getLogger("kneecap.jobs")
ACTOR_NAME = "kneecap_run_job"
# Video analyses can be long; Dramatiq's default 10-minute limit would kill them.
TIME_LIMIT_MS = 6 * 3600 * 1000
# Retries are for infrastructure trouble (database unreachable); JobService records failures.
MAX_RETRIES = 3


class DramatiqQueue:
    def __init__(
        self,
        broker_url: str,
        run: Callable[[int], object],
        recover: Callable[[], Sequence[int]],
        queued: Callable[[], Sequence[int]],
        *,
        namespace: str = "kneecap",
        queue_name: str = "jobs",
        threads: int = 1,
        every_s: float = 10.0,
    ) -> None:
        import dramatiq
        from dramatiq.brokers.redis import RedisBroker

        self._run = run
        self._recover = recover
        self._queued = queued
        self._threads = threads
        # Dramatiq's stubs do not cover these keyword options; the calls are as documented.
        broker_cls: Any = RedisBroker
        make_actor: Any = dramatiq.actor
        self.broker: Any = broker_cls(url=broker_url, namespace=namespace)
        self._actor: Any = make_actor(
            self._perform,
            actor_name=ACTOR_NAME,
            queue_name=queue_name,
            broker=self.broker,
            max_retries=MAX_RETRIES,
            time_limit=TIME_LIMIT_MS,
        )
        self._worker: Any = None
        self._every_s = every_s
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None

    def _perform(self, job_id: int) -> None:
        self._run(job_id)

    def enqueue(self, job_id: int) -> None:
        self._actor.send(job_id)

    def start(self) -> None:
        """Run jobs in this process (what `kneecap worker` does); resumes interrupted ones."""
        import dramatiq

        if self._worker is not None:
            return
        requeued = self._recover()
        if requeued:
            log.info("requeued %d interrupted job(s)", len(requeued))
        for job_id in self._queued():
            self.enqueue(job_id)
        # Prefetch no more than it runs: a killed worker then holds only the messages of the
        # jobs it was running, which their expired leases bring back (messages it merely held
        # would wait for Redis's own dead-worker timeout).
        self._worker = dramatiq.Worker(self.broker, worker_threads=self._threads)
        self._worker.queue_prefetch = self._threads  # (Dramatiq reads it when consuming)
        self._worker.start()
        # Now and then: jobs of a worker that died (lease expired) go back to the queue, and
        # scheduled tasks run once per tick across the fleet (JobRunner.maintain).
        self._stop.clear()
        self._sweeper = threading.Thread(target=self._sweep, name="kneecap-jobs-sweep", daemon=True)
        self._sweeper.start()

    def _sweep(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                for job_id in self._recover():
                    self.enqueue(job_id)
            except Exception:  # the database or Redis is away for a moment: try next time
                log.exception("job sweep failed")

    def stop(self) -> None:
        self._stop.set()
        if self._sweeper is not None:
            self._sweeper.join(timeout=30)
            self._sweeper = None
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self.broker.close()
