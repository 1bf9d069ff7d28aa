"""Gait test support: one real pipeline run on the mannequin clip, replayed by a recorded
analyser so web tests exercise the whole workflow without running BlazePose in every test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from kneecap.adapters.video.analyzer import PipelineAnalyzer
from kneecap.ports.gait import AnalysisOutput, VideoFacts
from tests.support.runner_video import write_runner_clip


def make_clip(
    folder: Path, seconds: float = 7.0, fps: int = 30, size: tuple[int, int] = (480, 270)
) -> Path:
    return write_runner_clip(folder / "runner.mp4", seconds, fps, size)


def real_analysis(clip: Path, out: Path) -> AnalysisOutput:
    return PipelineAnalyzer().analyze(clip, "auto", 181.0, out, lambda _: None)


class RecordedAnalyzer:
    """Real probe; `analyze` returns a real pipeline result recorded earlier."""

    def __init__(self, recorded: AnalysisOutput) -> None:
        self.recorded = recorded
        self.calls = 0
        self.options: dict[str, float | None] = {}

    def probe(self, path: Path) -> VideoFacts:
        return PipelineAnalyzer().probe(path)

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
        self.calls += 1
        self.options = {"belt_speed_ms": belt_speed_ms, "fps": fps}
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {}
        for name, src in self.recorded.files.items():
            files[name] = Path(shutil.copy(src, out_dir / src.name))
        progress(1.0)
        return AnalysisOutput(dict(self.recorded.metrics), files)
