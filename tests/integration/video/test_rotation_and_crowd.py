"""Portrait phone clips (display-matrix rotation) come out upright; a second person in view
is noticed; the annotated video is browser-playable H.264 with every frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from kneecap.adapters.video.crowd import another_person_seen
from kneecap.adapters.video.decode import iter_frames
from kneecap.adapters.video.pipeline import analyze_video
from kneecap.adapters.video.pose_mediapipe import MediaPipePose
from kneecap.adapters.video.probe import probe
from tests.support.runner_video import (
    draw_runner,
    keypoints,
    mocap_available,
    write_runner_clip,
)

pytestmark = [
    pytest.mark.xdist_group("video"),
    pytest.mark.skipif(not mocap_available(), reason="../shared/data mocap absent"),
]


def test_a_portrait_clip_with_rotation_metadata_is_decoded_upright(tmp_path: Path) -> None:
    clip = write_runner_clip(tmp_path / "p.mp4", 6.5, 30, (270, 480), portrait_rotation=True)
    info = probe(clip)
    assert (info.width, info.height, info.rotation) == (270, 480, 270)
    first = next(iter_frames(clip, None, info.rotation))
    upright = draw_runner(keypoints(30, (270, 480))[0], (270, 480), 0.0, 2.8)
    assert first.shape == upright.shape
    assert np.abs(first.astype(int) - upright).mean() < 3  # only H.264 loss remains


def _pose_frame(size: tuple[int, int], shift: float = 0.0) -> npt.NDArray[np.uint8]:
    xyv = keypoints(30, size)[10].copy()
    xyv[:, 0] += shift * size[0]
    return draw_runner(xyv, size, 0.3, 2.8)


def test_a_second_person_is_noticed_and_a_lone_runner_is_not() -> None:
    size = (960, 540)
    alone = _pose_frame(size, -0.2)
    right = _pose_frame(size, 0.2)
    pair = np.where(right < 140, right, alone)  # two figures side by side on one backdrop
    with MediaPipePose() as track, MediaPipePose(static_image_mode=True) as second:
        samples_alone = [(alone, track.estimate(alone))]
    with (
        MediaPipePose(static_image_mode=True) as first,
        MediaPipePose(static_image_mode=True) as second,
    ):
        samples_pair = [(pair, first.estimate(pair))]
        assert np.isfinite(samples_pair[0][1][23, 0])
        assert another_person_seen(samples_pair, second)
        assert not another_person_seen(samples_alone, second)


@pytest.mark.slow
def test_the_annotated_video_is_h264_with_every_frame(tmp_path: Path) -> None:
    import av

    clip = write_runner_clip(tmp_path / "r.mp4", 7.0, 30, (480, 270))
    result = analyze_video(clip, None, 181.0, tmp_path / "out")
    assert result.metrics.cadence_spm > 140 and len(result.metrics.steps) >= 8
    with av.open(str(result.files["video"])) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264" and s.codec_context.pix_fmt == "yuv420p"
        assert sum(1 for _ in c.decode(s)) == result.keypoints.n_frames
