"""JSON shapes of the messages API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from kneecap.domain.messages.thread import Message
from kneecap.services.messages import Posted, ThreadRow, ThreadView


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str


class AttachmentOut(BaseModel):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    url: str


class MessageOut(BaseModel):
    id: int
    author: str
    author_role: str
    text: str
    written_at: datetime
    sent_at: datetime | None  # null: held for the chiropractor's co-signature
    held: bool
    attachments: list[AttachmentOut]

    @classmethod
    def of(cls, m: Message) -> MessageOut:
        base = f"/clients/{m.client_id}/messages/attachments"
        return cls(
            id=m.id, author=m.author_name, author_role=m.author_role.value, text=m.text,
            written_at=m.written_at, sent_at=m.sent_at, held=m.held,
            attachments=[
                AttachmentOut(id=a.id, name=a.name, kind=a.kind.value,
                              content_type=a.content_type, size=a.size, url=f"{base}/{a.id}")
                for a in m.attachments
            ],
        )  # fmt: skip


class ThreadOut(BaseModel):
    client_id: int
    awaits_answer: bool  # the newest message that went out is the client's
    unread: int  # unread when this request opened the thread (now read)
    messages: list[MessageOut]

    @classmethod
    def of(cls, v: ThreadView) -> ThreadOut:
        return cls(client_id=v.client.id, awaits_answer=v.awaits_answer, unread=v.unread_before,
                   messages=[MessageOut.of(m) for m in v.messages])  # fmt: skip


class PostedOut(BaseModel):
    message: MessageOut
    held: bool
    notice: str  # "Sent." or why it waits for the chiropractor

    @classmethod
    def of(cls, p: Posted) -> PostedOut:
        return cls(message=MessageOut.of(p.message), held=p.held, notice=p.reason)


class ThreadRowOut(BaseModel):
    client_id: int
    client_name: str
    last_sent_at: datetime
    awaits_answer: bool
    new_for_me: bool

    @classmethod
    def of(cls, r: ThreadRow) -> ThreadRowOut:
        return cls(client_id=r.client.id, client_name=r.client.name, last_sent_at=r.last_sent_at,
                   awaits_answer=r.awaits_answer, new_for_me=r.new_for_me)  # fmt: skip
