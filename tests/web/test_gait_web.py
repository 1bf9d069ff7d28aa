"""Running-form workflow over HTTP: upload (portal and clinic), job, review, release, client
view, compare; the authorization matrix; bad uploads; Range requests; audit entries."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kneecap.adapters.db.repositories.audit import SqlAudit
from kneecap.bootstrap import Container
from kneecap.ports.gait import AnalysisOutput
from kneecap.ports.repositories import AuditQuery
from kneecap.web.app import create_app
from tests.factories import World, make_world
from tests.support.gait import RecordedAnalyzer, make_clip, real_analysis
from tests.support.runner_video import mocap_available
from tests.web.conftest import sign_in

pytestmark = [
    pytest.mark.xdist_group("video"),
    pytest.mark.skipif(not mocap_available(), reason="../shared/data mocap absent"),
]


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AnalysisOutput]:
    folder = tmp_path_factory.mktemp("gait")
    clip = make_clip(folder)
    return clip, real_analysis(clip, folder / "out")


@pytest.fixture
def container(
    build_container: Callable[..., Container], recorded: tuple[Path, AnalysisOutput]
) -> Container:
    """The app with the video pipeline replaced by one real run, replayed."""
    return build_container(analyzer=RecordedAnalyzer(recorded[1]))


@pytest.fixture
def world(container: Container) -> World:
    return make_world(container)


@pytest.fixture
def client(container: Container, world: World) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as c:
        yield c


def _upload(c: TestClient, csrf: str, client_id: int, data: bytes, name: str = "run.mp4") -> int:
    r = c.post(
        f"/clients/{client_id}/gait",
        data={"csrf_token": csrf, "view": "auto", "height_cm": "181"},
        files={"file": (name, data, "video/mp4")},
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def _wait_ready(container: Container, analysis_id: int) -> None:
    for _ in range(200):
        with container.gait._uow() as uow:
            a = uow.gait.analysis(analysis_id)
        if a is not None and a.ready:
            return
        time.sleep(0.05)
    raise AssertionError("analysis did not finish")


def test_portal_upload_review_release_and_client_view(
    client: TestClient, container: Container, world: World, recorded: tuple[Path, AnalysisOutput]
) -> None:
    clip = recorded[0].read_bytes()
    me = world.a.clients[0]
    csrf = sign_in(client, "client1@alpha.test")
    analysis_id = _upload(client, csrf, me.id, clip)
    page = client.get(f"/gait/{analysis_id}")
    assert page.status_code == 200 and "Your running video" in page.text
    _wait_ready(container, analysis_id)
    # Not released yet: the client sees the status page, not metrics; the API says 404.
    assert "clinician will review" in client.get(f"/gait/{analysis_id}").text
    assert client.get(f"/api/v1/gait/{analysis_id}").status_code == 404
    assert client.get(f"/gait/{analysis_id}/files/video").status_code == 404

    csrf = sign_in(client, "lmt@alpha.test")
    review = client.get(f"/gait/{analysis_id}")
    assert review.status_code == 200
    assert f'src="/gait/{analysis_id}/files/video"' in review.text
    assert "Initial contacts" in review.text and 'class="link jump"' in review.text
    # Side view with the height given at upload: step length and vertical ratio, defined.
    assert "Step length (cm)" in review.text and "Vertical ratio (%)" in review.text
    assert "Garmin Running Dynamics" in review.text and "Winter 2009" in review.text
    assert "Arm reach past the midline" not in review.text  # a rear-view measure
    n_cues = len(container.gait.page(world.a.caller("lmt"), analysis_id).analysis.feedback)
    assert n_cues >= 1  # the mannequin's cadence is below 178 steps/min
    r = client.post(
        f"/gait/{analysis_id}/comments",
        data={"csrf_token": csrf, "t_s": "2.5", "text": "Heel lands ahead of hip"},
    )
    assert r.status_code == 303
    edited = {f"cue_{i}": "" for i in range(n_cues)}
    edited["cue_0"] = "Take slightly quicker steps: aim for 175 per minute."
    r = client.post(
        f"/gait/{analysis_id}/feedback",
        data={
            "csrf_token": csrf,
            "count": str(n_cues),
            **edited,
            "added": "Keep your easy runs easy this week.",
        },
    )
    assert r.status_code == 303
    # The LMT's cues go to the chiropractor, who releases them (co-signature).
    assert client.post(f"/gait/{analysis_id}/release", data={"csrf_token": csrf}).status_code == 403
    csrf = sign_in(client, "chiropractor@alpha.test")
    assert client.post(f"/gait/{analysis_id}/release", data={"csrf_token": csrf}).status_code == 303
    assert client.post(f"/gait/{analysis_id}/release", data={"csrf_token": csrf}).status_code == 409

    sign_in(client, "client1@alpha.test")
    view = client.get(f"/gait/{analysis_id}")
    assert "aim for 175 per minute" in view.text and "easy runs easy" in view.text
    assert "Heel lands ahead of hip" not in view.text  # review comments stay in the clinic
    data = client.get(f"/api/v1/gait/{analysis_id}").json()
    assert [f["rule"] for f in data["feedback"]][-1] == "clinician"
    assert data["comments"] == []
    assert data["metrics"]["cadence_spm"] == recorded[1].metrics["cadence_spm"]
    # The annotated video supports Range requests (Chromium seeks with them).
    whole = client.get(f"/gait/{analysis_id}/files/video")
    part = client.get(f"/gait/{analysis_id}/files/video", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
    bad = client.get(f"/gait/{analysis_id}/files/video", headers={"Range": "bytes=999999999-"})
    assert bad.status_code == 416

    with container.uow_factory() as uow:
        entries, _ = SqlAudit(uow.session).query(AuditQuery(world.a.clinic_id, limit=500))
    actions = {e.action for e in entries}
    assert {"gait.upload", "gait.read", "gait.review", "gait.release"} <= actions


def test_api_upload_compare_and_authorization(
    client: TestClient, container: Container, world: World, recorded: tuple[Path, AnalysisOutput]
) -> None:
    clip = recorded[0].read_bytes()
    target = world.a.clients[0]
    csrf = sign_in(client, "chiropractor@alpha.test")
    ids = []
    for _ in range(2):
        r = client.post(
            f"/api/v1/clients/{target.id}/gait-videos",
            headers={"X-CSRF-Token": csrf},
            data={"view": "side"},
            files={"file": ("run.mov", clip, "video/quicktime")},
        )
        assert r.status_code == 202, r.text
        ids.append(r.json()["analysis_id"])
        assert client.get(r.json()["job_url"]).status_code == 200
    for i in ids:
        _wait_ready(container, i)
    page = client.get(f"/clients/{target.id}/gait/compare?a={ids[0]}&b={ids[1]}")
    assert page.status_code == 200 and "Cadence (steps/min)" in page.text

    # Who may do what (the policy) over HTTP.
    sign_in(client, "admin@alpha.test")
    assert client.get(f"/gait/{ids[0]}").status_code == 403
    sign_in(client, "lmt@beta.test")
    assert client.get(f"/gait/{ids[0]}").status_code == 404
    assert client.get(f"/api/v1/gait/{ids[0]}").status_code == 404
    csrf = sign_in(client, "client2@alpha.test")  # another client of the same clinic
    assert client.get(f"/gait/{ids[0]}").status_code == 404
    r = client.post(
        f"/clients/{target.id}/gait",
        data={"csrf_token": csrf},
        files={"file": ("run.mp4", clip, "video/mp4")},
    )
    assert r.status_code == 404
    csrf = sign_in(client, "client1@alpha.test")  # the runner may not review or release
    assert client.post(f"/gait/{ids[0]}/release", data={"csrf_token": csrf}).status_code == 403


def test_bad_uploads_are_refused_clearly_and_nothing_is_stored(
    client: TestClient, container: Container, world: World
) -> None:
    target = world.a.clients[0]
    csrf = sign_in(client, "lmt@alpha.test")
    r = client.post(
        f"/api/v1/clients/{target.id}/gait-videos",
        headers={"X-CSRF-Token": csrf},
        files={"file": ("notes.mp4", b"this is not a video", "video/mp4")},
    )
    assert r.status_code == 422
    assert "not a video" in r.json()["detail"]
    r = client.post(
        f"/clients/{target.id}/gait",
        data={"csrf_token": csrf},
        files={"file": ("x.mp4", b"\x00" * 1000, "video/mp4")},
    )
    assert r.status_code == 422 and "Upload the MP4" in r.text
    assert container.gait.for_client(world.a.caller("lmt"), target.id) == []
    assert not list((container.settings.uploads_dir / "gait").rglob("*.mp4"))


def test_uploads_over_the_size_limit_get_413(
    container: Container, world: World, recorded: tuple[Path, AnalysisOutput]
) -> None:
    from dataclasses import replace

    container.settings = replace(container.settings, max_upload_mb=1)
    with TestClient(create_app(container=container), follow_redirects=False) as c:
        csrf = sign_in(c, "lmt@alpha.test")
        big = b"\x00" * (1024 * 1024 + 10)
        r = c.post(
            f"/api/v1/clients/{world.a.clients[0].id}/gait-videos",
            headers={"X-CSRF-Token": csrf},
            files={"file": ("big.mp4", big, "video/mp4")},
        )
        assert r.status_code == 413 and "1 MB upload limit" in r.json()["detail"]
        r = c.post(
            f"/clients/{world.a.clients[0].id}/gait",
            data={"csrf_token": csrf},
            files={"file": ("big.mp4", big, "video/mp4")},
        )
        assert r.status_code == 413 and "Trim the clip" in r.text


def test_the_demo_clinic_has_a_released_analysis_for_maya(
    container: Container, recorded: tuple[Path, AnalysisOutput]
) -> None:
    from kneecap.demo import seed_demo
    from kneecap.demo.gait import CLINICIAN_CUE

    seed = seed_demo(container, "demo-password-123")
    maya = seed.clients[0]
    user = container.accounts.user_by_email("client1@demo.test")
    assert user is not None
    from kneecap.services.accounts import actor_for
    from kneecap.services.caller import Caller

    seen = container.gait.for_client(Caller(actor_for(user), "test"), maya.id)
    assert len(seen) == 1 and seen[0].released
    assert seen[0].feedback[-1].text == CLINICIAN_CUE


def test_the_served_demo_leaves_the_analysis_to_the_app_queue_and_releases_it(
    container: Container, recorded: tuple[Path, AnalysisOutput]
) -> None:
    """`kneecap demo` serves first: the set-up runs once the app's queue runs, the analysis is
    a job on that queue, and the demo releases it when the job is done."""
    from kneecap.demo import seed_demo
    from kneecap.services.accounts import actor_for
    from kneecap.services.caller import Caller
    from kneecap.web.startup import StartupTasks

    reports: list[str] = []

    def work(report: Callable[[str], None]) -> None:
        def both(message: str) -> None:
            reports.append(message)
            report(message)

        seed_demo(container, "demo-password-123", both)

    startup = StartupTasks("Setting up the demo clinic", work)
    with TestClient(create_app(container=container, startup=startup)) as http:
        assert http.get("/healthz").status_code == 200
        startup.join(timeout=120)
        assert "Setting up the demo clinic" not in http.get("/sign-in").text
    assert not startup.state.error
    assert any(m.startswith("analysing Maya Okafor") for m in reports)
    user = container.accounts.user_by_email("client1@demo.test")
    assert user is not None
    (seen,) = container.gait.for_client(Caller(actor_for(user), "test"), user.client_id or 0)
    assert seen.released


def test_a_video_with_missing_contacts_drafts_no_cue_and_the_review_says_why(
    build_container: Callable[..., Container], recorded: tuple[Path, AnalysisOutput]
) -> None:
    metrics = dict(recorded[1].metrics)
    reason = "Only 12 of about 16 contacts could be placed (at least 90% needed)."
    metrics["quality"] = {"cues_drafted": False, "reasons": [reason]}
    metrics["gaps"] = [{"start_s": 4.3, "end_s": 6.0, "missing": 2}]
    container = build_container(
        analyzer=RecordedAnalyzer(AnalysisOutput(metrics, dict(recorded[1].files)))
    )
    world = make_world(container)
    with TestClient(create_app(container=container), follow_redirects=False) as c:
        csrf = sign_in(c, "lmt@alpha.test")
        analysis_id = _upload(c, csrf, world.a.clients[0].id, recorded[0].read_bytes())
        _wait_ready(container, analysis_id)
        assert container.gait.page(world.a.caller("lmt"), analysis_id).analysis.feedback == ()
        page = c.get(f"/gait/{analysis_id}").text
    assert "No cue was drafted automatically" in page and reason in page
    assert "2 contacts could not be placed between 4.3 s and 6.0 s." in page
    assert "Add a cue of your own" in page
