"""Gaps found and never averaged over; quality gates cue drafting; cues read each side."""

from dataclasses import replace

import numpy as np
import pytest

from kneecap.domain.gait.feedback import evaluate
from kneecap.domain.gait.keypoints import LEG, KeypointSeries, Side
from kneecap.domain.gait.metrics import Summary, analyse
from kneecap.domain.gait.quality import assess
from kneecap.domain.gait.review import initial_feedback
from kneecap.domain.gait.swaps import repair_swaps
from kneecap.domain.gait.view import View
from tests.support.synthetic import stick_runner

FEET = [getattr(LEG[s], j) for s in Side for j in ("knee", "ankle", "heel", "toe")]


def with_lost_feet(kp: KeypointSeries, t0: float, t1: float) -> KeypointSeries:
    """The legs held still between t0 and t1 s (a pose model that lost them): no contacts."""
    xyv = kp.xyv.copy()
    a, b = int(t0 * kp.fps), int(t1 * kp.fps)
    xyv[a:b, FEET, :2] = xyv[a, FEET, :2]
    return KeypointSeries(xyv, kp.fps, kp.width, kp.height)


def test_a_stretch_without_contacts_is_a_gap_and_cadence_comes_from_placed_steps() -> None:
    m = analyse(with_lost_feet(stick_runner(170, 30, 14), 5.0, 6.5))
    assert m.gaps, "the lost stretch is reported"
    gap = m.gaps[0]
    assert 3.8 < gap.start_s < 5.1 and 6.4 < gap.end_s < 7.2
    assert gap.missing >= 3
    assert "could not be placed between" in gap.sentence()
    assert any("could not be placed" in n for n in m.notes)
    assert m.cadence_spm == pytest.approx(170, abs=1.0)
    flagged = [s for s in m.steps if s.flag]
    assert flagged and all(s.flag == "gap" for s in flagged)
    st = m.per_side[Side.LEFT]["step_time_ms"]
    assert st.sd < 20  # the long "step" stayed out of the per-side figure


def test_a_clip_with_missing_contacts_drafts_no_cue() -> None:
    kp = with_lost_feet(stick_runner(150, 30, 14), 4.0, 6.5)
    m = analyse(kp)
    q = assess(m, kp)
    assert not q.drafts_cues
    assert any("contacts could be placed" in r for r in q.reasons)
    assert q.contacts_expected > q.contacts_placed
    metrics = {"quality": q.to_dict(), "feedback": [{"rule": "cadence_low", "text": "x"}]}
    assert initial_feedback(metrics) == ()


def test_a_clean_clip_drafts_cues() -> None:
    kp = stick_runner(150, 30, 12)
    q = assess(analyse(kp), kp)
    assert q.drafts_cues and q.gaps == 0 and q.contacts_placed == q.contacts_expected


def test_pelvic_drop_cue_names_the_side_that_drops() -> None:
    m = analyse(stick_runner(170, 30, 12))
    per_side = {
        Side.LEFT: {"pelvic_drop_deg": Summary(8.0, 1.0, None, 10)},
        Side.RIGHT: {"pelvic_drop_deg": Summary(1.0, 1.0, None, 10)},
    }
    cues = evaluate(replace(m, view=View.REAR, per_side=per_side))
    drop = next(c for c in cues if c.rule_id == "pelvic_drop")
    assert drop.side == "left" and drop.value == 8.0
    assert drop.text.startswith("Left side:")


def test_a_side_resting_on_too_few_steps_gets_no_cue() -> None:
    m = analyse(stick_runner(170, 30, 12))
    per_side = {
        Side.LEFT: {"pelvic_drop_deg": Summary(8.0, 1.0, None, 2)},
        Side.RIGHT: {"pelvic_drop_deg": Summary(1.0, 1.0, None, 10)},
    }
    assert not [
        c
        for c in evaluate(replace(m, view=View.REAR, per_side=per_side))
        if c.rule_id == "pelvic_drop"
    ]


def test_swapped_leg_labels_are_put_back() -> None:
    kp = stick_runner(170, 60, 6)
    xyv = kp.xyv.copy()
    left = [getattr(LEG[Side.LEFT], j) for j in ("knee", "ankle", "heel", "toe")]
    right = [getattr(LEG[Side.RIGHT], j) for j in ("knee", "ankle", "heel", "toe")]
    for t in (40, 41, 130, 250):
        xyv[t, left], xyv[t, right] = kp.xyv[t, right], kp.xyv[t, left]
    fixed, runs = repair_swaps(xyv, kp.fps)
    assert runs == 3
    assert np.allclose(fixed, kp.xyv)


def test_symmetry_index_worked_values() -> None:
    from kneecap.domain.gait.metrics import symmetry_index

    # Robinson 1987: SI = (XL - XR) / (0.5 (XL + XR)) x 100; 360 vs 340 ms -> 5.71%.
    assert symmetry_index(360.0, 340.0) == pytest.approx(5.714, abs=0.001)
    assert symmetry_index(300.0, 300.0) == 0.0


def test_new_side_view_metrics_are_reported_per_side() -> None:
    m = analyse(stick_runner(170, 60, 10))
    for name in ("knee_flexion_midstance_deg", "hip_extension_to_deg"):
        assert m.per_side[Side.LEFT][name].n > 10
    assert abs(m.asymmetry_pct["step_time_ms"]) < 3


def test_flight_time_and_duty_factor_by_their_definitions_at_60_fps_only() -> None:
    m = analyse(stick_runner(170, 60, 10))
    placed = [s for s in m.steps if "flight_time_ms" in s.values]
    assert placed
    for prev, st in zip(m.steps, m.steps[1:], strict=False):
        if "flight_time_ms" not in st.values:
            continue
        # Flight = this contact minus the other foot's toe-off = step time - its contact time.
        expected = st.values["step_time_ms"] - prev.values["contact_time_ms"]
        assert st.values["flight_time_ms"] == pytest.approx(expected)
    for k, st in enumerate(m.steps):
        if "duty_factor" in st.values:
            before = m.steps[k - 2]
            stride_ms = 1000 * (st.ic_frame - before.ic_frame) / m.fps
            assert st.values["duty_factor"] == pytest.approx(
                before.values["contact_time_ms"] / stride_ms
            )
            assert 0 < st.values["duty_factor"] < 0.5  # running: a flight in every step
    slow = analyse(stick_runner(170, 30, 10))
    assert not any(k in s.values for s in slow.steps for k in ("flight_time_ms", "duty_factor"))


@pytest.mark.parametrize(("spread_ms", "drafts"), [(13.0, True), (15.0, False)])
def test_contacts_timed_worse_than_young_2023_draft_no_cue(spread_ms: float, drafts: bool) -> None:
    # Young et al. 2023 (Sensors 23:696): 10-14 ms mean contact error from phone video.
    kp = stick_runner(150, 30, 12)
    m = replace(analyse(kp), contact_spread_ms=spread_ms)
    q = assess(m, kp)
    assert q.drafts_cues is drafts
    assert any("timed only to about" in r for r in q.reasons) is not drafts
