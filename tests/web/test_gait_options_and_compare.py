"""Running form over HTTP: the upload form's belt speed and slow-motion frame rate reach the
analysis (and a rerun) as the CLI's options do, malformed values are refused by field and
store nothing; the compare page shows every measure each analysis has, per side, and why one
is absent; the review page lists contacts by frame, gaps and low-confidence stretches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.gait.metrics import MIN_FPS_CONTACT_TIME
from kneecap.web.app import create_app
from tests.factories import World
from tests.fakes.gait import METRICS, FakeGaitAnalyzer
from tests.web.conftest import sign_in

CLIP = b"\x00\x00\x00\x18ftypmp42 a clip"


def _summary(mean: float) -> dict[str, float]:
    return {"mean": mean, "sd": 1.0, "n": 8}


# What the pipeline writes for a 30 fps side video with the height given (metrics.py keys).
SIDE_30: dict[str, Any] = {
    **METRICS,
    "duration_s": 12.0,
    "view": "side",
    "fps": 30.0,
    "cm_per_px": 0.29,
    "per_side": {
        "left": {
            "hip_extension_to_deg": _summary(8.3),
            "knee_flexion_midstance_deg": _summary(22.5),
            "step_time_ms": _summary(359.0),
            "step_length_cm": _summary(99.8),
            "vertical_ratio_pct": _summary(10.1),
        },
        "right": {
            "hip_extension_to_deg": _summary(3.5),
            "knee_flexion_midstance_deg": _summary(16.4),
            "step_time_ms": _summary(352.0),
            "step_length_cm": _summary(97.8),
            "vertical_ratio_pct": _summary(10.4),
        },
    },
    "asymmetry_pct": {"step_time_ms": 2.0},
    "steps": [
        {"side": "right", "ic_s": 0.171, "ic_frame": 5.137, "flag": None},
        {"side": "left", "ic_s": 1.964, "ic_frame": 58.931, "flag": "gap"},
    ],
    "gaps": [{"start_s": 0.171, "end_s": 1.964, "missing": 3}],
    "quality": {
        "confident_pose_share": 0.93,
        "contacts_placed": 30,
        "contacts_expected": 33,
        "gaps": 1,
        "doubled": 0,
        "swaps_repaired": 2,
        "view_certainty": 0.97,
        "cues_drafted": True,
        "reasons": [],
        "low_confidence": [{"start_s": 4.2, "end_s": 4.5, "first_frame": 126, "frames": 9}],
        "low_confidence_stretches": 1,
    },
}
# ...and for a 60 fps video from behind without the height: rear measures, no cm, no arms.
REAR_60: dict[str, Any] = {
    **METRICS,
    "duration_s": 12.0,
    "view": "rear",
    "fps": MIN_FPS_CONTACT_TIME,
    "cm_per_px": None,
    "per_side": {
        "left": {"pelvic_drop_deg": _summary(8.0), "step_time_ms": _summary(350.0)},
        "right": {"pelvic_drop_deg": _summary(1.0), "step_time_ms": _summary(351.0)},
    },
}


@pytest.fixture
def analyzer() -> FakeGaitAnalyzer:
    return FakeGaitAnalyzer()


@pytest.fixture
def container(build_container: Callable[..., Container], analyzer: FakeGaitAnalyzer) -> Container:
    # jobs wait for the test to run them (jobs.run)
    return build_container(analyzer=analyzer, queue_jobs=False)


@pytest.fixture
def http(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        yield client


def _post(http: TestClient, csrf: str, cid: int, **fields: str) -> Any:
    return http.post(
        f"/clients/{cid}/gait",
        data={"csrf_token": csrf, "view": "auto", **fields},
        files={"file": ("run.mp4", CLIP, "video/mp4")},
    )


def _analysis_id(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_belt_speed_and_filmed_fps_reach_the_analysis_and_its_rerun(
    http: TestClient, container: Container, world: World, analyzer: FakeGaitAnalyzer
) -> None:
    analyzer.metrics = SIDE_30
    cid = world.a.clients[0].id
    csrf = sign_in(http, "lmt@alpha.test")
    assert 'name="belt_speed_kmh"' in http.get(f"/clients/{cid}/gait/new").text
    aid = _analysis_id(
        _post(http, csrf, cid, height_cm="172", belt_speed_kmh="10,5", filmed_fps="240")
    )
    page = container.gait.page(world.a.caller("lmt"), aid)
    assert page.job is not None
    assert page.job.payload == {"analysis_id": aid, "belt_speed_kmh": 10.5, "filmed_fps": 240.0}
    container.jobs.run(page.job.id)
    # as `kneecap gait analyze --belt-speed-kmh 10.5 --fps 240` passes them
    assert analyzer.options[-1] == {"belt_speed_ms": pytest.approx(10.5 / 3.6), "fps": 240.0}
    text = http.get(f"/gait/{aid}").text
    assert "belt speed 10.5 km/h" in text and "filmed at 240 fps" in text

    job = container.gait.rerun(world.a.caller("lmt"), aid)
    container.jobs.run(job.id)
    assert analyzer.options[-1] == analyzer.options[0] and len(analyzer.options) == 2

    # Empty fields are no options at all.
    aid = _analysis_id(_post(http, csrf, cid, belt_speed_kmh=" ", filmed_fps=""))
    page = container.gait.page(world.a.caller("lmt"), aid)
    assert page.job is not None and page.job.payload == {"analysis_id": aid}


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("belt_speed_kmh", "fast", "as a number of km/h"),
        ("belt_speed_kmh", "nan", "as a number of km/h"),
        ("belt_speed_kmh", "1e999", "as a number of km/h"),
        ("belt_speed_kmh", "10 km/h", "as a number of km/h"),
        ("belt_speed_kmh", "-10", "belt speed in km/h (3-30)"),
        ("belt_speed_kmh", "31", "belt speed in km/h (3-30)"),
        ("filmed_fps", "240fps", "frame rate as a number"),
        ("filmed_fps", "inf", "frame rate as a number"),
        ("filmed_fps", "5", "(10-1000 fps)"),
        ("filmed_fps", "5000", "(10-1000 fps)"),
        ("filmed_fps", "24", "This video plays at 30 fps"),  # slower than the file plays
        ("height_cm", "tall", "height as a number of cm"),
        ("height_cm", "x" * 5000, "height as a number of cm"),
    ],
)
def test_malformed_options_are_refused_by_field_and_nothing_is_stored(
    http: TestClient, container: Container, world: World, name: str, value: str, says: str
) -> None:
    cid = world.a.clients[0].id
    csrf = sign_in(http, "lmt@alpha.test")
    r = _post(http, csrf, cid, **{name: value})
    assert r.status_code == 422 and says in r.text
    assert f'id="f-{name}"' in r.text and f'aria-describedby="e-{name}"' in r.text
    assert "Choose the video again" in r.text
    api = http.post(
        f"/api/v1/clients/{cid}/gait-videos",
        headers={"X-CSRF-Token": csrf},
        data={name: value},
        files={"file": ("run.mp4", CLIP, "video/mp4")},
    )
    assert api.status_code == 422 and says in api.json()["errors"][name]
    assert container.gait.for_client(world.a.caller("lmt"), cid) == []


def _analysed(container: Container, world: World, analyzer: FakeGaitAnalyzer, metrics: Any) -> int:
    analyzer.metrics = metrics
    clip_dir = container.settings.uploads_dir / "test"
    clip_dir.mkdir(parents=True, exist_ok=True)
    (clip_dir / "clip.mp4").write_bytes(CLIP)
    lmt = world.a.caller("lmt")
    up = container.gait.upload(lmt, world.a.clients[0].id, clip_dir / "clip.mp4", "clip.mp4")
    container.jobs.run(up.job.id)
    return up.analysis.id


def _row(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th>')
    return html[start : html.index("</tr>", start)]


def test_compare_shows_every_measure_per_side_with_why_one_is_absent(
    http: TestClient, container: Container, world: World, analyzer: FakeGaitAnalyzer
) -> None:
    side = _analysed(container, world, analyzer, SIDE_30)
    rear = _analysed(container, world, analyzer, REAR_60)
    sign_in(http, "chiropractor@alpha.test")
    r = http.get(f"/clients/{world.a.clients[0].id}/gait/compare?a={side}&b={rear}")
    assert r.status_code == 200
    html = r.text
    hip = _row(html, "Hip extension at toe-off (deg), right")
    assert "3.5" in hip and "needs a video from the side (this one is from behind)" in hip
    assert "16.4" in _row(html, "Knee flexion at midstance (deg), right")
    length = _row(html, "Step length (cm), left")
    assert "99.8" in length and "needs the treadmill&#39;s belt speed" in length
    drop = _row(html, "Pelvic drop (deg), left")  # per side: the left's 8, not the mean
    assert "8.0" in drop and "needs a video from behind (this one is from the side)" in drop
    assert "1.0" in _row(html, "Pelvic drop (deg), right")
    step = _row(html, "Step time (ms), left")
    assert "359.0" in step and "350.0" in step and "-9.0" in step
    assert "2.0" in _row(html, "Left/right asymmetry, step time (%)")
    assert "0.93" in _row(html, "Frames with a confident full-body pose (share)")
    # Neither video gives contact time: the 30 fps one for its frame rate, the rear one for
    # its view, each said.
    assert "Not measured in either video" in html
    assert (
        "<strong>Before: needs video at 60 fps or more (this one is 30 fps); after: needs a "
        "video from the side (this one is from behind):</strong> Ground contact time (ms); "
    ) in html
    assert "needs a video from behind (this one is from the side); after: needs both wrists" in html


def test_the_review_lists_contacts_by_frame_gaps_and_unsure_stretches_to_jump_to(
    http: TestClient, container: Container, world: World, analyzer: FakeGaitAnalyzer
) -> None:
    aid = _analysed(container, world, analyzer, SIDE_30)
    sign_in(http, "lmt@alpha.test")
    html = http.get(f"/gait/{aid}").text
    # the jump goes to the start of frame 59, the one the video marks (58.931 rounded)
    assert 'data-t="1.9667">1.96 s · frame 59</button>' in html
    assert "3 contacts could not be placed between 0.2 s and 2.0 s." in html
    assert '<button type="button" class="link jump" data-t="0.171">Show 0.2 s</button>' in html
    assert 'data-t="4.200">4.20–4.50 s (9 frames)</button>' in html
    assert "<strong>30</strong> of about 33 contacts placed; 1 gap" in html
    assert "<strong>93%</strong> of frames" in html


@pytest.mark.parametrize(
    ("level", "shown"),
    [
        ({"ground_tilt_deg": -4.6, "level_problem": None},
         "Camera tilt of 5° removed from the hip-line and trunk angles"),
        ({"ground_tilt_deg": None, "level_problem": "only 5 whole strides (at least 8 needed)"},
         "Level ground not found (only 5 whole strides (at least 8 needed)): no cue drafted "
         "from pelvic drop"),
    ],
)  # fmt: skip
def test_the_review_says_how_the_rear_view_was_levelled(
    http: TestClient,
    container: Container,
    world: World,
    analyzer: FakeGaitAnalyzer,
    level: dict[str, Any],
    shown: str,
) -> None:
    rear = {**REAR_60, "quality": {**SIDE_30["quality"], **level}}
    aid = _analysed(container, world, analyzer, rear)
    sign_in(http, "lmt@alpha.test")
    html = http.get(f"/gait/{aid}").text
    assert shown in html
