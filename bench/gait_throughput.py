"""Throughput of the video pipeline (nothing downloaded).

Run: python bench/gait_throughput.py [--whole-only | --stages-only]

Every figure comes with CPU time (user + system, all threads and child processes), which a
loaded machine inflates far less than wall time, and with wall fps; the load average is
printed before and after. The baseline, measured in the same run, is BlazePose alone on
pre-decoded 480 px frames in one process: ratios to it are what to compare between runs.

1. Whole process: `kneecap gait analyze` as its own process, start-up included, with pose on
   1 and on 2 processes (segments stitched), on the real 12 s 30 fps phone clip as filmed
   (720x1280) and scaled up to 1080x1920 (../shared/data/gait/video; the procedural mannequin
   at 1080p where it is absent). Prints seconds, fps, the ratio to pose alone, CPU seconds,
   the floor that CPU time puts under wall time on this machine's cores (CPU / cores: no
   schedule of the work can finish sooner) and peak memory: ru_maxrss of each analysis
   process from wait4 (the largest single process among it and the pose processes it waited
   for; not their sum).
2. Stages, on the 1080p clip: decoding to the pose and the annotated size (the earlier way,
   full-size RGB then shrunk with OpenCV, beside the current one, scaled and converted in
   one libswscale pass), the one decode that gives both the pose frame and the annotated
   video's frame (kept raw, or as JPEG past the memory budget; beside it the earlier way,
   libswscale on its own slice threads and the picture scaled by libswscale), pose alone,
   decode + pose as the pipeline runs them, the second-person check and the gait domain, the
   annotated video's encoding (RGB frames handed to the encoder, the earlier way, beside
   frames converted to I420 with OpenCV; x264 superfast, the earlier preset, beside
   ultrafast, with the file size) and the annotated video drawn on a second decode (the
   earlier way) beside the kept frames (as the pipeline now does); and start-up: the CLI's
   imports, the pose model's load, and MediaPipe's pose solution imported alone (as the
   pipeline does) beside `import mediapipe`.

`uptime` is printed before and after: on a shared machine, compare CPU times and ratios.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kneecap.adapters.video import decode
from kneecap.adapters.video.crowd import SECOND_LOOK_SAMPLES, another_person_seen
from kneecap.adapters.video.decode import RGB, fitted, iter_frames, iter_sizes, iter_with_picture
from kneecap.adapters.video.pictures import Pictures
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


CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def uptime() -> str:
    """`uptime`'s line (load averages over 1, 5 and 15 minutes)."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return f"load average {os.getloadavg()}"


def cpu_s() -> float:
    """CPU seconds of this process so far, all threads."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall s, CPU s) of fn() in this process."""
    c, t = cpu_s(), time.perf_counter()
    fn()
    return time.perf_counter() - t, cpu_s() - c


def run_process(cmd: list[str]) -> tuple[float, float, int, int]:
    """Wall s, CPU s (with the children it waited for), exit status and peak RSS (MiB)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return seconds, usage.ru_utime + usage.ru_stime, proc.returncode, usage.ru_maxrss // 1024


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


def pose_alone(clip: Path) -> tuple[int, float, float]:
    """Frames, wall s and CPU s of BlazePose alone on the clip's pre-decoded pose frames."""
    small = list(iter_frames(clip, POSE_MAX_SIDE))
    with MediaPipePose() as pose:
        wall, cpu = timed(lambda: [pose.estimate(f) for f in small])
    return len(small), wall, cpu


def whole_runs(clip: Path, label: str, tmp: Path) -> None:
    n, t_pose, c_pose = pose_alone(clip)
    print(f"whole process: {label} ({n} frames)")
    print(
        f"  pose alone, 1 process, {POSE_MAX_SIDE}px frames: {n / t_pose:6.1f} fps  "
        f"CPU {1000 * c_pose / n:5.1f} ms/frame  (baseline)"
    )
    found = []
    for p in (1, 2):
        out = tmp / f"{clip.stem}-out{p}"
        cmd = [sys.executable, "-m", "kneecap.cli", "gait", "analyze", str(clip)]
        seconds, cpu, rc, rss = run_process([*cmd, "--processes", str(p), "--out", str(out)])
        floor = cpu / CORES
        print(
            f"  kneecap gait analyze --processes {p}: {seconds:6.2f} s  {n / seconds:6.1f} fps  "
            f"{seconds / t_pose:5.2f}x pose alone  CPU {cpu:5.1f} s "
            f"({cpu / c_pose:4.2f}x pose alone's)  exit {rc}  peak RSS {rss} MiB\n"
            f"      CPU floor on {CORES} cores {floor:5.2f} s = {n / floor:5.1f} fps "
            f"({floor / t_pose:4.2f}x pose alone)"
        )
        found.append(_summary(out / "metrics.json"))
    for p, got in zip((1, 2), found, strict=True):
        print(f"  --processes {p}: {got}")
    if found[0] == found[1]:
        print("  1 and 2 processes: the same view, cadence, steps and contact frames")
    print(f"  clip length {probe(clip).duration_s:.1f} s; {uptime()}")


def whole() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if REAL_CLIP.is_file():
            whole_runs(REAL_CLIP, "real treadmill phone clip, 12 s 30 fps, 720x1280", Path(tmp))
        clip, what = clip_1080(Path(tmp) / "clip1080.mp4")
        whole_runs(clip, what, Path(tmp))
    print(f"  cores available {CORES}")


def _full_then_resize(path: Path, side: int) -> Iterator[RGB]:
    """The earlier decode: whole frame to RGB (OpenCV, from I420), then shrunk (OpenCV)."""
    import av
    import cv2

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            planes = frame.to_ndarray()
            full = np.asarray(cv2.cvtColor(planes, cv2.COLOR_YUV2RGB_I420), dtype=np.uint8)
            small = cv2.resize(
                full, fitted(frame.width, frame.height, side), interpolation=cv2.INTER_AREA
            )
            yield np.asarray(small, dtype=np.uint8)


def _encode(frames: list[RGB], out: Path, i420: bool, preset: str = "superfast") -> None:
    import av
    import cv2

    with av.open(str(out), "w") as c:
        s = c.add_stream("libx264", rate=30)
        s.height, s.width = frames[0].shape[:2]
        s.pix_fmt = "yuv420p"
        s.options = {"preset": preset, "crf": "23"}
        for img in frames:
            if i420:
                yuv = np.asarray(cv2.cvtColor(img, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)
                vf = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
            else:
                vf = av.VideoFrame.from_ndarray(img, format="rgb24")
            for p in s.encode(vf):
                c.mux(p)
        for p in s.encode():
            c.mux(p)


def _count(items: Iterator[object]) -> int:
    return sum(1 for _ in items)


def _kept(clip: Path, budget: int) -> Pictures:
    """The pipeline's one decode: pose frames, and pictures kept within `budget` raw bytes."""
    pictures = Pictures(budget)
    for _small, picture in iter_with_picture(clip, POSE_MAX_SIDE, ANNOTATED_MAX_SIDE):
        pictures.add(picture)
    return pictures


def _sws_i420(frame: Any, size: tuple[int, int]) -> RGB:
    """The earlier picture: libswscale's area scaling to I420."""
    small = frame.reformat(*size, format="yuv420p", interpolation="AREA")
    return np.asarray(small.to_ndarray(format="yuv420p"), dtype=np.uint8)


def _earlier_decode(clip: Path, budget: int) -> Pictures:
    """_kept as it was: libswscale on its own threads, the picture scaled by libswscale."""
    ours, threads = decode._i420_scaled, decode.SWS_THREADS
    decode._i420_scaled, decode.SWS_THREADS = _sws_i420, 0
    try:
        return _kept(clip, budget)
    finally:
        decode._i420_scaled, decode.SWS_THREADS = ours, threads


def _line(label: str, n: int, wall: float, cpu: float, note: str = "") -> None:
    print(f"  {label:46s}{n / wall:7.1f} fps  CPU {1000 * cpu / n:6.1f} ms/frame  {note}")


def _import_cost(code: str) -> float:
    """CPU seconds of a fresh interpreter that runs `code` (start-up included)."""
    return run_process([sys.executable, "-c", code])[1]


def stages() -> None:
    print(f"stages ({uptime()}):")
    with tempfile.TemporaryDirectory() as tmp:
        clip, what = clip_1080(Path(tmp) / "clip1080.mp4")
        info = probe(clip)
        print(f"  on {what}")
        n = round(info.duration_s * info.fps)
        for side in (POSE_MAX_SIDE, ANNOTATED_MAX_SIDE):
            wall, cpu = timed(partial(_count, _full_then_resize(clip, side)))
            _line(f"decode to {side}px, full RGB then shrunk (earlier)", n, wall, cpu)
            wall, cpu = timed(partial(_count, iter_sizes(clip, (side,))))
            _line(f"decode to {side}px, scaled + converted at once", n, wall, cpu)
        wall, cpu = timed(partial(_count, iter_sizes(clip, (POSE_MAX_SIDE, ANNOTATED_MAX_SIDE))))
        _line(f"decode to {POSE_MAX_SIDE} + {ANNOTATED_MAX_SIDE}px RGB at once", n, wall, cpu)
        c, t = cpu_s(), time.perf_counter()
        _earlier_decode(clip, 2**40)
        _line(
            f"decode to {POSE_MAX_SIDE}px + {ANNOTATED_MAX_SIDE}px, libswscale threads (earlier)",
            n,
            time.perf_counter() - t,
            cpu_s() - c,
        )
        kept: dict[str, Pictures] = {}
        for how, budget in (("raw I420", 2**40), ("JPEG", 0)):
            c, t = cpu_s(), time.perf_counter()
            kept[how] = _kept(clip, budget)
            _line(
                f"decode to {POSE_MAX_SIDE}px + {ANNOTATED_MAX_SIDE}px kept {how}",
                n,
                time.perf_counter() - t,
                cpu_s() - c,
                f"{(kept[how].raw_bytes + kept[how].jpeg_bytes) / n / 1024:5.0f} KiB/frame",
            )
        n, t_pose, c_pose = pose_alone(clip)
        _line(f"pose alone on {POSE_MAX_SIDE}px frames", n, t_pose, c_pose, "(baseline)")
        with MediaPipePose() as pose, MediaPipePose(static_image_mode=True) as second:
            every = max(1, n // SECOND_LOOK_SAMPLES)
            c, t = cpu_s(), time.perf_counter()
            kp, samples = estimate_keypoints(clip, info, pose, lambda _: None, every)
            _line(
                "decode + pose (decoding on its own thread)",
                n,
                time.perf_counter() - t,
                cpu_s() - c,
            )
            t = time.perf_counter()
            another_person_seen(samples, second)
            metrics = analyse(kp)
            print(f"  second-person check + domain:  {1000 * (time.perf_counter() - t):6.0f} ms")
        big = list(iter_frames(clip, ANNOTATED_MAX_SIDE))
        for i420, how, preset in (
            (False, "RGB to the encoder (earlier)", "superfast"),
            (True, "I420 from OpenCV (earlier)", "superfast"),
            (True, "I420 from OpenCV", "ultrafast"),
        ):
            out = Path(tmp) / "e.mp4"
            wall, cpu = timed(partial(_encode, big, out, i420, preset))
            size = f"{out.stat().st_size / 2**20:4.1f} MiB"
            _line(f"encode {ANNOTATED_MAX_SIDE}px {preset}, {how}", n, wall, cpu, size)
        del big
        wall, cpu = timed(lambda: _annotate(clip, info, kp, metrics, Path(tmp) / "a.mp4"))
        _line(f"annotated {ANNOTATED_MAX_SIDE}px video, clip decoded again (earlier)", n, wall, cpu)
        for how, pictures in kept.items():
            wall, cpu = timed(
                partial(_annotate, clip, info, kp, metrics, Path(tmp) / "k.mp4", pictures)
            )
            _line(f"annotated {ANNOTATED_MAX_SIDE}px video on the kept {how}", n, wall, cpu)
        del kept
    full = _import_cost("import mediapipe; mediapipe.solutions.pose.Pose")
    lean = _import_cost(
        "from kneecap.adapters.video.pose_mediapipe import _pose_solution; _pose_solution().Pose"
    )
    model = _import_cost(
        "from kneecap.adapters.video.pose_mediapipe import MediaPipePose; MediaPipePose().close()"
    )
    cli = _import_cost("import kneecap.cli.main, av, cv2")
    print(f"  start-up CPU: interpreter + CLI + PyAV + OpenCV {cli:5.2f} s")
    print(f"  start-up CPU: import mediapipe {full:5.2f} s; its pose solution alone {lean:5.2f} s")
    print(f"  start-up CPU: pose solution + BlazePose model loaded {model:5.2f} s")
    print(f"  {uptime()}")


if __name__ == "__main__":
    print(f"before: {uptime()}")
    if "--stages-only" not in sys.argv:
        whole()
    if "--whole-only" not in sys.argv:
        stages()
