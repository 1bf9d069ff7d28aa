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

    def claim(self, job_id: int, now: datetime) -> Job | None:
        found = self._jobs.get(job_id)
        if found is None or found.status is not JobStatus.QUEUED:
            return None
        self._update(job_id, status=JobStatus.RUNNING, started_at=now,
                     attempts=found.attempts + 1, message="Started")  # fmt: skip
        return self._jobs.get(job_id)

    def next_queued(self) -> Sequence[int]:
        return [j.id for j in self._jobs.rows(lambda j: j.status is JobStatus.QUEUED)][:50]

    def progress(self, job_id: int, progress: float, message: str) -> None:
        self._update(job_id, progress=progress, message=message[:500])

    def finish(self, job_id: int, result: dict[str, Any], now: datetime) -> None:
        self._update(job_id, status=JobStatus.DONE, progress=1.0, message="Finished",
                     result=dict(result), finished_at=now)  # fmt: skip

    def fail(self, job_id: int, error: str, now: datetime) -> None:
        self._update(job_id, status=JobStatus.FAILED, message="Failed", error=error,
                     finished_at=now)  # fmt: skip

    def requeue_interrupted(self, max_attempts: int, now: datetime) -> int:
        requeued = 0
        for job in self._jobs.rows(lambda j: j.status is JobStatus.RUNNING):
            if job.attempts >= max_attempts:
                error = "The job stopped repeatedly (the app restarted while it ran)."
                self._update(job.id, status=JobStatus.FAILED, finished_at=now, error=error)
            else:
                self._update(job.id, status=JobStatus.QUEUED,
                             message="Restarting after an interruption")  # fmt: skip
                requeued += 1
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
