"""Submitting, running and reading background jobs.

Each job kind has a handler (the composition root hands them all to the runner); the handler
gets the stored job and a `progress` callback, and returns a JSON-able result. A handler raises
`JobFailed` with a message the user can act on; anything else is recorded as an unexpected
failure without its details (they may hold client data) and logged by job id only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.jobs import MAX_ATTEMPTS, Job, JobFailed
from kneecap.ports.jobs import JobQueue, JobRepository
from kneecap.ports.repositories import UnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.errors import NotFound

log = logging.getLogger("kneecap.jobs")

Progress = Callable[[float, str], None]
Handler = Callable[[Job, Progress], dict[str, Any]]
# Progress is written at most this often, so a fast loop does not hammer the database.
PROGRESS_INTERVAL_S = 0.5
# A running job's lease: renewed every third of it while the handler runs, so a job whose
# worker died is taken again within about one lease (plus the sweep's interval).
LEASE_S = 30.0


@dataclass(frozen=True)
class ScheduledTask:
    """Work that runs once per tick across every process that runs jobs (the escalation
    sweep, reminders): the process that takes the tick's key in the database runs it."""

    name: str
    every_s: int
    run: Callable[[], None]

    def tick(self, now: datetime) -> str:
        return str(int(now.timestamp()) // self.every_s)


class JobRunner:
    """Runs stored jobs with their kind's handler; what a queue calls, in whichever process
    takes the job. The handlers are fixed when it is built (kneecap.bootstrap)."""

    def __init__(
        self,
        store: JobRepository,
        clock: Clock,
        handlers: Mapping[str, Handler],
        *,
        owner: str = "runner",
        lease_s: float = LEASE_S,
        schedule: Sequence[ScheduledTask] = (),
    ) -> None:
        self._store = store
        self._clock = clock
        self._handlers = dict(handlers)
        self._owner = owner  # unique per process (host, pid, random): who holds a lease
        self._lease = timedelta(seconds=lease_s)
        self._schedule = tuple(schedule)

    @property
    def lease_s(self) -> float:
        return self._lease.total_seconds()

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def run(self, job_id: int) -> Job | None:
        """Run one queued job to the end in this thread. None if someone else took it."""
        now = self._clock.now()
        job = self._store.claim(job_id, now, self._owner, now + self._lease)
        if job is None:
            return None
        owner = self._owner
        handler = self._handlers.get(job.kind)
        if handler is None:
            self._store.fail(job.id, f"This installation cannot run {job.kind!r} jobs.", now, owner)
            return self._store.get(job.id)
        done = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(job.id, done), daemon=True)
        beat.start()
        try:
            self._run_handler(job, handler)
        finally:
            done.set()
            beat.join()
        return self._store.get(job.id)

    def _heartbeat(self, job_id: int, done: threading.Event) -> None:
        while not done.wait(self._lease.total_seconds() / 3):
            try:
                if not self._store.renew(job_id, self._owner, self._clock.now() + self._lease):
                    log.warning("job %s: lease lost to another worker", job_id)
                    return
            except Exception as exc:  # the database is away for a moment: try next beat
                log.warning("job %s: lease not renewed (%s)", job_id, type(exc).__name__)

    def _run_handler(self, job: Job, handler: Handler) -> None:
        owner = self._owner
        last = [0.0]

        def progress(fraction: float, message: str = "") -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL_S or fraction >= 1.0:
                last[0] = now
                self._store.progress(job.id, max(0.0, min(1.0, fraction)), message)

        try:
            result = handler(job, progress)
        except JobFailed as exc:
            self._store.fail(job.id, exc.message, self._clock.now(), owner)
        except Exception as exc:
            log.exception("job %s (%s) failed: %s", job.id, job.kind, type(exc).__name__)
            self._store.fail(
                job.id,
                f"The job failed unexpectedly (job {job.id}). Nothing already stored "
                "was lost; try again, and tell the clinic admin if it keeps failing.",
                self._clock.now(),
                owner,
            )
        else:
            self._store.finish(job.id, result, self._clock.now(), owner)

    def recover(self) -> Sequence[int]:
        """Put jobs whose lease expired (their process stopped) back in the queue; the ids
        for the caller to enqueue. Every process that runs jobs calls it now and then."""
        return self._store.requeue_interrupted(MAX_ATTEMPTS, self._clock.now())

    def maintain(self) -> Sequence[int]:
        """What a queue does now and then: requeue expired jobs (returned, to enqueue) and run
        the scheduled tasks whose tick this process takes first."""
        requeued = self.recover()
        now = self._clock.now()
        for task in self._schedule:
            if self._store.take_tick(task.name, task.tick(now), self._owner, now):
                try:
                    task.run()
                except Exception as exc:  # the next tick tries again
                    log.exception("scheduled %s failed: %s", task.name, type(exc).__name__)
        return requeued

    def queued(self) -> Sequence[int]:
        return self._store.next_queued()


class JobService:
    """Submitting jobs (to the queue, when there is one) and reading them through the gate.

    Without a queue, a job is stored and waits for whoever submitted it to `run` it: a
    command that runs its own import in its own process."""

    def __init__(
        self,
        store: JobRepository,
        uow_factory: UnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        runner: JobRunner,
        queue: JobQueue | None,
    ) -> None:
        self._store = store
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._runner = runner
        self._queue = queue

    @property
    def queue(self) -> JobQueue | None:
        return self._queue

    @property
    def kinds(self) -> frozenset[str]:
        return self._runner.kinds

    def submit(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        clinic_id: int,
        created_by: int | None,
        client_id: int | None = None,
    ) -> Job:
        """Store a job and hand it to the queue. Callers check their own permission first."""
        if kind not in self._runner.kinds:
            raise ValueError(f"no handler for job kind {kind!r}")
        job = self._store.add(clinic_id, kind, payload, created_by, client_id, self._clock.now())
        if self._queue is not None:
            self._queue.enqueue(job.id)
        return job

    def get(self, caller: Caller, job_id: int) -> Job:
        job = self._store.get(job_id)
        with self._uow() as uow:
            if job is None:
                self._gate.check(uow, caller, Action.JOB_READ, Resource("job", -1, id=job_id))
                raise NotFound("That job")
            resource = Resource("job", job.clinic_id, client_id=job.client_id, id=job.id)
            self._gate.check(uow, caller, Action.JOB_READ, resource, audit=False)
        return job

    def for_client(self, client_id: int, kind: str | None = None) -> Sequence[Job]:
        """Jobs of one client; callers have already passed the gate for that client."""
        return self._store.for_client(client_id, kind)

    def run(self, job_id: int) -> Job | None:
        """Run one queued job to the end in this thread (see JobRunner.run)."""
        return self._runner.run(job_id)

    def recover(self) -> Sequence[int]:
        return self._runner.recover()
