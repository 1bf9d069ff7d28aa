"""Sending e-mail, the outbox every e-mail is kept in, and calendar invites for bookings."""

from __future__ import annotations

from collections.abc import Sequence
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
    status: str = "queued"  # queued, sent, failed, held (no mail server)
    attempts: int = 0
    sent_at: datetime | None = None
    error: str = ""


class MailFailed(Exception):
    """The server refused or could not be reached; `message` holds no mail content."""


class MailSender(Protocol):
    def send(self, mail: Mail, sender: str) -> None: ...


class OutboxRepository(Protocol):
    def add(self, mail: Mail) -> Mail | None:
        """Keep a new mail; None if one with its key is kept already."""
        ...

    def get(self, mail_id: int) -> Mail | None: ...
    def has(self, key: str) -> bool:
        """A mail with this key was made already (so a sweep need not read the record)."""
        ...

    def update(self, mail: Mail) -> None: ...
    def recent(self, clinic_id: int, limit: int = 100) -> Sequence[Mail]: ...
    def retryable(self, max_attempts: int) -> Sequence[Mail]:
        """Failed mails of every clinic with attempts left."""
        ...

    def requeue(self, mail_id: int) -> bool:
        """Mark a failed mail queued again; False if it was not failed (another sweep won)."""
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
