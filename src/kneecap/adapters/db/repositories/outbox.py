"""SQLAlchemy repository for the outbox of e-mails."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.schedule import OutboxMailRow
from kneecap.ports.mail import Mail

_KEYS_PER_QUERY = 500


def _mail(r: OutboxMailRow) -> Mail:
    return Mail(
        id=r.id,
        clinic_id=r.clinic_id,
        key=r.key,
        template=r.template,
        to=r.to_address,
        subject=r.subject,
        body=r.body,
        created_at=r.created_at,
        attachment_name=r.attachment_name or "",
        attachment=r.attachment or "",
        status=r.status,
        attempts=r.attempts or 0,
        sent_at=r.sent_at,
        error=r.error or "",
        job_id=r.job_id,
        claimed_at=r.claimed_at,
    )


class SqlOutbox:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, mail: Mail) -> Mail | None:
        if self._s.scalar(select(OutboxMailRow.id).where(OutboxMailRow.key == mail.key)):
            return None
        row = OutboxMailRow(
            clinic_id=mail.clinic_id,
            key=mail.key,
            template=mail.template,
            to_address=mail.to,
            subject=mail.subject,
            body=mail.body,
            attachment_name=mail.attachment_name,
            attachment=mail.attachment,
            created_at=mail.created_at,
            status=mail.status,
            attempts=mail.attempts,
            error="",
        )
        try:
            with self._s.begin_nested():  # two sweeps at once: the key lets one in
                self._s.add(row)
        except IntegrityError:
            return None
        return _mail(row)

    def get(self, mail_id: int) -> Mail | None:
        row = self._s.get(OutboxMailRow, mail_id)
        return _mail(row) if row is not None else None

    def update(self, mail: Mail) -> None:
        row = self._s.get(OutboxMailRow, mail.id)
        if row is None:
            raise KeyError(mail.id)
        row.status = mail.status
        row.attempts = mail.attempts
        row.sent_at = mail.sent_at
        row.error = mail.error
        self._s.flush()

    def recent(self, clinic_id: int, limit: int = 100) -> Sequence[Mail]:
        rows = self._s.scalars(
            select(OutboxMailRow)
            .where(OutboxMailRow.clinic_id == clinic_id)
            .order_by(OutboxMailRow.id.desc())
            .limit(limit)
        )
        return [_mail(r) for r in rows]

    def present(self, keys: Collection[str]) -> set[str]:
        wanted = sorted(set(keys))
        found: set[str] = set()
        # In slices, so a large clinic's sweep stays under every driver's bound-parameter limit.
        for start in range(0, len(wanted), _KEYS_PER_QUERY):
            chunk = wanted[start : start + _KEYS_PER_QUERY]
            found.update(
                self._s.scalars(select(OutboxMailRow.key).where(OutboxMailRow.key.in_(chunk)))
            )
        return found

    def retryable(self, max_attempts: int) -> Sequence[Mail]:
        rows = self._s.scalars(
            select(OutboxMailRow)
            .where(OutboxMailRow.status == "failed", OutboxMailRow.attempts < max_attempts)
            .order_by(OutboxMailRow.id)
        )
        return [_mail(r) for r in rows]

    def requeue(self, mail_id: int) -> bool:
        # Conditional: of two sweeps, one changes the row and the other none.
        result = self._s.execute(
            update(OutboxMailRow)
            .where(OutboxMailRow.id == mail_id, OutboxMailRow.status == "failed")
            .values(status="queued")
        )
        return bool(getattr(result, "rowcount", 0))

    def attach_job(self, mail_id: int, job_id: int) -> None:
        self._s.execute(
            update(OutboxMailRow).where(OutboxMailRow.id == mail_id).values(job_id=job_id)
        )

    def claim(self, mail_id: int, now: datetime) -> bool:
        # Conditional, like requeue: of two send jobs for one mail, one sends it.
        result = self._s.execute(
            update(OutboxMailRow)
            .where(OutboxMailRow.id == mail_id, OutboxMailRow.status == "queued")
            .values(status="sending", claimed_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    def orphans(self, created_before: datetime) -> Sequence[Mail]:
        rows = self._s.scalars(
            select(OutboxMailRow)
            .where(
                OutboxMailRow.status == "queued",
                OutboxMailRow.job_id.is_(None),
                OutboxMailRow.created_at < created_before,
            )
            .order_by(OutboxMailRow.id)
        )
        return [_mail(r) for r in rows]

    def fail_stalled(self, claimed_before: datetime, error: str) -> int:
        result = self._s.execute(
            update(OutboxMailRow)
            .where(OutboxMailRow.status == "sending", OutboxMailRow.claimed_at < claimed_before)
            .values(status="failed", attempts=OutboxMailRow.attempts + 1, error=error)
        )
        return int(getattr(result, "rowcount", 0) or 0)
