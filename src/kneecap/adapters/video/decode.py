"""Threaded PyAV decoding to upright RGB arrays, read ahead on a background thread.

Each frame is scaled and converted to RGB in one libswscale pass at the size asked for
(area averaging): converting the full 1080p frame to RGB first and then shrinking it (with
OpenCV) cost about twice the decode itself (bench/gait_throughput.py measures both).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

RGB = npt.NDArray[np.uint8]
I420 = npt.NDArray[np.uint8]  # planar Y, U, V: (height * 3 / 2, width)
_END = object()
T = TypeVar("T")


# One libswscale thread a frame: its slice threads give the same pixels but cost ~30% more
# CPU on these small outputs, and the pipeline's cores are busy with pose anyway
# (bench/gait_throughput.py).
SWS_THREADS = 1


def _rgb(frame: Any, size: tuple[int, int]) -> RGB:
    """The frame as RGB at `size` (width, height), scaled and converted in one pass."""
    if size != (frame.width, frame.height):
        frame = frame.reformat(*size, format="rgb24", interpolation="AREA", threads=SWS_THREADS)
    return np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)


def fitted(w: int, h: int, max_side: int | None) -> tuple[int, int]:
    """Even size with the longer side at most `max_side` (x264 needs even sizes)."""
    scale = min(1.0, max_side / max(w, h)) if max_side else 1.0
    return max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)


def upright(rgb: RGB, rotation: int) -> RGB:
    """Apply the phone's display rotation (degrees counter-clockwise, as FFmpeg reports)."""
    import cv2

    turns = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    code = turns.get(rotation % 360)
    return rgb if code is None else np.asarray(cv2.rotate(rgb, code), dtype=np.uint8)


def _decoded(path: Path, first: int, stop: int | None) -> Iterator[Any]:
    """PyAV frames `first` to `stop` (exclusive) by their count from the start. Frames before
    `first` are decoded (H.264 has to) but never converted; counting rather than seeking keeps
    a phone's variable frame rate from shifting a segment's frame numbers."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"  # frame + slice threads inside FFmpeg
        for index, frame in enumerate(container.decode(stream)):
            if stop is not None and index >= stop:
                return
            if index >= first:
                yield frame


def iter_sizes(
    path: Path,
    max_sides: Sequence[int | None],
    rotation: int = 0,
    first: int = 0,
    stop: int | None = None,
) -> Iterator[tuple[RGB, ...]]:
    """Each frame in order, once per requested size: frames `first` to `stop` (exclusive)."""
    for frame in _decoded(path, first, stop):
        w, h = frame.width, frame.height
        yield tuple(upright(_rgb(frame, fitted(w, h, side)), rotation) for side in max_sides)


def iter_with_picture(
    path: Path,
    pose_side: int,
    picture_side: int,
    rotation: int = 0,
    first: int = 0,
    stop: int | None = None,
) -> Iterator[tuple[RGB, I420]]:
    """Each frame as RGB for pose (as iter_sizes gives it) and as I420 at the annotated
    video's size (_picture), so the clip is decoded once for both."""
    for frame in _decoded(path, first, stop):
        w, h = frame.width, frame.height
        small = upright(_rgb(frame, fitted(w, h, pose_side)), rotation)
        yield small, _picture(frame, fitted(w, h, picture_side), rotation)


def iter_pictures(path: Path, side: int, rotation: int = 0) -> Iterator[I420]:
    """Each frame as iter_with_picture's I420 picture alone."""
    for frame in _decoded(path, 0, None):
        yield _picture(frame, fitted(frame.width, frame.height, side), rotation)


def _picture(frame: Any, size: tuple[int, int], rotation: int) -> I420:
    """The frame upright as I420 at `size`. Without a rotation libswscale scales straight to
    I420 (cheaper than to RGB); a rotated frame is turned upright as RGB first."""
    import cv2

    w, h = frame.width, frame.height
    if rotation % 360 == 0 and frame.format.name == "yuv420p" and size != (w, h):
        return _i420_scaled(frame, size)
    if rotation % 360 == 0:
        if size != (w, h):
            frame = frame.reformat(
                *size, format="yuv420p", interpolation="AREA", threads=SWS_THREADS
            )
        return np.asarray(frame.to_ndarray(format="yuv420p"), dtype=np.uint8)
    rgb = upright(_rgb(frame, size), rotation)
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)


def _i420_scaled(frame: Any, size: tuple[int, int]) -> I420:
    """A yuv420p frame's planes shrunk with OpenCV's area averaging, straight from the
    decoder's buffers into one I420 array: a third of libswscale's CPU for the same
    averaging (the annotated video's picture only; pose frames stay libswscale's)."""
    import cv2

    w, h = size
    out = np.empty((h * 3 // 2, w), dtype=np.uint8)
    y, u, v = (_plane(p) for p in frame.planes[:3])
    cv2.resize(y, (w, h), dst=out[:h], interpolation=cv2.INTER_AREA)
    chroma = out[h:].reshape(2, h // 2, w // 2)  # U then V, each (h/2, w/2)
    cv2.resize(u, (w // 2, h // 2), dst=chroma[0], interpolation=cv2.INTER_AREA)
    cv2.resize(v, (w // 2, h // 2), dst=chroma[1], interpolation=cv2.INTER_AREA)
    return out


def _plane(plane: Any) -> npt.NDArray[np.uint8]:
    """One plane of a frame as a (height, width) view of its buffer (rows are padded)."""
    rows = np.frombuffer(plane, dtype=np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]


def iter_frames(path: Path, max_side: int | None = None, rotation: int = 0) -> Iterator[RGB]:
    """Frames in order as upright RGB uint8; scaled so the longer side is at most `max_side`."""
    for (rgb,) in iter_sizes(path, (max_side,), rotation):
        yield rgb


def read_ahead(items: Iterator[T], depth: int = 8) -> ReadAhead[T]:
    """Run `items` on a daemon thread, started now, so decoding overlaps the consumer's work
    (and whatever the caller does before it asks for the first item)."""
    return ReadAhead(items, depth)


class ReadAhead(Iterator[T]):
    """The items of an iterator produced on a daemon thread; an error there is raised here.
    close() (also at the end, and when dropped) lets the producer stop."""

    def __init__(self, items: Iterator[T], depth: int) -> None:
        self._q: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._errors: list[BaseException] = []
        self._stop = threading.Event()
        self._done = False
        self._items = items
        threading.Thread(target=self._work, daemon=True, name="kneecap-decode").start()

    def _work(self) -> None:
        try:
            for item in self._items:
                if self._stop.is_set():
                    return
                self._q.put(item)
        except BaseException as exc:  # handed to the consumer in __next__
            self._errors.append(exc)
        finally:
            self._q.put(_END)

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        got = self._q.get()
        if got is _END:
            self.close()
            if self._errors:
                raise self._errors[0]
            raise StopIteration
        return got  # type: ignore[return-value]

    def close(self) -> None:
        self._done = True
        self._stop.set()
        while self._q.qsize():  # unblock a producer waiting on a full queue
            self._q.get_nowait()

    def __del__(self) -> None:
        self.close()
