"""Left/right leg label swaps in 2D keypoints, found by continuity and undone.

Pose models on side-view video often give the near leg the far leg's label for a frame or a
few (the legs overlap in the image). A leg cannot jump across to where the other one was: at
each frame the labelling that keeps both legs nearest to where they were predicted to be
(constant velocity from the two frames before) is kept. Engineering method, checked with
injected swaps in bench/gait_accuracy.py.
"""

from __future__ import annotations

import numpy as np

from kneecap.domain.gait.keypoints import LEG, FloatArray, Side

_JOINTS = ("knee", "ankle", "heel", "toe")
LEFT = [getattr(LEG[Side.LEFT], j) for j in _JOINTS]
RIGHT = [getattr(LEG[Side.RIGHT], j) for j in _JOINTS]
# Swap only when the other labelling is clearly closer: half the cost of keeping it.
SWAP_RATIO = 0.5


def repair_swaps(xyv: FloatArray) -> tuple[FloatArray, int]:
    """A copy with swapped frames put back, and how many runs of swapped frames there were."""
    out = xyv.copy()
    n = len(out)
    runs = 0
    swapped_prev = False
    for t in range(2, n):
        pred = 2 * out[t - 1, :, :2] - out[t - 2, :, :2]
        cur = out[t, :, :2]
        if not (np.isfinite(pred[LEFT + RIGHT]).all() and np.isfinite(cur[LEFT + RIGHT]).all()):
            swapped_prev = False
            continue
        keep = (
            np.linalg.norm(cur[LEFT] - pred[LEFT], axis=1).sum()
            + np.linalg.norm(cur[RIGHT] - pred[RIGHT], axis=1).sum()
        )
        swap = (
            np.linalg.norm(cur[RIGHT] - pred[LEFT], axis=1).sum()
            + np.linalg.norm(cur[LEFT] - pred[RIGHT], axis=1).sum()
        )
        if swap < SWAP_RATIO * keep:
            left = out[t, LEFT].copy()
            out[t, LEFT] = out[t, RIGHT]
            out[t, RIGHT] = left
            if not swapped_prev:
                runs += 1
            swapped_prev = True
        else:
            swapped_prev = False
    return out, runs
