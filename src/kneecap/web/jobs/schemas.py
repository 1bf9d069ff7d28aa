"""JSON shape of a background job's progress (pydantic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from kneecap.domain.jobs import Job


class JobOut(BaseModel):
    id: int
    kind: str
    status: str
    progress: float
    percent: int
    message: str
    error: str
    result: dict[str, Any]
    client_id: int | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, j: Job) -> JobOut:
        return cls(
            id=j.id,
            kind=j.kind,
            status=j.status.value,
            progress=j.progress,
            percent=j.percent,
            message=j.message,
            error=j.error,
            result=j.result,
            client_id=j.client_id,
            created_at=j.created_at,
            finished_at=j.finished_at,
        )
