"""Storage of running-form videos and analyses, and the analyser the job calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from kneecap.domain.gait.review import (
    Comment,
    FeedbackItem,
    GaitAnalysisRecord,
    GaitVideo,
)
from kneecap.ports.repositories import UnitOfWork


@dataclass(frozen=True)
class NewVideo:
    clinic_id: int
    client_id: int
    blob_key: str
    filename: str
    size_bytes: int
    uploaded_by: int | None
    uploaded_at: datetime
    width: int
    height: int
    fps: float
    duration_s: float


class GaitRepository(Protocol):
    def add_video(self, video: NewVideo) -> GaitVideo: ...
    def video(self, video_id: int) -> GaitVideo | None: ...
    def add_analysis(
        self, video: GaitVideo, view: str, height_cm: float | None, now: datetime
    ) -> GaitAnalysisRecord: ...
    def analysis(self, analysis_id: int) -> GaitAnalysisRecord | None: ...
    def for_client(self, client_id: int) -> Sequence[GaitAnalysisRecord]: ...
    def set_job(self, analysis_id: int, job_id: int) -> None: ...
    def set_result(
        self,
        analysis_id: int,
        metrics: dict[str, Any],
        outputs: dict[str, str],
        feedback: tuple[FeedbackItem, ...],
    ) -> None: ...
    def set_feedback(self, analysis_id: int, feedback: tuple[FeedbackItem, ...]) -> None: ...
    def release(self, analysis_id: int, user_id: int | None, now: datetime) -> None: ...
    def add_comment(
        self,
        analysis_id: int,
        t_s: float,
        text: str,
        author_id: int | None,
        author_name: str,
        now: datetime,
    ) -> Comment: ...
    def comments(self, analysis_id: int) -> Sequence[Comment]: ...


class GaitUnitOfWork(UnitOfWork, Protocol):
    @property
    def gait(self) -> GaitRepository: ...


class GaitUnitOfWorkFactory(Protocol):
    def __call__(self) -> GaitUnitOfWork: ...


@dataclass(frozen=True)
class VideoFacts:
    width: int
    height: int
    fps: float
    duration_s: float


@dataclass(frozen=True)
class AnalysisOutput:
    metrics: dict[str, Any]
    files: dict[str, Path]  # name (video, json, report, plots) -> file written


class GaitAnalyzer(Protocol):
    """The video pipeline as the service sees it. Both raise GaitAnalysisError subclasses
    (domain.gait.errors) with a `user_message` for unusable input."""

    def probe(self, path: Path) -> VideoFacts: ...
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
        """`fps`: the frame rate a slow-motion clip was filmed at (replaces the file's);
        `belt_speed_ms`: the treadmill's belt speed (step length from step time)."""
        ...
