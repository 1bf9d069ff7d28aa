"""PoseEstimator on MediaPipe BlazePose (legacy solutions API, `pose_landmark_full` model,
model_complexity=1), which ships inside the mediapipe wheel: nothing is downloaded."""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any

import numpy as np
import numpy.typing as npt


def _unrun_package(name: str) -> types.ModuleType:
    """Package `name` in sys.modules with its search path but its __init__ not yet run: it
    runs on the first look-up of a name that the package does not hold yet and that is not
    one of its submodules (a submodule looked up is imported alone) (PEP 562)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    module = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def run_init(attr: str) -> object:
        if importlib.util.find_spec(f"{name}.{attr}") is not None:
            return importlib.import_module(f"{name}.{attr}")  # a submodule: just that one
        del module.__dict__["__getattr__"]
        loader.exec_module(module)
        return getattr(module, attr)

    module.__dict__["__getattr__"] = run_init
    sys.modules[name] = module
    return module


def _pose_solution() -> Any:
    """mediapipe.solutions.pose, without all that `import mediapipe` also loads.

    The package's __init__ imports every solution and task, among them matplotlib.pyplot
    (drawing utilities) and an audio library: about two thirds of the import's time, paid
    again in every pose process. Here the pose solution and the bindings it needs are
    imported alone; the two package __init__s in between run later if anything asks
    mediapipe for more, so a later `import mediapipe` still gets the whole package."""
    if "mediapipe" not in sys.modules:
        _unrun_package("mediapipe")
        import mediapipe.python  # noqa: F401  (the bindings; solutions' parent)

        _unrun_package("mediapipe.python.solutions")
    from mediapipe.python.solutions import pose

    return pose


class MediaPipePose:
    """Video mode: BlazePose detects once, then tracks the runner's region frame to frame."""

    def __init__(
        self,
        min_confidence: float = 0.5,
        static_image_mode: bool = False,
        smooth_landmarks: bool = True,
    ) -> None:
        # static_image_mode=False is VIDEO mode: detect once, then track (and smooth).
        # MediaPipe's smoothing is causal (a One Euro filter on the landmarks, a low-pass on
        # their visibility) and its filtered landmarks also place the next frame's region:
        # off, the landmarks lag less (5-12 ms) but visibility jitters and the crop follows
        # every jump (bench/gait_real_clip.py --unsmoothed, bench/pose_smoothing.py).
        self._pose: Any = _pose_solution().Pose(
            static_image_mode=static_image_mode,
            model_complexity=1,
            smooth_landmarks=smooth_landmarks and not static_image_mode,
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
