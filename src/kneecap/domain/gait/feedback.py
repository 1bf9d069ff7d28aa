"""Plain-language running cues, kept as DATA: each rule names its source and evidence.

`cue` texts are str.format templates a clinic may edit; they can use {value} (the runner's
measured value) and {target}. Thresholds marked *check* have no published cut-off for running
and are Kneecap defaults for the clinic to set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kneecap.domain.gait.keypoints import Side
from kneecap.domain.gait.metrics import GaitMetrics
from kneecap.domain.gait.view import View


@dataclass(frozen=True)
class FeedbackRule:
    id: str
    view: View
    metric: str  # "cadence_spm" or a per-step metric name (read per side)
    above: bool  # fires when the value is above (True) / at or below (False) the threshold
    threshold: float
    cue: str
    source: str
    evidence: str
    target_factor: float = 1.0  # {target} = value x factor
    informational: bool = False


@dataclass(frozen=True)
class Cue:
    rule_id: str
    text: str
    value: float
    source: str
    evidence: str
    informational: bool
    side: str | None = None  # "left", "right" or "both" for a per-side metric


RULES: tuple[FeedbackRule, ...] = (
    FeedbackRule(
        "cadence_low", View.SIDE, "cadence_spm", False, 166.0,
        "Your step rate is {value:.0f} steps/min. Try ~5% quicker steps: about {target:.0f} "
        "steps/min (a metronome app helps).",
        "Thakkar 2019 (step rate <= 166 higher knee loads, >= 178 lowest); Heiderscheit 2011, "
        "Lenhart 2014 (+5-10% step rate lowers patellofemoral load)",
        "cross-sectional association + laboratory loading studies", target_factor=1.05,
    ),
    FeedbackRule(
        # For information only: 178 is the group with the lowest loads in a cross-sectional
        # study, not a rate every runner should reach; the change Heiderscheit tested is
        # relative to the runner's own rate, and the clinician decides whether to ask for it.
        "cadence_moderate", View.SIDE, "cadence_spm", False, 178.0,
        "Your step rate is {value:.0f} steps/min (for information: in one study runners at 178 "
        "or more had the lowest knee loads; your clinician may suggest about {target:.0f} "
        "steps/min).",
        "Thakkar 2019 (>= 178 lowest knee loads, cross-sectional); Heiderscheit 2011 (+5-10% "
        "of the runner's own step rate lowers knee loads)",
        "cross-sectional association; the target is relative to the runner's own rate",
        target_factor=1.05, informational=True,
    ),
    FeedbackRule(
        "overstride", View.SIDE, "overstride_leg", True, 0.15,  # *check*: no published cut-off
        "Your foot lands well ahead of your hips ({value:.2f} leg lengths). Aim to land with the "
        "foot closer under your body.",
        "Lieberman 2015 (landing further ahead of the hip raises braking force)",
        "laboratory mechanics; threshold is a Kneecap default (*check*)",
    ),
    FeedbackRule(
        "knee_extended_ic", View.SIDE, "knee_flexion_ic_deg", False, 15.0,  # *check*
        "Your knee is nearly straight when the foot lands ({value:.0f} deg bent). Land with a "
        "softer, more bent knee.",
        "Bramah 2018 (more extended knee at initial contact in injured runners)",
        "case-control association; threshold is a Kneecap default (*check*)",
    ),
    FeedbackRule(
        "trunk_lean", View.SIDE, "trunk_lean_midstance_deg", True, 10.0,  # *check*
        "You lean forward {value:.0f} deg in the middle of each step. Try running a little "
        "taller.",
        "Bramah 2018 (more forward trunk lean at midstance in the injured group)",
        "case-control association; threshold is a Kneecap default (*check*)",
    ),
    FeedbackRule(
        "pelvic_drop", View.REAR, "pelvic_drop_deg", True, 5.0,  # *check*
        "Your hip on the swing side drops {value:.1f} deg. Hip strength work and a 'level "
        "pelvis' cue can help; runners with knee pain showed more of this drop than runners "
        "without.",
        "Bramah 2018 (case-control: each +1 deg of contralateral pelvic drop, odds ~1.8 of "
        "being in the injured group)",
        "case-control association; threshold is a Kneecap default (*check*)",
    ),
    FeedbackRule(
        "kfppa", View.REAR, "kfppa_deg", True, 5.2,
        "Your knee moves inward by {value:.1f} deg at midstance (for information: the 5.2 deg "
        "cut-off comes from a single-leg landing test, not from running).",
        "Knee frontal-plane projection angle >= 5.2 deg in single-leg landing predicted PFP "
        "(sensitivity/specificity ~70%)",
        "landing test, informational only in running", informational=True,
    ),
)  # fmt: skip


# A figure rests on enough placed steps or it is not used for a cue (its own check failed):
# cadence on at least MIN_STRIDES' worth of step times, a side's metric on MIN_SIDE_STEPS.
MIN_CADENCE_STEPS = 8
MIN_SIDE_STEPS = 4


def cadence_checked(metrics: GaitMetrics) -> float:
    """Cadence, or NaN when too few placed step times carry it."""
    placed = sum(1 for s in metrics.steps if s.flag is None and "step_time_ms" in s.values)
    return metrics.cadence_spm if placed >= MIN_CADENCE_STEPS else math.nan


def side_values(metrics: GaitMetrics, name: str) -> dict[Side, float]:
    """Each side's mean of a per-step metric over its placed steps; a side with fewer than
    MIN_SIDE_STEPS of them is left out (the figure failed its check)."""
    out: dict[Side, float] = {}
    for side, stats in metrics.per_side.items():
        summary = stats.get(name)
        if summary is not None and summary.n >= MIN_SIDE_STEPS and math.isfinite(summary.mean):
            out[side] = summary.mean
    return out


def _fires(rule: FeedbackRule, value: float) -> bool:
    return value > rule.threshold if rule.above else value <= rule.threshold


def evaluate(metrics: GaitMetrics, rules: tuple[FeedbackRule, ...] = RULES) -> list[Cue]:
    """Cues whose rule fires; of rules on the same metric only the first that fires counts.

    Per-step metrics are read per side, never as the mean of both: a cue names the side (or
    both) where the rule fires and quotes the worse side's value."""
    cues: list[Cue] = []
    used: set[str] = set()
    for rule in rules:
        if rule.view is not metrics.view or rule.metric in used:
            continue
        if rule.metric in metrics.unchecked_metrics:
            continue
        side_label: str | None = None
        if rule.metric == "cadence_spm":
            value = cadence_checked(metrics)
            if math.isnan(value) or not _fires(rule, value):
                continue
            text = rule.cue.format(value=value, target=value * rule.target_factor)
        else:
            firing = {s: v for s, v in side_values(metrics, rule.metric).items() if _fires(rule, v)}
            if not firing:
                continue
            worst = max if rule.above else min
            value = worst(firing.values())
            side_label = "both" if len(firing) == 2 else next(iter(firing)).value
            prefix = "Both sides" if side_label == "both" else f"{side_label.capitalize()} side"
            text = f"{prefix}: " + rule.cue.format(value=value, target=value * rule.target_factor)
        used.add(rule.metric)
        cues.append(
            Cue(rule.id, text, value, rule.source, rule.evidence, rule.informational, side_label)
        )
    return cues
