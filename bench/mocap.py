"""Fukuchi 2017 treadmill mocap → virtual phone camera → 33-keypoint BlazePose layout.

Shared by bench/gait_accuracy.py and the mocap tests. Coordinates in the c3d: mm, X forward
(belt direction), Y up, Z to the runner's right. Joint centres: hip by Bell et al. (1990) from
the pelvis markers; knee and ankle as the mid-point of the lateral/medial markers of the
static trial, carried into the running trial by a rigid fit (Kabsch) of the thigh/shank
clusters. BlazePose heel = Heel.Bottom marker, foot index = mid MT1/MT5. The markers have no
trunk, so shoulders are placed 0.288 x height above the hips along the pelvis' up axis
(Winter 2009 proportions): trunk lean is NOT validated by this data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.keypoints import KeypointSeries, Landmark

Arr = npt.NDArray[np.float64]
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gait" / "fukuchi_bmc_ric"


@dataclass(frozen=True)
class Trial:
    rate: float
    markers: dict[str, Arr]  # name -> (frames, 3) mm
    fz_n: Arr | None  # vertical ground reaction force, N (positive up)
    analog_rate: float | None


def load_c3d(path: Path) -> Trial:
    import ezc3d  # test/bench dependency only

    c = ezc3d.c3d(str(path))
    labels = c["parameters"]["POINT"]["LABELS"]["value"]
    pts = c["data"]["points"][:3].transpose(2, 1, 0).astype(np.float64)
    markers = {name: pts[:, i, :] for i, name in enumerate(labels)}
    fz = None
    arate = None
    analogs = c["data"]["analogs"]
    if analogs.size:
        a_labels = c["parameters"]["ANALOG"]["LABELS"]["value"]
        # Stored in kN with Z pointing down (peak ~ -1.5 = 2.5 body weights for 62 kg).
        fz = -1000.0 * analogs[0, a_labels.index("F1Z")].astype(np.float64)
        arate = float(c["header"]["analogs"]["frame_rate"])
    return Trial(float(c["header"]["points"]["frame_rate"]), markers, fz, arate)


def load_txt(path: Path) -> Trial:
    """A Fukuchi 2017 tab-separated marker file (Time, then NAMEX NAMEY NAMEZ per marker, mm;
    blank where a marker was not seen, filled here). No forces."""
    with path.open() as f:
        header = f.readline().rstrip("\n").split("\t")
    a = np.genfromtxt(path, delimiter="\t", skip_header=1, filling_values=np.nan)
    rate = (len(a) - 1) / float(a[-1, 0] - a[0, 0])  # the Time column is rounded to 1 ms
    t = np.arange(len(a))
    for j in range(1, a.shape[1]):  # short marker gaps: linear, as a mocap gap fill would
        seen = np.isfinite(a[:, j])
        if seen.any() and not seen.all():
            a[:, j] = np.interp(t, t[seen], a[seen, j])
    markers = {
        name[:-1]: a[:, j : j + 3].astype(np.float64)
        for j, name in enumerate(header)
        if name.endswith("X")
    }
    return Trial(float(round(rate)), markers, None, None)


def _kabsch(src: Arr, dst: Arr) -> tuple[Arr, Arr]:
    """R, t with dst ≈ src @ R.T + t (src, dst: (n, 3))."""
    cs, cd = src.mean(0), dst.mean(0)
    u, _, vt = np.linalg.svd((src - cs).T @ (dst - cd))
    d = np.sign(np.linalg.det(vt.T @ u.T))
    r = vt.T @ np.diag([1, 1, d]) @ u.T
    return r, cd - cs @ r.T


def _carry(static: Trial, run: Trial, cluster: list[str], point: Arr) -> Arr:
    src = np.stack([static.markers[m].mean(0) for m in cluster])
    out = np.empty((len(run.markers[cluster[0]]), 3))
    for f in range(len(out)):
        dst = np.stack([run.markers[m][f] for m in cluster])
        r, t = _kabsch(src, dst)
        out[f] = r @ point + t
    return out


def _pelvis(m: dict[str, Arr]) -> tuple[Arr, Arr, Arr, Arr, Arr]:
    mid_asis = (m["R.ASIS"] + m["L.ASIS"]) / 2
    mid_psis = (m["R.PSIS"] + m["L.PSIS"]) / 2
    z = m["R.ASIS"] - m["L.ASIS"]
    width = np.linalg.norm(z, axis=1, keepdims=True)
    z = z / width
    x = mid_asis - mid_psis
    x -= np.sum(x * z, axis=1, keepdims=True) * z
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = np.cross(z, x)
    return mid_asis, x, y, z, width


def joints(static: Trial, run: Trial, height_mm: float) -> dict[str, Arr]:
    """3D positions (frames, 3) of the points the keypoint layout needs."""
    m = run.markers
    origin, x, y, z, d = _pelvis(m)
    out: dict[str, Arr] = {}
    for s, sign in (("R", 1.0), ("L", -1.0)):
        # Bell et al. 1990: HJC at -19% / -30% / +-36% of the inter-ASIS distance.
        out[f"{s}.hip"] = origin + d * (-0.19 * x - 0.30 * y + sign * 0.36 * z)
        knee = (static.markers[f"{s}.Knee"] + static.markers[f"{s}.Knee.Medial"]).mean(0) / 2
        ankle = (static.markers[f"{s}.Ankle"] + static.markers[f"{s}.Ankle.Medial"]).mean(0) / 2
        thigh = [f"{s}.Thigh.{a}.{b}" for a in ("Top", "Bottom") for b in ("Lateral", "Medial")]
        shank = [f"{s}.Shank.{a}.{b}" for a in ("Top", "Bottom") for b in ("Lateral", "Medial")]
        out[f"{s}.knee"] = _carry(static, run, thigh, knee)
        out[f"{s}.ankle"] = _carry(static, run, shank, ankle)
        out[f"{s}.heel"] = m[f"{s}.Heel.Bottom"]
        out[f"{s}.toe"] = (m[f"{s}.MT1"] + m[f"{s}.MT5"]) / 2
        out[f"{s}.shoulder"] = out[f"{s}.hip"] + 0.288 * height_mm * y + sign * 0.06 * height_mm * z
    return out


INDEX = {
    "L.hip": Landmark.LEFT_HIP, "R.hip": Landmark.RIGHT_HIP,
    "L.knee": Landmark.LEFT_KNEE, "R.knee": Landmark.RIGHT_KNEE,
    "L.ankle": Landmark.LEFT_ANKLE, "R.ankle": Landmark.RIGHT_ANKLE,
    "L.heel": Landmark.LEFT_HEEL, "R.heel": Landmark.RIGHT_HEEL,
    "L.toe": Landmark.LEFT_FOOT_INDEX, "R.toe": Landmark.RIGHT_FOOT_INDEX,
    "L.shoulder": Landmark.LEFT_SHOULDER, "R.shoulder": Landmark.RIGHT_SHOULDER,
}  # fmt: skip


def project(
    pts: dict[str, Arr],
    rate: float,
    view: str,
    fps: float,
    noise_px: float,
    seed: int = 0,
    distance_mm: float = 4000.0,
    size: tuple[int, int] = (1920, 1080),
) -> tuple[KeypointSeries, Arr]:
    """Pinhole phone camera (side: from the runner's right; rear: from behind), resampled to
    `fps` by linear interpolation, Gaussian pixel noise. Returns keypoints and frame times (s)."""
    w, h = size
    centre = (pts["R.hip"] + pts["L.hip"]).mean(0) / 2
    centre[1] *= 0.55  # aim lower than the hips, so the whole body is in frame
    n = len(pts["R.hip"])
    times = np.arange(0, (n - 1) / rate, 1 / fps)
    f_px = 1.6 * h  # ~ a phone's main camera in landscape
    rng = np.random.default_rng(seed)
    xyv = np.zeros((len(times), 33, 3))
    xyv[:, :, 2] = 0.0
    t_src = np.arange(n) / rate
    for name, idx in INDEX.items():
        p = np.stack([np.interp(times, t_src, pts[name][:, k]) for k in range(3)], axis=1)
        rel = p - centre
        if view == "side":  # camera on +Z looking -Z: image x = +X, depth = Z distance
            u, v, depth = rel[:, 0], rel[:, 1], distance_mm - rel[:, 2]
        else:  # camera behind (-X) looking +X: image x = +Z (runner's right), depth = X
            u, v, depth = rel[:, 2], rel[:, 1], distance_mm + rel[:, 0]
        xyv[:, idx, 0] = w / 2 + f_px * u / depth + rng.normal(0, noise_px, len(times))
        xyv[:, idx, 1] = h / 2 - f_px * v / depth + rng.normal(0, noise_px, len(times))
        xyv[:, idx, 2] = 1.0
    # Other landmarks (face, arms) are not modelled: mark them invisible at the hip centre.
    missing = xyv[:, :, 2] == 0
    hips = (xyv[:, Landmark.LEFT_HIP, :2] + xyv[:, Landmark.RIGHT_HIP, :2]) / 2
    xyv[:, :, :2] = np.where(missing[:, :, None], hips[:, None, :], xyv[:, :, :2])
    return KeypointSeries(xyv, fps, w, h), times


def force_contacts(trial: Trial, threshold_n: float = 50.0) -> tuple[Arr, Arr]:
    """IC and TO times (s) where vertical GRF crosses `threshold_n` up / down (interpolated)."""
    assert trial.fz_n is not None and trial.analog_rate is not None
    fz = trial.fz_n - np.median(trial.fz_n[trial.fz_n < np.percentile(trial.fz_n, 10)])
    above = fz > threshold_n
    t = np.arange(len(fz)) / trial.analog_rate
    up = np.flatnonzero(~above[:-1] & above[1:])
    down = np.flatnonzero(above[:-1] & ~above[1:])

    def cross(i: npt.NDArray[np.intp]) -> Arr:
        return np.asarray(t[i] + (threshold_n - fz[i]) / (fz[i + 1] - fz[i]) / trial.analog_rate)

    ic, to = cross(up), cross(down)
    to = to[to > ic[0]]
    k = min(len(ic), len(to))
    ic, to = ic[:k], to[:k]
    # Force noise makes brief flickers around the threshold: keep real stances only.
    keep = (to - ic) > 0.1
    return ic[keep], to[keep]


@dataclass(frozen=True)
class Camera:
    """A phone camera as real footage has it (defaults: square-on side view, 4 m, hip high).

    distance_mm/height_mm: camera position from the runner (height above the floor);
    yaw_deg: off square (0 = perpendicular to the belt); roll_deg: image rotation;
    incline_deg: the belt (and runner) tilted about the camera axis; pan_mm_s: the aim point
    drifting along the belt; zoom_per_s: focal length growth per second; dropout: bursts of
    invisible leg keypoints (count, frames), the hips too with dropout_hips; swaps: bursts of
    left/right leg labels swapped; shake_px: a hand-held phone's shake, the whole picture moved
    (rms pixels, 1-6 Hz); bank_deg: the belt (and runner) tilted sideways, about the running
    direction (from behind, the camera axis: a belt tilted in the rear view's image)."""

    distance_mm: float = 4000.0
    height_mm: float = 1000.0
    yaw_deg: float = 0.0
    roll_deg: float = 0.0
    incline_deg: float = 0.0
    pan_mm_s: float = 0.0
    zoom_per_s: float = 0.0
    dropout: tuple[int, int] = (0, 0)
    swaps: tuple[int, int] = (0, 0)
    dropout_hips: bool = False
    shake_px: float = 0.0
    bank_deg: float = 0.0


LEG_KEYS = ("hip", "knee", "ankle", "heel", "toe")


def placement(pts: dict[str, Arr], cam: Camera) -> tuple[Arr, Arr]:
    """Where the camera looks at the clip's start (over the mid-hips, 55 % of the way up from
    the floor to the hips) and where it stands (`cam`'s distance, height and yaw from there)."""
    centre = (pts["R.hip"] + pts["L.hip"]).mean(0) / 2
    floor_y = min(float(pts["R.heel"][:, 1].min()), float(pts["L.heel"][:, 1].min()))
    target0 = np.array([centre[0], floor_y + 0.55 * (centre[1] - floor_y), centre[2]])
    yaw = np.radians(cam.yaw_deg)
    offset = np.array([cam.distance_mm * np.sin(yaw), 0.0, cam.distance_mm * np.cos(yaw)])
    return target0, np.array([target0[0], floor_y + cam.height_mm, target0[2]]) + offset


def film(
    pts: dict[str, Arr],
    rate: float,
    fps: float,
    cam: Camera,
    noise_px: float = 2.0,
    seed: int = 0,
    size: tuple[int, int] = (1080, 1920),
) -> KeypointSeries:
    """Side view from the runner's right through `cam` (portrait phone by default)."""
    w, h = size
    n = len(pts["R.hip"])
    times = np.arange(0, (n - 1) / rate, 1 / fps)
    t_src = np.arange(n) / rate
    rng = np.random.default_rng(seed)
    inc = np.radians(cam.incline_deg)
    tilt = np.array([[np.cos(inc), -np.sin(inc), 0], [np.sin(inc), np.cos(inc), 0], [0, 0, 1]])
    bank = np.radians(cam.bank_deg)
    sideways = np.array(
        [[1, 0, 0], [0, np.cos(bank), -np.sin(bank)], [0, np.sin(bank), np.cos(bank)]]
    )
    tilt = sideways @ tilt
    target0, position = placement(pts, cam)
    f0 = 1.6 * max(w, h) * 0.5
    roll = np.radians(cam.roll_deg)
    xyv = np.zeros((len(times), 33, 3))
    for name, idx in INDEX.items():
        p = np.stack([np.interp(times, t_src, pts[name][:, k]) for k in range(3)], axis=1)
        p = (p - target0) @ tilt.T + target0
        target = target0 + np.outer(cam.pan_mm_s * times, [1.0, 0.0, 0.0])
        fwd = target - position
        fwd /= np.linalg.norm(fwd, axis=1, keepdims=True)
        right = np.cross(fwd, [0.0, 1.0, 0.0])
        right /= np.linalg.norm(right, axis=1, keepdims=True)
        up = np.cross(right, fwd)
        rel = p - position
        depth = np.sum(rel * fwd, 1)
        f = f0 * (1 + cam.zoom_per_s * times)
        u = f * np.sum(rel * right, 1) / depth
        v = -f * np.sum(rel * up, 1) / depth
        ur = u * np.cos(roll) - v * np.sin(roll)
        vr = u * np.sin(roll) + v * np.cos(roll)
        xyv[:, idx, 0] = w / 2 + ur + rng.normal(0, noise_px, len(times))
        xyv[:, idx, 1] = h / 2 + vr + rng.normal(0, noise_px, len(times))
        xyv[:, idx, 2] = 1.0
    if cam.shake_px:  # its own draws: the other conditions' noise stays as it was
        freqs = np.linspace(1.0, 6.0, 11)  # a hand's slow sway to its fast jitter
        phases = np.random.default_rng(seed + 1).uniform(0, 2 * np.pi, (2, freqs.size))
        wave = np.sin(2 * np.pi * freqs[None, :, None] * times + phases[:, :, None]).sum(1)
        wave *= cam.shake_px / wave.std(axis=1, keepdims=True)
        xyv[:, :, 0] += wave[0][:, None]
        xyv[:, :, 1] += wave[1][:, None]
    missing = xyv[:, :, 2] == 0
    hips = (xyv[:, Landmark.LEFT_HIP, :2] + xyv[:, Landmark.RIGHT_HIP, :2]) / 2
    xyv[:, :, :2] = np.where(missing[:, :, None], hips[:, None, :], xyv[:, :, :2])
    legs = {s: [INDEX[f"{s}.{k}"] for k in LEG_KEYS[1:]] for s in ("L", "R")}
    count, length = cam.dropout
    for start in rng.integers(0, len(times) - length, count):
        s = "L" if rng.random() < 0.5 else "R"
        hidden = legs[s] + ([INDEX[f"{s}.hip"]] if cam.dropout_hips else [])
        xyv[start : start + length, hidden, 2] = 0.0
    count, length = cam.swaps
    for start in rng.integers(0, len(times) - length, count):
        sl = slice(start, start + length)
        left, right_ = xyv[sl][:, legs["L"]].copy(), xyv[sl][:, legs["R"]].copy()
        xyv[sl, legs["L"]], xyv[sl, legs["R"]] = right_, left
    return KeypointSeries(xyv, fps, w, h)
