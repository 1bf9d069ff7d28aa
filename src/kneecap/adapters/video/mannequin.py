"""A synthetic runner for demos and tests: a solid mannequin (head, torso, arms, thick limbs,
shoes) drawn from 33-keypoint BlazePose-layout points, so that BlazePose finds a person in it.

`procedural_keypoints` makes a treadmill runner from textbook joint-angle curves (no data
file). It is NOT a filmed runner: it exercises the pipeline end to end on known motion.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

Arr = npt.NDArray[np.float64]
# Knee flexion (deg) over one stride from initial contact, control points after Novacheck
# 1998 (running: ~20 deg at contact, ~45 in mid-stance, ~100 in swing); hip flexion swings
# about +30 / -15 deg. Illustrative shapes for the demo, not reference data.
KNEE_CURVE = ((0.0, 18.0), (0.15, 42.0), (0.35, 22.0), (0.62, 100.0), (0.85, 35.0), (1.0, 18.0))
STANCE = 0.35


def procedural_keypoints(
    fps: float, seconds: float, size: tuple[int, int], cadence_spm: float = 164.0
) -> Arr:
    """(frames, 33, 3) side-view keypoints (facing +x) for a frame of `size`."""
    w, h = size
    body = 0.62 * h
    thigh, shank = 0.245 * body, 0.246 * body
    t = np.arange(0, seconds, 1 / fps)
    xyv = np.zeros((len(t), 33, 3))
    xyv[:, :, 2] = 1.0
    hip_x = 0.5 * w
    legs = []
    for k in (0, 1):
        phase = (t * cadence_spm / 120 + 0.5 * k) % 1.0
        hip_deg = 7.5 + 22.5 * np.cos(2 * np.pi * phase)
        kp, kv = zip(*KNEE_CURVE, strict=True)
        knee_deg = np.interp(phase, kp, kv)
        a = np.radians(hip_deg)
        b = np.radians(hip_deg - knee_deg)
        knee = np.stack([np.sin(a) * thigh, np.cos(a) * thigh], 1)
        ankle = knee + np.stack([np.sin(b) * shank, np.cos(b) * shank], 1)
        heel = ankle + np.array([-0.04 * body, 0.035 * body])
        toe = ankle + np.array([0.12 * body, 0.04 * body])
        legs.append((knee, ankle, heel, toe))
    lowest = np.max([np.maximum(leg[2][:, 1], leg[3][:, 1]) for leg in legs], axis=0)
    ground = 0.9 * h
    hip_y = ground - lowest
    for k, (knee, ankle, heel, toe) in enumerate(legs):
        idx = (23, 25, 27, 29, 31) if k == 0 else (24, 26, 28, 30, 32)
        for i, p in zip(idx, (np.zeros_like(knee), knee, ankle, heel, toe), strict=True):
            xyv[:, i, 0] = hip_x + p[:, 0] + (8 if k else -8)
            xyv[:, i, 1] = hip_y + p[:, 1]
    lean = np.radians(8.0)
    for i, dx in ((11, -6), (12, 6)):
        xyv[:, i, 0] = hip_x + np.sin(lean) * 0.3 * body + dx
        xyv[:, i, 1] = hip_y - np.cos(lean) * 0.3 * body
    xyv[:, 0, 0] = xyv[:, 12, 0] + 0.05 * body
    xyv[:, 0, 1] = xyv[:, 12, 1] - 0.12 * body
    return xyv


def loop_length(xyv: Arr) -> int:
    """Frames to play before looping back to frame 0 without a visible jump: the frame in the
    last third of the trial whose leg pose (relative to the hips) is closest to frame 0's."""
    legs = xyv[:, 23:33, :2] - xyv[:, 23:25, :2].mean(1, keepdims=True)
    start = len(xyv) * 2 // 3
    d = np.linalg.norm((legs[start:] - legs[0]).reshape(len(legs) - start, -1), axis=1)
    return start + int(np.argmin(d))


def _limb(
    img: npt.NDArray[np.uint8], a: Arr, b: Arr, width: int, colour: tuple[int, int, int]
) -> None:
    import cv2

    if np.isfinite(a).all() and np.isfinite(b).all():
        cv2.line(img, (int(a[0]), int(a[1])), (int(b[0]), int(b[1])), colour, width, cv2.LINE_AA)


def draw_runner(
    xyv: Arr, size: tuple[int, int], t: float, cadence_hz: float
) -> npt.NDArray[np.uint8]:
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
    for side, colour_leg, colour_arm in (
        ((23, 25, 27, 29, 31), (60, 60, 70), far_skin),
        ((24, 26, 28, 30, 32), (30, 30, 40), skin),
    ):
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
    cv2.ellipse(
        img,
        (int(head[0] - 0.2 * r), int(head[1] - 0.35 * r)),
        (r, int(0.7 * r)),
        0,
        180,
        360,
        (40, 25, 20),
        -1,
    )
    cv2.circle(
        img, (int(head[0] + 0.55 * r), int(head[1] - 0.05 * r)), max(1, r // 8), (30, 30, 30), -1
    )
    _limb(
        img,
        head + np.array([0.3 * r, 0.45 * r]),
        head + np.array([0.7 * r, 0.4 * r]),
        max(1, r // 10),
        (150, 60, 60),
    )
    return img


def write_clip(
    path: Path,
    xyv: Arr,
    fps: int,
    size: tuple[int, int],
    n_frames: int,
    portrait_rotation: bool = False,
) -> Path:
    """Encode the mannequin over `n_frames`, looping `xyv`. With `portrait_rotation`, frames
    are stored turned a quarter left with a display rotation, as an upright phone writes them."""
    import av

    n_src = loop_length(xyv)
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        w, h = size
        s.width, s.height = (h, w) if portrait_rotation else (w, h)
        s.pix_fmt = "yuv420p"
        s.options = {"preset": "ultrafast", "crf": "26"}
        if portrait_rotation:
            s.set_display_rotation(-90)  # counter-clockwise degrees: -90 turns it back
        for i in range(n_frames):
            k = i % n_src
            img = draw_runner(xyv[k], size, k / fps, 2.8)
            if portrait_rotation:
                img = np.ascontiguousarray(np.rot90(img, k=1))
            for pkt in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(pkt)
        for pkt in s.encode():
            c.mux(pkt)
    return path


def demo_clip(path: Path) -> Path:
    """12 s of the procedural mannequin at 30 fps, 640x360: the demo clinic's sample video."""
    size = (640, 360)
    return write_clip(path, procedural_keypoints(30, 12.0, size), 30, size, 360)
