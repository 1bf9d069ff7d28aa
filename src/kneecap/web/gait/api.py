"""Running-form JSON API: upload a video (analysed as a job) and read an analysis."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from kneecap.web.deps import ApiPrincipal, GaitDep, caller_of
from kneecap.web.gait.forms import TooLarge, VideoUploadsDep, too_large_message
from kneecap.web.gait.schemas import AnalysisOut, UploadOut
from kneecap.web.params import RecordId

router = APIRouter()


@router.post("/api/v1/clients/{client_id}/gait-videos", status_code=202)
async def upload_api(
    request: Request, client_id: RecordId, principal: ApiPrincipal, uploads: VideoUploadsDep
) -> Response:
    """Upload a running video (multipart: file, view=auto|side|rear, height_cm,
    belt_speed_kmh, filmed_fps for a slow-motion clip). The video is checked and stored, then
    analysed as a background job: follow /api/v1/jobs/{job_id}."""
    if uploads.limit.declared_exceeded(request):
        return JSONResponse({"detail": too_large_message(uploads.limit)}, status_code=413)
    form = await request.form()
    try:
        upload = uploads.store(caller_of(request, principal), client_id, form)
    except TooLarge:
        return JSONResponse({"detail": too_large_message(uploads.limit)}, status_code=413)
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
    request: Request, analysis_id: RecordId, principal: ApiPrincipal, gait: GaitDep
) -> AnalysisOut:
    page = gait.page(caller_of(request, principal), analysis_id)
    return AnalysisOut.of(page)
