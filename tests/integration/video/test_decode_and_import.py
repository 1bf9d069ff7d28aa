"""Frames decoded straight to the pose size match the full frame shrunk afterwards; the pose
model imports without the rest of MediaPipe, and the whole package still imports after it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np

from kneecap.adapters.video.decode import iter_frames, iter_sizes
from kneecap.adapters.video.mannequin import draw_runner, procedural_keypoints, write_clip


def test_a_frame_scaled_while_decoded_matches_the_full_frame_shrunk(tmp_path: Path) -> None:
    size = (640, 360)
    clip = write_clip(tmp_path / "m.mp4", procedural_keypoints(30, 1.0, size), 30, size, 10)
    full = next(iter_frames(clip))
    small, medium = next(iter_sizes(clip, (160, 320)))
    assert small.shape == (90, 160, 3) and medium.shape == (180, 320, 3)
    shrunk = cv2.resize(full, (160, 90), interpolation=cv2.INTER_AREA)
    assert np.abs(small.astype(int) - shrunk).mean() < 3  # the same colours, rounding aside
    drawn = draw_runner(procedural_keypoints(30, 1.0, size)[0], size, 0.0, 2.8)
    assert np.abs(full.astype(int) - drawn).mean() < 3  # only H.264 loss remains


def test_the_pose_model_loads_without_the_rest_of_mediapipe() -> None:
    code = (
        "import sys\n"
        "from kneecap.adapters.video.pose_mediapipe import MediaPipePose\n"
        "MediaPipePose().close()\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "import mediapipe\n"
        "assert mediapipe.solutions.drawing_utils and mediapipe.tasks and mediapipe.__version__\n"
        "assert 'matplotlib.pyplot' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
