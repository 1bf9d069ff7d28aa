"""Message pages: a client's thread (the client's own, or any client's for the care team),
its attachments, importing a watch file from it, and the clinic's threads."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.messages.thread import ACCEPTED, MAX_ATTACHMENTS, MAX_TEXT, AttachmentKind
from kneecap.services.errors import Forbidden, Invalid
from kneecap.web.deps import (
    FormPrincipal,
    MessagesDep,
    PagePrincipal,
    Principal,
    UploadLimitDep,
    caller_of,
    check_form_csrf,
)
from kneecap.web.load.forms import too_large_message
from kneecap.web.messages.forms import message_form
from kneecap.web.params import RecordId
from kneecap.web.ranges import range_response
from kneecap.web.templating import render
from kneecap.web.uploads import UploadLimit

router = APIRouter()


def _thread_page(
    request: Request,
    principal: Principal,
    messages: MessagesDep,
    limit: UploadLimit,
    client_id: int,
    status_code: int = 200,
    **extra: object,
) -> Response:
    view = messages.thread(caller_of(request, principal), client_id)
    context: dict[str, object] = {"errors": {}, "values": {}, **extra}
    return render(
        request, "messages/thread.html", principal, status_code, view=view, record=view.client,
        max_mb=limit.mb, accepted=ACCEPTED, max_files=MAX_ATTACHMENTS, max_text=MAX_TEXT,
        watch_file=AttachmentKind.WATCH_FILE, **context,
    )  # fmt: skip


@router.get("/messages")
def messages_home(request: Request, principal: PagePrincipal, messages: MessagesDep) -> Response:
    # A client's own thread; the clinic's threads for the care team.
    if principal.user.client_id:
        return RedirectResponse(f"/clients/{principal.user.client_id}/messages", status_code=303)
    rows = messages.threads(caller_of(request, principal))
    return render(request, "messages/threads.html", principal, rows=rows)


@router.get("/clients/{client_id}/messages")
def thread_page(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    messages: MessagesDep,
    limit: UploadLimitDep,
    sent: str = "",
) -> Response:
    return _thread_page(request, principal, messages, limit, client_id, sent=sent)


@router.post("/clients/{client_id}/messages")
async def post_message(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    messages: MessagesDep,
    limit: UploadLimitDep,
) -> Response:
    if limit.declared_exceeded(request):
        return _thread_page(request, principal, messages, limit, client_id, 413,
                            message=too_large_message(limit))  # fmt: skip
    await check_form_csrf(request, principal)
    form = await message_form(request, limit)
    if form.too_large:
        return _thread_page(request, principal, messages, limit, client_id, 413,
                            message=too_large_message(limit),
                            values={"text": form.text})  # fmt: skip
    try:
        posted = messages.post(caller_of(request, principal), client_id, form.text, form.files)
    except Invalid as exc:
        return _thread_page(request, principal, messages, limit, client_id, 422,
                            errors=exc.errors, message=exc.message,
                            values={"text": form.text})  # fmt: skip
    state = "held" if posted.held else "sent"
    return RedirectResponse(
        f"/clients/{client_id}/messages?sent={state}#m{posted.message.id}", status_code=303
    )


@router.get("/clients/{client_id}/messages/attachments/{attachment_id}")
def attachment(
    request: Request,
    client_id: RecordId,
    attachment_id: RecordId,
    principal: PagePrincipal,
    messages: MessagesDep,
) -> Response:
    found, opener, size = messages.open_attachment(
        caller_of(request, principal), client_id, attachment_id
    )
    # Photos and videos show in the page; watch files download under their own name.
    name = found.name if found.kind is AttachmentKind.WATCH_FILE else ""
    return range_response(opener, size, request.headers.get("range"), found.content_type, name)


@router.post("/clients/{client_id}/messages/attachments/{attachment_id}/import")
def import_attachment(
    request: Request,
    client_id: RecordId,
    attachment_id: RecordId,
    principal: FormPrincipal,
    messages: MessagesDep,
) -> Response:
    messages.import_attachment(caller_of(request, principal), client_id, attachment_id)
    return RedirectResponse(f"/clients/{client_id}/training#import", status_code=303)


# What a practitioner sends when asking a client to fill in the intake (no clinical content).
INTAKE_REQUEST = (
    "Please fill in your intake before your first visit: it is the first step on your home "
    "page (Dashboard → Fill in the intake). It takes about ten minutes."
)


@router.post("/clients/{client_id}/intake/send")
def send_intake(
    request: Request, client_id: RecordId, principal: FormPrincipal, messages: MessagesDep
) -> Response:
    """Send the intake to the client: a message in their thread (and, once mail is set up,
    the new-message e-mail), while their home page shows the intake first."""
    if principal.user.client_id is not None:
        raise Forbidden("The care team sends the intake; fill it in from your home page.")
    messages.post(caller_of(request, principal), client_id, INTAKE_REQUEST)
    return RedirectResponse(f"/clients/{client_id}/messages?sent=sent", status_code=303)
