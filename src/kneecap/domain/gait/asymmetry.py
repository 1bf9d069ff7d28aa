"""Left/right asymmetry of the per-side means."""

from __future__ import annotations

from kneecap.domain.gait.keypoints import Side
from kneecap.domain.gait.steps import Summary

# Symmetry index (Robinson, Herzog & Nigg 1987, J Manipulative Physiol Ther 10:172):
# SI = 100 x (left - right) / (0.5 x (left + right)); 0 = symmetric, positive = left larger.
# Only for quantities that are positive on both sides (a ratio of angles near 0 means nothing).
ASYMMETRY_METRICS = ("step_time_ms", "contact_time_ms", "knee_flexion_peak_stance_deg")
MIN_ASYMMETRY_STEPS = 4


def symmetry_index(left: float, right: float) -> float:
    return 100.0 * (left - right) / (0.5 * (left + right))


def asymmetry(per_side: dict[Side, dict[str, Summary]]) -> dict[str, float]:
    out = {}
    for name in ASYMMETRY_METRICS:
        left, right = per_side[Side.LEFT].get(name), per_side[Side.RIGHT].get(name)
        if left is None or right is None:
            continue
        if min(left.n, right.n) < MIN_ASYMMETRY_STEPS or min(left.mean, right.mean) <= 0:
            continue
        out[name] = symmetry_index(left.mean, right.mean)
    return out
