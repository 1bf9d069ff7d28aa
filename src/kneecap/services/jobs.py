"""Submitting, running and reading background jobs.

Each job kind has a handler (the composition root hands them all to the runner); the handler
gets the stored job and a `progress` callback, and returns a JSON-able result. A handler raises
`JobFailed` with a message the user can act on; anything else is recorded as an unexpected
failure without its details (they may hold client data) and logged by job id only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
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


class JobRunner:
    """Runs stored jobs with their kind's handler; what a queue calls, in whichever process
    takes the job. The handlers are fixed when it is built (kneecap.bootstrap)."""

    def __init__(self, store: JobRepository, clock: Clock, handlers: Mapping[str, Handler]) -> None:
        self._store = store
        self._clock = clock
        self._handlers = dict(handlers)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def run(self, job_id: int) -> Job | None:
        """Run one queued job to the end in this thread. None if someone else took it."""
        job = self._store.claim(job_id, self._clock.now())
        if job is None:
            return None
        handler = self._handlers.get(job.kind)
        if handler is None:
            self._store.fail(
                job.id, f"This installation cannot run {job.kind!r} jobs.", self._clock.now()
            )
            return self._store.get(job.id)
        last = [0.0]

        def progress(fraction: float, message: str = "") -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL_S or fraction >= 1.0:
                last[0] = now
                self._store.progress(job.id, max(0.0, min(1.0, fraction)), message)

        try:
            result = handler(job, progress)
        except JobFailed as exc:
            self._store.fail(job.id, exc.message, self._clock.now())
        except Exception as exc:
            log.exception("job %s (%s) failed: %s", job.id, job.kind, type(exc).__name__)
            self._store.fail(
                job.id,
                f"The job failed unexpectedly (job {job.id}). Nothing already stored "
                "was lost; try again, and tell the clinic admin if it keeps failing.",
                self._clock.now(),
            )
        else:
            self._store.finish(job.id, result, self._clock.now())
        return self._store.get(job.id)

    def recover(self) -> int:
        """After a restart: put interrupted jobs back in the queue."""
        return self._store.requeue_interrupted(MAX_ATTEMPTS, self._clock.now())

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

    def recover(self) -> int:
        return self._runner.recover()
