"""Whole analysis of one video: probe → (decode ‖ pose) → gait domain → annotated video, outputs.

Decoding (FFmpeg + libswscale scaling/conversion) runs on its own thread beside pose
estimation on a small copy of each frame (the bottleneck), which can run on segments of the
clip in parallel processes (segments.py). The same pass keeps each frame at the annotated
video's size (pictures.py), on which the annotated video is drawn once the analysis is known:
the clip is decoded once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kneecap.adapters.video.crowd import SECOND_LOOK_SAMPLES, another_person_seen
from kneecap.adapters.video.decode import I420, RGB, iter_pictures, read_ahead
from kneecap.adapters.video.errors import (
    NoRunnerFoundError,
    NoWholeRunnerError,
    RunnerTooSmallError,
    TooDarkError,
)
from kneecap.adapters.video.pictures import Pictures
from kneecap.adapters.video.probe import VideoInfo, probe
from kneecap.adapters.video.report import metrics_to_dict, render_html
from kneecap.adapters.video.segments import (
    PoseFactory,
    Segment,
    end_started,
    pose_in_processes,
    pose_segment,
    process_count,
)
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
    pose: PoseEstimator | None,
    progress: Callable[[float], None],
    sample_every: int = 0,
    processes: int | None = 1,
    factory: PoseFactory | None = None,
) -> tuple[KeypointSeries, list[tuple[RGB, npt.NDArray[np.float64]]]]:
    """Pose on every frame (none skipped), decoding on its own thread; with `processes` > 1
    (and no `pose` object given) on that many segments in parallel processes, stitched.
    Returns the keypoints and, every `sample_every` frames, a frame with its pose."""
    segments = _posed(path, info, pose, progress, sample_every, processes, factory)
    return _stitched(segments, info), [s for seg in segments for s in seg.samples]


def _posed(
    path: Path,
    info: VideoInfo,
    pose: PoseEstimator | None,
    progress: Callable[[float], None],
    sample_every: int,
    processes: int | None,
    factory: PoseFactory | None,
    picture_side: int | None = None,
) -> list[Segment]:
    total = max(1, round(info.duration_s * info.fps))
    n = 1 if pose is not None else process_count(processes, total)
    try:
        if n > 1:
            return pose_in_processes(
                path,
                info.rotation,
                POSE_MAX_SIDE,
                total,
                n,
                factory,
                sample_every,
                progress,
                picture_side,
            )
        return [
            pose_segment(
                path,
                info.rotation,
                POSE_MAX_SIDE,
                0,
                None,
                factory,
                pose,
                sample_every,
                lambda done: progress(min(0.9, 0.9 * done / total)),
                picture_side,
            )
        ]
    finally:
        end_started()  # prestarted pose processes this clip did not need


def _pictures(segments: list[Segment]) -> Pictures | None:
    """The kept frames, in clip order, of every frame the segments posed (the process that
    decoded them holds them); None where they ran out of their budget or were not kept (the
    annotated video then decodes the clip again)."""
    kept = [seg.pictures for seg in segments if seg.pictures is not None]
    if not kept or not all(p.complete for p in kept):
        return None
    joined = kept[0] if len(kept) == 1 else Pictures()
    for p in kept[1:] if len(kept) == 1 else kept:
        joined.extend(p)
    return joined if len(joined) == sum(len(seg.rows) for seg in segments) else None


def _stitched(segments: list[Segment], info: VideoInfo) -> KeypointSeries:
    rows = [r for seg in segments for r in seg.rows]
    lumas = [v for seg in segments for v in seg.lumas]
    kept = 0
    for seg in segments:  # each segment takes up where the one before stopped
        if seg.rows and seg.start != kept:
            raise RuntimeError(f"pose segment at frame {seg.start} after {kept} frames")
        kept += len(seg.rows)
    pw, ph = next((seg.pose_size for seg in segments if seg.rows), (1, 1))
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
    path: Path,
    info: VideoInfo,
    raw: KeypointSeries,
    metrics: GaitMetrics,
    out: Path,
    pictures: Pictures | None = None,
) -> None:
    """The annotated video, drawn after the analysis so contacts and gaps can be marked: on
    the frames kept from the pose pass, else decoded again."""
    from kneecap.adapters.video.annotate import Marks, strip_band, write_annotated
    from kneecap.domain.gait.keypoints import LEG, Side
    from kneecap.domain.gait.metrics import MIN_VISIBILITY

    frames: Iterator[I420]
    if pictures is not None:
        frames = pictures.take_i420()
    else:
        frames = read_ahead(iter_pictures(path, ANNOTATED_MAX_SIDE, info.rotation))
    first = next(frames, None)
    if first is None:
        return
    ah, aw = first.shape[0] * 2 // 3, first.shape[1]
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

    def all_frames() -> Iterator[I420]:
        yield first
        yield from frames

    write_annotated(out, all_frames(), pts, fps, marks)


def _another_person(
    samples: list[tuple[RGB, npt.NDArray[np.float64]]], second_look: PoseEstimator | None
) -> bool:
    """The second-person check, with BlazePose's single-image mode unless `second_look`."""
    if second_look is not None:
        return another_person_seen(samples, second_look)
    from kneecap.adapters.video.pose_mediapipe import MediaPipePose

    with MediaPipePose(static_image_mode=True) as look:
        return another_person_seen(samples, look)


def analyze_video(
    path: Path,
    view: View | None = None,
    height_cm: float | None = None,
    out_dir: Path | None = None,
    progress: Callable[[float], None] = lambda _: None,
    pose: PoseEstimator | None = None,
    second_look: PoseEstimator | None = None,
    processes: int | None = 1,
    factory: PoseFactory | None = None,
    belt_speed_ms: float | None = None,
    fps: float | None = None,
) -> GaitAnalysis:
    """Analyse a running video. Raises a GaitAnalysisError subclass on unusable input.

    Without `pose`, BlazePose (or `factory`'s estimator) runs on `processes` segments of the
    clip in parallel (None or 0: as many as there are cores), with the second-person check.
    `second_look` (a single-image pose estimator) enables that check for a given `pose`.
    `fps` replaces the container's frame rate (a slow-motion clip's capture rate);
    `belt_speed_ms`, a treadmill's belt speed, gives step length from step time."""
    info = probe(path)
    own_look = pose is None and second_look is None
    files: dict[str, Path] = {}
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        files["video"] = out_dir / "annotated.mp4"
    total = max(1, round(info.duration_s * info.fps))
    looks = own_look or second_look is not None
    every = max(1, total // SECOND_LOOK_SAMPLES) if looks else 0
    keep = ANNOTATED_MAX_SIDE if out_dir is not None else None
    segments = _posed(path, info, pose, progress, every, processes, factory, keep)
    kp = _stitched(segments, info)
    samples = [s for seg in segments for s in seg.samples]
    pictures = _pictures(segments)
    del segments
    legs = _legs_in_view(kp.xyv, info.width, info.height)
    if legs < MIN_POSE_FRACTION:
        raise NoWholeRunnerError(f"legs and feet seen in {100 * legs:.0f}% of frames")
    found = kp.xyv[np.isfinite(kp.xyv[:, 23, 0])]
    leg = leg_length_px(KeypointSeries(found, kp.fps, kp.width, kp.height))
    if leg < MIN_LEG_FRACTION * info.height:
        raise RunnerTooSmallError(f"leg {leg:.0f} px of {info.height} px")
    if fps is not None:
        kp = KeypointSeries(kp.xyv, fps, kp.width, kp.height)
    metrics = analyse(kp, view, height_cm, belt_speed_ms)
    quality = assess(metrics, kp)
    cues = evaluate(metrics) if quality.drafts_cues else []
    # The annotated video is drawn and encoded on threads of its own while the second-person
    # check and the report run here: after pose, the cores the pose processes used are free.
    with ThreadPoolExecutor(1, thread_name_prefix="kneecap-annotate") as pool:
        video = None
        if out_dir is not None:
            video = pool.submit(_annotate, path, info, kp, metrics, files["video"], pictures)
        del pictures
        warnings: list[str] = []
        if looks and _another_person(samples, second_look):
            warnings.append(CROWD_NOTE)
        if not quality.drafts_cues:
            warnings.append("No cue was drafted automatically: " + " ".join(quality.reasons))
        result = GaitAnalysis(info, metrics, cues, kp, out_dir, files, warnings, quality)
        if out_dir is not None and video is not None:
            data = result.to_dict()
            report = render_html(metrics, cues, files["video"].name, data["notes"])  # type: ignore[arg-type]
            video.result()
            files["json"] = out_dir / "metrics.json"
            files["json"].write_text(json.dumps(data, indent=2))
            files["report"] = out_dir / "report.html"
            files["report"].write_text(report)
    progress(1.0)
    return result
