"""A synthetic running video: real treadmill kinematics (Fukuchi 2017 mocap, subject 1,
projected through a virtual phone camera by bench/mocap.py) drawn as a solid mannequin
(head, torso, arms, thick limbs, shoes) so that BlazePose can find a person in it.

This is NOT a real runner filmed with a phone: it exercises the whole pipeline (decode, pose,
events, metrics, annotated video) on known kinematics. Arms and head are not in the mocap;
they are added (arms swing opposite the legs) only so the figure looks like a person.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import mocap  # noqa: E402

Arr = npt.NDArray[np.float64]
HEIGHT_MM = 1810.0  # subject 1 (RBDSinfo.txt)


def mocap_available() -> bool:
    return mocap.DATA.is_dir()


def keypoints(fps: float, size: tuple[int, int]) -> Arr:
    """(frames, 33, 3) side-view keypoints in pixels for a frame of `size` (w, h)."""
    static = mocap.load_c3d(mocap.DATA / "RBDS001static.c3d")
    run = mocap.load_c3d(mocap.DATA / "RBDS001runT35.c3d")
    pts = mocap.joints(static, run, HEIGHT_MM)
    w, h = size
    # mocap.project's focal length is 1.6 x frame height: at 4.2 m the runner is ~70% of it.
    kp, _ = mocap.project(pts, run.rate, "side", fps, 0.0, distance_mm=4200.0, size=(w, h))
    xyv = kp.xyv.copy()
    xyv[:, :, 1] += 0.17 * h  # lower, so the head is in the picture
    return xyv


def loop_length(xyv: Arr) -> int:
    """Frames to play before looping back to frame 0 without a visible jump: the frame in the
    last third of the trial whose leg pose (relative to the hips) is closest to frame 0's."""
    legs = xyv[:, 23:33, :2] - xyv[:, 23:25, :2].mean(1, keepdims=True)
    start = len(xyv) * 2 // 3
    d = np.linalg.norm((legs[start:] - legs[0]).reshape(len(legs) - start, -1), axis=1)
    return start + int(np.argmin(d))


def _limb(img: npt.NDArray[np.uint8], a: Arr, b: Arr, width: int, colour: tuple[int, int, int]) -> None:
    import cv2

    if np.isfinite(a).all() and np.isfinite(b).all():
        cv2.line(img, (int(a[0]), int(a[1])), (int(b[0]), int(b[1])), colour, width, cv2.LINE_AA)


def draw_runner(xyv: Arr, size: tuple[int, int], t: float, cadence_hz: float) -> npt.NDArray[np.uint8]:
    import cv2

    w, h = size
    img = np.empty((h, w, 3), np.uint8)
    img[:] = np.linspace(200, 150, h, dtype=np.uint8)[:, None, None]  # wall
    p = xyv[:, :2]
    floor = int(np.nanmax(p[[29, 30, 31, 32], 1]) + 4)
    img[floor:] = (110, 100, 90)
    leg = float(np.linalg.norm(p[23] - p[27]))
    lw = max(4, int(0.16 * leg))
    skin, far_skin = (224, 172, 140), (190, 140, 110)
    shirt, shorts = (40, 90, 200), (30, 30, 40)
    sh = (p[11] + p[12]) / 2
    hip = (p[23] + p[24]) / 2
    up = (sh - hip) / max(1e-6, float(np.linalg.norm(sh - hip)))
    head = sh + up * 0.42 * leg
    swing = np.sin(2 * np.pi * cadence_hz / 2 * t)
    arms = {}
    for k, s in ((11, 1.0), (12, -1.0)):
        ang = 0.7 * s * swing
        upper = np.array([np.sin(ang), np.cos(ang)]) * 0.55 * leg
        fore = np.array([np.sin(ang + 1.6), np.cos(ang + 1.6)]) * 0.45 * leg
        arms[k] = (p[k], p[k] + upper, p[k] + upper + fore)
    # Far side (left, seen from the runner's right) first, darker.
    for side, colour_leg, colour_arm in (((23, 25, 27, 29, 31), (60, 60, 70), far_skin),
                                          ((24, 26, 28, 30, 32), (30, 30, 40), skin)):  # fmt: skip
        hi, kn, an, he, to = side
        if hi == 24:
            torso = np.array([p[11], p[12], p[24], p[23]]).astype(np.int32)
            cv2.fillConvexPoly(img, cv2.convexHull(torso), shirt, cv2.LINE_AA)
            _limb(img, sh, hip, int(lw * 1.9), shirt)
        _limb(img, p[hi], p[kn], lw, shorts if colour_leg == (30, 30, 40) else (50, 50, 60))
        _limb(img, p[kn], p[an], int(lw * 0.8), skin if hi == 24 else far_skin)
        _limb(img, p[he], p[to], int(lw * 0.6), (20, 20, 20) if hi == 24 else (50, 50, 50))
        _limb(img, p[an], p[he], int(lw * 0.6), (20, 20, 20) if hi == 24 else (50, 50, 50))
        a = arms[11 if hi == 23 else 12]
        _limb(img, a[0], a[1], int(lw * 0.6), shirt if hi == 24 else (30, 70, 160))
        _limb(img, a[1], a[2], int(lw * 0.5), colour_arm)
    r = int(0.2 * leg)
    cv2.circle(img, (int(head[0]), int(head[1])), r, skin, -1, cv2.LINE_AA)
    cv2.ellipse(img, (int(head[0] - 0.2 * r), int(head[1] - 0.35 * r)), (r, int(0.7 * r)), 0, 180, 360, (40, 25, 20), -1)
    cv2.circle(img, (int(head[0] + 0.55 * r), int(head[1] - 0.05 * r)), max(1, r // 8), (30, 30, 30), -1)
    _limb(img, head + np.array([0.3 * r, 0.45 * r]), head + np.array([0.7 * r, 0.4 * r]), max(1, r // 10), (150, 60, 60))
    return img


def write_runner_clip(
    path: Path,
    seconds: float,
    fps: int = 30,
    size: tuple[int, int] = (960, 540),
    portrait_rotation: bool = False,
) -> Path:
    """Encode the mannequin runner. With `portrait_rotation`, frames are stored sideways with
    a 90-degree display rotation, as a phone held upright writes them."""
    import av

    xyv = keypoints(fps, size)
    n_src = loop_length(xyv)
    n = int(seconds * fps)
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        w, h = size
        # Portrait: `size` is the upright (w, h); the stored frame is (h, w).
        s.width, s.height = (h, w) if portrait_rotation else (w, h)
        s.pix_fmt = "yuv420p"
        s.options = {"preset": "ultrafast", "crf": "26"}
        if portrait_rotation:
            # Stored turned a quarter left; the display matrix turns it back (-90 = clockwise).
            s.set_display_rotation(-90)
        for i in range(n):
            k = i % n_src
            img = draw_runner(xyv[k], size, k / fps, 2.8)
            if portrait_rotation:
                img = np.ascontiguousarray(np.rot90(img, k=1))
            for pkt in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(pkt)
        for pkt in s.encode():
            c.mux(pkt)
    return path

