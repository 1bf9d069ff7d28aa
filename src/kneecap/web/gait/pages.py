"""Running-form videos: upload (portal and clinic), progress, review, release, compare."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.gait.review import GROUPS, not_measured
from kneecap.services.caller import Caller
from kneecap.services.clients import ClientService
from kneecap.services.cosignature import CoSignatureService
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.gait import GaitService
from kneecap.services.text_keys import GAIT_CUES
from kneecap.web import form_values as fv
from kneecap.web.access import can
from kneecap.web.cosign.status import NOTICE_SAVED, cosign_status
from kneecap.web.deps import (
    ClientsDep,
    CoSignDep,
    FormPrincipal,
    GaitDep,
    PagePrincipal,
    Principal,
    caller_of,
    check_form_csrf,
)
from kneecap.web.gait.forms import (
    FORM_FIELDS,
    TooLarge,
    VideoUploadsDep,
    declared_too_large_message,
    too_large_message,
)
from kneecap.web.params import MAX_ID, RecordId
from kneecap.web.ranges import range_response
from kneecap.web.templating import render

router = APIRouter()
MEDIA = {"video": "video/mp4", "json": "application/json", "report": "text/html"}
DOWNLOAD_NAMES = {"json": "running-form-metrics.json", "report": "running-form-report.html"}


@router.get("/clients/{client_id}/gait/new")
def upload_form(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    clients: ClientsDep,
    uploads: VideoUploadsDep,
) -> Response:
    record = clients.get(caller_of(request, principal), client_id)
    return render(
        request,
        "gait/upload.html",
        principal,
        record=record,
        errors={},
        values={},
        max_mb=uploads.limit.mb,
    )


@router.post("/clients/{client_id}/gait")
async def upload_page(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    clients: ClientsDep,
    uploads: VideoUploadsDep,
) -> Response:
    caller = caller_of(request, principal)
    record = clients.get(caller, client_id)
    if uploads.limit.declared_exceeded(request):
        message = declared_too_large_message(uploads.limit)
    else:
        form = await request.form()
        await check_form_csrf(request, principal)
        try:
            upload = uploads.store(caller, client_id, form)
        except TooLarge:
            await form.close()
            message = too_large_message(uploads.limit)
        except Invalid as exc:
            await form.close()
            values = {k: str(form.get(k) or "")[:100] for k in FORM_FIELDS}
            return render(
                request, "gait/upload.html", principal, 422, record=record, errors=exc.errors,
                values=values, message=exc.message, max_mb=uploads.limit.mb,
            )  # fmt: skip
        else:
            await form.close()
            return RedirectResponse(f"/gait/{upload.analysis.id}", status_code=303)
    return render(
        request, "gait/upload.html", principal, 413, record=record, errors={"file": message},
        values={}, message=message, max_mb=uploads.limit.mb,
    )  # fmt: skip


def _cues_status(
    cosign: CoSignatureService, request: Request, principal: Principal, record: ClientRecord, a: int
) -> dict[str, object]:
    return cosign_status(cosign, request, principal, record, {GAIT_CUES.key(a): "These cues"})


@router.get("/gait/{analysis_id}")
def analysis_page(
    request: Request,
    analysis_id: RecordId,
    principal: PagePrincipal,
    gait: GaitDep,
    clients: ClientsDep,
    cosign: CoSignDep,
) -> Response:
    caller = caller_of(request, principal)
    # Who may read analyses but not review them (the runner) sees the progress until a
    # clinician releases the feedback, then the runner's view of it.
    runner_view = can(principal, Action.GAIT_READ) and not can(principal, Action.GAIT_REVIEW)
    if runner_view:
        analysis, job = gait.status(caller, analysis_id)
        if not analysis.released:
            record = clients.get(caller, analysis.client_id)
            return render(
                request, "gait/status.html", principal, analysis=analysis, job=job, record=record
            )
    page = gait.page(caller, analysis_id)
    record = clients.get(caller, page.analysis.client_id)
    others = [a for a in gait.for_client(caller, record.id) if a.id != analysis_id and a.ready]
    template = "gait/client_view.html" if runner_view else "gait/review.html"
    cs = _cues_status(cosign, request, principal, record, analysis_id)
    return render(
        request, template, principal, page=page, a=page.analysis, record=record, others=others,
        errors={}, cs=cs,
    )  # fmt: skip


@router.get("/gait/{analysis_id}/files/{name}")
def analysis_file(
    request: Request, analysis_id: RecordId, name: str, principal: PagePrincipal, gait: GaitDep
) -> Response:
    if name not in MEDIA:
        raise NotFound()
    opener, size = gait.open_output(caller_of(request, principal), analysis_id, name)
    return range_response(
        opener, size, request.headers.get("range"), MEDIA[name], DOWNLOAD_NAMES.get(name, "")
    )


def _back(analysis_id: int, anchor: str = "") -> Response:
    return RedirectResponse(f"/gait/{analysis_id}{anchor}", status_code=303)


def _review_again(
    request: Request,
    principal: Principal,
    caller: Caller,
    gait: GaitService,
    clients: ClientService,
    analysis_id: RecordId,
    errors: dict[str, str],
) -> Response:
    """The review page again, with a form's errors."""
    page = gait.page(caller, analysis_id)
    record = clients.get(caller, page.analysis.client_id)
    return render(
        request, "gait/review.html", principal, 422, page=page, a=page.analysis, record=record,
        others=[], errors=errors, cs={"texts": {}, "shown": [], "labels": {}, "notice": ""},
    )  # fmt: skip


@router.post("/gait/{analysis_id}/comments")
async def add_comment(
    request: Request,
    analysis_id: RecordId,
    principal: FormPrincipal,
    gait: GaitDep,
    clients: ClientsDep,
) -> Response:
    form = await request.form()
    caller = caller_of(request, principal)
    try:
        t_s = fv.number({"t_s": str(form.get("t_s") or "")}, "t_s", {})
        if t_s is None:
            raise ValueError("no time")
        gait.comment(caller, analysis_id, t_s, str(form.get("text") or ""))
    except (Invalid, ValueError) as exc:
        errors = exc.errors if isinstance(exc, Invalid) else {"t_s": "Give a time in seconds."}
        return _review_again(request, principal, caller, gait, clients, analysis_id, errors)
    return _back(analysis_id, "#comments")


@router.post("/gait/{analysis_id}/feedback")
async def edit_feedback(
    request: Request,
    analysis_id: RecordId,
    principal: FormPrincipal,
    gait: GaitDep,
    clients: ClientsDep,
) -> Response:
    form = await request.form()
    caller = caller_of(request, principal)
    errors: dict[str, str] = {}
    # The page sends one field per cue and their count; a count it did not send is none.
    count = min(max(0, fv.whole({"count": str(form.get("count") or "")}, "count", errors)), 50)
    texts = [str(form.get(f"cue_{i}") or "") for i in range(count)]
    try:
        fv.refuse_if(errors)
        gait.edit_feedback_reviewed(caller, analysis_id, texts, str(form.get("added") or ""))
    except Invalid as exc:
        return _review_again(request, principal, caller, gait, clients, analysis_id, exc.errors)
    return _back(analysis_id, f"?notice={NOTICE_SAVED}#feedback")


@router.post("/gait/{analysis_id}/release")
async def release(
    request: Request, analysis_id: RecordId, principal: FormPrincipal, gait: GaitDep
) -> Response:
    gait.release(caller_of(request, principal), analysis_id)
    return _back(analysis_id)


@router.post("/gait/{analysis_id}/rerun")
async def rerun(
    request: Request, analysis_id: RecordId, principal: FormPrincipal, gait: GaitDep
) -> Response:
    gait.rerun(caller_of(request, principal), analysis_id)
    return _back(analysis_id)


@router.get("/clients/{client_id}/gait/compare")
def compare_page(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    gait: GaitDep,
    clients: ClientsDep,
    a: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    b: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    caller = caller_of(request, principal)
    if a is None or b is None or a == b:
        # Nothing (or one) chosen: the runner's analyses to pick two from.
        record = clients.get(caller, client_id)
        ready = [x for x in gait.for_client(caller, client_id) if x.ready]
        return render(request, "gait/compare.html", principal, before=None, after=None,
                      rows=[], record=record, choices=ready, a=a, b=b, groups=GROUPS,
                      neither=[])  # fmt: skip
    before, after, rows = gait.compare(caller, a, b)
    if before.client_id != client_id:
        raise Invalid("Those analyses belong to another runner.")
    record = clients.get(caller, client_id)
    return render(
        request, "gait/compare.html", principal, before=before, after=after, rows=rows,
        record=record, choices=[], a=a, b=b, groups=GROUPS, neither=not_measured(rows),
    )  # fmt: skip
