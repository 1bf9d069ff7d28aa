"""Where jobs are stored and how they reach a worker."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from kneecap.domain.jobs import Job


class JobRepository(Protocol):
    def add(
        self,
        clinic_id: int,
        kind: str,
        payload: dict[str, Any],
        created_by: int | None,
        client_id: int | None,
        now: datetime,
    ) -> Job: ...
    def get(self, job_id: int) -> Job | None: ...
    def claim(self, job_id: int, now: datetime) -> Job | None:
        """Mark a queued job running (one claimer wins); None if it was not queued."""
        ...

    def next_queued(self) -> Sequence[int]: ...
    def progress(self, job_id: int, progress: float, message: str) -> None: ...
    def finish(self, job_id: int, result: dict[str, Any], now: datetime) -> None: ...
    def fail(self, job_id: int, error: str, now: datetime) -> None: ...
    def requeue_interrupted(self, max_attempts: int, now: datetime) -> int:
        """Jobs left running by a stopped process go back to the queue (or fail after too
        many attempts). Returns how many were requeued."""
        ...

    def for_client(
        self, client_id: int, kind: str | None = None, limit: int = 20
    ) -> Sequence[Job]: ...


class JobQueue(Protocol):
    """Hands a stored job to something that will run it."""

    def enqueue(self, job_id: int) -> None: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...
