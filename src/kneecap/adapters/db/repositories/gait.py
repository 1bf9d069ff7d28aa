"""Running-form rows <-> domain records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.gait import GaitAnalysisRow, GaitCommentRow, GaitVideoRow
from kneecap.domain.gait.review import Comment, FeedbackItem, GaitAnalysisRecord, GaitVideo
from kneecap.ports.gait import NewVideo


def _video(r: GaitVideoRow) -> GaitVideo:
    return GaitVideo(
        r.id,
        r.clinic_id,
        r.client_id,
        r.blob_key,
        r.filename,
        r.size_bytes,
        r.uploaded_by,
        r.uploaded_at,
        r.width,
        r.height,
        r.fps,
        r.duration_s,
    )


def _analysis(r: GaitAnalysisRow) -> GaitAnalysisRecord:
    return GaitAnalysisRecord(
        id=r.id,
        clinic_id=r.clinic_id,
        client_id=r.client_id,
        video_id=r.video_id,
        view=r.view,
        height_cm=r.height_cm,
        created_at=r.created_at,
        job_id=r.job_id,
        metrics=r.metrics,
        outputs=dict(r.outputs or {}),
        feedback=tuple(FeedbackItem(f["rule"], f["text"]) for f in r.feedback or []),
        released_at=r.released_at,
        released_by=r.released_by,
    )


def _feedback(items: tuple[FeedbackItem, ...]) -> list[dict[str, str]]:
    return [{"rule": f.rule, "text": f.text} for f in items]


class SqlGait:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_video(self, video: NewVideo) -> GaitVideo:
        row = GaitVideoRow(**video.__dict__)
        self._s.add(row)
        self._s.flush()
        return _video(row)

    def video(self, video_id: int) -> GaitVideo | None:
        row = self._s.get(GaitVideoRow, video_id)
        return _video(row) if row else None

    def add_analysis(
        self, video: GaitVideo, view: str, height_cm: float | None, now: datetime
    ) -> GaitAnalysisRecord:
        row = GaitAnalysisRow(
            clinic_id=video.clinic_id,
            client_id=video.client_id,
            video_id=video.id,
            view=view,
            height_cm=height_cm,
            created_at=now,
            outputs={},
            feedback=[],
        )
        self._s.add(row)
        self._s.flush()
        return _analysis(row)

    def analysis(self, analysis_id: int) -> GaitAnalysisRecord | None:
        row = self._s.get(GaitAnalysisRow, analysis_id)
        return _analysis(row) if row else None

    def for_client(self, client_id: int) -> Sequence[GaitAnalysisRecord]:
        rows = self._s.scalars(
            select(GaitAnalysisRow)
            .where(GaitAnalysisRow.client_id == client_id)
            .order_by(GaitAnalysisRow.id.desc())
        )
        return [_analysis(r) for r in rows]

    def _row(self, analysis_id: int) -> GaitAnalysisRow:
        row = self._s.get(GaitAnalysisRow, analysis_id)
        if row is None:
            raise KeyError(analysis_id)
        return row

    def set_job(self, analysis_id: int, job_id: int) -> None:
        self._row(analysis_id).job_id = job_id

    def set_result(
        self,
        analysis_id: int,
        metrics: dict[str, Any],
        outputs: dict[str, str],
        feedback: tuple[FeedbackItem, ...],
    ) -> None:
        row = self._row(analysis_id)
        row.metrics, row.outputs, row.feedback = metrics, outputs, _feedback(feedback)

    def set_feedback(self, analysis_id: int, feedback: tuple[FeedbackItem, ...]) -> None:
        self._row(analysis_id).feedback = _feedback(feedback)

    def release(self, analysis_id: int, user_id: int | None, now: datetime) -> None:
        row = self._row(analysis_id)
        row.released_at, row.released_by = now, user_id

    def add_comment(
        self,
        analysis_id: int,
        t_s: float,
        text: str,
        author_id: int | None,
        author_name: str,
        now: datetime,
    ) -> Comment:
        row = GaitCommentRow(
            analysis_id=analysis_id,
            t_s=t_s,
            text=text,
            author_id=author_id,
            author_name=author_name,
            created_at=now,
        )
        self._s.add(row)
        self._s.flush()
        return Comment(row.id, analysis_id, t_s, text, author_id, author_name, now)

    def comments(self, analysis_id: int) -> Sequence[Comment]:
        rows = self._s.scalars(
            select(GaitCommentRow)
            .where(GaitCommentRow.analysis_id == analysis_id)
            .order_by(GaitCommentRow.t_s, GaitCommentRow.id)
        )
        return [
            Comment(r.id, r.analysis_id, r.t_s, r.text, r.author_id, r.author_name, r.created_at)
            for r in rows
        ]
