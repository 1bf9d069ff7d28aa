"""Throughput of the video pipeline on a synthesised 1080p clip (nothing downloaded).

Run: python bench/gait_throughput.py [n_frames]

The clip is scikit-image's astronaut photo sliding across a 1920x1080 frame (H.264). It has a
real person for BlazePose but no running, so the domain stage runs on synthetic running
keypoints of the same length. Prints fps of decode alone, pose alone (on pre-decoded frames),
and the whole pipeline (decode+pose overlapped, domain, then the annotated video drawn with the
contacts known), and the ratio of the
whole pipeline's time to pose alone (goal: whole >= 60 fps and <= 1.3x pose alone).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.synthetic import person_frames, stick_runner, write_clip

from kneecap.adapters.video.crowd import SECOND_LOOK_SAMPLES, another_person_seen
from kneecap.adapters.video.decode import iter_frames
from kneecap.adapters.video.pipeline import (
    ANNOTATED_MAX_SIDE,
    POSE_MAX_SIDE,
    _annotate,
    _Samples,
    estimate_keypoints,
)
from kneecap.adapters.video.pose_mediapipe import MediaPipePose
from kneecap.adapters.video.probe import probe
from kneecap.domain.gait.metrics import analyse


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clip = write_clip(Path(tmp) / "bench1080.mp4", person_frames(n, (1920, 1080)))
        info = probe(clip)
        t = time.perf_counter()
        count = sum(1 for _ in iter_frames(clip))
        dec_full = count / (time.perf_counter() - t)
        t = time.perf_counter()
        small = list(iter_frames(clip, POSE_MAX_SIDE))
        dec_small = len(small) / (time.perf_counter() - t)
        with MediaPipePose() as pose:
            t = time.perf_counter()
            for f in small:
                pose.estimate(f)
            t_pose = time.perf_counter() - t
        with MediaPipePose() as full_pose:
            t = time.perf_counter()
            for f in iter_frames(clip):
                full_pose.estimate(f)
            pose_full_fps = n / (time.perf_counter() - t)
        with MediaPipePose() as pose, MediaPipePose(static_image_mode=True) as second:
            t0 = time.perf_counter()
            samples = _Samples(max(1, n // SECOND_LOOK_SAMPLES))
            out = Path(tmp) / "annotated.mp4"
            kp = estimate_keypoints(clip, info, pose, lambda _: None, None, samples)
            t1 = time.perf_counter()
            another_person_seen(samples.frames, second)
            metrics = analyse(stick_runner(170, info.fps, n / info.fps))
            t2 = time.perf_counter()
            # Drawn after the analysis (contacts and gaps marked), as analyze_video does.
            _annotate(clip, info, kp, metrics, out)
            t3 = time.perf_counter()
    total = t3 - t0
    print(f"frames: {n} at 1920x1080, {info.fps:.0f} fps clip")
    print(f"decode alone, full 1080p RGB:          {dec_full:7.1f} fps")
    print(f"decode alone, scaled to {POSE_MAX_SIDE}px:         {dec_small:7.1f} fps")
    print(f"pose alone on full 1080p frames:       {pose_full_fps:7.1f} fps  (baseline)")
    print(f"pose alone on {POSE_MAX_SIDE}px frames:           {n / t_pose:7.1f} fps")
    print(f"decode+pose (overlapped):              {n / (t1 - t0):7.1f} fps")
    print(f"second-person check + domain:          {(t2 - t1) * 1000:7.0f} ms")
    label = f"annotated {ANNOTATED_MAX_SIDE}px video (after):"
    print(f"{label:39s}{n / (t3 - t2):7.1f} fps")
    print(f"whole pipeline:                        {n / total:7.1f} fps")
    print(
        f"whole / pose-alone({POSE_MAX_SIDE}px) time:       {total / t_pose:7.2f}x  (goal <= 1.3)"
    )
    print(f"whole / pose-alone(1080p) time:        {total / (n / pose_full_fps):7.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
