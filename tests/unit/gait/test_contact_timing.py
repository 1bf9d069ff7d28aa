"""Initial contact as the half-way point of the heel's step to its stance velocity."""

import numpy as np
import pytest

from kneecap.domain.gait.events import heel_caught
from kneecap.domain.gait.filtering import lowpass
from kneecap.domain.gait.keypoints import FloatArray

CONTACT_S = 1.0
BELT_LEG_PER_S = -3.5  # a 3.5 m/s belt under a ~1 m leg, relative to the pelvis


def _heel(fps: float) -> FloatArray:
    """Heel ahead of the pelvis (leg lengths): the foot swings forward, is pulled back for
    30 ms before it lands (its forward extreme comes first), then the ground carries it back."""
    t = np.arange(0, 2.0, 1 / fps)
    extreme = CONTACT_S - 0.03
    swing = 0.3 - 8.0 * (t - extreme) ** 2
    at_contact = 0.3 - 8.0 * 0.03**2
    stance = at_contact + BELT_LEG_PER_S * (t - CONTACT_S)
    return np.asarray(np.where(t < CONTACT_S, swing, stance), dtype=np.float64)


@pytest.mark.parametrize("fps", [24.0, 30.0, 60.0, 120.0])
def test_contact_is_found_at_the_step_not_at_the_forward_extreme(fps: float) -> None:
    heel = lowpass(_heel(fps), fps, 10.0)
    i = int(np.argmax(heel[: int(1.2 * fps)]))
    assert (CONTACT_S * fps - i) > 0.5 * 0.03 * fps  # Zeni's extreme: early
    assert heel_caught(heel, i, fps) == pytest.approx(CONTACT_S * fps, abs=0.3)


def test_a_stance_running_off_the_clip_keeps_the_forward_extreme() -> None:
    fps = 30.0
    heel = lowpass(_heel(fps), fps, 10.0)[: int(1.05 * fps)]
    i = int(np.argmax(heel))
    assert abs(heel_caught(heel, i, fps) - i) <= 0.5
