"""Job progress for pages (polled by static/jobs.js) and scripts."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kneecap.web.deps import ApiPrincipal, JobsDep, caller_of
from kneecap.web.jobs.schemas import JobOut
from kneecap.web.params import RecordId

router = APIRouter(prefix="/api/v1", tags=["jobs"])


@router.get("/jobs/{job_id}")
def job_status(
    request: Request, job_id: RecordId, principal: ApiPrincipal, jobs: JobsDep
) -> JobOut:
    return JobOut.of(jobs.get(caller_of(request, principal), job_id))
