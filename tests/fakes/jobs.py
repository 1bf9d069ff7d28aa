"""A fake job store (the job rows, as SqlJobStore keeps them) and a queue that holds jobs
until the test runs them, so a unit test decides when a job runs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from kneecap.domain.jobs import Job, JobStatus
from tests.fakes.tables import Table, WriteLock


class FakeJobStore:
    """Each call its own short transaction, as SqlJobStore's; `lock` is the fake database's
    write lock, when the jobs live in the same database as the units of work."""

    def __init__(self, lock: WriteLock | None = None) -> None:
        self._jobs: Table[int, Job] = Table()
        # job id -> (owner, lease expiry), and the scheduled ticks taken (as the SQL columns)
        self.leases: dict[int, tuple[str | None, datetime | None]] = {}
        self.ticks: dict[tuple[str, str], str] = {}
        if lock is not None:
            self._jobs.lock = lock

    def _update(self, job_id: int, **changes: Any) -> None:
        found = self._jobs.get(job_id)
        if found is not None:
            self._jobs.put(job_id, replace(found, **changes))

    def add(
        self,
        clinic_id: int,
        kind: str,
        payload: dict[str, Any],
        created_by: int | None,
        client_id: int | None,
        now: datetime,
    ) -> Job:
        n = self._jobs.next_id()
        job = Job(n, clinic_id, kind, JobStatus.QUEUED, created_by, now, client_id,
                  message="Waiting to start", payload=dict(payload))  # fmt: skip
        return self._jobs.put(n, job)

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def claim(
        self, job_id: int, now: datetime, owner: str = "", lease_until: datetime | None = None
    ) -> Job | None:
        found = self._jobs.get(job_id)
        if found is None or found.status is not JobStatus.QUEUED:
            return None
        self._update(job_id, status=JobStatus.RUNNING, started_at=now,
                     attempts=found.attempts + 1, message="Started")  # fmt: skip
        self.leases[job_id] = (owner or None, lease_until)
        return self._jobs.get(job_id)

    def renew(self, job_id: int, owner: str, lease_until: datetime) -> bool:
        found = self._jobs.get(job_id)
        if found is None or found.status is not JobStatus.RUNNING:
            return False
        if self.leases.get(job_id, (None, None))[0] != owner:
            return False
        self.leases[job_id] = (owner, lease_until)
        return True

    def take_tick(self, name: str, tick: str, owner: str, now: datetime) -> bool:
        if (name, tick) in self.ticks:
            return False
        self.ticks[(name, tick)] = owner
        return True

    def _held(self, job_id: int, owner: str | None) -> bool:
        return owner is None or self.leases.get(job_id, (None, None))[0] == owner

    def next_queued(self) -> Sequence[int]:
        return [j.id for j in self._jobs.rows(lambda j: j.status is JobStatus.QUEUED)][:50]

    def progress(self, job_id: int, progress: float, message: str) -> None:
        self._update(job_id, progress=progress, message=message[:500])

    def finish(
        self, job_id: int, result: dict[str, Any], now: datetime, owner: str | None = None
    ) -> None:
        if not self._held(job_id, owner):
            return
        self._update(job_id, status=JobStatus.DONE, progress=1.0, message="Finished",
                     result=dict(result), finished_at=now)  # fmt: skip

    def fail(self, job_id: int, error: str, now: datetime, owner: str | None = None) -> None:
        if not self._held(job_id, owner):
            return
        self._update(job_id, status=JobStatus.FAILED, message="Failed", error=error,
                     finished_at=now)  # fmt: skip

    def requeue_interrupted(self, max_attempts: int, now: datetime) -> Sequence[int]:
        requeued = []
        for job in self._jobs.rows(lambda j: j.status is JobStatus.RUNNING):
            until = self.leases.get(job.id, (None, None))[1]
            if until is not None and until >= now:
                continue  # its worker still renews the lease
            self.leases.pop(job.id, None)
            if job.attempts >= max_attempts:
                error = "The job stopped repeatedly (the app restarted while it ran)."
                self._update(job.id, status=JobStatus.FAILED, finished_at=now, error=error)
            else:
                self._update(job.id, status=JobStatus.QUEUED,
                             message="Restarting after an interruption")  # fmt: skip
                requeued.append(job.id)
        return requeued

    def for_client(self, client_id: int, kind: str | None = None, limit: int = 20) -> Sequence[Job]:
        mine = self._jobs.rows(lambda j: j.client_id == client_id)
        return [j for j in mine[::-1] if kind is None or j.kind == kind][:limit]


class FakeJobQueue:
    """Keeps enqueued job ids; `run_all` runs them, in order, with the runner's `run`."""

    def __init__(self, run: Callable[[int], Job | None]) -> None:
        self._run = run
        self.waiting: list[int] = []

    def enqueue(self, job_id: int) -> None:
        self.waiting.append(job_id)

    def start(self) -> None:
        """Nothing runs in the background: jobs wait for `run_all`."""

    def stop(self) -> None:
        """Nothing to stop."""

    def run_all(self) -> list[Job | None]:
        ran = [self._run(job_id) for job_id in self.waiting]
        self.waiting.clear()
        return ran
