"""Messages JSON API: a client's thread, writing to it, and the clinic's threads."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kneecap.web.deps import ApiPrincipal, MessagesDep, caller_of
from kneecap.web.messages.schemas import MessageIn, PostedOut, ThreadOut, ThreadRowOut
from kneecap.web.params import RecordId

router = APIRouter(prefix="/api/v1", tags=["messages"])


@router.get("/clients/{client_id}/messages")
def thread(
    request: Request, client_id: RecordId, principal: ApiPrincipal, messages: MessagesDep
) -> ThreadOut:
    """The client's thread with their care team, oldest first; reading it marks it read.
    The care team also sees messages held for co-signature (`held`, no `sent_at`)."""
    return ThreadOut.of(messages.thread(caller_of(request, principal), client_id))


@router.post("/clients/{client_id}/messages", status_code=201)
def post(
    request: Request,
    client_id: RecordId,
    body: MessageIn,
    principal: ApiPrincipal,
    messages: MessagesDep,
) -> PostedOut:
    """Write to the thread (attachments: the thread page's form). An LMT's message naming a
    diagnosis is held for the chiropractor: `held` true, `notice` says why."""
    return PostedOut.of(messages.post(caller_of(request, principal), client_id, body.text))


@router.get("/messages/threads")
def threads(request: Request, principal: ApiPrincipal, messages: MessagesDep) -> list[ThreadRowOut]:
    """The clinic's threads, those waiting for an answer first (practitioners)."""
    return [ThreadRowOut.of(r) for r in messages.threads(caller_of(request, principal))]
