"""A solid mannequin drawn from 3D mocap joints through a pinhole phone camera (mocap.film's),
so that a clip from any angle has the right perspective and the right depth order.

Every body part is a capsule (segment and radius, mm), a sphere or a flat patch in 3D, drawn
far to near by the camera depth of its surface facing the camera: from behind, the pelvis
covers the tops of both thighs, an extended leg's knee passes in front of the shorts and a
leg reaching forward goes behind the other. Widths follow perspective (radius x focal /
depth). The mocap has no arms or head: they are added here (shoulders from mocap.joints,
arms swinging against the opposite leg, elbows at 90 deg, hair over the back of the head) so
that BlazePose sees a whole person from behind; they are not reference data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np
import numpy.typing as npt

import mocap
from kneecap.domain.gait.keypoints import KeypointSeries, Landmark

Arr = npt.NDArray[np.float64]
Image = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Shot:
    """Where the camera is and what it sees, per frame: (frames, n, 3) world points map to
    (frames, n) image u, v (px) and depth (mm), as mocap.film maps keypoints."""

    cam: mocap.Camera
    size: tuple[int, int]
    times: Arr
    target0: Arr
    position: Arr
    framing: float  # focal length x this (1: mocap.film's; >1: the phone zoomed in)
    # As seen: the aim drifts across the picture (not along the belt), and the belt and runner
    # tilt about the camera's own axis (not about the runner's left-right axis). False:
    # mocap.film's, where from behind the pan runs along the camera axis and the tilt is an
    # incline.
    as_seen: bool

    def project(self, p: Arr) -> tuple[Arr, Arr, Arr]:
        cam, (w, h) = self.cam, self.size
        inc = np.radians(cam.incline_deg)
        fwd0 = self.target0 - self.position
        axis = np.array([fwd0[0], 0.0, fwd0[2]]) if self.as_seen else np.array([0.0, 0.0, 1.0])
        axis /= np.linalg.norm(axis)
        cross = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
        tilt = np.eye(3) + np.sin(inc) * cross + (1 - np.cos(inc)) * cross @ cross  # Rodrigues
        p = (p - self.target0) @ tilt.T + self.target0
        right0 = np.cross(fwd0, [0.0, 1.0, 0.0])
        right0 /= np.linalg.norm(right0)
        drift = right0 if self.as_seen else np.array([1.0, 0.0, 0.0])
        target = self.target0 + np.outer(cam.pan_mm_s * self.times, drift)
        fwd = target - self.position
        fwd /= np.linalg.norm(fwd, axis=1, keepdims=True)
        right = np.cross(fwd, [0.0, 1.0, 0.0])
        right /= np.linalg.norm(right, axis=1, keepdims=True)
        up = np.cross(right, fwd)
        rel = p - self.position
        depth = np.einsum("tnk,tk->tn", rel, fwd)
        f = self.framing * 1.6 * max(w, h) * 0.5 * (1 + cam.zoom_per_s * self.times)[:, None]
        u = f * np.einsum("tnk,tk->tn", rel, right) / depth
        v = -f * np.einsum("tnk,tk->tn", rel, up) / depth
        roll = np.radians(cam.roll_deg)
        ur = u * np.cos(roll) - v * np.sin(roll)
        vr = u * np.sin(roll) + v * np.cos(roll)
        return w / 2 + ur, h / 2 + vr, depth

    def focal(self) -> Arr:
        w, h = self.size
        return self.framing * 1.6 * max(w, h) * 0.5 * (1 + self.cam.zoom_per_s * self.times)


def shot(
    pts: dict[str, Arr],
    rate: float,
    fps: float,
    cam: mocap.Camera,
    size: tuple[int, int],
    framing: float = 1.0,
    as_seen: bool = False,
) -> Shot:
    """mocap.film's camera placement for these joints."""
    n = len(pts["R.hip"])
    target0, position = mocap.placement(pts, cam)
    times = np.arange(0, (n - 1) / rate, 1 / fps)
    return Shot(cam, size, times, target0, position, framing, as_seen)


def keypoints(b: dict[str, Arr], view: Shot, fps: float, noise_px: float) -> KeypointSeries:
    """The joints the mannequin is drawn from as keypoints through the same camera, with
    Gaussian pixel noise (mocap.film's): what a perfect pose model would give."""
    rng = np.random.default_rng(0)
    u, v, _ = view.project(np.stack([b[k] for k in mocap.INDEX], axis=1))
    xyv = np.zeros((len(view.times), 33, 3))
    idx = list(mocap.INDEX.values())
    xyv[:, idx, 0] = u + rng.normal(0, noise_px, u.shape)
    xyv[:, idx, 1] = v + rng.normal(0, noise_px, v.shape)
    xyv[:, idx, 2] = 1.0
    hips = (xyv[:, Landmark.LEFT_HIP, :2] + xyv[:, Landmark.RIGHT_HIP, :2]) / 2
    xyv[:, :, :2] = np.where(xyv[:, :, 2:] == 0, hips[:, None, :], xyv[:, :, :2])
    return KeypointSeries(xyv, fps, *view.size)


def body(pts: dict[str, Arr], rate: float, times: Arr, height_mm: float) -> dict[str, Arr]:
    """The mocap joints at `times` plus a head, neck and arms: name -> (frames, 3) mm."""
    t_src = np.arange(len(pts["R.hip"])) / rate
    b = {
        name: np.stack([np.interp(times, t_src, a[:, k]) for k in range(3)], axis=1)
        for name, a in pts.items()
    }
    mid_hip = (b["L.hip"] + b["R.hip"]) / 2
    mid_sh = (b["L.shoulder"] + b["R.shoulder"]) / 2
    up = mid_sh - mid_hip
    up /= np.linalg.norm(up, axis=1, keepdims=True)
    lateral = b["R.hip"] - b["L.hip"]  # to the runner's right
    lateral -= np.sum(lateral * up, 1, keepdims=True) * up
    lateral /= np.linalg.norm(lateral, axis=1, keepdims=True)
    fwd = np.cross(up, lateral)  # X forward, Y up, Z right: forward = up x right
    b["neck"] = mid_sh + 0.04 * height_mm * up
    b["head"] = mid_sh + 0.115 * height_mm * up
    for s, other, sign in (("R", "L", 1.0), ("L", "R", -1.0)):
        # The arm swings with the opposite leg (forward as that foot goes forward), about
        # +-35 deg at the thigh's own range.
        reach = np.sum((b[f"{other}.ankle"] - b[f"{s}.ankle"]) * fwd, 1)
        swing = 0.6 * reach / max(1e-6, float(np.percentile(np.abs(reach), 95)))
        hang = -np.cos(swing)[:, None] * up + np.sin(swing)[:, None] * fwd
        b[f"{s}.elbow"] = b[f"{s}.shoulder"] + 0.186 * height_mm * hang + sign * 20 * lateral
        fore = np.sin(swing)[:, None] * up + np.cos(swing)[:, None] * fwd  # elbow at 90 deg
        b[f"{s}.wrist"] = b[f"{s}.elbow"] + 0.146 * height_mm * fore - sign * 40 * lateral
        b[f"{s}.waist"] = b[f"{s}.hip"] + 0.07 * height_mm * up + sign * 50 * lateral
        b[f"{s}.ear"] = b["head"] + sign * 0.065 * height_mm * lateral
    b["seat"] = mid_hip - 90 * fwd  # the buttocks: the body's back surface at the hips
    b["back"] = (mid_hip + mid_sh) / 2 - 110 * fwd
    return b


SKIN, HAIR = (224, 172, 140), (45, 30, 22)
SHIRT, SHORTS, SHOE, SOLE = (40, 90, 200), (30, 30, 40), (235, 235, 235), (60, 60, 60)

# name, from, to, radius (mm), colour; a zero-length capsule (from == to) is a sphere.
PARTS: tuple[tuple[str, str, str, float, tuple[int, int, int]], ...] = (
    *(
        part
        for s in ("L", "R")
        for part in (
            (f"{s} shank", f"{s}.knee", f"{s}.ankle", 48.0, SKIN),
            (f"{s} thigh", f"{s}.hip", f"{s}.knee", 70.0, SKIN),
            (f"{s} shorts leg", f"{s}.hip", f"{s}.thigh_mid", 78.0, SHORTS),
            (f"{s} heel cup", f"{s}.ankle", f"{s}.heel", 45.0, SHOE),
            (f"{s} shoe", f"{s}.heel", f"{s}.toe", 42.0, SHOE),
            (f"{s} upper arm", f"{s}.shoulder", f"{s}.elbow", 42.0, SHIRT),
            (f"{s} forearm", f"{s}.elbow", f"{s}.wrist", 32.0, SKIN),
            (f"{s} hand", f"{s}.wrist", f"{s}.wrist", 45.0, SKIN),
            (f"{s} ear", f"{s}.ear", f"{s}.ear", 25.0, SKIN),
        )
    ),
    ("neck", "neck", "head", 50.0, SKIN),
    ("head", "head", "head", 105.0, HAIR),
)


def _capsule(img: Image, a: Arr, b: Arr, r_px: float, colour: tuple[int, int, int]) -> None:
    import cv2

    edge = tuple(int(0.7 * c) for c in colour)  # a darker rim: where one limb crosses another
    pa, pb = (round(a[0]), round(a[1])), (round(b[0]), round(b[1]))
    cv2.line(img, pa, pb, edge, max(2, int(2 * r_px + 3)), cv2.LINE_AA)
    cv2.line(img, pa, pb, colour, max(1, int(2 * r_px - 1)), cv2.LINE_AA)


def _poly(img: Image, pts: Arr, colour: tuple[int, int, int]) -> None:
    import cv2

    cv2.fillPoly(img, [np.round(pts).astype(np.int32)], colour, cv2.LINE_AA)


def frames(b: dict[str, Arr], view: Shot) -> Iterator[Image]:
    """The mannequin on a treadmill, one RGB picture per time of `view`."""
    b = dict(b)
    for s in ("L", "R"):
        b[f"{s}.thigh_mid"] = b[f"{s}.hip"] + 0.4 * (b[f"{s}.knee"] - b[f"{s}.hip"])
    names = list(b)
    uvz = view.project(np.stack([b[k] for k in names], axis=1))
    at = {k: i for i, k in enumerate(names)}
    f = view.focal()
    floor_y = float(min(b["L.heel"][:, 1].min(), b["R.heel"][:, 1].min())) - 15.0
    cx, cz = view.target0[0], view.target0[2]
    # The belt (1.6 x 0.5 m) and a floor reaching 12 m past the runner, fixed in the world.
    belt = np.array([[cx + dx, floor_y, cz + dz] for dx, dz in
                     ((-800, -250), (800, -250), (800, 250), (-800, 250))])  # fmt: skip
    deck = np.array([[cx + dx, floor_y - 5, cz + dz] for dx, dz in
                     ((-900, -420), (900, -420), (900, 420), (-900, 420))])  # fmt: skip
    # The floor's far edge, 12 m past the runner: the wall above its line, floor below.
    horizon = np.array([[cx + 12000, floor_y, cz - 6000], [cx + 12000, floor_y, cz + 6000]])
    scene = np.concatenate([horizon, deck, belt])[None].repeat(len(view.times), 0)
    su, sv, _ = view.project(scene)
    w, h = view.size
    wall = np.empty((h, w, 3), np.uint8)
    wall[:] = np.linspace(205, 160, h, dtype=np.uint8)[:, None, None]
    for i in range(len(view.times)):
        img = np.empty((h, w, 3), np.uint8)
        img[:] = wall
        uv = np.stack([su[i], sv[i]], 1)
        slope = (uv[1, 1] - uv[0, 1]) / (uv[1, 0] - uv[0, 0])
        edge = uv[0, 1] + slope * (np.array([0.0, w]) - uv[0, 0])
        below = np.array([[0, edge[0]], [w, edge[1]], [w, h + 1], [0, h + 1]])
        _poly(img, below, (120, 110, 100))
        uv = uv[2:]
        _poly(img, uv[0:4], (90, 90, 95))
        _poly(img, uv[4:8], (35, 35, 38))
        u, v, z = uvz[0][i], uvz[1][i], uvz[2][i]

        def p(k: str, u: Arr = u, v: Arr = v) -> Arr:
            return np.array([u[at[k]], v[at[k]]])

        # (depth of the surface facing the camera, order, draw): drawn far to near.
        items: list[tuple[float, int, Callable[[], None]]] = []
        for _, a, c, r_mm, colour in PARTS:
            za, zc = z[at[a]], z[at[c]]
            r_px = r_mm * f[i] / ((za + zc) / 2)
            draw: Callable[[], None] = partial(_capsule, img, p(a), p(c), r_px, colour)
            items.append(((za + zc) / 2 - r_mm, len(items), draw))
        # Torso and pelvis: flat patches on the back, at the depth of the back's surface.
        torso = np.array([p("L.shoulder"), p("R.shoulder"), p("R.waist"), p("L.waist")])
        items.append((z[at["back"]], len(items), partial(_poly, img, torso, SHIRT)))
        seat = np.array([p("L.waist"), p("R.waist"), p("R.thigh_mid"), p("L.thigh_mid")])
        items.append((z[at["seat"]], len(items), partial(_poly, img, seat, SHORTS)))
        for _, _, draw in sorted(items, key=lambda x: (-x[0], x[1])):
            draw()
        yield img
