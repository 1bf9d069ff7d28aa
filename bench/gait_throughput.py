"""Throughput of the video pipeline (nothing downloaded).

Run: python bench/gait_throughput.py [n_frames] [--whole-only]

1. Whole process: `kneecap gait analyze` as its own process, start-up included, with pose on 1
   and on 2 processes (segments stitched), on the real 12 s 30 fps phone clip scaled up to
   1080x1920 (../shared/data/gait/video; the procedural mannequin at 1080p where it is
   absent), and pose alone (BlazePose on the clip's 480 px frames, pre-decoded, one process)
   as the same run's baseline. Prints fps of each, the ratio to pose alone, and peak memory:
   ru_maxrss of each analysis process from wait4 (the largest single process among it and
   the pose processes it waited for; not their sum).
2. Stages, on a synthesised 1080p clip (scikit-image's astronaut sliding across the frame: a
   real person for BlazePose but no running, so the domain runs on synthetic keypoints of the
   same length): decode alone, pose alone, decode+pose, domain, annotated video.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.synthetic import person_frames, stick_runner, write_clip

from kneecap.adapters.video.crowd import SECOND_LOOK_SAMPLES, another_person_seen
from kneecap.adapters.video.decode import iter_frames
from kneecap.adapters.video.pipeline import (
    ANNOTATED_MAX_SIDE,
    POSE_MAX_SIDE,
    _annotate,
    estimate_keypoints,
)
from kneecap.adapters.video.pose_mediapipe import MediaPipePose
from kneecap.adapters.video.probe import probe
from kneecap.domain.gait.metrics import analyse

ROOT = Path(__file__).resolve().parents[1]
REAL_CLIP = ROOT.parent / "shared" / "data" / "gait" / "video" / "treadmill_side_30fps.mp4"


def clip_1080(path: Path) -> tuple[Path, str]:
    """The real clip scaled up to 1080x1920 (portrait, as filmed), else the mannequin."""
    import av

    from kneecap.adapters.video.decode import iter_frames
    from kneecap.adapters.video.mannequin import procedural_keypoints
    from kneecap.adapters.video.mannequin import write_clip as write_mannequin

    if not REAL_CLIP.is_file():
        size = (1920, 1080)
        write_mannequin(path, procedural_keypoints(30, 12.0, size), 30, size, 360)
        return path, "procedural mannequin, 12 s 30 fps 1920x1080"
    import cv2

    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = 1080, 1920, "yuv420p"
        s.options = {"preset": "veryfast", "crf": "20"}
        for rgb in iter_frames(REAL_CLIP):
            big = np.asarray(cv2.resize(rgb, (1080, 1920)), dtype=np.uint8)
            for pkt in s.encode(av.VideoFrame.from_ndarray(big, format="rgb24")):
                c.mux(pkt)
        for pkt in s.encode():
            c.mux(pkt)
    return path, "real treadmill phone clip, 12 s 30 fps, scaled to 1080x1920"


def whole_process(clip: Path, processes: int, out: Path) -> tuple[float, int, int]:
    """Seconds, exit status and peak RSS (MiB) of `kneecap gait analyze` in its own process."""
    cmd = [sys.executable, "-m", "kneecap.cli", "gait", "analyze", str(clip)]
    cmd += ["--processes", str(processes), "--out", str(out), "--json"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return seconds, proc.returncode, usage.ru_maxrss // 1024


def _summary(path: Path) -> str:
    """View, cadence, steps and contact frames of one analysis (its metrics.json)."""
    import json

    if not path.is_file():
        return "no analysis written"
    d = json.loads(path.read_text())
    frames = [round(s["ic_frame"], 1) for s in d["steps"]]
    return (
        f"view {d['view']}, cadence {d['cadence_spm']} steps/min, {d['n_steps']} steps, "
        f"contacts at frames {frames}"
    )


def whole(frames_note: str = "") -> None:
    from kneecap.adapters.video.decode import iter_frames
    from kneecap.adapters.video.pose_mediapipe import MediaPipePose
    from kneecap.adapters.video.probe import probe

    with tempfile.TemporaryDirectory() as tmp:
        clip, what = clip_1080(Path(tmp) / "clip1080.mp4")
        info = probe(clip)
        n = round(info.duration_s * info.fps)
        small = list(iter_frames(clip, POSE_MAX_SIDE))
        with MediaPipePose() as pose:
            t = time.perf_counter()
            for f in small:
                pose.estimate(f)
            t_pose = time.perf_counter() - t
        del small
        runs = [(p, *whole_process(clip, p, Path(tmp) / f"out{p}")) for p in (1, 2)]
        found = [_summary(Path(tmp) / f"out{p}" / "metrics.json") for p in (1, 2)]
    print(f"whole process: {what} ({n} frames)")
    print(f"  pose alone, 1 process, {POSE_MAX_SIDE}px frames:  {n / t_pose:6.1f} fps  (baseline)")
    for p, seconds, rc, rss in runs:
        print(
            f"  kneecap gait analyze --processes {p}: {seconds:6.2f} s  {n / seconds:6.1f} fps  "
            f"{seconds / t_pose:5.2f}x pose alone  exit {rc}  peak RSS {rss} MiB"
        )
    for p, got in zip((1, 2), found, strict=True):
        print(f"  --processes {p}: {got}")
    if found[0] == found[1]:
        print("  1 and 2 processes: the same view, cadence, steps and contact frames")
    print(f"  clip length {info.duration_s:.1f} s; cores available {os.cpu_count()}")
    print(f"  load average before/after: {frames_note} / {os.getloadavg()}")


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
            every = max(1, n // SECOND_LOOK_SAMPLES)
            out = Path(tmp) / "annotated.mp4"
            kp, samples = estimate_keypoints(clip, info, pose, lambda _: None, every)
            t1 = time.perf_counter()
            another_person_seen(samples, second)
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
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    whole(str(os.getloadavg()))
    if "--whole-only" not in sys.argv:
        main(int(args[0]) if args else 300)
