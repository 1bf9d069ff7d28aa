"""Synthetic inputs: a side-view stick runner with a known cadence, and small video clips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.keypoints import KeypointSeries, Landmark

STANCE_FRACTION = 0.36
# The stick runner's scale: its 400 px leg is 0.491 of a 170 cm runner (Winter 2009).
CM_PER_PX = 0.491 * 170.0 / 400.0


def stick_runner(cadence_spm: float, fps: float, seconds: float, noise_px: float = 0.0,
                 seed: int = 0) -> KeypointSeries:  # fmt: skip
    """Side view, facing +x, hips about (500, 400), leg 400 px; feet touch ground at y=800.

    The body bounces as a runner's does under gravity: a sine of the step's period, lowest at
    midstance, peak-to-peak g T^2 / (2 pi^2) (domain/gait/playback.py), the knees half as much.
    The stance forefoot moves back 240 px over the stance (a treadmill belt)."""
    t = np.arange(0, seconds, 1 / fps)
    stride = 120.0 / cadence_spm
    step_s = stride / 2
    bounce_px = 100 * 9.81 * step_s**2 / (2 * np.pi**2) / CM_PER_PX
    mid = STANCE_FRACTION / 2
    drop = 0.5 * bounce_px * np.cos(2 * np.pi * (t / step_s - mid * 2))
    xyv = np.zeros((len(t), 33, 3))
    xyv[:, :, 2] = 1.0
    xyv[:, :, 0], xyv[:, :, 1] = 500.0, 400.0
    for k, (hip, knee, ankle, heel, toe, sh) in enumerate(
        ((23, 25, 27, 29, 31, 11), (24, 26, 28, 30, 32, 12))
    ):
        phase = ((t / stride) + 0.5 * k) % 1.0
        swing = np.clip((phase - STANCE_FRACTION) / (1 - STANCE_FRACTION), 0, 1)
        lift = np.where(phase > STANCE_FRACTION, 120 * np.sin(np.pi * swing), 0.0)
        fx = 500 + np.where(phase <= STANCE_FRACTION, 120 - 240 * phase / STANCE_FRACTION,
                            -120 + 240 * swing)  # fmt: skip
        xyv[:, heel, 0], xyv[:, heel, 1] = fx, 800 - lift
        xyv[:, toe, 0], xyv[:, toe, 1] = fx + 60, 800 - lift
        xyv[:, ankle, 0], xyv[:, ankle, 1] = fx + 5, 780 - lift
        xyv[:, knee, 0], xyv[:, knee, 1] = (500 + fx) / 2 + 40, 590 - lift / 2
        xyv[:, hip, 0], xyv[:, hip, 1] = 500, 400
        xyv[:, sh, 0], xyv[:, sh, 1] = 520, 150
    xyv[:, Landmark.NOSE, :2] = (530, 100)
    for i in (11, 12, 23, 24, Landmark.NOSE):
        xyv[:, i, 1] += drop
    xyv[:, 25:27, 1] += drop[:, None] / 2
    xyv[:, :, :2] += np.random.default_rng(seed).normal(0, noise_px, xyv[:, :, :2].shape)
    return KeypointSeries(xyv, fps, 1000, 900)


def write_clip(path: Path, frames: list[npt.NDArray[np.uint8]], fps: int = 30) -> Path:
    import av

    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        s.height, s.width = frames[0].shape[:2]
        s.pix_fmt = "yuv420p"
        for f in frames:
            for p in s.encode(av.VideoFrame.from_ndarray(f, format="rgb24")):
                c.mux(p)
        for p in s.encode():
            c.mux(p)
    return path


def person_frames(
    n: int, size: tuple[int, int] = (640, 480), brightness: float = 1.0
) -> list[npt.NDArray[np.uint8]]:
    """scikit-image's astronaut photo (a real person), scaled and sliding across the frame."""
    import cv2
    from skimage import data

    w, h = size
    photo = data.astronaut()  # type: ignore[no-untyped-call]  # skimage.data has no hints
    person = cv2.resize(photo, (h * 3 // 4, h * 3 // 4))
    frames = []
    for i in range(n):
        img = np.full((h, w, 3), 90, np.uint8)
        x = int((w - person.shape[1]) * (0.5 + 0.4 * np.sin(i / 15)))
        img[h - person.shape[0] :, x : x + person.shape[1]] = person
        frames.append((img * brightness).astype(np.uint8))
    return frames
