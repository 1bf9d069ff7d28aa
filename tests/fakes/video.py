"""A pose estimator that replays known keypoints (e.g. a synthetic runner), scaled to the
frame, in place of BlazePose: the video pipeline runs on a real clip without the model."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


class ReplayPose:
    def __init__(self, xyv: npt.NDArray[np.float64], scale: float) -> None:
        self.xyv, self.scale, self.i = xyv, scale, 0

    def estimate(self, rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.xyv[self.i].copy()
        out[:, :2] *= self.scale
        self.i += 1
        return out

    def close(self) -> None:
        pass


class ReplayFactory:
    """Picklable: a ReplayPose for a segment that starts at frame `first` (as pose on
    segments in parallel processes asks for)."""

    def __init__(self, xyv: npt.NDArray[np.float64], scale: float) -> None:
        self.xyv, self.scale = xyv, scale

    def __call__(self, first: int) -> ReplayPose:
        pose = ReplayPose(self.xyv, self.scale)
        pose.i = first
        return pose
