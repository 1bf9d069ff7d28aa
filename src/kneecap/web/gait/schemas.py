"""JSON shapes of the running-form API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from kneecap.services.gait import AnalysisPage


class UploadOut(BaseModel):
    analysis_id: int
    video_id: int
    job_id: int
    status: str
    analysis_url: str
    job_url: str


class FeedbackOut(BaseModel):
    rule: str
    text: str


class CommentOut(BaseModel):
    t_s: float
    text: str
    author: str
    created_at: datetime


class AnalysisOut(BaseModel):
    id: int
    client_id: int
    view: str
    created_at: datetime
    job_id: int | None
    job_status: str | None
    ready: bool
    released_at: datetime | None
    metrics: dict[str, Any] | None
    feedback: list[FeedbackOut]
    comments: list[CommentOut]
    video_url: str | None

    @classmethod
    def of(cls, page: AnalysisPage) -> AnalysisOut:
        a = page.analysis
        return cls(
            id=a.id,
            client_id=a.client_id,
            view=a.view,
            created_at=a.created_at,
            job_id=a.job_id,
            job_status=page.job.status.value if page.job else None,
            ready=a.ready,
            released_at=a.released_at,
            metrics=a.metrics,
            feedback=[FeedbackOut(rule=f.rule, text=f.text) for f in a.feedback],
            comments=[
                CommentOut(t_s=m.t_s, text=m.text, author=m.author_name, created_at=m.created_at)
                for m in page.comments
            ],
            video_url=f"/gait/{a.id}/files/video" if "video" in a.outputs else None,
        )
