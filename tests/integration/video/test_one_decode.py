"""The clip is decoded once: the pose pass keeps each frame at the annotated video's size, the
annotated video is drawn on those frames, and the pose frames are exactly those of before."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

from kneecap.adapters.video import pipeline
from kneecap.adapters.video.decode import iter_pictures, iter_sizes, iter_with_picture
from kneecap.adapters.video.mannequin import procedural_keypoints, write_clip
from kneecap.adapters.video.pictures import Pictures
from kneecap.adapters.video.pipeline import analyze_video
from kneecap.adapters.video.probe import probe
from tests.fakes.video import ReplayFactory, ReplayPose
from tests.support.synthetic import person_frames, stick_runner
from tests.support.synthetic import write_clip as write_frames

pytestmark = pytest.mark.xdist_group("video")


def _mean_diff(a: npt.NDArray[np.uint8], b: npt.NDArray[np.uint8]) -> float:
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


def _as_rgb(pictures: Pictures) -> list[npt.NDArray[np.uint8]]:
    """The kept pictures as the annotated video is drawn on them (take_i420), in RGB."""
    import cv2

    return [
        np.asarray(cv2.cvtColor(f, cv2.COLOR_YUV2RGB_I420), dtype=np.uint8)
        for f in pictures.take_i420()
    ]


@pytest.mark.parametrize("rotated", [False, True])
def test_pose_frames_are_unchanged_and_pictures_match_a_second_decode(
    tmp_path: Path, rotated: bool
) -> None:
    size = (640, 360)
    kp = procedural_keypoints(30, 1.0, size)
    clip = write_clip(tmp_path / "m.mp4", kp, 30, size, 300, portrait_rotation=rotated)
    rotation = probe(clip).rotation
    assert (rotation != 0) == rotated
    both = list(iter_with_picture(clip, 160, 320, rotation, 2, 9))
    before = list(iter_sizes(clip, (160, 320), rotation, 2, 9))
    assert len(both) == len(before) == 7
    for (small, i420), (small_before, medium) in zip(both, before, strict=True):
        np.testing.assert_array_equal(small, small_before)  # what pose sees: bit for bit
        pictures = Pictures()
        pictures.add(i420)
        (rgb,) = _as_rgb(pictures)
        assert rgb.shape == medium.shape
        assert _mean_diff(rgb, medium) < 3  # the same picture, colour rounding aside


def test_frames_past_the_raw_budget_are_jpeg_and_past_the_jpeg_budget_none() -> None:
    import cv2

    y, x = np.mgrid[0:96, 0:128]
    rgb = np.stack([2 * x, 2 * y, 255 - x - y], axis=-1).astype(np.uint8)  # smooth, as video is
    cv2.circle(rgb, (64, 48), 20, (240, 240, 240), -1)

    i420 = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)
    kept = Pictures(budget=2 * i420.nbytes, jpeg_budget=10**9)
    for _ in range(5):
        kept.add(i420)
    assert len(kept) == 5 and kept.complete
    assert sum(isinstance(f, bytes) for f in kept.frames) == 3
    assert kept.raw_bytes == 2 * i420.nbytes
    out = _as_rgb(kept)
    assert all(_mean_diff(f, out[0]) < 2 for f in out[2:])  # JPEG ~ raw

    bounded = Pictures(budget=i420.nbytes, jpeg_budget=1)
    for _ in range(3):
        bounded.add(i420)
    assert not bounded.complete and len(bounded) == 0  # dropped: decoded again later


def _frames(path: Path) -> list[npt.NDArray[np.uint8]]:
    with av.open(str(path)) as c:
        return [
            np.asarray(f.to_ndarray(format="rgb24"), dtype=np.uint8)
            for f in c.decode(c.streams.video[0])
        ]


def _runner_clip(tmp_path: Path) -> tuple[Path, npt.NDArray[np.float64]]:
    kp = stick_runner(168, 30, 10)
    return write_frames(tmp_path / "run.mp4", person_frames(kp.n_frames, (500, 450))), kp.xyv


def test_the_annotated_video_is_drawn_on_the_kept_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip, xyv = _runner_clip(tmp_path)
    again_decodes: list[Path] = []
    real = iter_pictures

    def watched(path: Path, *a: int) -> object:
        again_decodes.append(path)
        return real(path, *a)

    monkeypatch.setattr(pipeline, "iter_pictures", watched)
    with monkeypatch.context() as m:  # as before: the annotated video decodes the clip again
        m.setattr(pipeline, "_pictures", lambda _segments: None)
        again = analyze_video(clip, None, 180, tmp_path / "again", pose=ReplayPose(xyv, 0.5))
    assert again_decodes == [clip]
    once = analyze_video(clip, None, 180, tmp_path / "once", pose=ReplayPose(xyv, 0.5))
    assert again_decodes == [clip]  # no second decode for the annotated video
    assert once.to_dict() == again.to_dict()
    a, b = _frames(once.files["video"]), _frames(tmp_path / "again" / "annotated.mp4")
    assert len(a) == len(b) == once.keypoints.n_frames
    assert max(_mean_diff(x, y) for x, y in zip(a, b, strict=True)) < 3


@pytest.mark.slow
def test_two_processes_give_the_analysis_and_annotated_video_of_one(tmp_path: Path) -> None:
    clip, xyv = _runner_clip(tmp_path)
    one = analyze_video(clip, None, 180, tmp_path / "one", pose=ReplayPose(xyv, 0.5))
    two = analyze_video(
        clip, None, 180, tmp_path / "two", processes=2, factory=ReplayFactory(xyv, 0.5)
    )
    # (Without a pose object the second-person check runs BlazePose: its note may differ.)
    assert {**one.to_dict(), "notes": []} == {**two.to_dict(), "notes": []}
    a, b = _frames(one.files["video"]), _frames(two.files["video"])
    assert len(a) == len(b) == one.keypoints.n_frames
    assert max(_mean_diff(x, y) for x, y in zip(a, b, strict=True)) < 1  # H.264 noise only


class _BrokenPose:
    def estimate(self, rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.float64]:
        raise ValueError("model failed")

    def close(self) -> None:
        pass


class BrokenFactory:
    """Picklable: the pose of the first segment fails (posed in its own process; the decoding
    process poses the last)."""

    def __init__(self, xyv: npt.NDArray[np.float64]) -> None:
        self.xyv = xyv

    def __call__(self, first: int) -> ReplayPose | _BrokenPose:
        return ReplayFactory(self.xyv, 0.5)(first) if first > 0 else _BrokenPose()


@pytest.mark.slow
def test_a_pose_process_that_fails_fails_the_analysis_and_nothing_hangs(tmp_path: Path) -> None:
    clip, xyv = _runner_clip(tmp_path)
    with pytest.raises(RuntimeError, match="model failed"):
        analyze_video(clip, None, 180, tmp_path / "out", processes=2, factory=BrokenFactory(xyv))
