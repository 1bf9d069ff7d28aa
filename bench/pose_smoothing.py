"""MediaPipe's causal landmark smoothing against none, on poses saved by
bench/gait_camera_video.py --save-poses (a check, not a target).

Run: python bench/pose_smoothing.py ON_DIR OFF_DIR [--vis-hz 2]
     python bench/pose_smoothing.py --side-mocap [--fps 60,30] [--keypoints-only]
    (ON_DIR from `gait_camera_video.py [--rear 8] --save-poses ON_DIR`, OFF_DIR the same with
    --unsmoothed)

Per clip: the confident-pose share (quality.confident_frames), the frame-to-frame jitter of
the leg keypoints' visibility, and the contacts scored as that bench scores them, for the
smoothed poses, the unsmoothed ones, and the unsmoothed ones with their visibility low-passed
with zero lag at --vis-hz (the offline counterpart of MediaPipe's causal visibility filter).

--side-mocap: the Fukuchi 2017 RBDS001 treadmill run (3.5 m/s) drawn as the 3D mannequin and
filmed square-on from the side (4 m, hip high), through BlazePose with and without its
smoothing: contacts against the force plate, and the video step length (scaled by the
subject's height) against belt speed x the force plate's step time, as gait_accuracy.py
--spatial scores keypoints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gait_camera_video as gcv
from kneecap.domain.gait.filtering import lowpass
from kneecap.domain.gait.keypoints import LEG, KeypointSeries, Side
from kneecap.domain.gait.metrics import analyse
from kneecap.domain.gait.quality import confident_frames

LEG_IDX = [getattr(LEG[s], j) for s in Side for j in ("hip", "knee", "ankle", "heel", "toe")]


def load(path: Path) -> KeypointSeries:
    d = np.load(path)
    return KeypointSeries(d["xyv"], float(d["fps"]), int(d["width"]), int(d["height"]))


def steady_visibility(kp: KeypointSeries, hz: float) -> KeypointSeries:
    xyv = kp.xyv.copy()
    vis = np.nan_to_num(xyv[:, :, 2], nan=0.0)
    xyv[:, :, 2] = np.clip(lowpass(vis, kp.fps, hz), 0.0, 1.0)
    return KeypointSeries(xyv, kp.fps, kp.width, kp.height)


def jitter(kp: KeypointSeries) -> float:
    return float(np.nanmedian(np.abs(np.diff(kp.xyv[:, LEG_IDX, 2], axis=0))))


def score(kp: KeypointSeries, name: str, ref: gcv.RearReference | None, seconds: float) -> str:
    try:
        m = analyse(kp, None)
    except Exception as exc:  # a refusal is a result here
        return f"refused: {type(exc).__name__}"
    if ref is not None:
        return gcv.rear_scores(m, kp.fps, seconds, ref)[:150]
    refs = gcv.reference_contacts(seconds)
    ics = np.array([s.ic_frame / kp.fps for s in m.steps])
    inside = ics[(ics > gcv.EDGE_S) & (ics < seconds - gcv.EDGE_S)]
    got = gcv.matched(inside, refs)
    signed = np.array(list(got.values()))
    return (
        f"missed {len(refs) - len(got):2d} doubled {max(0, len(inside) - len(got)):2d} "
        f"IC |err| mean {np.abs(signed).mean() * kp.fps:.2f} frames, bias "
        f"{1000 * signed.mean():+3.0f} ms"
    )


def side_mocap(rates: list[float]) -> int:
    import tempfile

    import gait_accuracy
    import mannequin3d
    import mocap
    from kneecap.adapters.video.pipeline import analyze_video
    from kneecap.adapters.video.segments import MediaPipeFactory

    seconds = 8.0
    _, p, ref = gcv.rear_reference(seconds)
    truth_cm = 100 * gait_accuracy.BELT_MS * float(np.mean(np.diff(ref.refs)))
    print(f"step length reference {truth_cm:.1f} cm; {len(ref.refs)} force-plate contacts")
    run = gcv.gaps_filled(mocap.load_c3d(mocap.DATA / "RBDS001runT35.c3d"))
    with tempfile.TemporaryDirectory() as tmp:
        for fps in rates:
            clip = Path(tmp) / "side.mp4"
            if "--keypoints-only" not in sys.argv:
                gcv.film_rear(clip, p, run.rate, fps, mocap.Camera(), seconds)
            bodies, view = gcv.mannequin_shot(p, run.rate, fps, mocap.Camera(), seconds)
            kp = mannequin3d.keypoints(bodies, view, fps, 2.0)
            m = analyse(kp, None, gait_accuracy.HEIGHT_MM / 10)
            step = float(np.mean([m.per_side[s]["step_length_cm"].mean for s in Side]))
            print(
                f"{fps:3.0f} fps keypoints (2 px noise, no pose model) step length {step:.1f} cm "
                f"({100 * (step / truth_cm - 1):+.1f}%)  "
                f"{gcv.rear_scores(m, fps, seconds, ref)[:150]}",
                flush=True,
            )
            if "--keypoints-only" in sys.argv:
                continue
            for smooth in (True, False):
                res = analyze_video(
                    clip, height_cm=gait_accuracy.HEIGHT_MM / 10, processes=1,
                    factory=MediaPipeFactory(smooth_landmarks=smooth),
                )  # fmt: skip
                m = res.metrics
                step = float(np.mean([m.per_side[s]["step_length_cm"].mean for s in Side]))
                print(
                    f"{fps:3.0f} fps {'smoothed  ' if smooth else 'unsmoothed'} "
                    f"confident {confident_frames(res.keypoints).mean():.3f}  "
                    f"step length {step:.1f} cm ({100 * (step / truth_cm - 1):+.1f}%)  "
                    f"{gcv.rear_scores(m, fps, seconds, ref)[:150]}",
                    flush=True,
                )
    return 0


def main(on_dir: Path, off_dir: Path, hz: float) -> int:
    import mocap

    ref8 = gcv.rear_reference(8.0)[2] if mocap.DATA.is_dir() else None
    for on_path in sorted(on_dir.glob("*.npz")):
        off_path = off_dir / on_path.name
        if not off_path.is_file():
            continue
        rear = on_path.name.startswith("rear")
        ref = ref8 if rear else None
        seconds = 8.0 if rear else 12.0
        print(on_path.stem)
        on, off = load(on_path), load(off_path)
        for label, kp in (("smoothed", on), ("unsmoothed", off), (f"+vis {hz:g} Hz", None)):
            kp = kp if kp is not None else steady_visibility(off, hz)
            print(
                f"  {label:12s} confident {confident_frames(kp).mean():.3f} "
                f"vis jitter {jitter(kp):.4f}  {score(kp, on_path.stem, ref, seconds)}"
            )
    return 0


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--side-mocap" in argv:
        rates = argv[argv.index("--fps") + 1] if "--fps" in argv else "60,30"
        raise SystemExit(side_mocap([float(r) for r in rates.split(",")]))
    hz = float(argv[argv.index("--vis-hz") + 1]) if "--vis-hz" in argv else 2.0
    dirs = [a for a in argv if not a.startswith("--")][:2]
    raise SystemExit(main(Path(dirs[0]), Path(dirs[1]), hz))
