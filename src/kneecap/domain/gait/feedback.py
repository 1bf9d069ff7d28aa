"""Plain-language running cues, kept as DATA: each rule names its source and evidence.

`cue` texts are str.format templates a clinic may edit; they can use {value} (the runner's
measured value) and {target}. Thresholds marked *check* have no published cut-off for running
and are Kneecap defaults for the clinic to set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kneecap.domain.gait.metrics import GaitMetrics
from kneecap.domain.gait.view import View


@dataclass(frozen=True)
class FeedbackRule:
    id: str
    view: View
    metric: str  # "cadence_spm" or a per-step metric name (mean over both sides)
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
        "cadence_moderate", View.SIDE, "cadence_spm", False, 178.0,
        "Your step rate is {value:.0f} steps/min. Quicker, shorter steps (about {target:.0f} "
        "steps/min) lower the load on the front of the knee.",
        "Heiderscheit 2011; Lenhart 2014 (+5-10% step rate lowers patellofemoral load); "
        "Thakkar 2019 (>= 178 lowest knee loads)",
        "laboratory loading studies", target_factor=1.05,
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
        "trunk_lean", View.SIDE, "trunk_lean_ic_deg", True, 10.0,  # *check*
        "You lean forward {value:.0f} deg when the foot lands. Try running a little taller.",
        "Bramah 2018 (more forward trunk lean in injured runners)",
        "case-control association; threshold is a Kneecap default (*check*)",
    ),
    FeedbackRule(
        "pelvic_drop", View.REAR, "pelvic_drop_deg", True, 5.0,  # *check*
        "Your hip on the swing side drops {value:.1f} deg. Hip strength work and a 'level "
        "pelvis' cue can help; each extra degree went with ~1.8x the odds of injury.",
        "Bramah 2018 (+1 deg contralateral pelvic drop -> OR ~1.8 of being injured)",
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


def metric_value(metrics: GaitMetrics, name: str) -> float:
    if name == "cadence_spm":
        return metrics.cadence_spm
    vals = [s.values[name] for s in metrics.steps if name in s.values]
    return sum(vals) / len(vals) if vals else math.nan


def evaluate(metrics: GaitMetrics, rules: tuple[FeedbackRule, ...] = RULES) -> list[Cue]:
    """Cues whose rule fires; of rules on the same metric only the first that fires counts."""
    cues: list[Cue] = []
    used: set[str] = set()
    for rule in rules:
        if rule.view is not metrics.view or rule.metric in used:
            continue
        value = metric_value(metrics, rule.metric)
        if math.isnan(value):
            continue
        fires = value > rule.threshold if rule.above else value <= rule.threshold
        if fires:
            used.add(rule.metric)
            text = rule.cue.format(value=value, target=value * rule.target_factor)
            cues.append(Cue(rule.id, text, value, rule.source, rule.evidence, rule.informational))
    return cues
