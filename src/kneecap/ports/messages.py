"""Storage of message threads, their attachments and who read them up to when."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kneecap.domain.access.roles import Role
from kneecap.domain.messages.thread import Attachment, AttachmentKind, Message
from kneecap.ports.texts import TextUnitOfWork


@dataclass(frozen=True)
class NewAttachment:
    name: str
    kind: AttachmentKind
    content_type: str
    size: int
    blob_key: str  # already written to the blob store


@dataclass(frozen=True)
class NewMessage:
    clinic_id: int
    client_id: int
    author_user_id: int | None
    author_role: Role
    text: str
    written_at: datetime
    attachments: tuple[NewAttachment, ...] = ()


@dataclass(frozen=True)
class ThreadSummary:
    """One client's thread as the clinic's list shows it."""

    client_id: int
    last_sent_at: datetime
    last_from_client: bool


class MessageRepository(Protocol):
    def add(self, new: NewMessage, sent_at: datetime | None) -> Message:
        """Store a message; `sent_at` None keeps it held (not shown to the client)."""
        ...

    def get(self, message_id: int) -> Message | None: ...
    def thread(self, client_id: int) -> Sequence[Message]:
        """Every message of the client's thread, held ones too, oldest first."""
        ...

    def attachment(self, attachment_id: int) -> tuple[Message, Attachment] | None: ...
    def release(self, message_id: int, text: str, sent_at: datetime) -> None:
        """A held message goes out, with the text that was approved."""
        ...

    def threads(self, clinic_id: int) -> Sequence[ThreadSummary]:
        """The clinic's threads that have a sent message, newest activity first."""
        ...

    def read_at(self, user_id: int, client_id: int) -> datetime | None: ...
    def read_marks(self, user_id: int) -> Mapping[int, datetime]:
        """When this user last read each client's thread (client id: time)."""
        ...

    def mark_read(self, user_id: int, client_id: int, at: datetime) -> None: ...


class MessageUnitOfWork(TextUnitOfWork, Protocol):
    """Messages beside the text store: a held message is a text awaiting co-signature."""

    @property
    def messages(self) -> MessageRepository: ...


class MessageUnitOfWorkFactory(Protocol):
    def __call__(self) -> MessageUnitOfWork: ...
