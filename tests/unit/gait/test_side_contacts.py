"""Side-view contacts where the foot is not seen at contact, or its stance runs off the clip."""

import numpy as np
import pytest

from kneecap.domain.gait.events import Stance
from kneecap.domain.gait.keypoints import LEG, Side
from kneecap.domain.gait.metrics import UNSEEN_NOTE, analyse
from kneecap.domain.gait.view import View
from tests.support.synthetic import stick_runner

CADENCE = 170.0
STRIDE_S = 120.0 / CADENCE


def _leg(side: Side) -> list[int]:
    return [getattr(LEG[side], j) for j in ("knee", "ankle", "heel", "toe")]


@pytest.mark.parametrize("fps", [24.0, 30.0, 60.0])
def test_a_contact_inside_a_keypoint_dropout_is_timed_from_its_neighbours(fps: float) -> None:
    kp = stick_runner(CADENCE, fps, 10.0)
    # The stick runner's left foot lands at m strides; hide it for 0.25 s around the 7th.
    contact = 7 * STRIDE_S
    xyv = kp.xyv.copy()
    a = round((contact - 0.1) * fps)
    xyv[a : a + round(0.25 * fps), _leg(Side.LEFT), 2] = 0.0
    m = analyse(type(kp)(xyv, fps, kp.width, kp.height), View.SIDE)
    near = [s for s in m.steps if abs(s.ic_frame / fps - contact) < 0.1]
    assert len(near) == 1 and near[0].side is Side.LEFT and near[0].estimated
    # The neighbours are a stride either side: within a frame of the contact itself.
    assert abs(near[0].ic_frame - contact * fps) < 1.0
    assert "knee_flexion_ic_deg" not in near[0].values
    assert not [s for s in m.steps if s.flag]
    assert UNSEEN_NOTE.format(n=1, s="") in m.notes
    assert m.cadence_spm == pytest.approx(CADENCE, abs=1.0)


def test_a_contact_whose_stance_runs_past_the_clip_counts_without_a_toe_off() -> None:
    fps = 60.0
    # The left foot lands 6 frames before the clip ends, its toe-off ~0.25 s later.
    kp = stick_runner(CADENCE, fps, 10 * STRIDE_S + 0.1)
    m = analyse(kp, View.SIDE)
    last = m.steps[-1]
    assert last.to_frame is None
    assert abs(last.ic_frame / fps - 10 * STRIDE_S) < 1.5 / fps
    assert "step_time_ms" in last.values and "knee_flexion_ic_deg" in last.values
    for needs_toe_off in ("contact_time_ms", "hip_extension_to_deg", "knee_flexion_midstance_deg"):
        assert needs_toe_off not in last.values
    # Flight before it and the duty factor of the stride it closes use earlier toe-offs.
    assert "flight_time_ms" in last.values and "duty_factor" in last.values
    assert all(s.to_frame is not None for s in m.steps[:-1])
    assert last.flag is None
    assert m.cadence_spm == pytest.approx(CADENCE, abs=1.0)


def test_swapped_labels_at_the_clip_start_do_not_invert_the_rest() -> None:
    from kneecap.domain.gait.swaps import repair_swaps

    kp = stick_runner(CADENCE, 24.0, 6)
    xyv = kp.xyv.copy()
    left, right = _leg(Side.LEFT), _leg(Side.RIGHT)
    # Frames 1-2 swapped: the continuity check starts from a swapped frame.
    for t in (1, 2, 40, 41, 90):
        xyv[t, left], xyv[t, right] = kp.xyv[t, right], kp.xyv[t, left]
    fixed, runs = repair_swaps(xyv, kp.fps)
    assert np.allclose(fixed[1:], kp.xyv[1:])
    assert runs == 3


def _stance(side: Side, ic: float) -> Stance:
    return Stance(side, ic, ic + 4)


def test_alternation_drops_a_contact_found_on_the_wrong_leg() -> None:
    from kneecap.domain.gait.events import alternating

    real = [_stance(Side.LEFT if k % 2 == 0 else Side.RIGHT, 11.0 * k) for k in range(9)]
    # The pose model labels the right foot left at its contact at frame 33 (a glitch): a left
    # contact there, between two real left ones.
    glitch = _stance(Side.LEFT, 34.0)
    got = alternating(sorted([*real, glitch], key=lambda s: s.ic), 30.0)
    assert got == real


def test_alternation_keeps_the_contacts_either_side_of_a_missed_one() -> None:
    from kneecap.domain.gait.events import alternating

    real = [_stance(Side.LEFT if k % 2 == 0 else Side.RIGHT, 11.0 * k) for k in range(9)]
    missing = [s for s in real if s.ic != 33.0]
    assert alternating(missing, 30.0) == missing


def test_legs_drawn_in_one_place_do_not_start_a_swap() -> None:
    from kneecap.domain.gait.swaps import repair_swaps

    kp = stick_runner(CADENCE, 30.0, 4)
    xyv = kp.xyv.copy()
    left, right = _leg(Side.LEFT), _leg(Side.RIGHT)
    # The model draws both legs half way between them in two frames, labelled right after
    # each: extrapolated from such a frame, each leg seems to have jumped past the other.
    for t in (40, 45):
        xyv[t, left] = xyv[t, right] = (kp.xyv[t, left] + kp.xyv[t, right]) / 2
    fixed, _ = repair_swaps(xyv, kp.fps)
    others = [t for t in range(kp.n_frames) if t not in (40, 45)]
    assert np.allclose(fixed[others], kp.xyv[others])


def test_alternation_keeps_both_sides_of_a_long_unseen_stretch() -> None:
    from kneecap.domain.gait.events import alternating

    real = [_stance(Side.LEFT if k % 2 == 0 else Side.RIGHT, 11.0 * k) for k in range(30)]
    # Ten steps unseen, and the next contact's foot not what the count of them implies.
    kept = real[:10] + [_stance(s.side.other, s.ic + 2.0) for s in real[20:]]
    assert alternating(kept, 30.0) == kept
