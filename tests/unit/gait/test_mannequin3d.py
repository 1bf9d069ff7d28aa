"""The 3D mannequin of bench/gait_camera_video.py --rear: mocap.film's camera, drawn as seen."""

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import mocap

pytest.importorskip("ezc3d")
pytest.importorskip("cv2")
if not mocap.DATA.is_dir():
    pytest.skip(f"mocap data absent at {mocap.DATA}", allow_module_level=True)

import mannequin3d

SIZE = (720, 1280)


@pytest.fixture(scope="module")
def joints() -> tuple[dict[str, mocap.Arr], float]:
    static = mocap.load_c3d(mocap.DATA / "RBDS001static.c3d")
    run = mocap.load_c3d(mocap.DATA / "RBDS001runT35.c3d")
    return mocap.joints(static, run, 1810.0), run.rate


@pytest.mark.parametrize(
    "cam",
    [
        mocap.Camera(yaw_deg=-90.0),
        mocap.Camera(yaw_deg=-110.0, distance_mm=2500.0, roll_deg=3.0, zoom_per_s=0.03),
        mocap.Camera(distance_mm=2000.0, height_mm=500.0, incline_deg=4.0, pan_mm_s=300.0),
    ],
)
def test_the_camera_is_mocap_films(
    joints: tuple[dict[str, mocap.Arr], float], cam: mocap.Camera
) -> None:
    pts, rate = joints
    view = mannequin3d.shot(pts, rate, 30.0, cam, SIZE)
    body = mannequin3d.body(pts, rate, view.times, 1810.0)
    drawn = mannequin3d.keypoints(body, view, 30.0, 0.0)
    filmed = mocap.film(pts, rate, 30.0, cam, 0.0, size=SIZE)
    np.testing.assert_allclose(drawn.xyv, filmed.xyv, atol=1e-6)


def test_seen_from_behind_the_seat_covers_the_hips_and_hair_the_head(
    joints: tuple[dict[str, mocap.Arr], float],
) -> None:
    pts, rate = joints
    view = mannequin3d.shot(pts, rate, 30.0, mocap.Camera(yaw_deg=-90.0), SIZE, 1.6, True)
    view = dataclasses.replace(view, times=view.times[:10])
    body = mannequin3d.body(pts, rate, view.times, 1810.0)
    img = next(mannequin3d.frames(body, view))
    assert img.shape == (SIZE[1], SIZE[0], 3)
    u, v, _ = view.project(np.stack([body["head"], (body["L.hip"] + body["R.hip"]) / 2], 1))
    assert tuple(img[round(v[0, 0]), round(u[0, 0])]) == mannequin3d.HAIR
    assert tuple(img[round(v[0, 1]), round(u[0, 1])]) == mannequin3d.SHORTS
