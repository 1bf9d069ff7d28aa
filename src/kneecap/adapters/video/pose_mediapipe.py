"""PoseEstimator on MediaPipe BlazePose (legacy solutions API, `pose_landmark_full` model,
model_complexity=1), which ships inside the mediapipe wheel: nothing is downloaded."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


class MediaPipePose:
    """Video mode: BlazePose detects once, then tracks the runner's region frame to frame."""

    def __init__(self, min_confidence: float = 0.5, static_image_mode: bool = False) -> None:
        import mediapipe as mp

        # static_image_mode=False is VIDEO mode: detect once, then track (and smooth).
        self._pose: Any = mp.solutions.pose.Pose(
            static_image_mode=static_image_mode,
            model_complexity=1,
            smooth_landmarks=not static_image_mode,
            enable_segmentation=False,
            min_detection_confidence=min_confidence,
            min_tracking_confidence=min_confidence,
        )

    def estimate(self, rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.float64]:
        result = self._pose.process(rgb)
        out = np.full((33, 3), np.nan)
        if result.pose_landmarks is None:
            return out
        h, w = rgb.shape[:2]
        for i, lm in enumerate(result.pose_landmarks.landmark):
            out[i] = (lm.x * w, lm.y * h, lm.visibility)
        return out

    def close(self) -> None:
        self._pose.close()

    def __enter__(self) -> MediaPipePose:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
