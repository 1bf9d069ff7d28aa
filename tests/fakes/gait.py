"""Fake gait repository (videos, analyses, review comments) and a fake video analyser that
stands in for the pipeline: it probes and "analyses" without decoding a frame."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from kneecap.domain.gait.errors import GaitAnalysisError
from kneecap.domain.gait.review import Comment, FeedbackItem, GaitAnalysisRecord, GaitVideo
from kneecap.ports.gait import AnalysisOutput, NewVideo, VideoFacts
from tests.fakes.tables import Tables


class FakeGait:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add_video(self, video: NewVideo) -> GaitVideo:
        n = self._t.videos.next_id()
        return self._t.videos.put(n, GaitVideo(n, **video.__dict__))

    def video(self, video_id: int) -> GaitVideo | None:
        return self._t.videos.get(video_id)

    def add_analysis(
        self, video: GaitVideo, view: str, height_cm: float | None, now: datetime
    ) -> GaitAnalysisRecord:
        n = self._t.analyses.next_id()
        record = GaitAnalysisRecord(
            n, video.clinic_id, video.client_id, video.id, view, height_cm, now
        )
        return self._t.analyses.put(n, record)

    def analysis(self, analysis_id: int) -> GaitAnalysisRecord | None:
        return self._t.analyses.get(analysis_id)

    def for_client(self, client_id: int) -> Sequence[GaitAnalysisRecord]:
        return self._t.analyses.rows(lambda a: a.client_id == client_id)[::-1]

    def _change(self, analysis_id: int, **changes: Any) -> None:
        found = self._t.analyses.get(analysis_id)
        if found is None:
            raise KeyError(analysis_id)
        self._t.analyses.put(analysis_id, replace(found, **changes))

    def set_job(self, analysis_id: int, job_id: int) -> None:
        self._change(analysis_id, job_id=job_id)

    def set_result(
        self,
        analysis_id: int,
        metrics: dict[str, Any],
        outputs: dict[str, str],
        feedback: tuple[FeedbackItem, ...],
    ) -> None:
        self._change(analysis_id, metrics=metrics, outputs=dict(outputs), feedback=feedback)

    def set_feedback(self, analysis_id: int, feedback: tuple[FeedbackItem, ...]) -> None:
        self._change(analysis_id, feedback=feedback)

    def release(self, analysis_id: int, user_id: int | None, now: datetime) -> None:
        self._change(analysis_id, released_at=now, released_by=user_id)

    def add_comment(
        self,
        analysis_id: int,
        t_s: float,
        text: str,
        author_id: int | None,
        author_name: str,
        now: datetime,
    ) -> Comment:
        n = self._t.comments.next_id()
        comment = Comment(n, analysis_id, t_s, text, author_id, author_name, now)
        return self._t.comments.put(n, comment)

    def comments(self, analysis_id: int) -> Sequence[Comment]:
        found = self._t.comments.rows(lambda c: c.analysis_id == analysis_id)
        return sorted(found, key=lambda c: c.t_s)


class NotAVideo(GaitAnalysisError):
    user_message = "That file is not a video we can read. Upload an MP4, MOV or WebM file."


NOT_A_VIDEO = b"not a video"  # upload bytes the fake analyser refuses to probe

# What the pipeline writes for a side-view clip: metrics with two steps and one cue.
METRICS: dict[str, Any] = {
    "view": "side",
    "fps": 30.0,
    "cadence_spm": 164.0,
    "n_steps": 2,
    "steps": [{"side": "left", "ic_s": 0.5}, {"side": "right", "ic_s": 0.86}],
    "feedback": [{"rule": "cadence_low", "text": "Try slightly quicker, shorter steps."}],
}


@dataclass
class FakeGaitAnalyzer:
    """Probes any upload but NOT_A_VIDEO; `analyze` writes small output files and returns
    `metrics`, or raises `fails_with`. Remembers what it was asked to analyse."""

    facts: VideoFacts = field(default_factory=lambda: VideoFacts(1280, 720, 30.0, 12.0))
    metrics: dict[str, Any] = field(default_factory=lambda: dict(METRICS))
    fails_with: GaitAnalysisError | None = None
    analysed: list[tuple[bytes, str, float | None]] = field(default_factory=list)
    # belt_speed_ms and fps of each analysis, in the same order as `analysed`
    options: list[dict[str, float | None]] = field(default_factory=list)

    def probe(self, path: Path) -> VideoFacts:
        if path.read_bytes().startswith(NOT_A_VIDEO):
            raise NotAVideo()
        return self.facts

    def analyze(
        self,
        path: Path,
        view: str,
        height_cm: float | None,
        out_dir: Path,
        progress: Callable[[float], None],
        *,
        belt_speed_ms: float | None = None,
        fps: float | None = None,
    ) -> AnalysisOutput:
        self.analysed.append((path.read_bytes(), view, height_cm))
        self.options.append({"belt_speed_ms": belt_speed_ms, "fps": fps})
        progress(0.5)
        if self.fails_with is not None:
            raise self.fails_with
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {
            "video": out_dir / "annotated.mp4",
            "json": out_dir / "metrics.json",
            "report": out_dir / "report.html",
        }
        files["video"].write_bytes(b"annotated " + path.read_bytes())
        files["json"].write_text(json.dumps(self.metrics))
        files["report"].write_text("<h1>Running form</h1>")
        progress(1.0)
        return AnalysisOutput(dict(self.metrics), files)
