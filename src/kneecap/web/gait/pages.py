"""Running-form videos: upload (portal and clinic), progress, review, release, compare."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.bootstrap import Container
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.errors import Invalid
from kneecap.web.deps import (
    ContainerDep,
    FormPrincipal,
    PagePrincipal,
    Principal,
    caller_of,
    check_form_csrf,
)
from kneecap.web.gait.forms import TooLarge, store_upload, too_large, too_large_message
from kneecap.web.panels import Panel, client_panel
from kneecap.web.ranges import range_response
from kneecap.web.templating import render

router = APIRouter()
MEDIA = {"video": "video/mp4", "json": "application/json", "report": "text/html"}
DOWNLOAD_NAMES = {"json": "running-form-metrics.json", "report": "running-form-report.html"}


@client_panel
def gait_panel(
    request: Request, principal: Principal, c: Container, record: ClientRecord
) -> Panel | None:
    caller = caller_of(request, principal)
    if principal.user.role is Role.ADMIN:
        return None
    analyses = c.gait.for_client(caller, record.id)
    return Panel("gait/_client_panel.html", {"record": record, "analyses": analyses})


@router.get("/clients/{client_id}/gait/new")
def upload_form(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    record = c.clients.get(caller_of(request, principal), client_id)
    return render(
        request,
        "gait/upload.html",
        principal,
        record=record,
        errors={},
        values={},
        max_mb=c.settings.max_upload_mb,
    )


@router.post("/clients/{client_id}/gait")
async def upload_page(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    record = c.clients.get(caller_of(request, principal), client_id)
    message = too_large(request, c)
    form: Any = {}
    if message is None:
        form = await request.form()
        await check_form_csrf(request, principal)
        try:
            upload = store_upload(request, c, principal, client_id, form)
        except TooLarge:
            await form.close()
            message = too_large_message(c)
        except Invalid as exc:
            await form.close()
            values = {k: str(form.get(k) or "") for k in ("view", "height_cm")}
            return render(
                request,
                "gait/upload.html",
                principal,
                422,
                record=record,
                errors=exc.errors,
                values=values,
                message=exc.message,
                max_mb=c.settings.max_upload_mb,
            )
        else:
            await form.close()
            return RedirectResponse(f"/gait/{upload.analysis.id}", status_code=303)
    return render(
        request,
        "gait/upload.html",
        principal,
        413,
        record=record,
        errors={"file": message},
        values={},
        message=message,
        max_mb=c.settings.max_upload_mb,
    )


@router.get("/gait/{analysis_id}")
def analysis_page(
    request: Request, analysis_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)
    if principal.user.role is Role.CLIENT:
        analysis, job = c.gait.status(caller, analysis_id)
        if not analysis.released:
            record = c.clients.get(caller, analysis.client_id)
            return render(
                request, "gait/status.html", principal, analysis=analysis, job=job, record=record
            )
    page = c.gait.page(caller, analysis_id)
    record = c.clients.get(caller, page.analysis.client_id)
    others = [a for a in c.gait.for_client(caller, record.id) if a.id != analysis_id and a.ready]
    template = "gait/client_view.html" if principal.user.role is Role.CLIENT else "gait/review.html"
    return render(
        request,
        template,
        principal,
        page=page,
        a=page.analysis,
        record=record,
        others=others,
        errors={},
    )


@router.get("/gait/{analysis_id}/files/{name}")
def analysis_file(
    request: Request, analysis_id: int, name: str, principal: PagePrincipal, c: ContainerDep
) -> Response:
    if name not in MEDIA:
        return Response(status_code=404)
    opener, size = c.gait.open_output(caller_of(request, principal), analysis_id, name)
    return range_response(
        opener, size, request.headers.get("range"), MEDIA[name], DOWNLOAD_NAMES.get(name, "")
    )


def _back(analysis_id: int, anchor: str = "") -> Response:
    return RedirectResponse(f"/gait/{analysis_id}{anchor}", status_code=303)


@router.post("/gait/{analysis_id}/comments")
async def add_comment(
    request: Request, analysis_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    form = await request.form()
    caller = caller_of(request, principal)
    try:
        t_s = float(str(form.get("t_s") or "nan"))
        c.gait.comment(caller, analysis_id, t_s, str(form.get("text") or ""))
    except (Invalid, ValueError) as exc:
        errors = exc.errors if isinstance(exc, Invalid) else {"t_s": "Give a time in seconds."}
        page = c.gait.page(caller, analysis_id)
        record = c.clients.get(caller, page.analysis.client_id)
        return render(
            request,
            "gait/review.html",
            principal,
            422,
            page=page,
            a=page.analysis,
            record=record,
            others=[],
            errors=errors,
        )
    return _back(analysis_id, "#comments")


@router.post("/gait/{analysis_id}/feedback")
async def edit_feedback(
    request: Request, analysis_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    form = await request.form()
    count = int(str(form.get("count") or "0"))
    texts = [str(form.get(f"cue_{i}") or "") for i in range(count)]
    caller = caller_of(request, principal)
    try:
        c.gait.edit_feedback(caller, analysis_id, texts, str(form.get("added") or ""))
    except Invalid as exc:
        page = c.gait.page(caller, analysis_id)
        record = c.clients.get(caller, page.analysis.client_id)
        return render(
            request,
            "gait/review.html",
            principal,
            422,
            page=page,
            a=page.analysis,
            record=record,
            others=[],
            errors=exc.errors,
        )
    return _back(analysis_id, "#feedback")


@router.post("/gait/{analysis_id}/release")
async def release(
    request: Request, analysis_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    c.gait.release(caller_of(request, principal), analysis_id)
    return _back(analysis_id)


@router.post("/gait/{analysis_id}/rerun")
async def rerun(
    request: Request, analysis_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    c.gait.rerun(caller_of(request, principal), analysis_id)
    return _back(analysis_id)


@router.get("/clients/{client_id}/gait/compare")
def compare_page(
    request: Request, client_id: int, a: int, b: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)
    before, after, rows = c.gait.compare(caller, a, b)
    if before.client_id != client_id:
        raise Invalid("Those analyses belong to another runner.")
    record = c.clients.get(caller, client_id)
    return render(
        request,
        "gait/compare.html",
        principal,
        before=before,
        after=after,
        rows=rows,
        record=record,
    )
