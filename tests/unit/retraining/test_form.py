"""Blocks from overstride and trunk-lean cues: the figure they start from is the cue's, the
only value they aim below is the cue's own threshold, and a posture block has no step-rate
target for the watch to check."""

from __future__ import annotations

import math
from datetime import date

import pytest

from kneecap.domain.gait.feedback import RULES
from kneecap.domain.retraining.block import plan_block
from kneecap.domain.retraining.calendar import block_events
from kneecap.domain.retraining.codec import plan_from_dict, plan_to_dict
from kneecap.domain.retraining.dose import Dose, Feedback
from kneecap.domain.retraining.form import (
    TRUNK_CAUTION,
    Lever,
    cue_value,
    follow_up_value,
    goal_for,
    lever_of,
)
from kneecap.domain.retraining.target import InvalidBaseline

START = date(2026, 3, 2)
THRESHOLD = {r.id: r.threshold for r in RULES}


def test_trunk_lean_goal_is_the_cue_value_below_the_rules_own_threshold() -> None:
    g = goal_for("trunk_lean", 14.2)
    assert g is not None and lever_of("trunk_lean") is Lever.POSTURE
    assert (g.start, g.threshold) == (14.2, THRESHOLD["trunk_lean"]) == (14.2, 10.0)
    assert g.met(10.0) and g.met(8.5) and not g.met(10.4)
    assert "Nothing about posture" in g.watch_checks and "follow-up side video" in g.video_checks
    # Teng & Powers 2014's worked figures: 21.5 MPa own posture, 20.2 flexed, 23.1 upright
    assert g.caution == TRUNK_CAUTION and all(x in g.caution for x in ("21.5", "20.2", "23.1"))


def test_overstride_goal_has_step_rate_as_its_lever_and_no_invented_target() -> None:
    g = goal_for("overstride", 0.21)
    assert g is not None and lever_of("overstride") is Lever.CADENCE
    assert (g.start, g.threshold) == (0.21, THRESHOLD["overstride"])
    assert "Step rate" in g.watch_checks and "cannot see where the foot lands" in g.watch_checks
    assert "Heiderscheit 2011" in g.source and "Lieberman 2015" in g.source
    assert goal_for("cadence_low", 164.0) is None  # the step rate is its own target


def test_a_posture_block_has_no_step_rate_targets_and_fades_its_cue() -> None:
    plan = plan_block(None, START, Dose(), lever=Lever.POSTURE, goal=goal_for("trunk_lean", 14))
    assert [s.target_spm for s in plan.sessions] == [None] * 8
    assert [s.feedback for s in plan.sessions] == [Feedback.FULL] * 4 + [
        Feedback.INTERMITTENT
    ] * 2 + [Feedback.NONE] * 2
    assert plan.sessions[0].what == "15 min running tall"
    assert "run tall" in plan.sessions[0].feedback_label
    assert plan.sessions[-1].feedback_label == "no cue: keep the posture yourself"
    [first, *_] = block_events(7, 3, plan)
    assert first.title == "Posture session 1: 15 min running tall"
    assert "metronome" not in first.description


def test_a_step_rate_lever_needs_the_runners_rate() -> None:
    with pytest.raises(InvalidBaseline):
        plan_block(None, START, Dose(), lever=Lever.CADENCE)
    over = plan_block(168.0, START, Dose(), goal=goal_for("overstride", 0.2))
    assert [s.target_spm for s in over.sessions] == [176] * 4 + [185] * 4  # 168 +5%, +10%


def test_stored_plans_round_trip_and_old_ones_read_as_step_rate() -> None:
    plan = plan_block(None, START, Dose(), lever=Lever.POSTURE, goal=goal_for("trunk_lean", 12))
    back = plan_from_dict(plan_to_dict(plan))
    assert back == plan and back.goal is not None and back.goal.start == 12
    old = plan_to_dict(plan_block(170.0, START, Dose()))
    del old["lever"], old["goal"]
    assert plan_from_dict(old).lever is Lever.CADENCE and plan_from_dict(old).goal is None


def test_values_from_the_analysis_metrics() -> None:
    metrics = {
        "feedback": [{"rule": "trunk_lean", "value": 13.5}, {"rule": "overstride", "value": None}],
        "per_side": {"left": {"trunk_lean_midstance_deg": {"mean": 8.0}},
                     "right": {"trunk_lean_midstance_deg": {"mean": 9.5}}},
    }  # fmt: skip
    assert cue_value(metrics, "trunk_lean") == 13.5
    assert cue_value(metrics, "overstride") is None and cue_value(None, "trunk_lean") is None
    g = goal_for("trunk_lean", 13.5)
    assert g is not None and follow_up_value(metrics, g) == 9.5  # the worse side
    assert follow_up_value({"per_side": {"left": {}}}, g) is None
    assert follow_up_value({"per_side": {"left": {g.metric: {"mean": math.nan}}}}, g) is None
