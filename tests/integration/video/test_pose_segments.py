"""Pose on segments of a clip in parallel processes, stitched: the same keypoints, in the same
frames, as one run through the whole clip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kneecap.adapters.video import segments
from kneecap.adapters.video.pipeline import analyze_video, estimate_keypoints
from kneecap.adapters.video.probe import probe
from kneecap.adapters.video.segments import (
    MIN_SEGMENT_FRAMES,
    WARMUP_FRAMES,
    MediaPipeFactory,
    bounds,
    end_started,
    pose_segment,
    prestart,
    process_count,
)
from tests.fakes.video import ReplayFactory, ReplayPose
from tests.support.synthetic import person_frames, stick_runner, write_clip

pytest.importorskip("skimage")
pytestmark = pytest.mark.xdist_group("video")


def test_segments_cover_the_clip_and_short_clips_stay_in_one_process() -> None:
    assert bounds(300, 2) == [(0, 150), (150, None)]
    assert bounds(301, 3) == [(0, 100), (100, 201), (201, None)]
    assert process_count(2, 10 * MIN_SEGMENT_FRAMES) == 2
    assert process_count(4, MIN_SEGMENT_FRAMES + 1) == 1  # too short to be worth a process
    assert process_count(1, 10_000) == 1
    assert process_count(0, 10_000) >= 1  # the cores available


def test_a_later_segment_warms_the_tracker_up_on_frames_it_does_not_keep(
    tmp_path: Path,
) -> None:
    kp = stick_runner(168, 30, 9)
    clip = write_clip(tmp_path / "run.mp4", person_frames(kp.n_frames, (320, 240)))
    seg = pose_segment(clip, 0, 480, 100, 160, ReplayFactory(kp.xyv, 1.0))
    assert seg.start == 100 and len(seg.rows) == 60
    # The factory was asked for a pose starting WARMUP_FRAMES early; kept rows are frame 100 on.
    np.testing.assert_array_equal(seg.rows[0], kp.xyv[100])
    assert WARMUP_FRAMES > 0


@pytest.mark.slow
def test_two_processes_give_the_keypoints_and_analysis_of_one(tmp_path: Path) -> None:
    kp = stick_runner(168, 30, 10)
    clip = write_clip(tmp_path / "run.mp4", person_frames(kp.n_frames, (500, 450)))
    info = probe(clip)
    one, _ = estimate_keypoints(clip, info, ReplayPose(kp.xyv, 0.5), lambda _: None)
    two, _ = estimate_keypoints(
        clip, info, None, lambda _: None, processes=2, factory=ReplayFactory(kp.xyv, 0.5)
    )
    np.testing.assert_array_equal(one.xyv, two.xyv)
    a = analyze_video(clip, None, 180, None, pose=ReplayPose(kp.xyv, 0.5))
    b = analyze_video(clip, None, 180, None, processes=2, factory=ReplayFactory(kp.xyv, 0.5))
    assert a.metrics.cadence_spm == b.metrics.cadence_spm
    assert [s.ic_frame for s in a.metrics.steps] == [s.ic_frame for s in b.metrics.steps]


@pytest.mark.slow
def test_processes_started_before_the_probe_pose_the_segments_they_are_given(
    tmp_path: Path,
) -> None:
    kp = stick_runner(168, 30, 10)
    clip = write_clip(tmp_path / "run.mp4", person_frames(kp.n_frames, (500, 450)))
    info = probe(clip)
    one, _ = estimate_keypoints(clip, info, ReplayPose(kp.xyv, 0.5), lambda _: None)
    factory = ReplayFactory(kp.xyv, 0.5)
    prestart(2, factory)
    waiting = [w.process for w in segments._started]
    assert len(waiting) == 1 and waiting[0].is_alive()
    two, _ = estimate_keypoints(clip, info, None, lambda _: None, processes=2, factory=factory)
    np.testing.assert_array_equal(one.xyv, two.xyv)
    assert segments._started == [] and not waiting[0].is_alive()  # adopted, then joined


def test_prestarted_processes_no_analysis_takes_are_ended() -> None:
    prestart(2, ReplayFactory(np.zeros((1, 33, 3)), 1.0))
    waiting = [w.process for w in segments._started]
    assert MediaPipeFactory() == MediaPipeFactory()  # any default one adopts them
    end_started()
    assert segments._started == [] and not any(p.is_alive() for p in waiting)
