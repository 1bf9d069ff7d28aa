"""The GaitAnalyzer port on the video pipeline (probe + analyze_video)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kneecap.ports.gait import AnalysisOutput, VideoFacts


class PipelineAnalyzer:
    def __init__(self, processes: int = 0) -> None:
        self._processes = processes  # pose processes per video; 0: one per core

    def probe(self, path: Path) -> VideoFacts:
        from kneecap.adapters.video.probe import probe

        info = probe(path)
        return VideoFacts(info.width, info.height, info.fps, info.duration_s)

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
        from kneecap.adapters.video.pipeline import analyze_video
        from kneecap.domain.gait.view import View

        result = analyze_video(
            path,
            None if view == "auto" else View(view),
            height_cm,
            out_dir,
            progress,
            processes=self._processes,
            belt_speed_ms=belt_speed_ms,
            fps=fps,
        )
        return AnalysisOutput(result.to_dict(), dict(result.files))
