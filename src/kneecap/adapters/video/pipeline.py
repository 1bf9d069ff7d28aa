"""Whole analysis of one video: probe → (decode ‖ pose ‖ draw + encode) → gait domain → outputs.

Three stages overlap on threads: decoding (FFmpeg + OpenCV conversion/scaling), pose
estimation on a small copy of each frame (the bottleneck), and drawing + H.264 encoding of the
annotated video from each frame's pose as soon as it is known.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kneecap.adapters.video.crowd import SECOND_LOOK_SAMPLES, another_person_seen
from kneecap.adapters.video.decode import RGB, iter_sizes, read_ahead
from kneecap.adapters.video.errors import (
    NoRunnerFoundError,
    NoWholeRunnerError,
    RunnerTooSmallError,
    TooDarkError,
)
from kneecap.adapters.video.probe import VideoInfo, probe
from kneecap.adapters.video.report import metrics_to_dict, render_html
from kneecap.domain.gait.feedback import Cue, evaluate
from kneecap.domain.gait.keypoints import KeypointSeries
from kneecap.domain.gait.metrics import GaitMetrics, analyse
from kneecap.domain.gait.quality import Quality, assess
from kneecap.domain.gait.view import View, leg_length_px
from kneecap.ports.video import PoseEstimator

# BlazePose's detector sees 224x224 and its landmark model a 256x256 crop of the runner; a
# 480 px frame keeps a runner filling half the height at about that crop size, and makes
# MediaPipe's own image conversion ~10x cheaper than at 1080p.
POSE_MAX_SIDE = 480
ANNOTATED_MAX_SIDE = 960
MIN_POSE_FRACTION = 0.5  # a runner must be found in at least half of the frames
MIN_LEG_FRACTION = 0.15  # hip-to-ankle at least 15% of frame height (~30% body height)
DARK_MEAN_LUMA = 35.0  # of 255; below this BlazePose misses people (mean over frames)
CROWD_NOTE = (
    "Another person was in view in part of the video: check on the annotated video that the "
    "skeleton follows the runner throughout."
)


@dataclass(frozen=True)
class GaitAnalysis:
    info: VideoInfo
    metrics: GaitMetrics
    cues: list[Cue]
    keypoints: KeypointSeries
    out_dir: Path | None
    files: dict[str, Path]
    warnings: list[str] = field(default_factory=list)
    quality: Quality | None = None

    def to_dict(self) -> dict[str, object]:
        data = metrics_to_dict(self.metrics, self.cues)
        data["notes"] = [*self.metrics.notes, *self.warnings]
        if self.quality is not None:
            data["quality"] = self.quality.to_dict()
        return data


@dataclass
class _Samples:
    """A few pose-sized frames kept with their landmarks for the second-person check."""

    every: int
    frames: list[tuple[RGB, npt.NDArray[np.float64]]] = field(default_factory=list)


# Knees, ankles, heels and toes of both legs, each seen (visibility >= 0.5, BlazePose's own
# presence scale) inside the frame: a face or upper-body shot has none of these.
_LEG_POINTS = (25, 26, 27, 28, 29, 30, 31, 32)


def _legs_in_view(xyv: npt.NDArray[np.float64], width: int, height: int) -> float:
    """Share of frames with every leg keypoint seen inside the frame."""
    pts = xyv[:, _LEG_POINTS]
    inside = (
        np.isfinite(pts[:, :, 0])
        & (pts[:, :, 2] >= 0.5)
        & (pts[:, :, 0] >= 0)
        & (pts[:, :, 0] < width)
        & (pts[:, :, 1] >= 0)
        & (pts[:, :, 1] < height)
    )
    return float(inside.all(axis=1).mean())


def estimate_keypoints(
    path: Path,
    info: VideoInfo,
    pose: PoseEstimator,
    progress: Callable[[float], None],
    annotated: Path | None = None,
    samples: _Samples | None = None,
) -> KeypointSeries:
    """Pose on every frame (none skipped), with decoding and the annotated video overlapping."""
    from kneecap.adapters.video.annotate import AnnotatedWriter

    rows: list[npt.NDArray[np.float64]] = []
    lumas: list[float] = []
    total = max(1, round(info.duration_s * info.fps))
    sides = (ANNOTATED_MAX_SIDE, POSE_MAX_SIDE) if annotated else (POSE_MAX_SIDE,)
    writer = AnnotatedWriter(annotated, info.fps) if annotated else None
    pw = ph = 1
    try:
        for i, frames in enumerate(read_ahead(iter_sizes(path, sides, info.rotation))):
            small = frames[-1]
            ph, pw = small.shape[:2]
            xyv = pose.estimate(small)
            rows.append(xyv)
            if writer is not None:
                big = frames[0]
                pts = xyv.copy()
                pts[:, 0] *= big.shape[1] / pw
                pts[:, 1] *= big.shape[0] / ph
                writer.add(big, pts)
            if samples is not None and i % samples.every == 0 and np.isfinite(xyv[23, 0]):
                samples.frames.append((small, xyv))
            if i % 10 == 0:
                lumas.append(float(small[::8, ::8].mean()))
                progress(min(0.9, 0.9 * i / total))
    finally:
        if writer is not None:
            writer.close()
    xyv_all = np.stack(rows) if rows else np.full((0, 33, 3), np.nan)
    found = np.isfinite(xyv_all[:, 23, 0])
    if lumas and np.mean(lumas) < DARK_MEAN_LUMA and found.mean() < MIN_POSE_FRACTION:
        raise TooDarkError(f"mean brightness {np.mean(lumas):.0f}/255")
    if xyv_all.shape[0] == 0 or found.mean() < MIN_POSE_FRACTION:
        raise NoRunnerFoundError(f"a person was found in {100 * found.mean():.0f}% of frames")
    # Back to the video's own (upright) pixel size so lengths are in native pixels.
    xyv_all[:, :, 0] *= info.width / pw
    xyv_all[:, :, 1] *= info.height / ph
    return KeypointSeries(xyv_all, info.fps, info.width, info.height)


def _annotate(
    path: Path, info: VideoInfo, raw: KeypointSeries, metrics: GaitMetrics, out: Path
) -> None:
    """The annotated video, drawn after the analysis so contacts and gaps can be marked."""
    from kneecap.adapters.video.annotate import Marks, strip_band, write_annotated
    from kneecap.domain.gait.keypoints import LEG, Side
    from kneecap.domain.gait.metrics import MIN_VISIBILITY

    frames = (f[0] for f in read_ahead(iter_sizes(path, (ANNOTATED_MAX_SIDE,), info.rotation)))
    first = next(frames, None)
    if first is None:
        return
    ah, aw = first.shape[:2]
    pts = metrics.smoothed.xyv.copy()
    pts[:, :, 0] *= aw / info.width
    pts[:, :, 1] *= ah / info.height
    legs = [getattr(LEG[s], j) for s in Side for j in ("hip", "knee", "ankle", "heel", "toe")]
    low = (raw.xyv[:, legs, 2] < MIN_VISIBILITY).any(axis=1) | ~np.isfinite(
        raw.xyv[:, legs, 0]
    ).all(axis=1)
    fps = metrics.fps
    marks = Marks(
        contacts=[(round(s.ic_frame), s.side) for s in metrics.steps],
        gaps=[(round(g.start_s * fps) + 1, round(g.end_s * fps) - 1) for g in metrics.gaps],
        low_confidence=low,
        strip=strip_band(pts, ah),
    )

    def all_frames() -> Iterator[RGB]:
        yield first
        yield from frames

    write_annotated(out, all_frames(), pts, fps, marks)


def analyze_video(
    path: Path,
    view: View | None = None,
    height_cm: float | None = None,
    out_dir: Path | None = None,
    progress: Callable[[float], None] = lambda _: None,
    pose: PoseEstimator | None = None,
    second_look: PoseEstimator | None = None,
) -> GaitAnalysis:
    """Analyse a running video. Raises a GaitAnalysisError subclass on unusable input.

    `second_look` (a single-image pose estimator) enables the check for a second person."""
    info = probe(path)
    own_pose = pose is None
    if pose is None:
        from kneecap.adapters.video.pose_mediapipe import MediaPipePose

        pose = MediaPipePose()
        second_look = MediaPipePose(static_image_mode=True)
    files: dict[str, Path] = {}
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        files["video"] = out_dir / "annotated.mp4"
    total = max(1, round(info.duration_s * info.fps))
    samples = _Samples(max(1, total // SECOND_LOOK_SAMPLES)) if second_look else None
    warnings: list[str] = []
    try:
        kp = estimate_keypoints(path, info, pose, progress, None, samples)
        crowd = second_look is not None and samples is not None
        if crowd and another_person_seen(samples.frames, second_look):  # type: ignore[union-attr,arg-type]
            warnings.append(CROWD_NOTE)
    finally:
        if own_pose:
            pose.close()
            if second_look is not None:
                second_look.close()
    legs = _legs_in_view(kp.xyv, info.width, info.height)
    if legs < MIN_POSE_FRACTION:
        raise NoWholeRunnerError(f"legs and feet seen in {100 * legs:.0f}% of frames")
    found = kp.xyv[np.isfinite(kp.xyv[:, 23, 0])]
    leg = leg_length_px(KeypointSeries(found, kp.fps, kp.width, kp.height))
    if leg < MIN_LEG_FRACTION * info.height:
        raise RunnerTooSmallError(f"leg {leg:.0f} px of {info.height} px")
    metrics = analyse(kp, view, height_cm)
    quality = assess(metrics, kp)
    cues = evaluate(metrics) if quality.drafts_cues else []
    if not quality.drafts_cues:
        warnings.append("No cue was drafted automatically: " + " ".join(quality.reasons))
    result = GaitAnalysis(info, metrics, cues, kp, out_dir, files, warnings, quality)
    if out_dir is not None:
        _annotate(path, info, kp, metrics, files["video"])
        files["json"] = out_dir / "metrics.json"
        files["json"].write_text(json.dumps(result.to_dict(), indent=2))
        files["report"] = out_dir / "report.html"
        files["report"].write_text(
            render_html(metrics, cues, files["video"].name, result.to_dict()["notes"])  # type: ignore[arg-type]
        )
    progress(1.0)
    return result
