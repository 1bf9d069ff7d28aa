"""Running-form JSON API: upload a video (analysed as a job) and read an analysis."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from kneecap.web.deps import ApiPrincipal, ContainerDep, caller_of
from kneecap.web.gait.forms import TooLarge, store_upload, too_large, too_large_message
from kneecap.web.gait.schemas import AnalysisOut, UploadOut

router = APIRouter()


@router.post("/api/v1/clients/{client_id}/gait-videos", status_code=202)
async def upload_api(
    request: Request, client_id: int, principal: ApiPrincipal, c: ContainerDep
) -> Response:
    """Upload a running video (multipart: file, view=auto|side|rear, height_cm). The video is
    checked and stored, then analysed as a background job: follow /api/v1/jobs/{job_id}."""
    if too_large(request, c):
        return JSONResponse({"detail": too_large_message(c)}, status_code=413)
    form = await request.form()
    try:
        upload = store_upload(request, c, principal, client_id, form)
    except TooLarge:
        return JSONResponse({"detail": too_large_message(c)}, status_code=413)
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
