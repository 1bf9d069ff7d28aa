"""Rear-view contacts from the pelvis's vertical acceleration (domain/gait/events_rear.py)."""

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from kneecap.domain.gait import events_rear
from kneecap.domain.gait.events import Stance
from kneecap.domain.gait.keypoints import KeypointSeries, Landmark, Side
from kneecap.domain.gait.smoothing import smooth
from tests.support.synthetic import stick_runner

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import mocap

HIPS = [Landmark.LEFT_HIP, Landmark.RIGHT_HIP]
Trial = tuple[dict[str, mocap.Arr], float, mocap.Arr, mocap.Arr]


def _contacts(kp: KeypointSeries) -> list[Stance]:
    return events_rear.detect_rear(smooth(kp))


def test_one_contact_per_step_alternating_on_a_bouncing_runner() -> None:
    # 170 steps/min for 12 s: ~34 steps; the two cut by the clip's ends may be dropped.
    stances = _contacts(stick_runner(170, 60, 12))
    assert 32 <= len(stances) <= 34
    sides = [s.side for s in stances]
    assert all(a is not b for a, b in itertools.pairwise(sides))
    steps = np.diff([s.ic for s in stances]) / 60
    assert steps == pytest.approx(60 / 170, abs=0.01)
    assert all(s.to is not None and s.to > s.ic for s in stances)


def test_the_stance_foot_names_the_side() -> None:
    # The stick runner's left foot lands at whole strides from t = 0, its right half-way.
    stride_frames = 120 / 170 * 60
    for st in _contacts(stick_runner(170, 60, 12)):
        phase = (st.ic / stride_frames) % 1.0
        assert st.side is (Side.LEFT if min(phase, 1 - phase) < 0.25 else Side.RIGHT)


def test_one_hip_unseen_for_a_stance_keeps_its_contact() -> None:
    kp = stick_runner(170, 60, 12, noise_px=1.0)
    xyv = kp.xyv.copy()
    xyv[300:318, Landmark.LEFT_HIP, 2] = 0.0  # 0.3 s: the model lost the left hip
    hidden = _contacts(KeypointSeries(xyv, kp.fps, kp.width, kp.height))
    seen = _contacts(kp)
    assert len(hidden) == len(seen)
    assert [s.ic for s in hidden] == pytest.approx([s.ic for s in seen], abs=0.5)


def test_both_hips_unseen_leaves_a_gap_not_a_made_up_contact() -> None:
    kp = stick_runner(170, 60, 12, noise_px=1.0)
    xyv = kp.xyv.copy()
    xyv[300:345, HIPS, 2] = 0.0  # 0.75 s: two steps with no pelvis at all
    hidden = _contacts(KeypointSeries(xyv, kp.fps, kp.width, kp.height))
    seen = _contacts(kp)
    assert len(seen) - 3 <= len(hidden) < len(seen)
    outside = [s.ic for s in seen if s.ic < 290 or s.ic > 360]
    assert [s.ic for s in hidden if s.ic < 290 or s.ic > 360] == pytest.approx(outside, abs=0.5)


def test_alternation_overrules_one_unclear_foot_and_restarts_after_a_gap() -> None:
    spans = [(0.0, 5.0), (20.0, 25.0), (40.0, 45.0), (60.0, 65.0), (140.0, 145.0), (160.0, 165)]
    # Right lower, then left, then right again but read wrongly (a swap), then left; after
    # the gap (80 frames, 4 steps' time) the feet start again with the left.
    margin = [5.0, -5.0, -0.5, -5.0, -5.0, 5.0]
    r, left = Side.RIGHT, Side.LEFT
    assert events_rear._alternate(spans, margin) == [r, left, r, left, left, r]


def test_too_short_a_clip_has_no_contacts() -> None:
    kp = stick_runner(170, 60, 0.2)
    assert events_rear.detect_rear(kp) == []


# The projected Fukuchi 2017 mocap against its force plates (bench/gait_accuracy.py).
MOCAP = pytest.mark.skipif(not mocap.DATA.is_dir(), reason="mocap data absent")


@pytest.fixture(scope="module")
def trial() -> Trial:
    pytest.importorskip("ezc3d")
    if not mocap.DATA.is_dir():
        pytest.skip(f"mocap data absent at {mocap.DATA}")
    import gait_accuracy

    static = mocap.load_c3d(mocap.DATA / "RBDS001static.c3d")
    run = mocap.load_c3d(mocap.DATA / "RBDS001runT35.c3d")
    ic, to = mocap.force_contacts(run)
    return mocap.joints(static, run, gait_accuracy.HEIGHT_MM), run.rate, ic, to


@MOCAP
def test_the_lags_are_the_force_plates(
    trial: Trial,
) -> None:
    import gait_accuracy

    p, rate, ic, to = trial
    up, down = gait_accuracy.pelvis_support_crossings(p, rate)
    ic_lag, to_lag = gait_accuracy.lag_s(up, ic), gait_accuracy.lag_s(down, to)
    assert len(ic_lag) == len(ic) and len(to_lag) == len(to)
    assert float(np.mean(ic_lag)) == pytest.approx(events_rear.PELVIS_LAG_IC_S, abs=0.001)
    assert float(np.mean(to_lag)) == pytest.approx(-events_rear.PELVIS_LAG_TO_S, abs=0.001)


@MOCAP
@pytest.mark.parametrize(
    "name", ["slow pan 0.3 m/s", "zoom +3%/s", "-20 deg off square, 2.5 m", "5 m, 1.5 m high",
             "dropout 20 x 6 frames, hips too", "all of the above, noise 4 px"],
)  # fmt: skip
@pytest.mark.parametrize("fps", [24.0, 60.0])
def test_hostile_cameras_from_behind_place_every_contact(
    trial: Trial, name: str, fps: float
) -> None:
    import gait_accuracy
    from kneecap.domain.gait.view import View

    p, rate, ic, _ = trial
    cam, noise = gait_accuracy.rear_cameras()[name]
    r = gait_accuracy.score_values(p, rate, ic, cam, fps, View.REAR, noise)
    assert r["missed"] == 0 and r["doubled"] == 0 and r["flagged"] == 0
    assert abs(r["cadence_err_spm"]) < 1.0
    # Both sides within a frame (Young et al. 2023: 10-14 ms from phone video, side view).
    assert r["ic_left_frames"] < 1.0 and r["ic_right_frames"] < 1.0
    assert 1000 * r["ic_mae_frames"] / fps < 10.0


@pytest.mark.parametrize(("s_a", "s_b"), [(1.0, 1.5), (0.5, 2.0), (2.0, 0.0)])
def test_grubbs_recovers_each_estimates_own_spread(s_a: float, s_b: float) -> None:
    # Two instruments timing the same 2000 contacts of a runner whose steps vary on their own
    # (0.8 frames), each with its own error (Grubbs 1948's set-up). The smaller of two very
    # unequal spreads is resolved only coarsely (a difference of large variances), which is
    # all the weighing needs.
    rng = np.random.default_rng(3)
    truth = np.cumsum(20 + rng.normal(0, 0.8, 2000))
    a, b = truth + rng.normal(0, s_a, 2000), truth + rng.normal(0, s_b, 2000)
    var_a, var_b = events_rear.grubbs_variances(a, b, 0.01)
    big, small = max(s_a, s_b), min(s_a, s_b)
    assert np.sqrt(max(var_a, var_b)) == pytest.approx(big, rel=0.1)
    assert np.sqrt(min(var_a, var_b)) == pytest.approx(max(small, 0.1), abs=0.25 * big)
    assert (var_a > var_b) is (s_a > s_b)
    assert events_rear.grubbs_variances(b, a, 0.01) == pytest.approx((var_b, var_a))


def test_grubbs_floor_keeps_a_perfect_estimate_finite() -> None:
    truth = np.arange(40) * 20.0 + np.random.default_rng(4).normal(0, 1.0, 40)
    var_a, var_b = events_rear.grubbs_variances(truth, truth + 0.0, 0.01)
    assert var_a == 0.01 and var_b == 0.01


@MOCAP
@pytest.mark.parametrize("fps", [60.0, 120.0])
def test_a_shaking_phone_times_contacts_from_the_feet(trial: Trial, fps: float) -> None:
    import gait_accuracy
    from kneecap.domain.gait.metrics import analyse
    from kneecap.domain.gait.notes import SHAKEN_PELVIS_NOTE
    from kneecap.domain.gait.view import View

    p, rate, ic, _ = trial
    cam, noise = gait_accuracy.rear_cameras()["hand-held shake 6 px rms"]
    r = gait_accuracy.score_values(p, rate, ic, cam, fps, View.REAR, noise)
    assert r["missed"] == 0 and r["doubled"] == 0 and r["flagged"] == 0
    assert r["ic_left_frames"] < 1.0 and r["ic_right_frames"] < 1.0
    m = analyse(mocap.film(p, rate, fps, cam, noise), View.REAR)
    assert m.contact_spread_ms is not None and m.contact_spread_ms < 14.0
    assert any(n.startswith(SHAKEN_PELVIS_NOTE[:40]) for n in m.notes)


@MOCAP
def test_a_still_camera_keeps_the_pelvis_timing(trial: Trial) -> None:
    import gait_accuracy
    from kneecap.domain.gait.notes import SHAKEN_PELVIS_NOTE

    p, rate, _, _ = trial
    cam, noise = gait_accuracy.rear_cameras()["square-on 4 m"]
    kp = smooth(mocap.film(p, rate, 60.0, cam, noise))
    rear = events_rear.rear_contacts(kp)
    assert not rear.feet_led
    assert rear.pelvis_spread_s is not None and rear.pelvis_spread_s < 0.005
    own = events_rear._pelvis_stances(kp)
    assert [s.ic for s in rear.stances] == pytest.approx([s.ic for s in own], abs=0.2)
    from kneecap.domain.gait.metrics import analyse
    from kneecap.domain.gait.view import View

    m = analyse(mocap.film(p, rate, 60.0, cam, noise), View.REAR)
    assert not any(n.startswith(SHAKEN_PELVIS_NOTE[:40]) for n in m.notes)


@MOCAP
@pytest.mark.parametrize(
    "name", ["roll +5 deg", "roll -5 deg", "belt tilted 4 deg in the image"]
)  # fmt: skip
def test_a_tilted_picture_is_levelled_for_pelvic_drop(trial: Trial, name: str) -> None:
    # Read against the picture's edges these put 4-5 deg of drop on one side and take it from
    # the other (bench/gait_accuracy.py --rear-only); levelled, each side's bias stays under
    # 1 deg and its error under 2 (the level camera's: 1.6-1.7 deg at 30 fps, 2 px noise).
    import gait_accuracy
    from kneecap.domain.gait.view import View

    p, rate, ic, to = trial
    cam, noise = gait_accuracy.rear_cameras()[name]
    r = gait_accuracy.score_values(p, rate, ic, cam, 30.0, View.REAR, noise, to)
    if not r["level_ok"]:  # read within the runner's own lean: not trusted, cues blocked
        assert r["level_reliable"] == 0
        return
    for side in "LR":
        assert abs(r[f"drop_bias_{side}_deg"]) < 1.0
        assert r[f"drop_mae_{side}_deg"] < 2.0


@MOCAP
def test_off_square_behind_is_not_levelled_and_blocks_the_drop_cue(trial: Trial) -> None:
    # 20 deg off square the pelvis's surge tilts its bounce by ~7 deg: left as read, flagged.
    import gait_accuracy
    from kneecap.domain.gait.view import View

    p, rate, ic, to = trial
    cam, noise = gait_accuracy.rear_cameras()["20 deg off square"]
    r = gait_accuracy.score_values(p, rate, ic, cam, 30.0, View.REAR, noise, to)
    assert r["level_ok"] == 0 and r["level_reliable"] == 0
    assert r["drop_mae_L_deg"] < 2.5 and r["drop_mae_R_deg"] < 2.5
