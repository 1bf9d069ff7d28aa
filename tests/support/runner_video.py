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
from kneecap.adapters.video.mannequin import draw_runner, loop_length, write_clip  # noqa: E402

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


def write_runner_clip(
    path: Path,
    seconds: float,
    fps: int = 30,
    size: tuple[int, int] = (960, 540),
    portrait_rotation: bool = False,
) -> Path:
    """The mannequin on the mocap runner's kinematics; `size` is the upright (w, h)."""
    return write_clip(path, keypoints(fps, size), fps, size, int(seconds * fps), portrait_rotation)


__all__ = ["draw_runner", "keypoints", "loop_length", "mocap_available", "write_runner_clip"]
