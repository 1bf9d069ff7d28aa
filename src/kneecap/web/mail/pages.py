"""The outbox (clinic admin): what Kneecap sent or, without a mail server, would send."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kneecap.web.deps import NotifyDep, PagePrincipal, caller_of
from kneecap.web.templating import render

router = APIRouter()


@router.get("/outbox")
def outbox(request: Request, principal: PagePrincipal, notify: NotifyDep) -> Response:
    mails = notify.outbox(caller_of(request, principal))
    return render(request, "mail/outbox.html", principal, mails=mails, delivering=notify.delivering)
