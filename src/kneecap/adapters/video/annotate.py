"""Annotated H.264 MP4 (plays in Chromium), drawn while pose estimation runs.

Each frame gets the skeleton found in that frame and a strip of the knee-flexion curve so far,
so drawing and encoding run beside pose estimation instead of after it. Events (initial
contacts, with their angles) are listed beside the video on the review page, where the
clinician can jump to each one.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt

from kneecap.adapters.video.decode import RGB
from kneecap.domain.gait.keypoints import SKELETON, Landmark, Side

COLOURS = {Side.LEFT: (66, 135, 245), Side.RIGHT: (245, 130, 48)}
STRIP_S = 3.0  # seconds of knee curve shown
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


def draw(
    img: RGB, pts: npt.NDArray[np.float64], history: dict[Side, list[float]], fps: float
) -> RGB:
    """Skeleton (points in this image's pixels) and the knee-flexion strip, drawn in place."""
    import cv2

    for a, b in SKELETON:
        pa, pb = pts[a, :2], pts[b, :2]
        if np.isfinite(pa).all() and np.isfinite(pb).all():
            cv2.line(img, (int(pa[0]), int(pa[1])), (int(pb[0]), int(pb[1])), (255, 255, 255), 2)
    for side, (_hip, knee, _ankle) in _LEG.items():
        p = pts[int(knee), :2]
        if np.isfinite(p).all():
            cv2.circle(img, (int(p[0]), int(p[1])), 5, COLOURS[side], -1)
    h, w = img.shape[:2]
    strip_h = max(40, h // 8)
    n = max(2, int(STRIP_S * fps))
    img[h - strip_h :] = (img[h - strip_h :] * 0.4).astype(np.uint8)
    for side, values in history.items():
        seg = np.asarray(values[-n:])
        if seg.size < 2 or not np.isfinite(seg).any():
            continue
        xs = np.linspace(w - w * seg.size / n, w - 1, seg.size)
        ys = h - 1 - np.clip(np.nan_to_num(seg), 0, 120) / 120 * (strip_h - 4)
        cv2.polylines(img, [np.stack([xs, ys], 1).astype(np.int32)], False, COLOURS[side], 2)
    cv2.putText(
        img,
        "knee flexion",
        (10, h - strip_h + 16),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.45,
        (255, 255, 255),
        1,
    )
    return img


class AnnotatedWriter:
    """Takes (frame, points) pairs and draws + encodes them on its own thread
    (libx264, yuv420p, +faststart so the browser can start playing before the end)."""

    def __init__(self, out: Path, fps: float, depth: int = 16) -> None:
        self._out = out
        self._fps = fps
        self._q: queue.Queue[tuple[RGB, npt.NDArray[np.float64]] | None] = queue.Queue(depth)
        self._errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._work, name="kneecap-encode", daemon=True)
        self._thread.start()

    def add(self, frame: RGB, pts: npt.NDArray[np.float64]) -> None:
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
                s.height, s.width = item[0].shape[:2]
                s.pix_fmt = "yuv420p"
                s.options = {"preset": "superfast", "crf": "23"}
                while item is not None:
                    frame, pts = item
                    for side in Side:
                        history[side].append(knee_flexion_now(pts, side))
                    img = draw(np.ascontiguousarray(frame), pts, history, self._fps)
                    for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                        c.mux(p)
                    item = self._q.get()
                for p in s.encode():
                    c.mux(p)
        except BaseException as exc:  # re-raised on the caller's thread
            self._errors.append(exc)
            while self._q.get() is not None:
                pass
