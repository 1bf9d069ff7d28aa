"""Fake message threads: messages (attachments inside them) and read markers, as the SQL
tables hold them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from kneecap.domain.messages.thread import Attachment, Message
from kneecap.ports.messages import NewMessage, ThreadSummary
from tests.fakes.tables import Tables


class FakeMessages:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def _named(self, m: Message) -> Message:
        user = self._t.users.get(m.author_user_id) if m.author_user_id is not None else None
        return replace(m, author_name=user.name if user else "")

    def add(self, new: NewMessage, sent_at: datetime | None) -> Message:
        n = self._t.messages.next_id()
        files = tuple(
            Attachment(
                self._t.message_attachment_ids.next_id(),
                a.name,
                a.kind,
                a.content_type,
                a.size,
                a.blob_key,
            )
            for a in new.attachments
        )
        m = Message(n, new.clinic_id, new.client_id, new.author_user_id, new.author_role, "",
                    new.text, new.written_at, sent_at, files)  # fmt: skip
        self._t.messages.put(n, m)
        return self._named(m)

    def get(self, message_id: int) -> Message | None:
        m = self._t.messages.get(message_id)
        return self._named(m) if m else None

    def thread(self, client_id: int) -> Sequence[Message]:
        return [self._named(m) for m in self._t.messages.rows(lambda m: m.client_id == client_id)]

    def attachment(self, attachment_id: int) -> tuple[Message, Attachment] | None:
        for m in self._t.messages.rows():
            for a in m.attachments:
                if a.id == attachment_id:
                    return self._named(m), a
        return None

    def release(self, message_id: int, text: str, sent_at: datetime) -> None:
        m = self._t.messages.get(message_id)
        if m is not None:
            self._t.messages.put(message_id, replace(m, text=text, sent_at=sent_at))

    def threads(self, clinic_id: int) -> Sequence[ThreadSummary]:
        out: dict[int, ThreadSummary] = {}
        for m in self._t.messages.rows(lambda m: m.clinic_id == clinic_id):  # by id
            seen = out.get(m.client_id)
            if m.sent_at is not None and (seen is None or m.sent_at >= seen.last_sent_at):
                out[m.client_id] = ThreadSummary(m.client_id, m.sent_at, m.from_client)
        return sorted(out.values(), key=lambda s: s.last_sent_at, reverse=True)

    def read_at(self, user_id: int, client_id: int) -> datetime | None:
        return self._t.message_reads.get((user_id, client_id))

    def read_marks(self, user_id: int) -> Mapping[int, datetime]:
        return {
            client: at for (user, client), at in self._t.message_reads.items() if user == user_id
        }

    def mark_read(self, user_id: int, client_id: int, at: datetime) -> None:
        self._t.message_reads.put((user_id, client_id), at)
