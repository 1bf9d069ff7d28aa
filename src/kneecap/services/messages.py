"""Secure messages: a client's thread with their care team, with attachments.

Every call passes the gate (MESSAGE_READ / MESSAGE_WRITE on the client's record, audited).
A message a practitioner writes passes the co-signature scope screen (`hold_message`, in the
same unit of work): an LMT's text that names a diagnosis is stored held, the LMT is told why,
and it goes out when the chiropractor approves it (`release_held`, the co-signature service's
listener for "message"). Attachments are written to the blob store before the message that
names them is committed; a watch file can be imported into the training load from the thread.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.cosignature import ReviewState, TextVersion
from kneecap.domain.jobs import Job
from kneecap.domain.messages.thread import (
    ACCEPTED,
    MAX_ATTACHMENTS,
    MAX_TEXT,
    Attachment,
    AttachmentKind,
    Message,
    awaits_answer,
    kind_of,
    sent,
    unread,
)
from kneecap.ports.messages import (
    MessageUnitOfWork,
    MessageUnitOfWorkFactory,
    NewAttachment,
    NewMessage,
)
from kneecap.ports.security import Clock
from kneecap.ports.storage import BlobNotFound, BlobStore
from kneecap.ports.texts import StoredText
from kneecap.services.authz import Gate, client_resource
from kneecap.services.caller import Caller
from kneecap.services.cosignature import hold_message
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.filenames import upload_name
from kneecap.services.text_keys import MESSAGE, parse_key
from kneecap.services.training_import import ActivityImports, Upload

# Called after a message went out (committed), e.g. to send "you have a new message" by
# e-mail: no message text may go into that mail, only a link to sign in.
SentListener = Callable[[Message], None]


@dataclass(frozen=True)
class Review:
    """Where a held message stands in the co-signature queue, for the care team."""

    state: ReviewState
    comment: str  # the chiropractor's, when returned
    reasons: tuple[str, ...]  # what the scope screen found


@dataclass(frozen=True)
class ThreadView:
    client: ClientRecord
    messages: list[Message]  # what the caller may see: sent ones, then (staff) held ones
    reviews: dict[int, Review]  # held messages by id (staff only)
    unread_before: int  # unread when the caller opened it (now marked read)
    awaits_answer: bool


@dataclass(frozen=True)
class Posted:
    message: Message
    held: bool
    reason: str  # "Sent." or why it waits for the chiropractor


@dataclass(frozen=True)
class ThreadRow:
    client: ClientRecord
    last_sent_at: datetime
    awaits_answer: bool
    new_for_me: bool  # something arrived since the caller last opened it


class MessageService:
    def __init__(
        self,
        uow_factory: MessageUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        blobs: BlobStore,
        imports: ActivityImports,
        on_sent: SentListener | None = None,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._blobs = blobs
        self._imports = imports
        self._on_sent = on_sent

    # --- one thread ---------------------------------------------------------------------
    def thread(self, caller: Caller, client_id: int) -> ThreadView:
        """The thread as the caller may see it; opening it marks it read for them."""
        now = self._clock.now()
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.MESSAGE_READ, client_id,
                                       kind="messages", detail="thread")  # fmt: skip
            everything = list(uow.messages.thread(client_id))
            shown = sent(everything)
            reviews: dict[int, Review] = {}
            if caller.actor.role is not Role.CLIENT:
                held = [m for m in everything if m.held]
                shown += held
                reviews = {m.id: _review(uow, m) for m in held}
            user_id = caller.actor.user_id
            before = 0
            if user_id is not None:
                before = unread(everything, user_id, uow.messages.read_at(user_id, client_id))
                uow.messages.mark_read(user_id, client_id, now)
            waiting = awaits_answer(everything)
            uow.commit()
        return ThreadView(record, shown, reviews, before, waiting)

    def sent_messages(self, caller: Caller, client_id: int) -> list[Message]:
        """The messages that went out (what the client sees), for the record export: the
        same gate and audit as the thread, without marking anything read."""
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.MESSAGE_READ, client_id,
                              kind="messages", detail="record export")  # fmt: skip
            out = sent(uow.messages.thread(client_id))
            uow.commit()
        return out

    def unread_count(self, caller: Caller, client_id: int) -> int:
        """How many messages the caller has not opened yet (a count, no content: not audited)."""
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.MESSAGE_READ, client_id, kind="messages",
                              audit=False)  # fmt: skip
            user_id = caller.actor.user_id
            marker = uow.messages.read_at(user_id, client_id) if user_id is not None else None
            count = unread(uow.messages.thread(client_id), user_id, marker)
            uow.commit()
        return count

    def post(
        self, caller: Caller, client_id: int, text: str, uploads: Sequence[Upload] = ()
    ) -> Posted:
        """Write to the thread. Invalid for an empty message, an over-long one or a file of a
        kind the thread does not take; nothing is stored then."""
        body = text.strip()
        files = [u for u in uploads if u.name or u.length]
        _check(body, files)
        now = self._clock.now()
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.MESSAGE_WRITE, client_id, kind="messages", audit=False
            )
            attachments = []
            for n, u in enumerate(files, start=1):
                kind, content_type = kind_of(u.name) or (AttachmentKind.PHOTO, "")
                key = f"messages/{record.clinic_id}/{client_id}/{uuid.uuid4().hex}"
                size = u.store(self._blobs, key)
                name = upload_name(u.name, f"attachment-{n}")
                attachments.append(NewAttachment(name, kind, content_type, size, key))
            new = NewMessage(record.clinic_id, client_id, caller.actor.user_id,
                             caller.actor.role, body, now, tuple(attachments))  # fmt: skip
            message = uow.messages.add(new, sent_at=None)
            held, reason = False, "Sent."
            if caller.actor.role is not Role.CLIENT:
                outcome = hold_message(
                    uow, caller, record.clinic_id, client_id, message.id, body, now
                )
                held, reason = not outcome.send_now, outcome.notice
            if not held:
                uow.messages.release(message.id, body, now)
            self._gate.record(
                uow, caller, Action.MESSAGE_WRITE.value, client_resource(record),
                f"message {message.id}: {len(attachments)} attachment(s)"
                + (", held for co-signature" if held else ""),
            )  # fmt: skip
            stored = uow.messages.get(message.id)
            assert stored is not None
            uow.commit()
        if not held:
            self._sent(stored)
        return Posted(stored, held, reason)

    # --- attachments --------------------------------------------------------------------
    def open_attachment(
        self, caller: Caller, client_id: int, attachment_id: int
    ) -> tuple[Attachment, Callable[[], BinaryIO], int]:
        """An attachment to stream (opener and size); audited. A client never reaches the
        attachment of a message still held."""
        with self._uow() as uow:
            found = self._attachment(uow, caller, client_id, attachment_id, audit=True)
            uow.commit()
        try:
            size = self._blobs.size(found.blob_key)
        except BlobNotFound as exc:
            raise NotFound("That attachment's file") from exc
        return found, functools.partial(self._blobs.open, found.blob_key), size

    def import_attachment(self, caller: Caller, client_id: int, attachment_id: int) -> Job:
        """Import a watch file sent in the thread into the client's training load (a job)."""
        with self._uow() as uow:
            found = self._attachment(uow, caller, client_id, attachment_id, audit=False)
            uow.commit()
        if found.kind is not AttachmentKind.WATCH_FILE:
            raise Invalid(f"Only a watch file can be imported; {found.name} is a "
                          f"{found.kind.label.lower()}.")  # fmt: skip
        try:
            data = self._blobs.get(found.blob_key)
        except BlobNotFound as exc:
            raise NotFound("That attachment's file") from exc
        return self._imports.start(caller, client_id, [Upload(found.name, data)])

    # --- the clinic's threads -----------------------------------------------------------
    def threads(self, caller: Caller) -> list[ThreadRow]:
        """The clinic's threads, those waiting for an answer first, then the newest."""
        clinic_id = caller.actor.clinic_id
        with self._uow() as uow:
            where = Resource("message_threads", clinic_id)
            self._gate.check(uow, caller, Action.MESSAGE_THREADS, where)
            user_id = caller.actor.user_id
            rows = []
            for s in uow.messages.threads(clinic_id):
                record = uow.clients.get(s.client_id)
                if record is None or record.clinic_id != clinic_id:
                    continue
                mark = uow.messages.read_at(user_id, s.client_id) if user_id else None
                new = s.last_from_client and (mark is None or s.last_sent_at > mark)
                rows.append(ThreadRow(record, s.last_sent_at, s.last_from_client, new))
            waiting = sum(r.awaits_answer for r in rows)
            self._gate.record(uow, caller, Action.MESSAGE_THREADS, where,
                              f"threads: {len(rows)}, {waiting} waiting")  # fmt: skip
            uow.commit()
        rows.sort(key=lambda r: r.last_sent_at, reverse=True)
        rows.sort(key=lambda r: not r.awaits_answer)
        return rows

    # --- co-signature -------------------------------------------------------------------
    def release_held(self, stored: StoredText, version: TextVersion) -> None:
        """The co-signature listener for "message": the chiropractor approved a held message
        (already committed, through the gate), so it goes out with the approved text."""
        kind, message_id = parse_key(stored.text.key)
        if kind is not MESSAGE:
            return
        with self._uow() as uow:
            message = uow.messages.get(message_id)
            if message is None or not message.held:
                return
            uow.messages.release(message_id, version.text, self._clock.now())
            released = uow.messages.get(message_id)
            uow.commit()
        if released is not None:
            self._sent(released)

    # --- internals ----------------------------------------------------------------------
    def _attachment(
        self, uow: MessageUnitOfWork, caller: Caller, client_id: int, attachment_id: int,
        audit: bool,
    ) -> Attachment:  # fmt: skip
        found = uow.messages.attachment(attachment_id)
        owner = found[0].client_id if found is not None else client_id
        self._gate.client(uow, caller, Action.MESSAGE_READ, owner, kind="message_attachment",
                          item_id=attachment_id, audit=audit)  # fmt: skip
        if found is None or owner != client_id:
            raise NotFound("That attachment")
        message, attachment = found
        if message.held and caller.actor.role is Role.CLIENT:
            raise NotFound("That attachment")
        return attachment

    def _sent(self, message: Message) -> None:
        if self._on_sent is not None:
            self._on_sent(message)


def _check(body: str, files: Sequence[Upload]) -> None:
    errors: dict[str, str] = {}
    if not body and not files:
        errors["text"] = "Write a message or attach a file."
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a "\ud800" escape in JSON): not text
        errors["text"] = "The text holds a character that is not valid Unicode; remove it."
    if len(body) > MAX_TEXT:
        errors["text"] = f"Keep a message to {MAX_TEXT} characters ({len(body)} written)."
    if len(files) > MAX_ATTACHMENTS:
        errors["files"] = f"Attach at most {MAX_ATTACHMENTS} files to one message."
    for u in files:
        if kind_of(u.name) is None:
            errors["files"] = (f"{upload_name(u.name, 'the file')} cannot be attached: send a "
                               f"photo, a video or a watch file ({ACCEPTED}).")  # fmt: skip
        elif isinstance(u.data, bytes) and not u.data:
            errors["files"] = f"{upload_name(u.name, 'the file')} is empty; choose it again."
    if errors:
        raise Invalid("The message was not sent: " + "; ".join(errors.values()), errors)


def _review(uow: MessageUnitOfWork, message: Message) -> Review:
    stored = uow.texts.get(MESSAGE.key(message.id))
    if stored is None or not stored.text.versions:
        return Review(ReviewState.PENDING, "", ())
    newest = stored.text.versions[-1]
    return Review(newest.state, newest.comment, newest.flags)
