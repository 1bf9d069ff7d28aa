"""The 33-keypoint BlazePose layout the gait domain works on.

Keypoints are a float array of shape (frames, 33, 3): x and y in PIXELS of the decoded
(upright) frame, origin top-left, y pointing DOWN, and a visibility in 0..1. Any pose model
that fills this layout can feed the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

N_KEYPOINTS = 33
# Keypoints below this visibility are treated as missing and interpolated over.
MIN_VISIBILITY = 0.3


class Landmark(IntEnum):
    """BlazePose landmark indices (the ones gait analysis reads)."""

    NOSE = 0
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


@dataclass(frozen=True)
class LegIndices:
    hip: int
    knee: int
    ankle: int
    heel: int
    toe: int
    shoulder: int


LEG = {
    Side.LEFT: LegIndices(
        Landmark.LEFT_HIP,
        Landmark.LEFT_KNEE,
        Landmark.LEFT_ANKLE,
        Landmark.LEFT_HEEL,
        Landmark.LEFT_FOOT_INDEX,
        Landmark.LEFT_SHOULDER,
    ),
    Side.RIGHT: LegIndices(
        Landmark.RIGHT_HIP,
        Landmark.RIGHT_KNEE,
        Landmark.RIGHT_ANKLE,
        Landmark.RIGHT_HEEL,
        Landmark.RIGHT_FOOT_INDEX,
        Landmark.RIGHT_SHOULDER,
    ),
}

# Bones drawn on the annotated video.
SKELETON: tuple[tuple[int, int], ...] = (
    (11, 12), (11, 23), (12, 24), (23, 24),
    (23, 25), (25, 27), (27, 29), (29, 31), (27, 31),
    (24, 26), (26, 28), (28, 30), (30, 32), (28, 32),
    (11, 13), (13, 15), (12, 14), (14, 16),
)  # fmt: skip


@dataclass(frozen=True)
class KeypointSeries:
    """Keypoints of one runner over a clip (pixels, y down; see module docstring)."""

    xyv: FloatArray
    fps: float
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.xyv.ndim != 3 or self.xyv.shape[1:] != (N_KEYPOINTS, 3):
            raise ValueError(f"keypoints must be (frames, 33, 3), got {self.xyv.shape}")
        if self.fps <= 0:
            raise ValueError("fps must be positive")

    @property
    def n_frames(self) -> int:
        return int(self.xyv.shape[0])

    def point(self, index: int) -> FloatArray:
        """(frames, 2) pixel positions of one landmark."""
        return self.xyv[:, index, :2]
