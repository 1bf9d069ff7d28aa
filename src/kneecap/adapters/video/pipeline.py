"""Whole analysis of one video: probe → decode + pose → gait domain → outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kneecap.adapters.video.decode import iter_frames, read_ahead
from kneecap.adapters.video.errors import NoRunnerFoundError, RunnerTooSmallError, TooDarkError
from kneecap.adapters.video.probe import VideoInfo, probe
from kneecap.adapters.video.report import metrics_to_dict, render_html
from kneecap.domain.gait.feedback import Cue, evaluate
from kneecap.domain.gait.keypoints import KeypointSeries
from kneecap.domain.gait.metrics import GaitMetrics, analyse
from kneecap.domain.gait.view import View, leg_length_px
from kneecap.ports.video import PoseEstimator

POSE_MAX_SIDE = 640  # BlazePose crops to 256x256 anyway; smaller frames decode/convert faster
ANNOTATED_MAX_SIDE = 960
MIN_POSE_FRACTION = 0.5  # a runner must be found in at least half of the frames
MIN_LEG_FRACTION = 0.15  # hip-to-ankle at least 15% of frame height (~30% body height)
DARK_MEAN_LUMA = 35.0  # of 255; below this BlazePose misses people (mean over frames)


@dataclass(frozen=True)
class GaitAnalysis:
    info: VideoInfo
    metrics: GaitMetrics
    cues: list[Cue]
    keypoints: KeypointSeries
    out_dir: Path | None
    files: dict[str, Path]

    def to_dict(self) -> dict[str, object]:
        return metrics_to_dict(self.metrics, self.cues)


def estimate_keypoints(
    path: Path, info: VideoInfo, pose: PoseEstimator, progress: Callable[[float], None]
) -> KeypointSeries:
    """Pose on every frame (decoding overlaps on a thread); frames are not skipped."""
    rows: list[npt.NDArray[np.float64]] = []
    lumas: list[float] = []
    total = max(1, round(info.duration_s * info.fps))
    width = height = 0
    for i, rgb in enumerate(read_ahead(iter_frames(path, POSE_MAX_SIDE, info.rotation))):
        h, w = rgb.shape[:2]
        height, width = h, w
        rows.append(pose.estimate(rgb))
        if i % 10 == 0:
            lumas.append(float(rgb[::8, ::8].mean()))
            progress(min(0.9, 0.9 * i / total))
    xyv = np.stack(rows) if rows else np.full((0, 33, 3), np.nan)
    found = np.isfinite(xyv[:, 23, 0])
    if lumas and np.mean(lumas) < DARK_MEAN_LUMA and found.mean() < MIN_POSE_FRACTION:
        raise TooDarkError(f"mean brightness {np.mean(lumas):.0f}/255")
    if xyv.shape[0] == 0 or found.mean() < MIN_POSE_FRACTION:
        raise NoRunnerFoundError(f"a person was found in {100 * found.mean():.0f}% of frames")
    # Scale back to the video's own pixel size so lengths are in native pixels.
    xyv[:, :, 0] *= info.width / width
    xyv[:, :, 1] *= info.height / height
    return KeypointSeries(xyv, info.fps, info.width, info.height)


def analyze_video(
    path: Path,
    view: View | None = None,
    height_cm: float | None = None,
    out_dir: Path | None = None,
    progress: Callable[[float], None] = lambda _: None,
    pose: PoseEstimator | None = None,
) -> GaitAnalysis:
    """Analyse a running video. Raises a GaitAnalysisError subclass on unusable input."""
    info = probe(path)
    own_pose = pose is None
    if pose is None:
        from kneecap.adapters.video.pose_mediapipe import MediaPipePose

        pose = MediaPipePose()
    try:
        kp = estimate_keypoints(path, info, pose, progress)
    finally:
        if own_pose:
            pose.close()
    found = kp.xyv[np.isfinite(kp.xyv[:, 23, 0])]
    leg = leg_length_px(KeypointSeries(found, kp.fps, kp.width, kp.height))
    if leg < MIN_LEG_FRACTION * info.height:
        raise RunnerTooSmallError(f"leg {leg:.0f} px of {info.height} px")
    metrics = analyse(kp, view, height_cm)
    cues = evaluate(metrics)
    files: dict[str, Path] = {}
    if out_dir is not None:
        from kneecap.adapters.video.annotate import write_annotated

        out_dir.mkdir(parents=True, exist_ok=True)
        files["video"] = out_dir / "annotated.mp4"
        frames = read_ahead(iter_frames(path, ANNOTATED_MAX_SIDE, info.rotation))
        write_annotated(frames, metrics, files["video"])
        files["json"] = out_dir / "metrics.json"
        files["json"].write_text(json.dumps(metrics_to_dict(metrics, cues), indent=2))
        files["report"] = out_dir / "report.html"
        files["report"].write_text(render_html(metrics, cues, files["video"].name))
    progress(1.0)
    return GaitAnalysis(info, metrics, cues, kp, out_dir, files)
