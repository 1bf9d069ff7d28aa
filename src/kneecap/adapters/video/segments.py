"""Pose on independent segments of one clip in parallel processes, stitched back in order.

Pose estimation is the pipeline's bottleneck and BlazePose runs on about one core, so a clip
is cut into consecutive segments, each posed by its own process; the clip is decoded once,
by the first, which sends the others their frames. BlazePose in video mode
detects the runner once, then tracks and smooths the landmarks frame to frame; so every
segment after the first starts WARMUP_FRAMES early, and the landmarks of those warm-up frames
are thrown away: by the first kept frame the tracker has found the runner and its smoothing
has settled, as in one uninterrupted run. The gait domain's own filters, the swap repair and
the event detection all run afterwards on the stitched whole series, so they see no seam.
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection
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
# Pose frames the decoder may run ahead of another process's pose: ~100 MB at 480x270, more
# than half of a 12 s clip at 30 fps.
AHEAD_FRAMES = 256
# ... and ahead of this process's own: its segment is the last, so once its queue is full every
# other segment's frames have been sent (more than the WARMUP_FRAMES they share); a deeper
# queue only held up to ~76 MB of frames decoded early (bench/gait_throughput.py, peak RSS).
OWN_AHEAD_FRAMES = 2 * WARMUP_FRAMES


class PoseFactory(Protocol):
    """Makes the pose estimator for a segment that starts at frame `first` (picklable: it
    travels to the segment's process)."""

    def __call__(self, first: int) -> PoseEstimator: ...


class MediaPipeFactory:
    def __init__(self, smooth_landmarks: bool = True) -> None:
        self.smooth_landmarks = smooth_landmarks  # MediaPipe's own causal smoothing
        self._ready: PoseEstimator | None = None

    def prepare(self) -> None:
        """Imports MediaPipe and loads the model now, for the next call (in a pose process
        waiting for its segment)."""
        from kneecap.adapters.video.pose_mediapipe import MediaPipePose

        self._ready = self._ready or MediaPipePose(smooth_landmarks=self.smooth_landmarks)

    def __call__(self, first: int) -> PoseEstimator:
        from kneecap.adapters.video.pose_mediapipe import MediaPipePose

        ready, self._ready = self._ready, None
        return ready or MediaPipePose(smooth_landmarks=self.smooth_landmarks)

    def __eq__(self, other: object) -> bool:  # equal ones make the same estimator
        return (
            isinstance(other, MediaPipeFactory) and other.smooth_landmarks == self.smooth_landmarks
        )

    def __hash__(self) -> int:
        return hash((MediaPipeFactory, self.smooth_landmarks))


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
        _pose_into(seg, frames, warm_from, pose, sample_every, progress)
    finally:
        frames.close()
        if own:
            pose.close()
    return seg


def _pose_into(
    seg: Segment,
    frames: Iterator[RGB],
    warm_from: int,
    pose: PoseEstimator,
    sample_every: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Pose on `frames` (frame `warm_from` on), keeping the rows from `seg.start`."""
    start = seg.start
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
    """Every segment but the last posed in its own (spawned) process, the last in this one,
    which reports progress; segments come back in clip order. The clip is decoded once, here,
    on the read-ahead thread: each other segment's pose frames (from its warm-up on) go down a
    pipe to its process, and this process keeps every frame at `picture_side` (the last
    segment's Segment.pictures holds the whole clip's). Decoding the clip in every process
    cost each the decode of all the frames before its segment, and its pictures had to come
    back (bench/gait_throughput.py). This process takes the last segment because it also
    decodes: the others get their frames first, and while its own are not decoded yet its
    core goes to the decoder, not to idle pose processes."""
    parts = bounds(total_frames, processes)
    factory = factory or MediaPipeFactory()
    own_start = parts[-1][0]
    own_warm = max(0, own_start - WARMUP_FRAMES)
    workers = _adopted(len(parts) - 1, factory)
    feeds: list[_Feed] = []
    try:
        for (a, b), worker in zip(parts[:-1], workers, strict=True):
            warm = max(0, a - WARMUP_FRAMES)
            worker.conn.send((a, warm, sample_every))
            feeds.append(_Feed(warm, b, worker.conn))
        head = Segment(own_start)
        if picture_side is None:
            decoded: Iterator[tuple[RGB, I420 | None]] = (
                (f[0], None) for f in iter_sizes(path, (pose_side,), rotation)
            )
        else:
            head.pictures = Pictures()
            decoded = iter_with_picture(path, pose_side, picture_side, rotation)
        # Each feed's queue is deep, so no pose waits on another's (a full queue only stalls
        # the decoder until that pose catches up).
        frames = read_ahead(_routed(decoded, head.pictures, feeds, own_warm), OWN_AHEAD_FRAMES)
        pose = factory(own_warm)
        own = max(1, total_frames - own_start)
        try:
            _pose_into(
                head,
                frames,
                own_warm,
                pose,
                sample_every,
                lambda done: progress(min(0.9, 0.9 * done / own)),
            )
        finally:
            frames.close()
            pose.close()
        rest = [_result(f.conn) for f in feeds]
    finally:
        for w in workers:
            w.end()
    return [*rest, head]


class _Worker:
    """A pose process waiting on `conn` for its segment (start, warm-up start, sample_every),
    then fed that segment's frames."""

    def __init__(self, factory: PoseFactory) -> None:
        ctx = get_context("spawn")  # not fork: MediaPipe and the decoder run threads
        self.conn, theirs = ctx.Pipe()
        # Not a daemon, so an analysis can run inside a daemonic process too; end() joins it.
        self.process = ctx.Process(target=_fed_segment, args=(theirs, factory), name="kneecap-pose")
        self.process.start()
        theirs.close()
        self.factory = factory

    def end(self, now: bool = False) -> None:
        """Closes its pipe (a process still waiting for a segment ends on that) and joins it;
        `now`: one never given a segment is killed, not waited for (it may be loading)."""
        self.conn.close()
        if now:
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


_started: list[_Worker] = []  # started by prestart(), not yet given a segment


def prestart(processes: int | None, factory: PoseFactory | None = None) -> None:
    """Starts, before the clip is even probed, the pose processes that an analysis on
    `processes` (None or 0: one per core) will use: their interpreter start, MediaPipe import
    and model load then overlap this process's own start-up. pose_in_processes adopts them;
    those it does not need end when this process exits."""
    if not _started:
        atexit.register(end_started)
    wanted = process_count(processes, MIN_SEGMENT_FRAMES * MAX_PROCESSES) - 1
    made = factory or MediaPipeFactory()
    _started.extend(_Worker(made) for _ in range(wanted - len(_started)))


def end_started() -> None:
    """Ends the prestarted pose processes no analysis took (a clip too short to split)."""
    while _started:
        _started.pop().end(now=True)


def _adopted(n: int, factory: PoseFactory) -> list[_Worker]:
    """`n` pose processes: those prestart() left waiting with an equal factory, the rest
    started now (their start-up overlaps this process's decoding)."""
    same = [w for w in _started if w.factory == factory][:n]
    for w in same:
        _started.remove(w)
    return same + [_Worker(factory) for _ in range(n - len(same))]


class _Feed:
    """Another segment's process: frames `first` (its warm-up) to `stop` go down `conn`, on
    a thread of their own from a queue of up to AHEAD_FRAMES, so the decoder never waits on
    one process's pose while another could pose."""

    def __init__(self, first: int, stop: int | None, conn: Connection) -> None:
        self.first, self.stop, self.conn = first, stop, conn
        self._q: queue.Queue[bytes | memoryview | None] = queue.Queue(AHEAD_FRAMES)
        self._sender = threading.Thread(target=self._send, daemon=True, name="kneecap-feed")
        self._sender.start()

    def send(self, data: bytes | memoryview) -> None:
        self._q.put(data)

    def end(self) -> None:
        self._q.put(b"")  # the end of its frames
        self._q.put(None)

    def _send(self) -> None:
        broken = False
        while (data := self._q.get()) is not None:
            if broken:
                continue  # keep draining, so the decoder never blocks on a dead process
            try:
                self.conn.send_bytes(data)
            except OSError:  # the process is gone: its result says why
                broken = True


def _routed(
    decoded: Iterator[tuple[RGB, I420 | None]],
    pictures: Pictures | None,
    feeds: list[_Feed],
    own_first: int,
) -> Iterator[RGB]:
    """On the decoding thread: keep each picture, send each pose frame to the processes whose
    segments hold it, and yield the frames of this process's own (last) segment, from
    `own_first` on."""
    sent_shape: set[int] = set()
    try:
        for i, (small, picture) in enumerate(decoded):
            if pictures is not None and picture is not None:
                pictures.add(picture)
            for k, f in enumerate(feeds):
                if f.first <= i and (f.stop is None or i < f.stop):
                    if k not in sent_shape:  # a header first: the frames' shape
                        f.send(np.asarray(small.shape, dtype=np.int64).tobytes())
                        sent_shape.add(k)
                    f.send(np.ascontiguousarray(small).reshape(-1).data)
            if i >= own_first:
                yield small
    finally:
        for f in feeds:
            f.end()


def _received(conn: Connection) -> Iterator[RGB]:
    """Pose frames from the parent's decoder (after a header with their shape), until the
    empty message that ends them."""
    header = conn.recv_bytes()
    if not header:
        return
    shape = tuple(np.frombuffer(header, dtype=np.int64).tolist())
    while data := conn.recv_bytes():
        yield np.frombuffer(data, dtype=np.uint8).reshape(shape)


def _fed_segment(conn: Connection, factory: PoseFactory) -> None:
    """A pose process: the model loaded while it waits for its segment, pose on the frames
    the parent sends, then the Segment sent back."""
    try:
        prepare = getattr(factory, "prepare", None)
        if prepare is not None:
            prepare()
        try:
            start, warm_from, sample_every = conn.recv()
        except EOFError:  # no segment for it: the parent needed fewer processes
            return
        pose = factory(warm_from)
        seg = Segment(start)
        try:
            _pose_into(seg, _received(conn), warm_from, pose, sample_every, None)
        finally:
            pose.close()
        conn.send(seg)
    except BaseException as exc:  # raised in the parent (by type and message)
        conn.send(RuntimeError(f"pose process: {exc!r}"))
    finally:
        conn.close()


def _result(conn: Connection) -> Segment:
    try:
        got = conn.recv()
    except EOFError as exc:
        raise RuntimeError("a pose process ended without its result") from exc
    if isinstance(got, BaseException):
        raise got
    if not isinstance(got, Segment):
        raise RuntimeError("a pose process sent something other than its result")
    return got
