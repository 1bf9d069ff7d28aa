"""A client's thread with their care team: messages, attachments, what is unread and whether
the team owes an answer. Pure: times are passed in.

A message an LMT wrote that the co-signature scope screen held has no `sent_at` until the
chiropractor approves it; until then only the care team sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kneecap.domain.access.roles import Role

MAX_TEXT = 5000  # characters; a message is conversation, longer notes belong in the record
MAX_ATTACHMENTS = 5  # per message


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"  # e.g. a running video for form review
    WATCH_FILE = "watch_file"  # importable into the training load

    @property
    def label(self) -> str:
        return {"photo": "Photo", "video": "Video", "watch_file": "Watch file"}[self.value]


# What a thread accepts, by file suffix, and the type it is served back as.
SUFFIXES: dict[str, tuple[AttachmentKind, str]] = {
    ".jpg": (AttachmentKind.PHOTO, "image/jpeg"),
    ".jpeg": (AttachmentKind.PHOTO, "image/jpeg"),
    ".png": (AttachmentKind.PHOTO, "image/png"),
    ".webp": (AttachmentKind.PHOTO, "image/webp"),
    ".heic": (AttachmentKind.PHOTO, "image/heic"),
    ".mp4": (AttachmentKind.VIDEO, "video/mp4"),
    ".m4v": (AttachmentKind.VIDEO, "video/mp4"),
    ".mov": (AttachmentKind.VIDEO, "video/quicktime"),
    ".webm": (AttachmentKind.VIDEO, "video/webm"),
    ".fit": (AttachmentKind.WATCH_FILE, "application/octet-stream"),
    ".gpx": (AttachmentKind.WATCH_FILE, "application/gpx+xml"),
    ".tcx": (AttachmentKind.WATCH_FILE, "application/vnd.garmin.tcx+xml"),
    ".zip": (AttachmentKind.WATCH_FILE, "application/zip"),
}
ACCEPTED = ", ".join(sorted(SUFFIXES))


def kind_of(filename: str) -> tuple[AttachmentKind, str] | None:
    """The attachment kind and served content type of a file name, None if not accepted."""
    dot = filename.rfind(".")
    return SUFFIXES.get(filename[dot:].lower()) if dot >= 0 else None


@dataclass(frozen=True)
class Attachment:
    id: int
    name: str
    kind: AttachmentKind
    content_type: str
    size: int
    blob_key: str


@dataclass(frozen=True)
class Message:
    id: int
    clinic_id: int
    client_id: int
    author_user_id: int | None
    author_role: Role
    author_name: str
    text: str
    written_at: datetime
    sent_at: datetime | None  # None while held for co-signature
    attachments: tuple[Attachment, ...] = ()

    @property
    def held(self) -> bool:
        return self.sent_at is None

    @property
    def from_client(self) -> bool:
        return self.author_role is Role.CLIENT


def sent(messages: Iterable[Message]) -> list[Message]:
    """What both sides see, in the order it went out."""
    return sorted((m for m in messages if m.sent_at is not None), key=_sent_key)


def _sent_key(m: Message) -> tuple[datetime, int]:
    assert m.sent_at is not None
    return (m.sent_at, m.id)


def unread(messages: Iterable[Message], user_id: int | None, read_at: datetime | None) -> int:
    """Messages sent by someone else after the user last opened the thread."""
    return sum(
        1
        for m in sent(messages)
        if m.author_user_id != user_id and (read_at is None or _after(m, read_at))
    )


def _after(m: Message, read_at: datetime) -> bool:
    assert m.sent_at is not None
    return m.sent_at > read_at


def awaits_answer(messages: Sequence[Message]) -> bool:
    """The care team owes an answer: the newest message that went out is the client's."""
    out = sent(messages)
    return bool(out) and out[-1].from_client
