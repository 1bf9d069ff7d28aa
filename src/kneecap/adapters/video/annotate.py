"""Annotated H.264 MP4 (plays in Chromium), drawn once the analysis is known.

Each frame gets the skeleton (the smoothed, swap-repaired keypoints the metrics were measured
on), a side-coloured marker at the heel for a moment after every detected initial contact,
a red frame and a note while contacts are missing (a gap) and a note on frames whose leg
keypoints were not confidently seen, and a strip of the knee-flexion curve placed in the band
of the picture (top or bottom) the runner never enters. Contacts are also listed beside the
video on the review page, where the clinician can jump to each one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt

from kneecap.adapters.video.decode import I420, RGB
from kneecap.domain.gait.keypoints import SKELETON, Landmark, Side

COLOURS = {Side.LEFT: (66, 135, 245), Side.RIGHT: (245, 130, 48)}
STRIP_S = 3.0  # seconds of knee curve shown
Point = tuple[int, int]
Colour = tuple[int, int, int]
_LEG = {
    Side.LEFT: (Landmark.LEFT_HIP, Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE),
    Side.RIGHT: (Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE),
}


def knee_flexion_now(pts: npt.NDArray[np.float64], side: Side) -> float:
    """Knee flexion (deg, 0 = straight) from one frame's points; NaN if a point is missing."""
    hip, knee, ankle = (pts[int(i), :2] for i in _LEG[side])
    thigh, shank = knee - hip, ankle - knee
    norm = float(np.linalg.norm(thigh) * np.linalg.norm(shank))
    if not np.isfinite(norm) or norm == 0:
        return float("nan")
    cos = float(np.dot(thigh, shank)) / norm
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


@dataclass(frozen=True)
class Marks:
    """What to mark on each frame, in frame numbers and this video's pixels."""

    contacts: list[tuple[int, Side]] = field(default_factory=list)  # (frame, side)
    gaps: list[tuple[int, int]] = field(default_factory=list)  # (first, last) frame
    low_confidence: npt.NDArray[np.bool_] | None = None  # per frame
    strip: tuple[int, int] | None = None  # (top, height) of the knee strip; None: bottom 1/8


MARK_S = 0.25  # how long a contact marker stays up
GAP_COLOUR = (230, 40, 40)
LOW_COLOUR = (250, 210, 0)


def strip_band(pts: npt.NDArray[np.float64], height: int, min_h: int = 40) -> tuple[int, int]:
    """(top, height) of a strip clear of the runner: the larger of the bands above the
    highest and below the lowest keypoint over the clip (all 33 points, 2% margin)."""
    ys = pts[:, :, 1][np.isfinite(pts[:, :, 1])]
    if ys.size == 0:
        return height - max(min_h, height // 8), max(min_h, height // 8)
    margin = int(0.02 * height)
    top_free = max(0, int(np.min(ys)) - margin)
    bottom_free = max(0, height - int(np.max(ys)) - margin)
    want = max(min_h, height // 8)
    if bottom_free >= top_free:
        h = max(24, min(want, bottom_free))
        return height - h, h
    h = max(24, min(want, top_free))
    return 0, h


class _Rgb:
    """Drawing on an RGB image (cv2 on the array itself)."""

    def __init__(self, img: RGB) -> None:
        self.img = img
        self.h, self.w = img.shape[:2]

    def line(self, a: Point, b: Point, colour: Colour, thick: int) -> None:
        import cv2

        cv2.line(self.img, a, b, colour, thick)

    def circle(self, c: Point, r: int, colour: Colour, thick: int) -> None:
        import cv2

        cv2.circle(self.img, c, r, colour, thick)

    def text(self, text: str, at: Point, scale: float, colour: Colour, thick: int) -> None:
        import cv2

        cv2.putText(self.img, text, at, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, thick)

    def border(self, colour: Colour, thick: int) -> None:
        import cv2

        cv2.rectangle(self.img, (0, 0), (self.w - 1, self.h - 1), colour, thick)

    def curve(self, xy: npt.NDArray[np.int32], colour: Colour, thick: int) -> None:
        import cv2

        cv2.polylines(self.img, [xy], False, colour, thick)

    def darken(self, top: int, rows: int, keep: float) -> None:
        band = self.img[top : top + rows]
        band[:] = (band * keep).astype(np.uint8)


@lru_cache(maxsize=64)
def _yuv(colour: Colour) -> tuple[tuple[int], tuple[int], tuple[int]]:
    """The colour as the I420 picture's (Y, U, V), by the conversion the RGB drawing went
    through before the encoder (OpenCV's BT.601, limited range)."""
    import cv2

    block = cv2.cvtColor(np.full((2, 2, 3), colour, np.uint8), cv2.COLOR_RGB2YUV_I420).ravel()
    return (int(block[0]),), (int(block[4]),), (int(block[5]),)


def _half(thick: int) -> int:
    """A line's thickness on the half-size chroma planes (rounded up: a 3 px ring keeps its
    colour)."""
    return max(1, (thick + 1) // 2)


class _I420:
    """Drawing on an I420 picture: each shape drawn on the Y plane and, at half the size
    (cv2's `shift` halves the coordinates), on the U and V planes. The same marks as on RGB
    converted to I420 afterwards, without the two whole-frame conversions (about three
    quarters of the drawing's cost; bench/gait_throughput.py)."""

    def __init__(self, yuv: I420) -> None:
        self.h, self.w = yuv.shape[0] * 2 // 3, yuv.shape[1]
        flat = yuv.reshape(-1)  # a view: the planes follow each other (their rows need not)
        cw, ch = self.w // 2, self.h // 2
        y_end, u_end = self.w * self.h, self.w * self.h + cw * ch
        self.y = flat[:y_end].reshape(self.h, self.w)
        self.uv = (flat[y_end:u_end].reshape(ch, cw), flat[u_end:].reshape(ch, cw))

    def line(self, a: Point, b: Point, colour: Colour, thick: int) -> None:
        import cv2

        y, u, v = _yuv(colour)
        cv2.line(self.y, a, b, y, thick)
        for plane, c in zip(self.uv, (u, v), strict=True):
            cv2.line(plane, a, b, c, _half(thick), shift=1)

    def circle(self, c: Point, r: int, colour: Colour, thick: int) -> None:
        import cv2

        y, u, v = _yuv(colour)
        cv2.circle(self.y, c, r, y, thick)
        for plane, value in zip(self.uv, (u, v), strict=True):
            cv2.circle(plane, c, r, value, thick if thick < 0 else _half(thick), shift=1)

    def text(self, text: str, at: Point, scale: float, colour: Colour, thick: int) -> None:
        import cv2

        y, u, v = _yuv(colour)
        font = cv2.FONT_HERSHEY_SIMPLEX
        cv2.putText(self.y, text, at, font, scale, y, thick)
        half = (at[0] // 2, at[1] // 2)
        for plane, value in zip(self.uv, (u, v), strict=True):
            cv2.putText(plane, text, half, font, scale / 2, value, _half(thick))

    def border(self, colour: Colour, thick: int) -> None:
        import cv2

        y, u, v = _yuv(colour)
        cv2.rectangle(self.y, (0, 0), (self.w - 1, self.h - 1), y, thick)
        for plane, value in zip(self.uv, (u, v), strict=True):
            ph, pw = plane.shape
            cv2.rectangle(plane, (0, 0), (pw - 1, ph - 1), value, _half(thick))

    def curve(self, xy: npt.NDArray[np.int32], colour: Colour, thick: int) -> None:
        import cv2

        y, u, v = _yuv(colour)
        cv2.polylines(self.y, [xy], False, y, thick)
        for plane, value in zip(self.uv, (u, v), strict=True):
            cv2.polylines(plane, [xy], False, value, _half(thick), shift=1)

    def darken(self, top: int, rows: int, keep: float) -> None:
        """RGB scaled by `keep` is Y scaled towards black (16) and U, V towards grey (128)."""
        import cv2

        band = self.y[top : top + rows]
        cv2.convertScaleAbs(band, band, keep, 16 * (1 - keep))
        for plane in self.uv:
            half = plane[top // 2 : (top + rows) // 2]
            cv2.convertScaleAbs(half, half, keep, 128 * (1 - keep))


def draw(
    img: RGB,
    pts: npt.NDArray[np.float64],
    history: dict[Side, list[float]],
    fps: float,
    frame: int = -1,
    marks: Marks | None = None,
) -> RGB:
    """Skeleton (points in this image's pixels), marks and the knee-flexion strip, in place."""
    _draw(_Rgb(img), pts, history, fps, frame, marks)
    return img


def draw_i420(
    yuv: I420,
    pts: npt.NDArray[np.float64],
    history: dict[Side, list[float]],
    fps: float,
    frame: int = -1,
    marks: Marks | None = None,
) -> I420:
    """draw() on an I420 picture (height * 3 / 2, width), in place."""
    _draw(_I420(yuv), pts, history, fps, frame, marks)
    return yuv


def _draw(
    canvas: _Rgb | _I420,
    pts: npt.NDArray[np.float64],
    history: dict[Side, list[float]],
    fps: float,
    frame: int,
    marks: Marks | None,
) -> None:
    import cv2

    marks = marks or Marks()

    for a, b in SKELETON:
        pa, pb = pts[a, :2], pts[b, :2]
        if np.isfinite(pa).all() and np.isfinite(pb).all():
            canvas.line((int(pa[0]), int(pa[1])), (int(pb[0]), int(pb[1])), (255, 255, 255), 2)
    for side, (_hip, knee, _ankle) in _LEG.items():
        p = pts[int(knee), :2]
        if np.isfinite(p).all():
            canvas.circle((int(p[0]), int(p[1])), 5, COLOURS[side], -1)
    h, w = canvas.h, canvas.w
    font = cv2.FONT_HERSHEY_SIMPLEX
    for first, side in marks.contacts:
        if 0 <= frame - first <= MARK_S * fps:
            heel = pts[int(Landmark.LEFT_HEEL if side is Side.LEFT else Landmark.RIGHT_HEEL), :2]
            if np.isfinite(heel).all():
                c = (int(heel[0]), int(heel[1]))
                canvas.circle(c, 11, COLOURS[side], 3)
                label = "L contact" if side is Side.LEFT else "R contact"
                canvas.text(label, (c[0] + 14, c[1] + 5), 0.5, COLOURS[side], 2)
    labels: list[tuple[str, tuple[int, int, int]]] = []
    if any(a <= frame <= b for a, b in marks.gaps):
        canvas.border(GAP_COLOUR, 6)
        labels.append(("contacts missing here", GAP_COLOUR))
    low = marks.low_confidence
    if low is not None and 0 <= frame < len(low) and low[frame]:
        labels.append(("low confidence pose", LOW_COLOUR))
    top, strip_h = marks.strip or (h - max(40, h // 8), max(40, h // 8))
    n = max(2, int(STRIP_S * fps))
    canvas.darken(top, strip_h, 0.4)
    for side, values in history.items():
        seg = np.asarray(values[-n:])
        if seg.size < 2 or not np.isfinite(seg).any():
            continue
        xs = np.linspace(w - w * seg.size / n, w - 1, seg.size)
        ys = top + strip_h - 1 - np.clip(np.nan_to_num(seg), 0, 120) / 120 * (strip_h - 4)
        canvas.curve(np.stack([xs, ys], 1).astype(np.int32), COLOURS[side], 2)
    for first, side in marks.contacts:  # a tick in the strip at each contact shown in it
        back = frame - first
        if 0 <= back < n and frame >= 0:
            x = int(w - 1 - w * back / n)
            canvas.line((x, top), (x, top + strip_h - 1), COLOURS[side], 1)
    canvas.text("knee flexion", (10, top + 16), 0.45, (255, 255, 255), 1)
    # The warnings go one under another, outside the strip (below it when it is at the top),
    # outlined in black so they read on any background.
    y = top + strip_h if top == 0 else 6
    scale = min(0.7, max(0.45, w / 1000))
    thick = 1 if scale < 0.55 else 2
    for text, colour in labels:
        (_, th), base = cv2.getTextSize(text, font, scale, thick)
        y += th + base + 6
        canvas.text(text, (12, y), scale, (0, 0, 0), thick + 2)
        canvas.text(text, (12, y), scale, colour, thick)


def write_annotated(
    out: Path,
    frames: Iterator[I420],
    pts: npt.NDArray[np.float64],
    fps: float,
    marks: Marks,
) -> None:
    """Draw (in place) and encode every I420 frame (points already in these frames' pixels)."""
    with AnnotatedWriter(out, fps, marks=marks) as writer:
        for i, frame in enumerate(frames):
            if i >= len(pts):
                break
            writer.add(frame, pts[i])


class AnnotatedWriter:
    """Takes (I420 frame, points) pairs and draws (in place) + encodes them on its own thread
    (libx264, yuv420p, +faststart so the browser can start playing before the end)."""

    def __init__(self, out: Path, fps: float, depth: int = 16, marks: Marks | None = None) -> None:
        self._out = out
        self._fps = fps
        self._marks = marks
        self._q: queue.Queue[tuple[I420, npt.NDArray[np.float64]] | None] = queue.Queue(depth)
        self._errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._work, name="kneecap-encode", daemon=True)
        self._thread.start()

    def add(self, frame: I420, pts: npt.NDArray[np.float64]) -> None:
        if self._errors:
            raise self._errors[0]
        self._q.put((frame, pts))

    def close(self) -> None:
        self._q.put(None)
        self._thread.join()
        if self._errors:
            raise self._errors[0]

    def __enter__(self) -> AnnotatedWriter:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _work(self) -> None:
        import av

        history: dict[Side, list[float]] = {Side.LEFT: [], Side.RIGHT: []}
        try:
            item = self._q.get()
            if item is None:
                return
            with av.open(str(self._out), "w", options={"movflags": "+faststart"}) as c:
                s = c.add_stream("libx264", rate=round(self._fps))
                s.height, s.width = item[0].shape[0] * 2 // 3, item[0].shape[1]
                s.pix_fmt = "yuv420p"
                # ultrafast: under half of superfast's CPU a frame for ~1.5x the file
                # (~3 MB for 12 s at 960 px); the encode runs after pose, on the
                # critical path (bench/gait_throughput.py).
                s.options = {"preset": "ultrafast", "crf": "23"}
                i = 0
                while item is not None:
                    frame, pts = item
                    for side in Side:
                        history[side].append(knee_flexion_now(pts, side))
                    yuv = draw_i420(
                        np.ascontiguousarray(frame), pts, history, self._fps, i, self._marks
                    )
                    i += 1
                    for p in s.encode(av.VideoFrame.from_ndarray(yuv, format="yuv420p")):
                        c.mux(p)
                    item = self._q.get()
                for p in s.encode():
                    c.mux(p)
        except BaseException as exc:  # re-raised on the caller's thread
            self._errors.append(exc)
            while self._q.get() is not None:
                pass
