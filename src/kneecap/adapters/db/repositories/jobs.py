"""Job storage. Each call is its own short transaction: workers report progress from
threads or other machines while the page polls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kneecap.adapters.db.models.jobs import JobRow, ScheduleTickRow
from kneecap.domain.jobs import Job, JobStatus


def _job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        clinic_id=row.clinic_id,
        kind=row.kind,
        status=JobStatus(row.status),
        created_by=row.created_by,
        created_at=row.created_at,
        client_id=row.client_id,
        progress=row.progress,
        message=row.message,
        payload=dict(row.payload or {}),
        result=dict(row.result or {}),
        error=row.error,
        attempts=row.attempts,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


class SqlJobStore:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def add(
        self,
        clinic_id: int,
        kind: str,
        payload: dict[str, Any],
        created_by: int | None,
        client_id: int | None,
        now: datetime,
    ) -> Job:
        with self._sessions.begin() as s:
            row = JobRow(
                clinic_id=clinic_id,
                kind=kind,
                status=JobStatus.QUEUED.value,
                payload=payload,
                created_by=created_by,
                client_id=client_id,
                created_at=now,
                progress=0.0,
                message="Waiting to start",
                result={},
                error="",
                attempts=0,
            )
            s.add(row)
            s.flush()
            return _job(row)

    def get(self, job_id: int) -> Job | None:
        with self._sessions() as s:
            row = s.get(JobRow, job_id)
            return _job(row) if row else None

    def claim(
        self, job_id: int, now: datetime, owner: str = "", lease_until: datetime | None = None
    ) -> Job | None:
        with self._sessions.begin() as s:
            statement = (
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.status == JobStatus.QUEUED.value)
                .values(
                    status=JobStatus.RUNNING.value,
                    started_at=now,
                    attempts=JobRow.attempts + 1,
                    message="Started",
                    lease_owner=owner or None,
                    lease_expires_at=lease_until,
                )
            )
            claimed = cast(CursorResult[Any], s.execute(statement)).rowcount
        return self.get(job_id) if claimed else None

    def renew(self, job_id: int, owner: str, lease_until: datetime) -> bool:
        with self._sessions.begin() as s:
            statement = (
                update(JobRow)
                .where(
                    JobRow.id == job_id,
                    JobRow.status == JobStatus.RUNNING.value,
                    JobRow.lease_owner == owner,
                )
                .values(lease_expires_at=lease_until)
            )
            return bool(cast(CursorResult[Any], s.execute(statement)).rowcount)

    def take_tick(self, name: str, tick: str, owner: str, now: datetime) -> bool:
        try:
            with self._sessions.begin() as s:
                s.add(ScheduleTickRow(name=name, tick=tick, taken_by=owner, taken_at=now))
        except IntegrityError:  # another worker took this tick
            return False
        return True

    def next_queued(self) -> Sequence[int]:
        with self._sessions() as s:
            return list(
                s.scalars(
                    select(JobRow.id)
                    .where(JobRow.status == JobStatus.QUEUED.value)
                    .order_by(JobRow.id)
                    .limit(50)
                )
            )

    def progress(self, job_id: int, progress: float, message: str) -> None:
        with self._sessions.begin() as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id)
                .values(progress=progress, message=message[:500])
            )

    def finish(
        self, job_id: int, result: dict[str, Any], now: datetime, owner: str | None = None
    ) -> None:
        with self._sessions.begin() as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, *_held_by(owner))
                .values(
                    status=JobStatus.DONE.value,
                    progress=1.0,
                    message="Finished",
                    result=result,
                    finished_at=now,
                )
            )

    def fail(self, job_id: int, error: str, now: datetime, owner: str | None = None) -> None:
        with self._sessions.begin() as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, *_held_by(owner))
                .values(
                    status=JobStatus.FAILED.value, message="Failed", error=error, finished_at=now
                )
            )

    def requeue_interrupted(self, max_attempts: int, now: datetime) -> Sequence[int]:
        # Only jobs whose lease ran out (or that never had one): a running job's worker
        # renews its lease, so another worker starting up leaves it alone.
        expired = (
            JobRow.status == JobStatus.RUNNING.value,
            or_(JobRow.lease_expires_at.is_(None), JobRow.lease_expires_at < now),
        )
        with self._sessions.begin() as s:
            s.execute(
                update(JobRow)
                .where(*expired, JobRow.attempts >= max_attempts)
                .values(
                    status=JobStatus.FAILED.value,
                    finished_at=now,
                    lease_owner=None,
                    error="The job stopped repeatedly (the app restarted while it ran). "
                    "Try again; if it keeps failing, the file may be too large for this machine.",
                )
            )
            candidates = list(s.scalars(select(JobRow.id).where(*expired).order_by(JobRow.id)))
        requeued = []
        for job_id in candidates:  # one row at a time: of two sweeping workers, one wins each
            with self._sessions.begin() as s:
                statement = (
                    update(JobRow)
                    .where(JobRow.id == job_id, *expired)
                    .values(
                        status=JobStatus.QUEUED.value,
                        message="Restarting after an interruption",
                        lease_owner=None,
                        lease_expires_at=None,
                    )
                )
                if cast(CursorResult[Any], s.execute(statement)).rowcount:
                    requeued.append(job_id)
        return requeued

    def for_client(self, client_id: int, kind: str | None = None, limit: int = 20) -> Sequence[Job]:
        with self._sessions() as s:
            q = select(JobRow).where(JobRow.client_id == client_id)
            if kind:
                q = q.where(JobRow.kind == kind)
            return [_job(r) for r in s.scalars(q.order_by(JobRow.id.desc()).limit(limit))]


def _held_by(owner: str | None) -> tuple[Any, ...]:
    """A finish or failure counts only from the lease's holder: a worker that lost its lease
    (it stalled and another took the job) cannot overwrite the new run."""
    return () if owner is None else (JobRow.lease_owner == owner,)
