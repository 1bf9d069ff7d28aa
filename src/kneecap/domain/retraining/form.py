"""What a block retrains, from which released cue, and what the watch and a video can check.

Three cues of the running-form rules (domain/gait/feedback.py) start a block:

* the step-rate cues: the lever is step rate, with targets from the runner's own rate
  (target.py, Heiderscheit 2011); the watch measures it each run;
* overstride: the lever is step rate too. Heiderscheit et al. 2011 (Med Sci Sports Exerc
  43(2):296-302): step length and braking impulse fell as step rate rose 5% and 10%;
  Lieberman et al. 2015 (J Exp Biol 218:3406-3414): each +5 strides/min brought the foot's
  landing 5.9% closer to the hip. Neither gives an overstride value to reach, so the block
  has none: the watch checks the step rate, the follow-up video the overstride itself,
  against the cue's own threshold;
* trunk lean: no watch measures it. The cue ("run a little taller") gives no value to reach;
  the block follows the cue until the rule no longer fires (its threshold, a Kneecap default
  the rule marks *check*), and only a follow-up video can say whether it has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kneecap.domain.gait.feedback import RULES, FeedbackRule
from kneecap.domain.retraining.dose import INTERMITTENT_OFF_S, INTERMITTENT_ON_S, Feedback

CADENCE_RULES = frozenset({"cadence_low", "cadence_moderate"})
OVERSTRIDE = "overstride"
TRUNK_LEAN = "trunk_lean"
CLINICIAN_RULE = "clinician"  # a cue the clinician wrote (read as a step-rate cue)
# Teng & Powers 2014, J Orthop Sports Phys Ther (doi 10.2519/jospt.2014.5249): in 24 runners
# without pain, peak patellofemoral joint stress was 21.5 MPa at their own trunk flexion (7.3
# deg), 20.2 flexed (14.1 deg) and 23.1 more upright (4.0 deg). Shown beside every trunk-lean
# block: the clinician weighs it for a sore knee.
TRUNK_CAUTION = (
    "Teng & Powers 2014: in runners without pain, running more upright raised patellofemoral"
    " joint stress (23.1 against 21.5 MPa) and more forward lean lowered it (20.2); weigh this"
    " before asking a runner with knee pain to run taller."
)


class Lever(StrEnum):
    CADENCE = "cadence"  # the runner changes step rate: the watch measures it
    POSTURE = "posture"  # the runner changes posture: only a video measures it


@dataclass(frozen=True, slots=True)
class FormGoal:
    """A running-form figure the block aims to change, measured on the block's video."""

    rule: str
    metric: str  # per-side metric of the analysis (domain/gait/metrics.py)
    label: str
    unit: str
    start: float  # the cue's value: the worse side's, on the block's video
    threshold: float  # the cue fires above it
    source: str
    watch_checks: str
    video_checks: str
    caution: str = ""

    def met(self, value: float) -> bool:
        """The follow-up's value no longer fires the cue."""
        return value <= self.threshold


def _rule(rule_id: str) -> FeedbackRule:
    return next(r for r in RULES if r.id == rule_id)


def lever_of(rule: str) -> Lever:
    return Lever.POSTURE if rule == TRUNK_LEAN else Lever.CADENCE


def can_start(rule: str) -> bool:
    return rule in CADENCE_RULES or rule in {OVERSTRIDE, TRUNK_LEAN, CLINICIAN_RULE}


def goal_for(rule: str, cue_value: float) -> FormGoal | None:
    """The form goal of a block from an overstride or trunk-lean cue (None for step rate,
    whose target is the step rate itself)."""
    if rule == OVERSTRIDE:
        r = _rule(OVERSTRIDE)
        return FormGoal(
            OVERSTRIDE, r.metric, "Overstride (foot ahead of the hip)", "leg lengths",
            cue_value, r.threshold,
            "Heiderscheit 2011 (+5-10% step rate: shorter steps, less braking); Lieberman"
            " 2015 (+5 strides/min: landing 5.9% closer to the hip)",
            "Step rate, each run, against the session's target: the lever for overstride. The"
            " watch cannot see where the foot lands.",
            f"Overstride itself: a follow-up side video measures it again; the cue no longer"
            f" fires at or below {r.threshold:g} leg lengths (a Kneecap default: no published"
            " cut-off).",
        )  # fmt: skip
    if rule == TRUNK_LEAN:
        r = _rule(TRUNK_LEAN)
        return FormGoal(
            TRUNK_LEAN, r.metric, "Forward trunk lean at midstance", "deg", cue_value,
            r.threshold, r.source,
            "Nothing about posture: the watch records step rate, not trunk lean. Its runs"
            " count as sessions, and the pain log is read for each as for every run.",
            f"Trunk lean at midstance, on a follow-up side video: the cue no longer fires at"
            f" or below {r.threshold:g} deg (the rule's threshold, a Kneecap default: no study"
            " gives a lean to reach).",
            TRUNK_CAUTION,
        )  # fmt: skip
    return None


def cue_value(metrics: dict[str, Any] | None, rule: str) -> float | None:
    """The value the analysis's drafted cue quoted (the worse side), if it was drafted."""
    for c in (metrics or {}).get("feedback", []):
        v = c.get("value") if isinstance(c, dict) else None
        if c.get("rule") == rule and isinstance(v, int | float) and math.isfinite(v):
            return float(v)
    return None


def follow_up_value(metrics: dict[str, Any] | None, goal: FormGoal) -> float | None:
    """The worse side's mean of the goal's metric on a later video (None: not measured)."""
    sides = (metrics or {}).get("per_side") or {}
    values = []
    for side in ("left", "right"):
        m = (sides.get(side) or {}).get(goal.metric) or {}
        v = m.get("mean") if isinstance(m, dict) else None
        if isinstance(v, int | float) and math.isfinite(v):
            values.append(float(v))
    return max(values) if values else None


def feedback_label(fb: Feedback, lever: Lever) -> str:
    """How the cue fades, in the runner's words (dose.py for the split)."""
    if lever is Lever.CADENCE:
        return fb.label
    return {
        Feedback.FULL: "think 'run tall' the whole time (a mirror or shop window helps)",
        Feedback.INTERMITTENT: (
            f"'run tall' for {INTERMITTENT_ON_S} s, then {INTERMITTENT_OFF_S} s without"
        ),
        Feedback.NONE: "no cue: keep the posture yourself",
    }[fb]


def goal_to_dict(g: FormGoal) -> dict[str, Any]:
    return {"rule": g.rule, "start": g.start}


def goal_from_dict(raw: dict[str, Any] | None) -> FormGoal | None:
    """The goal as stored: its rule and start value; the rest comes from the rule now."""
    if not raw:
        return None
    return goal_for(str(raw["rule"]), float(raw["start"]))
