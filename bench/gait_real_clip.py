"""The real treadmill phone clip against its hand-counted contacts (a check, not a target).

Run: python bench/gait_real_clip.py [--cache /tmp/real_kp.npz] [--height-cm 175] [--unsmoothed]

BlazePose runs on the clip once (minutes on a busy 2-core machine); with --cache the keypoints
are kept in that file and later runs read them, so event detection can be checked quickly.
--unsmoothed: BlazePose with MediaPipe's own causal landmark smoothing off (a new cache).
Hand counts: ../shared/data/gait/MANIFEST.tsv (11 consecutive initial contacts, +-1 frame).
The runner's height and the belt speed are not known: step length, vertical oscillation and
vertical ratio are printed for an ASSUMED height (--height-cm, default 175), to judge their
plausibility only. The slow-motion check is printed for the clip as it is and replayed at 1/2
and 1/4 speed (frames interpolated, stored at 30 fps), as a phone's slow-motion export plays.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from kneecap.domain.gait import spatial
from kneecap.domain.gait.errors import SlowMotionError
from kneecap.domain.gait.events import detect_all
from kneecap.domain.gait.keypoints import KeypointSeries, Side
from kneecap.domain.gait.metrics import GaitMetrics, analyse
from kneecap.domain.gait.quality import assess
from kneecap.domain.gait.view import facing_sign

CLIP = (
    Path(__file__).resolve().parents[1].parent / "shared/data/gait/video/treadmill_side_30fps.mp4"
)
HAND_IC_FRAMES = np.array([5, 16, 26.5, 36.5, 48, 58.5, 69.5, 80, 91, 101, 112])
REFERENCE_CADENCE = 168.9  # MANIFEST.tsv: measured from pixels by the source project's author


def keypoints(cache: Path | None, smooth_landmarks: bool = True) -> KeypointSeries:
    if cache is not None and cache.is_file():
        d = np.load(cache)
        return KeypointSeries(d["xyv"], float(d["fps"]), int(d["width"]), int(d["height"]))
    from kneecap.adapters.video.pipeline import estimate_keypoints
    from kneecap.adapters.video.probe import probe
    from kneecap.adapters.video.segments import MediaPipeFactory

    factory = MediaPipeFactory(smooth_landmarks=smooth_landmarks)
    kp, _ = estimate_keypoints(
        CLIP, probe(CLIP), None, lambda _: None, processes=1, factory=factory
    )
    if cache is not None:
        np.savez(cache, xyv=kp.xyv, fps=kp.fps, width=kp.width, height=kp.height)
    return kp


def replayed(kp: KeypointSeries, slower: int) -> KeypointSeries:
    """The clip as a slow-motion export `slower` times slower: frames interpolated `slower`
    times as densely, played at the original frame rate."""
    t = np.arange(kp.n_frames)
    fine = np.arange(0, kp.n_frames - 1, 1 / slower)
    xyv = np.empty((len(fine), *kp.xyv.shape[1:]))
    for j in range(kp.xyv.shape[1]):
        for c in range(3):
            xyv[:, j, c] = np.interp(fine, t, kp.xyv[:, j, c])
    return KeypointSeries(xyv, kp.fps, kp.width, kp.height)


def spatial_lines(m: GaitMetrics, height_cm: float) -> None:
    print(f"assumed height {height_cm:.0f} cm (the clip's runner's is not known):")
    # A video step length is the ground's speed under the stance forefoot times the step time,
    # scaled by the leg's length in pixels (spatial.py): the two figures it stands on.
    facing = facing_sign(m.smoothed)
    stances = detect_all(m.smoothed, m.leg_length_px, m.view, facing)
    ground = spatial.steady_ground_velocity_px_s(m.smoothed, stances, facing)
    print(f"  leg length {m.leg_length_px:.1f} px, ground under the stance foot {ground:.1f} px/s")
    for key in ("step_length_cm", "vertical_oscillation_cm", "vertical_ratio_pct"):
        row = "  ".join(
            f"{s.value} {m.per_side[s][key].mean:.1f} +- {m.per_side[s][key].sd:.1f}"
            for s in Side
            if key in m.per_side[s]
        )
        print(f"  {key}: {row}")
    if m.playback is not None:
        print(
            f"slow-motion check: apparent gravity {m.playback.apparent_g_ms2:.1f} m/s2, "
            f"duty factor {m.playback.duty_factor:.2f}, slowed: {m.playback.slowed}"
        )
    for slower in (2, 4):
        try:
            r = analyse(replayed(m.smoothed, slower), None, height_cm)
            pb = r.playback
            print(
                f"  replayed 1/{slower} speed: NOT refused (cadence {r.cadence_spm:.0f}, "
                f"apparent gravity {pb.apparent_g_ms2 if pb else float('nan'):.1f})"
            )
        except SlowMotionError as exc:
            print(f"  replayed 1/{slower} speed: refused ({exc.detail}); {exc.user_message}")


def main(argv: list[str]) -> int:
    if not CLIP.is_file():
        print(f"skipped: {CLIP} is absent")
        return 0
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else None
    kp = keypoints(cache, smooth_landmarks="--unsmoothed" not in argv)
    m = analyse(kp)
    q = assess(m, kp)
    ics = np.array([s.ic_frame for s in m.steps])
    err = np.array([ics[np.argmin(np.abs(ics - h))] - h for h in HAND_IC_FRAMES])
    alternate = all(a.side is not b.side for a, b in zip(m.steps, m.steps[1:], strict=False))
    yaw = f"{m.camera_yaw_deg:.1f}" if m.camera_yaw_deg is not None else "?"
    print(f"view {m.view.value} (camera {yaw} deg off square-on side)")
    open_ = sum(1 for s in m.steps if s.to_frame is None)
    print(f"{len(m.steps)} contacts ({open_} with the toe-off past the clip's end)")
    print(
        f"cadence {m.cadence_spm:.1f} steps/min (reference {REFERENCE_CADENCE}; "
        f"error {m.cadence_spm - REFERENCE_CADENCE:+.1f})"
    )
    print("IC minus hand count (frames):", " ".join(f"{e:+.1f}" for e in err))
    print(
        f"IC |error| mean {np.abs(err).mean():.2f}, max {np.abs(err).max():.2f} frames, "
        f"bias {err.mean():+.2f} frames"
    )
    print(f"left/right alternate: {alternate}; flagged steps: {sum(1 for s in m.steps if s.flag)}")
    for g in m.gaps:
        print(" ", g.sentence())
    print("quality:", q.to_dict())
    height = float(argv[argv.index("--height-cm") + 1]) if "--height-cm" in argv else 175.0
    spatial_lines(analyse(kp, None, height), height)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
