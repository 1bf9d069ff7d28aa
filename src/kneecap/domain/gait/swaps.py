"""Left/right leg label swaps in 2D keypoints, found by continuity and undone.

Pose models on side-view video often give the near leg the far leg's label for a frame or a
few (the legs overlap in the image). A leg cannot jump across to where the other one was: at
each frame the labelling that keeps both legs nearest to where they were predicted to be
(constant velocity from the two frames before) is kept. Engineering method, checked with
injected swaps in bench/gait_accuracy.py and BlazePose on the rendered mannequin
(bench/gait_camera_video.py), where the model also draws both legs in one place for a frame
or two near a contact.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.keypoints import LEG, FloatArray, Side

_JOINTS = ("knee", "ankle", "heel", "toe")
LEFT = [getattr(LEG[Side.LEFT], j) for j in _JOINTS]
RIGHT = [getattr(LEG[Side.RIGHT], j) for j in _JOINTS]
# Swap only when the other labelling is clearly closer (half the cost of keeping it) and
# keeping it would make the leg jump: its joints on average a fifth of a leg length away
# from where they were heading (legs crossing in the image stay well under that).
SWAP_RATIO = 0.5
JUMP_LEG = 0.2
# Where the pose model puts both legs in one place (its joints a tenth of a leg length apart
# on average; legs crossing in a side view keep the swing foot higher than that), either
# labelling continues smoothly from it: the frames predicted from it are not judged.
COINCIDE_LEG = 0.1


# A mislabelling lasts a few frames; where the continuity check and the pose model disagree for
# longer, the check has lost track (or started on a swapped frame) and the model is right.
MAX_SWAP_S = 0.25


def repair_swaps(xyv: FloatArray, fps: float) -> tuple[FloatArray, int]:
    """A copy with swapped frames put back, and how many runs of swapped frames there were."""
    out = xyv.copy()
    n = len(out)
    hip, ankle = LEG[Side.LEFT].hip, LEG[Side.LEFT].ankle
    leg = float(np.nanmedian(np.linalg.norm(out[:, hip, :2] - out[:, ankle, :2], axis=1)))
    jump = JUMP_LEG * leg * 2 * len(_JOINTS)
    flipped = np.zeros(n, dtype=bool)
    apart = np.linalg.norm(xyv[:, LEFT, :2] - xyv[:, RIGHT, :2], axis=2).mean(axis=1)
    for t in range(2, n):
        pred = 2 * out[t - 1, :, :2] - out[t - 2, :, :2]
        cur = out[t, :, :2]
        if not (np.isfinite(pred[LEFT + RIGHT]).all() and np.isfinite(cur[LEFT + RIGHT]).all()):
            continue
        if min(apart[t - 1], apart[t - 2]) < COINCIDE_LEG * leg:
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
    return _undo_lost_track(xyv, flipped, max(1, round(MAX_SWAP_S * fps)))


def _undo_lost_track(
    xyv: FloatArray, flipped: npt.NDArray[np.bool_], longest: int
) -> tuple[FloatArray, int]:
    """`flipped` says where the track's labels differ from the pose model's. A stretch longer
    than `longest` frames where they differ is the track having started on, or jumped to, the
    wrong labelling (it can start on a swapped frame), and there the model is right; inside
    such a stretch a short agreement is then the swap. So each short run takes the reading of
    the long run before it (after it at the clip's start): the frames of the short run whose
    reading that flips are the ones put back."""
    n = len(flipped)
    edges = np.flatnonzero(np.diff(flipped.astype(np.int8))) + 1
    runs = list(zip(np.concatenate([[0], edges]), np.concatenate([edges, [n]]), strict=True))
    long_runs = [(a, b) for a, b in runs if b - a > longest]
    if not long_runs:
        # No stretch long enough to tell: the track's own reading stands where it is short.
        orientation = np.zeros(n, dtype=bool)
    else:
        orientation = np.empty(n, dtype=bool)
        current = bool(flipped[long_runs[0][0]])
        for a, b in runs:
            if b - a > longest:
                current = bool(flipped[a])
            orientation[a:b] = current
    repaired = flipped != orientation  # frames where the model's labels are swapped
    fixed = xyv.copy()
    for t in np.flatnonzero(repaired):
        left = xyv[t, LEFT].copy()
        fixed[t, LEFT] = xyv[t, RIGHT]
        fixed[t, RIGHT] = left
    count = int(np.count_nonzero(np.diff(np.concatenate([[0], repaired.astype(np.int8)])) == 1))
    return fixed, count
