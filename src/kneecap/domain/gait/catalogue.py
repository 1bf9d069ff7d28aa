"""What the distance and upper-body measures mean: definition, unit, source and the view (and
frame rate) each needs, shown beside the figures in the report and on the review page.

Measures not listed here are defined where they are computed (metrics.py, angles.py) and in
the README's running-form section.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.gait.view import View


@dataclass(frozen=True)
class MetricInfo:
    key: str  # the per-step key in the metrics JSON (unit in the name)
    definition: str
    source: str
    views: tuple[View, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "definition": self.definition,
            "source": self.source,
            "views": [v.value for v in self.views],
        }


ALL_VIEWS = (View.SIDE, View.REAR, View.OBLIQUE)
CATALOGUE: tuple[MetricInfo, ...] = (
    MetricInfo(
        "step_length_cm",
        "Distance covered from one foot's contact to the other's, cm. With the treadmill's "
        "belt speed: belt speed x step time (any view). Otherwise an estimate from a side "
        "video: the pelvis' travel over the ground (the stance forefoot's motion gives the "
        "ground's), scaled by the runner's height; about +-10%.",
        "Scale: Winter 2009, Biomechanics and Motor Control of Human Movement (hip to ankle "
        "0.491 x height); checked against belt speed x step time on the Fukuchi 2017 mocap.",
        ALL_VIEWS,
    ),
    MetricInfo(
        "vertical_oscillation_cm",
        "Rise and fall of the pelvis centre over each step, cm (needs the runner's height).",
        "Pelvis as the centre of mass's proxy; Garmin Running Dynamics' 'bounce'.",
        (View.SIDE,),
    ),
    MetricInfo(
        "vertical_ratio_pct",
        "Vertical oscillation / step length x 100, per step, %. Lower means less bounce for "
        "the distance covered. Carries the step length's uncertainty.",
        "Garmin Running Dynamics (owner's manuals): vertical oscillation over 'stride "
        "length', which Garmin measures from one footfall to the next (a step).",
        (View.SIDE,),
    ),
    MetricInfo(
        "arm_crossover_leg",
        "Per stride, how far this side's wrist reaches past the body midline (pelvis centre "
        "to shoulder centre) towards the other side, leg lengths (also cm with the height); "
        "negative if it stays on its own side. 'Wrist across the midline' is the share of "
        "strides it crosses.",
        "Kneecap's measure of the observational 'arms crossing the midline' item; no "
        "validated 2D method or running cut-off found: for information (check).",
        (View.REAR,),
    ),
    MetricInfo(
        "trunk_sway_leg",
        "Per stride, the side-to-side range of the shoulder centre relative to the pelvis "
        "centre, leg lengths (also cm with the height).",
        "Kneecap's measure; the trunk line is that of DiCesare et al. 2014 (Int J Sports "
        "Phys Ther 9:420, valid in landing, not tested in running). No cut-off (check).",
        (View.REAR,),
    ),
    MetricInfo(
        "trunk_lateral_lean_deg",
        "At midstance, the pelvis-to-shoulder line's angle from vertical, positive towards "
        "the stance side, degrees.",
        "2D lateral trunk angle, DiCesare et al. 2014 (Int J Sports Phys Ther 9:420). "
        "No running cut-off (check).",
        (View.REAR,),
    ),
)
BY_KEY = {m.key: m for m in CATALOGUE}
# The same definitions for the keys derived from them (cm versions, the crossing share).
BY_KEY["arm_crossover_cm"] = BY_KEY["arm_crossover_leg"]
BY_KEY["arm_crosses_midline"] = BY_KEY["arm_crossover_leg"]
BY_KEY["trunk_sway_cm"] = BY_KEY["trunk_sway_leg"]


def definitions_for(keys: set[str]) -> dict[str, dict[str, object]]:
    """Definitions of the catalogued measures among `keys` (those an analysis reported)."""
    return {k: BY_KEY[k].to_dict() for k in sorted(keys) if k in BY_KEY}
