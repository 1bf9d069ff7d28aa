"""The whole video pipeline, BlazePose included, on the procedural mannequin runner filmed
through hostile cameras (nothing downloaded; a check, not a target).

Run: python bench/gait_camera_video.py [seconds] [--only TEXT]
    (default 12 s at 30 fps per condition; --only: the conditions whose name holds TEXT,
    after square-on)

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
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kneecap.adapters.video.mannequin import draw_runner, procedural_keypoints
from kneecap.adapters.video.pipeline import analyze_video

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
                m = analyze_video(clip, processes=1).metrics
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
    args = [a for a in argv if not a.startswith("--") and a != only]
    raise SystemExit(main(float(args[0]) if args else 12.0, only))
