"""Background jobs as records: long work (imports, video analysis) with progress.

The database row is the truth about a job, whichever queue runs it, so progress is visible to
the page and the CLI alike and a job outlives a restart of the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


# A job that keeps failing on restart is given up after this many starts.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    id: int
    clinic_id: int
    kind: str
    status: JobStatus
    created_by: int | None
    created_at: datetime
    client_id: int | None = None
    progress: float = 0.0
    message: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def percent(self) -> int:
        return round(100 * min(1.0, max(0.0, self.progress)))


class JobFailed(Exception):
    """Raised by a job handler for an expected failure; `message` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
