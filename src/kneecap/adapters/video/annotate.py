"""Annotated H.264 MP4 (plays in Chromium): skeleton, angles at each initial contact, and a
strip of the knee-flexion curve. Encoding runs on its own thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from kneecap.adapters.video.decode import RGB
from kneecap.domain.gait.keypoints import SKELETON, Side
from kneecap.domain.gait.metrics import GaitMetrics

COLOURS = {Side.LEFT: (66, 135, 245), Side.RIGHT: (245, 130, 48)}
LABEL_S = 0.4  # how long the angles stay on screen after each initial contact
STRIP_S = 3.0  # seconds of knee curve shown


def _draw(rgb: RGB, i: int, m: GaitMetrics, scale: float) -> RGB:
    import cv2

    img = np.ascontiguousarray(rgb)
    pts = m.smoothed.xyv[i, :, :2] * scale
    for a, b in SKELETON:
        pa, pb = pts[a], pts[b]
        if np.isfinite(pa).all() and np.isfinite(pb).all():
            cv2.line(img, (int(pa[0]), int(pa[1])), (int(pb[0]), int(pb[1])), (255, 255, 255), 2)
    h, w = img.shape[:2]
    y = 30
    for st in m.steps:
        if 0 <= i - st.ic_frame <= LABEL_S * m.fps:
            txt = f"{st.side.value} contact: " + ", ".join(
                f"{k.removesuffix('_deg').replace('_', ' ')} {v:.0f}"
                for k, v in st.values.items()
                if k.endswith("_deg")
            )
            cv2.putText(img, txt, (10, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5, COLOURS[st.side], 2)
            y += 22
    # Knee-flexion strip along the bottom: the last STRIP_S seconds, 0-120 deg.
    strip_h = max(40, h // 8)
    n = int(STRIP_S * m.fps)
    img[h - strip_h :] = (img[h - strip_h :] * 0.4).astype(np.uint8)
    for side, curve in m.knee_flexion_deg.items():
        seg = curve[max(0, i - n) : i + 1]
        if seg.size < 2:
            continue
        xs = np.linspace(w - w * seg.size / n, w - 1, seg.size)
        ys = h - 1 - np.clip(seg, 0, 120) / 120 * (strip_h - 4)
        poly = np.stack([xs, ys], 1).astype(np.int32)
        cv2.polylines(img, [poly], False, COLOURS[side], 2)
    cv2.putText(img, "knee flexion", (10, h - strip_h + 16), cv2.FONT_HERSHEY_SIMPLEX, 0.45,
                (255, 255, 255), 1)  # fmt: skip
    return img


def write_annotated(frames: Iterable[RGB], m: GaitMetrics, out: Path) -> None:
    """Draw on each frame and encode (libx264, yuv420p, +faststart) on a separate thread."""
    import av

    q: queue.Queue[RGB | None] = queue.Queue(maxsize=8)
    errors: list[BaseException] = []

    def encode() -> None:
        try:
            first = q.get()
            if first is None:
                return
            with av.open(str(out), "w", options={"movflags": "+faststart"}) as c:
                s = c.add_stream("libx264", rate=round(m.fps))
                s.height, s.width = first.shape[:2]
                s.pix_fmt = "yuv420p"
                s.options = {"preset": "veryfast", "crf": "23"}
                frame: RGB | None = first
                while frame is not None:
                    for p in s.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                        c.mux(p)
                    frame = q.get()
                for p in s.encode():
                    c.mux(p)
        except BaseException as exc:  # re-raised on the caller's thread
            errors.append(exc)
            while q.get() is not None:
                pass

    t = threading.Thread(target=encode, name="kneecap-encode")
    t.start()
    try:
        for i, rgb in enumerate(frames):
            if i >= m.smoothed.n_frames:
                break
            q.put(_draw(rgb, i, m, rgb.shape[1] / m.smoothed.width))
    finally:
        q.put(None)
        t.join()
    if errors:
        raise errors[0]
