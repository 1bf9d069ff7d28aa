"""Ports for video analysis: a pose estimator that turns frames into BlazePose-layout keypoints."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt


class PoseEstimator(Protocol):
    """Estimates one runner's pose per frame, in video order (it may track between frames).

    `estimate` takes an RGB uint8 frame (height, width, 3) and returns a (33, 3) float array:
    x, y in PIXELS of that frame (origin top-left, y down) and visibility 0..1; all NaN when
    no person is found in the frame.
    """

    def estimate(self, rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.float64]: ...

    def close(self) -> None: ...
