"""The co-signature queue page: approve, or return with a comment."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.services.errors import Invalid
from kneecap.web.cosign.links import page_of
from kneecap.web.deps import CoSignDep, FormPrincipal, PagePrincipal, caller_of
from kneecap.web.templating import render

router = APIRouter()


@router.get("/cosignatures")
def queue_page(request: Request, principal: PagePrincipal, cosign: CoSignDep) -> Response:
    entries = cosign.queue(caller_of(request, principal))
    return render(
        request, "cosign/queue.html", principal, entries=entries, page_of=page_of, errors={},
        done=request.query_params.get("done", ""),
    )  # fmt: skip


async def _comment(request: Request) -> str:
    return str((await request.form()).get("comment") or "")


@router.post("/cosignatures/{entry_id}/approve")
async def approve(
    request: Request, entry_id: str, principal: FormPrincipal, cosign: CoSignDep
) -> Response:
    cosign.approve(caller_of(request, principal), entry_id, await _comment(request))
    return RedirectResponse("/cosignatures?done=approved", status_code=303)


@router.post("/cosignatures/{entry_id}/return")
async def return_to_author(
    request: Request, entry_id: str, principal: FormPrincipal, cosign: CoSignDep
) -> Response:
    caller = caller_of(request, principal)
    try:
        cosign.return_to_author(caller, entry_id, await _comment(request))
    except Invalid as exc:
        entries = cosign.queue(caller)
        return render(
            request, "cosign/queue.html", principal, 422, entries=entries, page_of=page_of,
            errors={entry_id: exc.message}, done="",
        )  # fmt: skip
    return RedirectResponse("/cosignatures?done=returned", status_code=303)
