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
    def claim(
        self, job_id: int, now: datetime, owner: str = "", lease_until: datetime | None = None
    ) -> Job | None:
        """Mark a queued job running (one claimer wins), held by `owner` until `lease_until`;
        None if it was not queued."""
        ...

    def renew(self, job_id: int, owner: str, lease_until: datetime) -> bool:
        """Extend the lease of a running job `owner` holds; False when it holds it no more."""
        ...

    def take_tick(self, name: str, tick: str, owner: str, now: datetime) -> bool:
        """Take one tick of a scheduled task (e.g. "escalation", "2026-12-01T11"): True for the
        one caller across the fleet that takes it first, False for every other."""
        ...

    def next_queued(self) -> Sequence[int]: ...
    def progress(self, job_id: int, progress: float, message: str) -> None: ...
    def finish(
        self, job_id: int, result: dict[str, Any], now: datetime, owner: str | None = None
    ) -> None:
        """Done; with `owner`, only while that owner holds the lease."""
        ...

    def fail(self, job_id: int, error: str, now: datetime, owner: str | None = None) -> None: ...
    def requeue_interrupted(self, max_attempts: int, now: datetime) -> Sequence[int]:
        """Running jobs whose lease expired (their process stopped) go back to the queue, or
        fail after too many attempts. Returns the ids requeued, each to one caller only."""
        ...

    def for_client(
        self, client_id: int, kind: str | None = None, limit: int = 20
    ) -> Sequence[Job]: ...


class JobQueue(Protocol):
    """Hands a stored job to something that will run it."""

    def enqueue(self, job_id: int) -> None: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...
