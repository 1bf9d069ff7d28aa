"""What each per-step measure needs before it can be given: the camera view, the frame rate,
the runner's height (or the treadmill's belt speed), the wrists in view; and, for an analysis
that lacks one, why, in words.

The table follows where metrics.py computes each measure: side-view values (knee, hip, trunk,
foot strike), contact time and what derives from it only at >= MIN_FPS_CONTACT_TIME, rear-view
values (pelvis, knee frontal plane, step width), arm and trunk-sway values only with both
wrists seen, cm only with the runner's height, step length from the belt speed in any view or
from a side video with the height (catalogue.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from kneecap.domain.gait.metrics import MIN_FPS_CONTACT_TIME

SIDE = ("side",)
REAR = ("rear",)
ANY_VIEW = ("side", "rear", "oblique")
VIEW_WORDS = {"side": "from the side", "rear": "from behind", "oblique": "at an angle"}


@dataclass(frozen=True)
class Need:
    views: tuple[str, ...]
    min_fps: float = 0.0
    height: bool = False  # in cm: scaled by the runner's height
    wrists: bool = False
    length: bool = False  # step length: the belt speed (any view) or a side video's height


CONTACT = Need(SIDE, MIN_FPS_CONTACT_TIME)
# In the order the pages list them: timing, then side view, then rear view.
NEEDS: dict[str, Need] = {
    "step_time_ms": Need(ANY_VIEW),
    "step_length_cm": Need(ANY_VIEW, length=True),
    "contact_time_ms": CONTACT,
    "flight_time_ms": CONTACT,
    "duty_factor": CONTACT,
    "knee_flexion_ic_deg": Need(SIDE),
    "knee_flexion_midstance_deg": Need(SIDE),
    "knee_flexion_peak_stance_deg": Need(SIDE),
    "hip_extension_to_deg": Need(SIDE),
    "overstride_leg": Need(SIDE),
    "shank_angle_ic_deg": Need(SIDE),
    "foot_strike_angle_deg": Need(SIDE),
    "trunk_lean_ic_deg": Need(SIDE),
    "trunk_lean_midstance_deg": Need(SIDE),
    "vertical_oscillation_cm": Need(SIDE, height=True),
    "vertical_ratio_pct": Need(SIDE, height=True),
    "pelvic_drop_deg": Need(REAR),
    "kfppa_deg": Need(REAR),
    "foot_midline_offset_leg": Need(REAR),
    "foot_midline_offset_cm": Need(REAR, height=True),
    "step_width_leg": Need(REAR),
    "step_width_cm": Need(REAR, height=True),
    "arm_crossover_leg": Need(REAR, wrists=True),
    "arm_crossover_cm": Need(REAR, height=True, wrists=True),
    "arm_crosses_midline": Need(REAR, wrists=True),
    "trunk_sway_leg": Need(REAR, wrists=True),
    "trunk_sway_cm": Need(REAR, height=True, wrists=True),
    "trunk_lateral_lean_deg": Need(REAR, wrists=True),
}
NOT_MEASURED = "not measured: too few steps were placed"


def _fps(metrics: dict[str, Any]) -> float | None:
    fps = metrics.get("fps")
    return float(fps) if isinstance(fps, int | float) and math.isfinite(fps) else None


def why_absent(key: str, metrics: dict[str, Any] | None) -> str:
    """Why an analysis has no value for the measure `key`: the first need it does not meet."""
    if not metrics:
        return "the analysis has not finished"
    need = NEEDS.get(key)
    if need is None:
        return NOT_MEASURED
    view = str(metrics.get("view") or "")
    fps = _fps(metrics)
    if need.length:
        if view == "side":
            return "needs the runner's height or the treadmill's belt speed"
        return "needs the treadmill's belt speed (or a side video and the runner's height)"
    if view not in need.views:
        wanted = " or ".join(VIEW_WORDS[v] for v in need.views)
        return f"needs a video {wanted} (this one is {VIEW_WORDS.get(view, view)})"
    if fps is not None and fps < need.min_fps:
        return f"needs video at {need.min_fps:.0f} fps or more (this one is {fps:.0f} fps)"
    if need.height and metrics.get("cm_per_px") is None:
        return "needs the runner's height"
    if need.wrists:
        return "needs both wrists in view through most of the clip"
    return NOT_MEASURED
