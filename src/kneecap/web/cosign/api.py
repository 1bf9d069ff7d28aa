"""Co-signature JSON API: the queue, one item, approve, return with a comment."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kneecap.web.cosign.schemas import CoSignatureList, CoSignatureOut, ReviewedOut, ReviewIn
from kneecap.web.deps import ApiPrincipal, CoSignDep, caller_of

router = APIRouter(prefix="/api/v1/cosignatures", tags=["co-signature"])


@router.get("")
def queue(request: Request, principal: ApiPrincipal, cosign: CoSignDep) -> CoSignatureList:
    """Everything an LMT wrote for clients that waits for the chiropractor, scope-screen
    flags first, each with the word diff against what the client sees now."""
    entries = cosign.queue(caller_of(request, principal))
    return CoSignatureList(
        waiting=len(entries),
        flagged=sum(e.item.flagged for e in entries),
        items=[CoSignatureOut.of(e) for e in entries],
    )


@router.get("/{entry_id}")
def item(
    request: Request, entry_id: str, principal: ApiPrincipal, cosign: CoSignDep
) -> CoSignatureOut:
    return CoSignatureOut.of(cosign.entry(caller_of(request, principal), entry_id))


@router.post("/{entry_id}/approve")
def approve(
    request: Request, entry_id: str, body: ReviewIn, principal: ApiPrincipal, cosign: CoSignDep
) -> ReviewedOut:
    """Co-sign: from now on the client sees this version (cues: the analysis is released)."""
    return ReviewedOut.of(cosign.approve(caller_of(request, principal), entry_id, body.comment))


@router.post("/{entry_id}/return")
def return_to_author(
    request: Request, entry_id: str, body: ReviewIn, principal: ApiPrincipal, cosign: CoSignDep
) -> ReviewedOut:
    """Send it back to its author with a comment (required); the client's view stays."""
    caller = caller_of(request, principal)
    return ReviewedOut.of(cosign.return_to_author(caller, entry_id, body.comment))
