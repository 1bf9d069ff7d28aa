"""Rear view: a tilted picture is levelled from the runner's bounce; a real one-sided drop stays.

The runner is built from behind with known geometry: hips 100 px apart, the hip opposite
the stance leg lowered so the hip line reads exactly 8 deg at the right foot's midstance
(left hip drops) and 1 deg at the left's, the pelvis bouncing straight up and down once a
step and swaying 10 px to each stance foot once a stride; the whole picture is then turned
by a known camera roll about the image centre.
"""

import dataclasses

import numpy as np
import pytest

from kneecap.domain.gait import angles, level
from kneecap.domain.gait.events import Stance
from kneecap.domain.gait.feedback import evaluate
from kneecap.domain.gait.keypoints import FloatArray, KeypointSeries, Landmark, Side
from kneecap.domain.gait.metrics import analyse
from kneecap.domain.gait.notes import LEVELLED_NOTE, UNLEVELLED_NOTE
from kneecap.domain.gait.quality import assess
from kneecap.domain.gait.view import View
from tests.support.synthetic import CM_PER_PX, STANCE_FRACTION

LEFT_DROP_DEG, RIGHT_DROP_DEG = 8.0, 1.0
HIP_HALF_PX = 50.0


def _rotated(xyv: FloatArray, roll_deg: float, centre: float = 500.0) -> FloatArray:
    """Image points turned by roll_deg about (centre, centre), y down (as a phone's roll)."""
    r = np.radians(roll_deg)
    x, y = xyv[..., 0] - centre, xyv[..., 1] - centre
    out = xyv.copy()
    out[..., 0] = centre + x * np.cos(r) - y * np.sin(r)
    out[..., 1] = centre + x * np.sin(r) + y * np.cos(r)
    return out


def rear_runner(roll_deg: float = 0.0, seconds: float = 12.0, fps: float = 60.0) -> KeypointSeries:
    t = np.arange(0, seconds, 1 / fps)
    stride = 120.0 / 170.0
    step_s = stride / 2
    bounce_px = 100 * 9.81 * step_s**2 / (2 * np.pi**2) / CM_PER_PX
    bounce = 0.5 * bounce_px * np.cos(2 * np.pi * (t / step_s - STANCE_FRACTION))
    sway = 10.0 * np.cos(2 * np.pi * (t / stride - STANCE_FRACTION / 2))  # towards the right
    xyv = np.zeros((len(t), 33, 3))
    xyv[:, :, 2] = 1.0
    xyv[:, :, 0], xyv[:, :, 1] = 500.0, 400.0
    centre_x = 500.0 + sway
    stance_hump = {}
    for k, side in enumerate((Side.RIGHT, Side.LEFT)):
        phase = ((t / stride) + 0.5 * k) % 1.0
        stance_hump[side] = np.where(
            phase <= STANCE_FRACTION, np.sin(np.pi * phase / STANCE_FRACTION), 0.0
        )
        swing = np.clip((phase - STANCE_FRACTION) / (1 - STANCE_FRACTION), 0, 1)
        lift = np.where(phase > STANCE_FRACTION, 120 * np.sin(np.pi * swing), 0.0)
        out = 1.0 if side is Side.RIGHT else -1.0  # from behind the right is +x
        heel, toe, ankle, knee = (
            (Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX, Landmark.RIGHT_ANKLE,
             Landmark.RIGHT_KNEE)
            if side is Side.RIGHT
            else (Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX, Landmark.LEFT_ANKLE,
                  Landmark.LEFT_KNEE)
        )  # fmt: skip
        foot_x = 500.0 + out * 15.0
        xyv[:, heel, 0], xyv[:, heel, 1] = foot_x, 800 - lift
        xyv[:, toe, 0], xyv[:, toe, 1] = foot_x, 790 - lift
        xyv[:, ankle, 0], xyv[:, ankle, 1] = foot_x, 780 - lift
        xyv[:, knee, 0], xyv[:, knee, 1] = (foot_x + centre_x + out * 50) / 2, 590 - lift / 2
    # The hip opposite the stance leg lowered: tan(drop) x the hips' 100 px at midstance.
    width = 2 * HIP_HALF_PX
    left_low = width * np.tan(np.radians(LEFT_DROP_DEG)) * stance_hump[Side.RIGHT]
    right_low = width * np.tan(np.radians(RIGHT_DROP_DEG)) * stance_hump[Side.LEFT]
    hip_y = 400.0 + bounce
    xyv[:, Landmark.LEFT_HIP, 0] = centre_x - HIP_HALF_PX
    xyv[:, Landmark.RIGHT_HIP, 0] = centre_x + HIP_HALF_PX
    xyv[:, Landmark.LEFT_HIP, 1] = hip_y + left_low / 2
    xyv[:, Landmark.RIGHT_HIP, 1] = hip_y + right_low / 2
    xyv[:, Landmark.LEFT_HIP, 1] -= right_low / 2
    xyv[:, Landmark.RIGHT_HIP, 1] -= left_low / 2
    for sh, dx in ((Landmark.LEFT_SHOULDER, -120.0), (Landmark.RIGHT_SHOULDER, 120.0)):
        xyv[:, sh, 0], xyv[:, sh, 1] = centre_x + dx, 150.0 + bounce
    for wrist, dx in ((Landmark.LEFT_WRIST, -150.0), (Landmark.RIGHT_WRIST, 150.0)):
        xyv[:, wrist, 0], xyv[:, wrist, 1] = centre_x + dx, 300.0 + bounce
    xyv[:, Landmark.NOSE, 0], xyv[:, Landmark.NOSE, 1] = centre_x, 100.0 + bounce
    return KeypointSeries(_rotated(xyv, roll_deg), fps, 1000, 1000)


def _drops(roll_deg: float) -> dict[Side, float]:
    m = analyse(rear_runner(roll_deg), View.REAR)
    return {side: m.per_side[side]["pelvic_drop_deg"].mean for side in Side}


def test_the_built_runner_reads_its_own_drops_when_level() -> None:
    # Right stance: the left hip is the one that drops (8 deg); left stance: 1 deg.
    drops = _drops(0.0)
    assert drops[Side.RIGHT] == pytest.approx(LEFT_DROP_DEG, abs=0.5)
    assert drops[Side.LEFT] == pytest.approx(RIGHT_DROP_DEG, abs=0.5)


@pytest.mark.parametrize("roll", [5.0, -5.0, 4.0])
def test_the_bounce_gives_the_cameras_roll(roll: float) -> None:
    kp = rear_runner(roll)
    m = analyse(kp, View.REAR)
    assert m.ground is not None and m.ground.reliable
    assert m.ground.tilt_deg == pytest.approx(roll, abs=0.3)


def test_a_one_sided_drop_does_not_tilt_the_reference() -> None:
    # 8 deg against 1: the two midstances' mean hip line would lean (8 - 1) / 2 = 3.5 deg.
    m = analyse(rear_runner(0.0), View.REAR)
    assert m.ground is not None
    assert abs(m.ground.tilt_deg) < 0.3
    # The hip line itself leans on average: each drop is a half-sine hump over the stance's
    # 36% of the stride, mean 0.36 x 2 / pi of its peak, so (8 - 1) x 0.229 = 1.60 deg.
    hips = angles.pelvic_obliquity(m.smoothed, Side.RIGHT)
    expected = (LEFT_DROP_DEG - RIGHT_DROP_DEG) * STANCE_FRACTION * 2 / np.pi
    assert float(np.mean(hips)) == pytest.approx(expected, abs=0.1)


@pytest.mark.parametrize("roll", [5.0, -5.0])
def test_a_rolled_camera_is_removed_and_the_drop_survives(roll: float) -> None:
    m = analyse(rear_runner(roll), View.REAR)
    drops = {side: m.per_side[side]["pelvic_drop_deg"].mean for side in Side}
    assert drops[Side.RIGHT] == pytest.approx(LEFT_DROP_DEG, abs=0.6)
    assert drops[Side.LEFT] == pytest.approx(RIGHT_DROP_DEG, abs=0.6)
    # Read against the picture's edges the roll enters in full: +roll one side, -roll the other.
    raw = angles.pelvic_obliquity(m.smoothed, Side.RIGHT)
    at_mid = [angles.at(raw, s.ic_frame + 0.5 * (s.to_frame - s.ic_frame))
              for s in m.steps if s.side is Side.RIGHT and s.to_frame is not None]  # fmt: skip
    assert float(np.median(at_mid)) == pytest.approx(LEFT_DROP_DEG - roll, abs=0.8)
    assert LEVELLED_NOTE.format(tilt=abs(m.ground.tilt_deg)) in m.notes  # type: ignore[union-attr]
    assert f"Camera tilt of {abs(roll):.0f} deg removed" in " ".join(m.notes)
    # The cue names the stance side, as the drop figures are kept (the right stance's 8 deg).
    cue = next(c for c in evaluate(m) if c.rule_id == "pelvic_drop")
    assert cue.side == "right" and cue.value == pytest.approx(LEFT_DROP_DEG, abs=0.6)


def test_a_small_tilt_is_left_as_read() -> None:
    # Under level.LEVEL_MAX_DEG the picture is taken as level: nothing removed, cues allowed.
    m = analyse(rear_runner(0.5), View.REAR)
    assert m.ground is not None and m.ground.reliable and not m.ground.applied
    assert not any("Camera tilt" in n for n in m.notes)
    assert not m.unchecked_metrics


def test_a_tilt_that_could_be_the_runners_lean_is_neither_removed_nor_trusted() -> None:
    # 2 deg: between LEVEL_MAX_DEG and CORRECT_MIN_DEG (runners' own bounce leans up to ~3).
    m = analyse(rear_runner(2.0), View.REAR)
    assert m.ground is not None and not m.ground.applied and not m.ground.reliable
    assert "2.0 deg off level" in (m.ground.problem or "")
    assert "pelvic_drop_deg" in m.unchecked_metrics
    assert not any(c.rule_id == "pelvic_drop" for c in evaluate(m))
    assert UNLEVELLED_NOTE.format(problem=m.ground.problem) in m.notes


def _stances(m: object, n: int) -> list[Stance]:
    steps = m.steps[:n]  # type: ignore[attr-defined]
    return [Stance(s.side, s.ic_frame, s.to_frame) for s in steps]


def test_too_few_strides_give_no_level_and_say_why() -> None:
    m = analyse(rear_runner(5.0), View.REAR)
    short = level.ground_line(m.smoothed, _stances(m, 2 * level.MIN_STRIDES), 90.0)
    assert not short.reliable
    assert short.problem is not None and "whole strides" in short.problem
    enough = level.ground_line(m.smoothed, _stances(m, 2 * level.MIN_STRIDES + 1), 90.0)
    assert enough.reliable and enough.tilt_deg == pytest.approx(5.0, abs=0.3)


def test_an_unreliable_level_blocks_frontal_cues_and_quality_says_so() -> None:
    # Off square behind (view.py's angle below level.MIN_YAW_DEG): the bounce cannot level it.
    kp = rear_runner(5.0)
    m = analyse(kp, View.REAR)
    off = level.ground_line(m.smoothed, _stances(m, len(m.steps)), 60.0)
    assert off.problem is not None and "30 deg off square" in off.problem
    blocked = dataclasses.replace(m, ground=off)
    assert "pelvic_drop_deg" in blocked.unchecked_metrics
    assert any(c.rule_id == "pelvic_drop" for c in evaluate(m))
    assert not any(c.rule_id == "pelvic_drop" for c in evaluate(blocked))
    q = assess(blocked, kp).to_dict()
    assert q["ground_tilt_deg"] is None and q["level_problem"] == off.problem
    assert assess(m, kp).to_dict()["ground_tilt_deg"] == pytest.approx(5.0, abs=0.3)


def test_levelling_turns_a_known_point_back() -> None:
    xyv = np.zeros((1, 33, 3))
    xyv[0, :, :2] = (600.0, 500.0)  # 100 px right of the centre
    tilted = KeypointSeries(_rotated(xyv, 4.0), 30.0, 1000, 1000)
    back = level.levelled(tilted, 4.0)
    assert back.xyv[0, 0, 0] == pytest.approx(600.0)
    assert back.xyv[0, 0, 1] == pytest.approx(500.0)
