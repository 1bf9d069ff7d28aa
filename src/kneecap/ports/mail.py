"""Sending e-mail, the outbox every e-mail is kept in, and calendar invites for bookings."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kneecap.ports.repositories import UnitOfWork


@dataclass(frozen=True)
class Mail:
    """One e-mail as kept in the outbox. `key` names it once (e.g. one reminder per visit)."""

    id: int  # 0 until stored
    clinic_id: int
    key: str
    template: str
    to: str
    subject: str
    body: str
    created_at: datetime
    attachment_name: str = ""
    attachment: str = ""  # iCalendar text
    status: str = "queued"  # queued, sending, sent, failed, held (no mail server)
    attempts: int = 0
    sent_at: datetime | None = None
    error: str = ""
    job_id: int | None = None  # the send job, once it is stored
    claimed_at: datetime | None = None  # when a send job took it ("sending")


class MailFailed(Exception):
    """The server refused or could not be reached; `message` holds no mail content."""


class MailSender(Protocol):
    def send(self, mail: Mail, sender: str) -> None: ...


class OutboxRepository(Protocol):
    def add(self, mail: Mail) -> Mail | None:
        """Keep a new mail; None if one with its key is kept already."""
        ...

    def get(self, mail_id: int) -> Mail | None: ...
    def present(self, keys: Collection[str]) -> set[str]:
        """Those of these keys that a mail was made with already (one sweep, few queries)."""
        ...

    def update(self, mail: Mail) -> None: ...
    def recent(self, clinic_id: int, limit: int = 100) -> Sequence[Mail]: ...
    def retryable(self, max_attempts: int) -> Sequence[Mail]:
        """Failed mails of every clinic with attempts left."""
        ...

    def requeue(self, mail_id: int) -> bool:
        """Mark a failed mail queued again; False if it was not failed (another sweep won)."""
        ...

    def attach_job(self, mail_id: int, job_id: int) -> None:
        """Note the job that sends this mail (after a requeue, the newer one)."""
        ...

    def claim(self, mail_id: int, now: datetime) -> bool:
        """Queued -> sending, for one send job only; False if it was not queued."""
        ...

    def orphans(self, created_before: datetime) -> Sequence[Mail]:
        """Queued mails of every clinic that never got a send job (the app stopped between
        storing the mail and storing its job)."""
        ...

    def fail_stalled(self, claimed_before: datetime, error: str) -> int:
        """Mails left "sending" since before then (the app stopped mid-send) -> failed,
        one attempt more, so the retry sweep sends them again. Returns how many."""
        ...


class MailUnitOfWork(UnitOfWork, Protocol):
    @property
    def outbox(self) -> OutboxRepository: ...


class InviteMaker(Protocol):
    def invite(
        self,
        *,
        key: str,
        summary: str,
        starts_at: datetime,
        ends_at: datetime,
        description: str,
        sequence: int,
        cancelled: bool,
        organizer: str,
        attendee: str,
    ) -> str:
        """An iCalendar REQUEST (or CANCEL) for one visit, times in UTC."""
        ...
