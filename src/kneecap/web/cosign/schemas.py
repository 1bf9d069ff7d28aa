"""JSON shapes of the co-signature API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from kneecap.services.cosignature import QueueEntry, Reviewed
from kneecap.web.cosign.links import page_of


class DiffChunkOut(BaseModel):
    op: str  # equal, insert or delete
    text: str


class CoSignatureOut(BaseModel):
    id: str
    kind: str
    label: str
    client_id: int
    client_name: str
    author: str
    author_role: str
    written_at: datetime
    flagged: bool
    reasons: list[str]  # the scope screen's, when it names a diagnosis
    text: str  # the version waiting
    client_sees: str | None  # what the client sees until it is co-signed (None: nothing)
    state: str
    comment: str
    diff: list[DiffChunkOut]
    page: str

    @classmethod
    def of(cls, e: QueueEntry) -> CoSignatureOut:
        v = e.item.version
        return cls(
            id=e.id,
            kind=e.kind.name,
            label=e.kind.label,
            client_id=e.client.id,
            client_name=e.client.name,
            author=e.author_name,
            author_role=v.author_role.value,
            written_at=v.written_at,
            flagged=e.item.flagged,
            reasons=list(v.flags),
            text=v.text,
            client_sees=e.item.client_sees.text if e.item.client_sees else None,
            state=v.state.value,
            comment=v.comment,
            diff=[DiffChunkOut(op=c.op, text=c.text) for c in e.item.diff],
            page=page_of(e),
        )


class CoSignatureList(BaseModel):
    waiting: int
    flagged: int
    items: list[CoSignatureOut]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: str = Field("", max_length=2000)


class ReviewedOut(BaseModel):
    id: str
    state: str
    released: bool

    @classmethod
    def of(cls, r: Reviewed) -> ReviewedOut:
        return cls(id=r.entry_id, state=r.state.value, released=r.released)
