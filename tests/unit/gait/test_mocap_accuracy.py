"""Domain on Fukuchi 2017 mocap through a virtual phone camera vs force plates (see bench)."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import mocap

pytest.importorskip("ezc3d")
if not mocap.DATA.is_dir():
    pytest.skip(f"mocap data absent at {mocap.DATA}", allow_module_level=True)

import gait_accuracy
from kneecap.domain.gait.errors import SlowMotionError
from kneecap.domain.gait.feedback import evaluate as evaluate_cues
from kneecap.domain.gait.keypoints import KeypointSeries, Side
from kneecap.domain.gait.metrics import ARMS_UNSEEN_NOTE, analyse
from kneecap.domain.gait.view import View

Trial = tuple[dict[str, mocap.Arr], float, mocap.Arr, mocap.Arr]


@pytest.fixture(scope="module")
def trial() -> Trial:
    static = mocap.load_c3d(mocap.DATA / "RBDS001static.c3d")
    run = mocap.load_c3d(mocap.DATA / "RBDS001runT35.c3d")
    ic, to = mocap.force_contacts(run)
    return mocap.joints(static, run, gait_accuracy.HEIGHT_MM), run.rate, ic, to


def test_side_view_60fps(trial: Trial) -> None:
    r = gait_accuracy.evaluate(*trial, "side", 60.0, 2.0)
    assert r["detected_view_ok"] == 1
    assert abs(r["cadence_err_spm"]) < 1.0
    # The contact at the clip's last frames counts, its toe-off past the clip's end.
    assert r["matched_ic"] == r["reference_ic"]
    # Contacts from the half-way point of the heel's step to its stance velocity
    # (events.heel_caught): ~5 ms early against the force plate, within the 1-frame goal.
    assert r["ic_mae_frames"] < 1.0
    assert r["knee_ic_mae_deg"] < 3.0


@pytest.mark.parametrize(
    "name", ["all of roll 3, tilt 3, 2.5 m low, pan", "left/right swaps 15 x 2 frames",
             "dropout 20 x 6 frames", "20 deg off square", "zoom +3%/s"],
)  # fmt: skip
@pytest.mark.parametrize("fps", [30.0, 60.0])
def test_hostile_cameras_miss_and_double_no_step(trial: Trial, name: str, fps: float) -> None:
    p, rate, ic, _ = trial
    r = gait_accuracy.score_values(p, rate, ic, gait_accuracy.CONDITIONS[name], fps)
    assert r["missed"] == 0 and r["doubled"] == 0 and r["flagged"] == 0
    assert abs(r["cadence_err_spm"]) < 1.0
    assert r["ic_mae_frames"] < 1.0
    # The bench's pan turns the camera up to ~66 deg off square by the clip's end (the runner
    # stays on the treadmill): past 40 deg the 2D knee read at the force plate's own contact
    # time is ~6 deg over the 3D one, a projection effect. Contacts ~27 ms early used to hide
    # it (the knee flexes ~210 deg/s there: ~-5.7 deg); they are read near square instead.
    knee = r["knee_ic_near_mae_deg"] if "pan" in name else r["knee_ic_mae_deg"]
    assert knee < 3.5


@pytest.mark.parametrize("name", ["left/right swaps 15 x 2 frames", "dropout 20 x 6 frames"])
def test_24fps_swaps_and_dropout_miss_and_double_no_step(trial: Trial, name: str) -> None:
    # At 24 fps a 6-frame dropout hides a whole contact (timed from its neighbours instead),
    # and a swap in the clip's first frames once inverted the continuity check's labels.
    p, rate, ic, _ = trial
    r = gait_accuracy.score_values(p, rate, ic, gait_accuracy.CONDITIONS[name], 24.0)
    assert r["missed"] == 0 and r["doubled"] == 0 and r["flagged"] == 0
    assert abs(r["cadence_err_spm"]) < 1.0
    assert r["knee_ic_mae_deg"] < 3.5


def test_rear_view_30fps(trial: Trial) -> None:
    r = gait_accuracy.evaluate(*trial, "rear", 30.0, 2.0)
    assert r["detected_view_ok"] == 1
    assert abs(r["cadence_err_spm"]) < 1.0
    assert r["ic_mae_frames"] < 1.0
    # Toe-off from the pelvis (events_rear): a late toe-off moves mid-stance, and the pelvic
    # drop read there, with it.
    assert abs(r["to_bias_ms"]) < 1000 / 30
    assert abs(r["pelvic_drop_bias_deg"]) < 1.0
    assert r["pelvic_drop_mae_deg"] < 2.0


@pytest.mark.parametrize(
    ("yaw", "view"),
    [(0.0, View.SIDE), (-20.0, View.SIDE), (-45.0, View.OBLIQUE), (45.0, View.OBLIQUE),
     (-70.0, View.REAR), (-90.0, View.REAR)],
)  # fmt: skip
def test_the_camera_angle_gives_the_view(trial: Trial, yaw: float, view: View) -> None:
    p, rate, ic, _ = trial
    r = gait_accuracy.score_values(p, rate, ic, mocap.Camera(yaw_deg=yaw), 30.0, None)
    assert abs(r["yaw_deg"] - abs(yaw)) < 10
    assert r["view"] == {View.SIDE: 0, View.OBLIQUE: 1, View.REAR: 2}[view]


def test_an_oblique_clip_gives_timing_only_and_says_which_angle_the_rest_needs(
    trial: Trial,
) -> None:
    p, rate, ic, _ = trial
    m = analyse(mocap.film(p, rate, 30.0, mocap.Camera(yaw_deg=-45.0)))
    assert m.view is View.OBLIQUE
    assert {k for s in m.steps for k in s.values} == {"step_time_ms"}
    assert abs(m.cadence_spm - 60 * (len(ic) - 1) / (ic[-1] - ic[0])) < 1.0
    assert any("square from the side" in n and "from behind" in n for n in m.notes)
    assert evaluate_cues(m) == []  # no side or rear rule reads an oblique clip


def test_step_length_from_the_video_is_within_its_stated_uncertainty(trial: Trial) -> None:
    # The treadmill ran at 3.5 m/s: belt speed x the force plate's step time is the truth.
    p, rate, ic, _ = trial
    truth_cm = 350 * float(np.mean(np.diff(ic)))
    m = analyse(mocap.film(p, rate, 30.0, mocap.Camera()), None, gait_accuracy.HEIGHT_MM / 10)
    for side in Side:
        assert m.per_side[side]["step_length_cm"].mean == pytest.approx(truth_cm, rel=0.10)
        vr = m.per_side[side]["vertical_ratio_pct"].mean
        assert 4.0 < vr < 12.0  # Garmin's gauge spans about 6-10%


@pytest.mark.parametrize(("filmed", "factor"), [(60.0, 2), (120.0, 4)])
def test_the_mocap_filmed_in_slow_motion_and_played_at_30_is_refused(
    trial: Trial, filmed: float, factor: int
) -> None:
    p, rate, _, _ = trial
    kp = mocap.film(p, rate, filmed, mocap.Camera())
    with pytest.raises(SlowMotionError) as exc:
        analyse(KeypointSeries(kp.xyv, 30.0, kp.width, kp.height), None, 181.0)
    assert f"--fps {filmed:.0f}" in exc.value.user_message
    assert f"1/{factor} speed" in exc.value.user_message


def test_a_rear_view_without_wrists_gives_no_arm_measures(trial: Trial) -> None:
    # The mocap has no arms: its wrists are invisible, so the arm measures are left out.
    p, rate, _, _ = trial
    kp, _ = mocap.project(p, rate, "rear", 30.0, 2.0)
    m = analyse(kp, None, 181.0)
    assert m.view is View.REAR
    assert not any("arm_crossover_leg" in s.values for s in m.steps)
    assert ARMS_UNSEEN_NOTE in m.notes
