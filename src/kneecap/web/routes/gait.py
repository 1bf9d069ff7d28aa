"""Running-form videos: upload (portal and clinic), progress, review, release, compare."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from kneecap.bootstrap import Container
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.errors import Invalid
from kneecap.services.gait import Upload
from kneecap.web.deps import (
    ApiPrincipal,
    ContainerDep,
    FormPrincipal,
    PagePrincipal,
    Principal,
    caller_of,
    check_form_csrf,
)
from kneecap.web.panels import Panel, client_panel
from kneecap.web.ranges import range_response
from kneecap.web.schemas_gait import AnalysisOut, UploadOut
from kneecap.web.templating import render

router = APIRouter()
MEDIA = {"video": "video/mp4", "json": "application/json", "report": "text/html"}
DOWNLOAD_NAMES = {"json": "running-form-metrics.json", "report": "running-form-report.html"}


def _too_large(request: Request, c: Container) -> str | None:
    limit = c.settings.max_upload_mb
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit * 1024 * 1024:
        return (
            f"The video is larger than this clinic's {limit} MB upload limit. Trim the clip to "
            "the 10-30 seconds of steady running (most phones can trim in the gallery), or "
            "record at 1080p instead of 4K, and upload it again."
        )
    return None


def _float_or_none(raw: Any) -> float | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise Invalid(
            "Please correct the highlighted fields.", {"height_cm": "Give a number in cm."}
        ) from None


def _store(
    request: Request, c: Container, principal: Principal, client_id: int, form: Any
) -> Upload:
    """Spool the uploaded file to disk (within the size limit) and hand it to the service."""
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise Invalid("Choose a video file to upload.", {"file": "Choose a video file."})
    limit = c.settings.max_upload_mb * 1024 * 1024
    tmp_dir = c.settings.uploads_dir / "incoming"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=tmp_dir, suffix=Path(file.filename).suffix) as tmp:
        shutil.copyfileobj(file.file, tmp, 1 << 20)
        tmp.flush()
        if tmp.tell() > limit:
            raise _TooLarge()
        return c.gait.upload(
            caller_of(request, principal),
            client_id,
            Path(tmp.name),
            file.filename,
            str(form.get("view") or "auto"),
            _float_or_none(form.get("height_cm")),
        )


class _TooLarge(Exception):
    pass


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
    message = _too_large(request, c)
    form: Any = {}
    if message is None:
        form = await request.form()
        await check_form_csrf(request, principal)
        try:
            upload = _store(request, c, principal, client_id, form)
        except _TooLarge:
            await form.close()
            message = _too_large_message(c)
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


def _too_large_message(c: Container) -> str:
    return (
        f"The video is larger than this clinic's {c.settings.max_upload_mb} MB upload limit. "
        "Trim the clip to the 10-30 seconds of steady running, or record at 1080p instead of "
        "4K, and upload it again."
    )


@router.post("/api/v1/clients/{client_id}/gait-videos", status_code=202)
async def upload_api(
    request: Request, client_id: int, principal: ApiPrincipal, c: ContainerDep
) -> Response:
    """Upload a running video (multipart: file, view=auto|side|rear, height_cm). The video is
    checked and stored, then analysed as a background job: follow /api/v1/jobs/{job_id}."""
    if _too_large(request, c):
        return JSONResponse({"detail": _too_large_message(c)}, status_code=413)
    form = await request.form()
    try:
        upload = _store(request, c, principal, client_id, form)
    except _TooLarge:
        return JSONResponse({"detail": _too_large_message(c)}, status_code=413)
    finally:
        await form.close()
    body = UploadOut(
        analysis_id=upload.analysis.id,
        video_id=upload.video.id,
        job_id=upload.job.id,
        status=upload.job.status.value,
        analysis_url=f"/api/v1/gait/{upload.analysis.id}",
        job_url=f"/api/v1/jobs/{upload.job.id}",
    )
    return JSONResponse(body.model_dump(), status_code=202)


@router.get("/api/v1/gait/{analysis_id}")
def analysis_api(
    request: Request, analysis_id: int, principal: ApiPrincipal, c: ContainerDep
) -> AnalysisOut:
    page = c.gait.page(caller_of(request, principal), analysis_id)
    return AnalysisOut.of(page)


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
