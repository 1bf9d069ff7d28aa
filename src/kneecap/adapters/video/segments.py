"""Pose on independent segments of one clip in parallel processes, stitched back in order.

Pose estimation is the pipeline's bottleneck and BlazePose runs on about one core, so a clip
is cut into consecutive segments, each posed by its own process. BlazePose in video mode
detects the runner once, then tracks and smooths the landmarks frame to frame; so every
segment after the first starts WARMUP_FRAMES early, and the landmarks of those warm-up frames
are thrown away: by the first kept frame the tracker has found the runner and its smoothing
has settled, as in one uninterrupted run. The gait domain's own filters, the swap repair and
the event detection all run afterwards on the stitched whole series, so they see no seam.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from kneecap.adapters.video.decode import I420, RGB, iter_sizes, iter_with_picture, read_ahead
from kneecap.adapters.video.pictures import JPEG_BUDGET_BYTES, RAW_BUDGET_BYTES, Pictures
from kneecap.ports.video import PoseEstimator

# MediaPipe's landmark smoothing (a one-euro filter) settles within a few frames of a fresh
# detection; half a second at 30 fps leaves a wide margin (bench/gait_throughput.py prints
# how far the stitched landmarks are from one run's right after each seam).
WARMUP_FRAMES = 15
# A segment shorter than this is not worth a process's start-up (importing MediaPipe and
# loading the model take about a second).
MIN_SEGMENT_FRAMES = 120
MAX_PROCESSES = 8
LUMA_EVERY = 10  # frames between brightness samples (the too-dark check)


class PoseFactory(Protocol):
    """Makes the pose estimator for a segment that starts at frame `first` (picklable: it
    travels to the segment's process)."""

    def __call__(self, first: int) -> PoseEstimator: ...


class MediaPipeFactory:
    def __call__(self, first: int) -> PoseEstimator:
        from kneecap.adapters.video.pose_mediapipe import MediaPipePose

        return MediaPipePose()


@dataclass
class Segment:
    """One segment's pose: frames `start` .. `start + len(rows)` (warm-up frames dropped)."""

    start: int
    rows: list[npt.NDArray[np.float64]] = field(default_factory=list)
    lumas: list[float] = field(default_factory=list)  # every LUMA_EVERY-th frame
    samples: list[tuple[RGB, npt.NDArray[np.float64]]] = field(default_factory=list)
    pose_size: tuple[int, int] = (1, 1)  # width, height of the frames pose saw
    pictures: Pictures | None = None  # the kept frames at the annotated video's size


def available_cores() -> int:
    """Cores this process may run on (the scheduler's affinity, else the CPU count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def process_count(requested: int | None, total_frames: int) -> int:
    """How many pose processes to use: `requested` (None or 0: the cores available), never
    more than MAX_PROCESSES, and never so many that a segment is shorter than
    MIN_SEGMENT_FRAMES."""
    wanted = requested if requested and requested > 0 else available_cores()
    by_length = max(1, total_frames // MIN_SEGMENT_FRAMES)
    return max(1, min(wanted, MAX_PROCESSES, by_length))


def bounds(total_frames: int, n: int) -> list[tuple[int, int | None]]:
    """Consecutive (start, stop) segments; the last runs to the clip's end whatever the
    container's frame count said."""
    cuts = [round(k * total_frames / n) for k in range(n + 1)]
    return [(cuts[k], cuts[k + 1] if k < n - 1 else None) for k in range(n)]


def pose_segment(
    path: Path,
    rotation: int,
    pose_side: int,
    start: int,
    stop: int | None,
    factory: PoseFactory | None = None,
    pose: PoseEstimator | None = None,
    sample_every: int = 0,
    progress: Callable[[int], None] | None = None,
    picture_side: int | None = None,
    picture_budget: int = RAW_BUDGET_BYTES,
    jpeg_budget: int = JPEG_BUDGET_BYTES,
) -> Segment:
    """Pose on frames `start` .. `stop` of the clip, tracking from WARMUP_FRAMES earlier;
    with `picture_side`, the kept frames are also kept at that size (one decode for both)."""
    warm_from = max(0, start - WARMUP_FRAMES)
    seg = Segment(start)
    decoded: Iterator[RGB]
    if picture_side is None:
        decoded = (f[0] for f in iter_sizes(path, (pose_side,), rotation, warm_from, stop))
    else:
        seg.pictures = Pictures(picture_budget, jpeg_budget)
        decoded = _keeping(
            iter_with_picture(path, pose_side, picture_side, rotation, warm_from, stop),
            seg.pictures,
            start - warm_from,
        )
    frames = read_ahead(decoded)  # decoding starts now, while the model loads
    own = pose is None
    try:
        if pose is None:
            pose = (factory or MediaPipeFactory())(warm_from)
    except BaseException:
        frames.close()
        raise
    try:
        for i, small in enumerate(frames, start=warm_from):
            xyv = pose.estimate(small)
            if i < start:
                continue  # the tracker warming up: landmarks not kept
            h, w = small.shape[:2]
            seg.pose_size = (w, h)
            seg.rows.append(xyv)
            if sample_every and i % sample_every == 0 and np.isfinite(xyv[23, 0]):
                seg.samples.append((small, xyv))
            if i % LUMA_EVERY == 0:
                seg.lumas.append(float(small[::8, ::8].mean()))
                if progress is not None:
                    progress(i - start)
    finally:
        frames.close()
        if own:
            pose.close()
    return seg


def _keeping(frames: Iterator[tuple[RGB, I420]], pictures: Pictures, skip: int) -> Iterator[RGB]:
    """The pose frames; each picture after the first `skip` kept (on the decoding thread)."""
    for k, (small, picture) in enumerate(frames):
        if k >= skip:
            pictures.add(picture)
        yield small


def pose_in_processes(
    path: Path,
    rotation: int,
    pose_side: int,
    total_frames: int,
    processes: int,
    factory: PoseFactory | None,
    sample_every: int,
    progress: Callable[[float], None],
    picture_side: int | None = None,
) -> list[Segment]:
    """Every segment but the first in its own (spawned) process; the first in this one, which
    reports progress. Segments come back in clip order, each with its frames at
    `picture_side` if asked: raw in this process (which draws the annotated video), JPEG from
    the others (so no large arrays are pickled between processes)."""
    parts = bounds(total_frames, processes)
    share = JPEG_BUDGET_BYTES // len(parts)
    first_stop = parts[0][1] or total_frames
    factory = factory or MediaPipeFactory()
    # spawn, not fork: MediaPipe and the decoder run threads, which fork does not copy.
    with ProcessPoolExecutor(len(parts) - 1, mp_context=get_context("spawn")) as pool:
        futures: list[Future[Segment]] = [
            pool.submit(
                pose_segment,
                path,
                rotation,
                pose_side,
                a,
                b,
                factory,
                None,
                sample_every,
                None,
                picture_side,
                0,
                share,
            )
            for a, b in parts[1:]
        ]
        head = pose_segment(
            path,
            rotation,
            pose_side,
            0,
            parts[0][1],
            factory,
            None,
            sample_every,
            lambda done: progress(min(0.9, 0.9 * done / max(1, first_stop))),
            picture_side,
            RAW_BUDGET_BYTES,
            share,
        )
        return [head, *(f.result() for f in futures)]
