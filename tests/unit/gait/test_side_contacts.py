"""Side-view contacts where the foot is not seen at contact, or its stance runs off the clip."""

import numpy as np
import pytest

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
