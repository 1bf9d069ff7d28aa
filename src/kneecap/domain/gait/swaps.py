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
# Swap only when the other labelling is clearly closer (half the cost of keeping it) and
# keeping it would make the leg jump: its joints on average a fifth of a leg length away
# from where they were heading (legs crossing in the image stay well under that).
SWAP_RATIO = 0.5
JUMP_LEG = 0.2


# A mislabelling lasts a few frames; a "swap" that lasts longer or runs to the clip's end is
# the continuity check losing track, and is left as the pose model gave it.
MAX_SWAP_S = 0.25


def repair_swaps(xyv: FloatArray, fps: float) -> tuple[FloatArray, int]:
    """A copy with swapped frames put back, and how many runs of swapped frames there were."""
    out = xyv.copy()
    n = len(out)
    hip, ankle = LEG[Side.LEFT].hip, LEG[Side.LEFT].ankle
    leg = float(np.nanmedian(np.linalg.norm(out[:, hip, :2] - out[:, ankle, :2], axis=1)))
    jump = JUMP_LEG * leg * 2 * len(_JOINTS)
    flipped = np.zeros(n, dtype=bool)
    for t in range(2, n):
        pred = 2 * out[t - 1, :, :2] - out[t - 2, :, :2]
        cur = out[t, :, :2]
        if not (np.isfinite(pred[LEFT + RIGHT]).all() and np.isfinite(cur[LEFT + RIGHT]).all()):
            continue
        keep = (
            np.linalg.norm(cur[LEFT] - pred[LEFT], axis=1).sum()
            + np.linalg.norm(cur[RIGHT] - pred[RIGHT], axis=1).sum()
        )
        swap = (
            np.linalg.norm(cur[RIGHT] - pred[LEFT], axis=1).sum()
            + np.linalg.norm(cur[LEFT] - pred[RIGHT], axis=1).sum()
        )
        if keep > jump and swap < SWAP_RATIO * keep:
            left = out[t, LEFT].copy()
            out[t, LEFT] = out[t, RIGHT]
            out[t, RIGHT] = left
            flipped[t] = True
    edges = np.diff(np.concatenate([[0], flipped.astype(np.int8), [0]]))
    runs = 0
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if (b - a) / fps > MAX_SWAP_S or b == n:
            out[a:b] = xyv[a:b]
        else:
            runs += 1
    return out, runs
