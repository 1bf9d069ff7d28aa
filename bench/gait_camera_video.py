"""The whole video pipeline, BlazePose included, on the procedural mannequin runner filmed
through hostile cameras (nothing downloaded; a check, not a target).

Run: python bench/gait_camera_video.py [seconds] [--only TEXT]
    (default 12 s at 30 fps per condition; --only: the conditions whose name holds TEXT,
    after square-on)
     python bench/gait_camera_video.py --rear [seconds] [--fps 30,60] [--only TEXT]
        [--shots DIR]
    (from behind: the mocap runner drawn in 3D, default 8 s; needs ../shared/data/gait and
    the `test` extra: ezc3d; --shots: a picture a second of each clip's first 3 s as PNG)

The mannequin (adapters/video/mannequin.py) runs at 164 steps/min, drawn upright in a
720x1280 portrait frame; each condition then moves the camera by warping the whole picture
(runner, wall and floor): roll, an off-square (keystone) view, a slow pan, a zoom, and all of
them at once. `analyze_video` runs on each clip as on an upload (view detected, one pose
process, no annotated video). Reference contacts are the mannequin's own: its knee curve
starts each stride at initial contact, so leg k touches down at (m - k/2) * 120 / cadence
seconds. Missed: reference contacts with no contact found within 0.1 s (3 frames); doubled:
contacts found that match no reference contact (so one contact displaced by more than 0.1 s
counts once in each). The square-on row shows how far BlazePose + event detection sit from that
definition on an undisturbed picture; each condition's contacts are also compared with the
square-on row's, so what the camera itself adds is visible.

--rear: the treadmill mocap of bench/gait_accuracy.py (Fukuchi 2017 RBDS001, 3.5 m/s) drawn
as a solid mannequin in 3D (mannequin3d.py) and filmed from behind through that bench's rear
cameras: real perspective (the camera 2-5 m away, 0.5-1.5 m high, off square), roll, the
belt and runner tilted in the picture (about the camera's axis), a slow pan across the
picture and a zoom, each applied to the 3D scene, not to the picture, so near and far legs
overlap as they would. Each clip's "keypoints" row is the same joints through the same
camera with 2 px noise and no pose model (what a perfect BlazePose would give), so the
difference between the rows is BlazePose's on this mannequin. The phone is zoomed so that the runner
fills about the same share of the frame at every distance (a phone user frames the runner),
which keeps perspective as the distance makes it. Reference: the force plate's contacts (the
side of each: the lower heel in 3D), 3D pelvic drop at mid-stance, as in gait_accuracy.py.
Side wrong: contacts matched in time but given to the other leg (BlazePose's left/right from
behind). The c3d's marker gaps are filled first (gaps_filled).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gait_accuracy
import mannequin3d
import mocap
from kneecap.adapters.video.mannequin import draw_runner, procedural_keypoints
from kneecap.adapters.video.pipeline import analyze_video
from kneecap.adapters.video.segments import MediaPipeFactory
from kneecap.domain.gait.keypoints import Side
from kneecap.domain.gait.metrics import GaitMetrics, analyse

FPS = 30
SIZE = (720, 1280)  # upright portrait, as a phone films
CADENCE = 164.0  # procedural_keypoints' default
EDGE_S = 0.35  # contacts this close to the clip's ends are not counted
MATCH_S = 0.1  # a contact further than this from every reference one is not a match

Warp = Callable[[float], npt.NDArray[np.float64]]  # seconds -> 3x3 image homography


def _about_centre(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    w, h = SIZE
    to = np.array([[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, 1.0]])
    back = np.array([[1, 0, w / 2], [0, 1, h / 2], [0, 0, 1.0]])
    return np.asarray(back @ m @ to, dtype=np.float64)


def roll(deg: float) -> Warp:
    a = np.radians(deg)
    m = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1.0]])
    return lambda _t: _about_centre(m)


def off_square(strength: float = 0.12) -> Warp:
    """Keystone of a camera turned off square-on: the far side of the picture shrinks."""
    import cv2

    w, h = SIZE
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dy = strength * h / 2
    right = w * (1 - strength)
    dst = np.array([[0, 0], [right, dy], [right, h - dy], [0, h]], dtype=np.float32)
    m = np.asarray(cv2.getPerspectiveTransform(src, dst), dtype=np.float64)
    return lambda _t: m


def pan(px_per_s: float) -> Warp:
    return lambda t: np.array([[1, 0, -px_per_s * t], [0, 1, 0], [0, 0, 1.0]])


def zoom(per_s: float) -> Warp:
    return lambda t: _about_centre(np.diag([1 + per_s * t, 1 + per_s * t, 1.0]))


def combined(*warps: Warp) -> Warp:
    def at(t: float) -> npt.NDArray[np.float64]:
        m = np.eye(3)
        for w in warps:
            m = w(t) @ m
        return m

    return at


CONDITIONS: dict[str, Warp] = {
    "square-on": lambda _t: np.eye(3),
    "roll +5 deg": roll(5.0),
    "roll -5 deg": roll(-5.0),
    "off square (keystone 12%)": off_square(0.12),
    "slow pan (runner drifts 12 px/s)": pan(12.0),
    "zoom +1%/s": zoom(0.01),
    "zoom +3%/s (feet leave the picture)": zoom(0.03),
    "all: roll 3, keystone 8%, pan 4 px/s, zoom 1%/s": combined(
        roll(3.0), off_square(0.08), pan(4.0), zoom(0.01)
    ),
}


def film(path: Path, xyv: npt.NDArray[np.float64], warp: Warp) -> Path:
    import av
    import cv2

    w, h = SIZE
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.options = {"preset": "veryfast", "crf": "20"}
        for i, pts in enumerate(xyv):
            img = draw_runner(pts, SIZE, i / FPS, CADENCE / 120)
            seen = cv2.warpPerspective(img, warp(i / FPS), SIZE, borderMode=cv2.BORDER_REPLICATE)
            frame = av.VideoFrame.from_ndarray(np.asarray(seen, dtype=np.uint8), format="rgb24")
            for pkt in s.encode(frame):
                c.mux(pkt)
        for pkt in s.encode():
            c.mux(pkt)
    return path


def reference_contacts(seconds: float) -> npt.NDArray[np.float64]:
    stride = 120.0 / CADENCE
    t = [(m - k / 2) * stride for k in (0, 1) for m in range(int(seconds / stride) + 2)]
    return np.sort([x for x in t if EDGE_S < x < seconds - EDGE_S])


def matched(ics: npt.NDArray[np.float64], refs: npt.NDArray[np.float64]) -> dict[int, float]:
    """Reference index -> contact minus reference (s), the nearest contact within MATCH_S."""
    out: dict[int, float] = {}
    for t in ics:
        j = int(np.argmin(np.abs(refs - t)))
        if abs(refs[j] - t) <= MATCH_S and (j not in out or abs(t - refs[j]) < abs(out[j])):
            out[j] = float(t - refs[j])
    return out


REAR_NAMES = (
    "square-on 4 m", "roll +5 deg", "roll -5 deg", "2 m, 0.5 m high", "5 m, 1.5 m high",
    "-20 deg off square, 2.5 m", "belt tilted 4 deg", "zoom +3%/s",
)  # fmt: skip
# Across the picture a pan soon takes a treadmill runner out of it (0.3 m/s: gone in 3 s):
# here the runner drifts about a third of the frame's width in 8 s.
ACROSS_MM_S = 75.0


def rear_conditions() -> dict[str, tuple[mocap.Camera, float]]:
    """gait_accuracy.py's cameras from behind (its pixel noise for the keypoint rows)."""
    cams = gait_accuracy.rear_cameras()
    out = {name: cams[name] for name in REAR_NAMES}
    square, noise = cams["square-on 4 m"]
    out[f"slow pan across {ACROSS_MM_S:.0f} mm/s"] = (
        dataclasses.replace(square, pan_mm_s=ACROSS_MM_S),
        noise,
    )
    combined, noise = cams["all of roll 3, tilt 3, 2.5 m low, pan"]
    out["all: roll 3, tilt 3, 2.5 m low, pan"] = (
        dataclasses.replace(combined, pan_mm_s=ACROSS_MM_S / 2),
        noise,
    )
    return out


REAR_SIZE = (720, 1280)
# --save-poses DIR: each clip's raw BlazePose keypoints kept there (npz), so event detection
# can be scored again on them without BlazePose (minutes a clip on a busy 2-core machine).
SAVE_POSES: Path | None = None
# --unsmoothed: BlazePose with MediaPipe's own causal landmark smoothing off.
FACTORY = MediaPipeFactory()


def analysed(clip: Path, key: str) -> GaitMetrics:
    """analyze_video as on an upload; its raw keypoints saved under SAVE_POSES as `key`."""
    res = analyze_video(clip, processes=1, factory=FACTORY)
    if SAVE_POSES is not None:
        SAVE_POSES.mkdir(parents=True, exist_ok=True)
        kp = res.keypoints
        safe = "".join(c if c.isalnum() else "_" for c in key.replace("+", "p").replace("-", "m"))
        np.savez(SAVE_POSES / f"{safe}.npz", xyv=kp.xyv, fps=kp.fps, width=kp.width,
                 height=kp.height)  # fmt: skip
    return res.metrics


@dataclasses.dataclass(frozen=True)
class RearReference:
    refs: npt.NDArray[np.float64]  # force-plate ICs inside the clip (s)
    ref_to: npt.NDArray[np.float64]
    ref_side: npt.NDArray[np.str_]
    cadence_spm: float
    drop: dict[str, npt.NDArray[np.float64]]  # 3D pelvic drop with that leg in stance (deg)
    t_src: npt.NDArray[np.float64]


def rear_scores(m: GaitMetrics, fps: float, seconds: float, r: RearReference) -> str:
    """One row: steps missed/doubled against the force plate, side wrong, cadence error, IC
    error per side (frames), pelvic drop against 3D."""
    refs, ref_cad = r.refs, r.cadence_spm
    ics = np.array([s.ic_frame / fps for s in m.steps])
    inside = ics[(ics > EDGE_S) & (ics < seconds - EDGE_S)]
    got = matched(inside, refs)
    side_err: dict[str, list[float]] = {"L": [], "R": []}
    wrong = 0
    drop_err: list[float] = []
    for st in m.steps:
        tk = st.ic_frame / fps
        j = int(np.argmin(np.abs(refs - tk)))
        if j not in got or abs(got[j] - (tk - refs[j])) > 1e-9:
            continue
        s = "R" if st.side is Side.RIGHT else "L"
        wrong += s != r.ref_side[j]
        side_err[str(r.ref_side[j])].append(abs(got[j]) * fps)
        if "pelvic_drop_deg" in st.values:
            mid = (refs[j] + r.ref_to[j]) / 2
            ref = float(np.interp(mid, r.t_src, r.drop[s]))
            drop_err.append(st.values["pelvic_drop_deg"] - ref)
    signed = np.array(list(got.values()))
    err = np.abs(signed) * fps
    drop = (
        f"pelvic drop |err| {np.abs(drop_err).mean():.1f} bias "
        f"{np.mean(drop_err):+.1f} deg (n {len(drop_err)})"
        if drop_err
        else "pelvic drop -"
    )
    ic = (
        f"IC |err| mean {err.mean():.2f} max {err.max():.2f} (L "
        f"{np.mean(side_err['L']):.2f} R {np.mean(side_err['R']):.2f}) frames, bias "
        f"{1000 * signed.mean():+3.0f} ms"
        if err.size
        else "IC -"
    )
    return (
        f"view {m.view.value:7s} missed {len(refs) - len(got):2d} doubled "
        f"{max(0, len(inside) - len(got)):2d} side wrong {wrong:2d} flagged "
        f"{sum(1 for s in m.steps if s.flag):2d} cadence {m.cadence_spm - ref_cad:+6.2f} spm  "
        f"{ic}  {drop}"
    )


def mannequin_shot(
    pts: dict[str, npt.NDArray[np.float64]],
    rate: float,
    fps: float,
    cam: mocap.Camera,
    seconds: float,
) -> tuple[dict[str, npt.NDArray[np.float64]], mannequin3d.Shot]:
    view = mannequin3d.shot(
        pts, rate, fps, cam, REAR_SIZE, framing=1.6 * cam.distance_mm / 4000, as_seen=True
    )
    view = dataclasses.replace(view, times=view.times[view.times < seconds])
    return mannequin3d.body(pts, rate, view.times, gait_accuracy.HEIGHT_MM), view


def film_rear(
    path: Path,
    pts: dict[str, npt.NDArray[np.float64]],
    rate: float,
    fps: float,
    cam: mocap.Camera,
    seconds: float,
    shots: Path | None = None,
) -> Path:
    """The clip; with `shots`, a few of its pictures as PNG there."""
    import av

    import mocap

    assert isinstance(cam, mocap.Camera)
    bodies, view = mannequin_shot(pts, rate, fps, cam, seconds)
    w, h = REAR_SIZE
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=round(fps))
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.options = {"preset": "ultrafast", "crf": "20"}
        for i, img in enumerate(mannequin3d.frames(bodies, view)):
            if shots is not None and i % round(fps) == 0 and i <= 3 * fps:
                import cv2

                cv2.imwrite(str(shots.with_name(f"{shots.name}_{i:03d}.png")), img[:, :, ::-1])
            for pkt in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(pkt)
        for pkt in s.encode():
            c.mux(pkt)
    return path


def gaps_filled(trial: mocap.Trial) -> mocap.Trial:
    """The c3d's unseen markers (stored at the origin: L.ASIS at 6.0 s and 27.0 s) filled
    linearly, as load_txt does: drawn as they are, the pelvis would fly off for a frame."""
    t = np.arange(len(next(iter(trial.markers.values()))))
    markers = {}
    for name, a in trial.markers.items():
        seen = np.abs(a).sum(1) > 0
        if not seen.all() and seen.any():
            a = np.stack([np.interp(t, t[seen], a[seen, k]) for k in range(3)], axis=1)
        markers[name] = a
    return dataclasses.replace(trial, markers=markers)


def rear_reference(seconds: float) -> tuple[mocap.Trial, dict[str, mocap.Arr], RearReference]:
    """The mocap run (gaps filled), its joints and the force plate's reference."""
    static = mocap.load_c3d(mocap.DATA / "RBDS001static.c3d")
    run = gaps_filled(mocap.load_c3d(mocap.DATA / "RBDS001runT35.c3d"))
    p = mocap.joints(static, run, gait_accuracy.HEIGHT_MM)
    ic_ref, to_ref = mocap.force_contacts(run)
    t_src = np.arange(len(p["R.hip"])) / run.rate
    keep = (ic_ref > EDGE_S) & (ic_ref < seconds - EDGE_S)
    refs, ref_to = ic_ref[keep], to_ref[keep]
    heel = {s: np.interp(refs + 0.02, t_src, p[f"{s}.heel"][:, 1]) for s in ("L", "R")}
    ref_side = np.where(heel["L"] < heel["R"], "L", "R")
    ref_cad = 60 * (len(refs) - 1) / (refs[-1] - refs[0])
    drop = {s: gait_accuracy.drop3d(p, s) for s in ("L", "R")}
    return run, p, RearReference(refs, ref_to, ref_side, ref_cad, drop, t_src)


def main_rear(seconds: float, rates: list[float], only: str = "", shots: Path | None = None) -> int:
    if not mocap.DATA.is_dir():
        print(f"skipped: {mocap.DATA} is absent")
        return 0
    run, p, ref = rear_reference(seconds)
    refs, ref_cad = ref.refs, ref.cadence_spm
    cams = rear_conditions()
    print(f"load average before: {os.getloadavg()}")
    print(
        f"mocap mannequin from behind (RBDS001 3.5 m/s), {seconds:.0f} s, "
        f"{REAR_SIZE[0]}x{REAR_SIZE[1]}, {len(refs)} force-plate contacts away from the ends, "
        f"{ref_cad:.1f} steps/min"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, (cam, noise) in cams.items():
            if only and only not in name:
                continue
            for fps in rates:
                cpu = time.process_time()
                t = time.perf_counter()
                stem = None
                if shots is not None:
                    shots.mkdir(parents=True, exist_ok=True)
                    safe = name.replace("+", "plus").replace("-", "minus")
                    stem = shots / f"{''.join(c if c.isalnum() else '_' for c in safe)}_{fps:.0f}"
                clip = film_rear(Path(tmp) / "clip.mp4", p, run.rate, fps, cam, seconds, stem)
                drawn = time.perf_counter() - t
                try:
                    m = analysed(clip, f"rear {name} {fps:.0f}")
                except Exception as exc:  # a refusal is a result here
                    print(f"  {name:28s} {fps:3.0f} fps refused: {type(exc).__name__}: {exc}")
                    continue
                bodies, view = mannequin_shot(p, run.rate, fps, cam, seconds)
                kp = mannequin3d.keypoints(bodies, view, fps, noise)
                video = rear_scores(m, fps, seconds, ref)
                keypoints = rear_scores(analyse(kp, None), fps, seconds, ref)
                print(
                    f"  {name:28s} {fps:3.0f} fps video:     {video}  (drawn {drawn:.0f} s, "
                    f"whole {time.perf_counter() - t:.0f} s, CPU {time.process_time() - cpu:.0f} s)"
                    f"\n  {'':28s} {'':3s}     keypoints: {keypoints}",
                    flush=True,
                )
    print(f"load average after: {os.getloadavg()}")
    return 0


def main(seconds: float, only: str = "") -> int:
    xyv = procedural_keypoints(FPS, seconds, SIZE)
    refs = reference_contacts(seconds)
    print(f"load average before: {os.getloadavg()}")
    print(
        f"procedural mannequin, {seconds:.0f} s at {FPS} fps, {SIZE[0]}x{SIZE[1]}, "
        f"{CADENCE:.0f} steps/min, {len(refs)} reference contacts away from the ends"
    )
    square: dict[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for name, warp in CONDITIONS.items():
            if only and only not in name and name != "square-on":
                continue
            clip = film(Path(tmp) / "clip.mp4", xyv, warp)
            t = time.perf_counter()
            try:
                m = analysed(clip, f"side {name}")
            except Exception as exc:  # a refusal is a result here
                print(f"  {name:50s} refused: {type(exc).__name__}: {exc}")
                continue
            ics = np.array([s.ic_frame / FPS for s in m.steps])
            inside = ics[(ics > EDGE_S) & (ics < seconds - EDGE_S)]
            got = matched(inside, refs)
            err = np.abs(np.array(list(got.values()))) * FPS
            vs_square = ""
            if square is None:
                square = got
            else:
                both = sorted(set(got) & set(square))
                d = np.abs([got[j] - square[j] for j in both]) * FPS
                if d.size:
                    vs_square = f"  vs square-on mean {d.mean():.2f} max {d.max():.2f} frames"
            print(
                f"  {name:50s} view {m.view.value:7s} missed {len(refs) - len(got):2d} "
                f"doubled {max(0, len(inside) - len(got)):2d}  cadence "
                f"{m.cadence_spm - CADENCE:+5.2f} spm  IC |err| mean {err.mean():.2f} "
                f"max {err.max():.2f} frames{vs_square}  ({time.perf_counter() - t:.0f} s)",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    argv = sys.argv[1:]
    only = argv[argv.index("--only") + 1] if "--only" in argv else ""
    rates = argv[argv.index("--fps") + 1] if "--fps" in argv else "30,60"
    shots = argv[argv.index("--shots") + 1] if "--shots" in argv else ""
    saves = argv[argv.index("--save-poses") + 1] if "--save-poses" in argv else ""
    SAVE_POSES = Path(saves) if saves else None
    FACTORY = MediaPipeFactory(smooth_landmarks="--unsmoothed" not in argv)
    args = [a for a in argv if not a.startswith("--") and a not in (only, rates, shots, saves)]
    if "--rear" in argv:
        fps_list = [float(r) for r in rates.split(",")]
        seconds = float(args[0]) if args else 8.0
        raise SystemExit(main_rear(seconds, fps_list, only, Path(shots) if shots else None))
    raise SystemExit(main(float(args[0]) if args else 12.0, only))
