"""Chromium end to end: a runner uploads a video in the portal, the job shows progress, the
clinician plays and steps the annotated video, edits the cues and releases; the runner then
sees the edited feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kneecap.bootstrap import build
from kneecap.config import Settings
from tests.e2e.conftest import E2E_TIMEOUT_MS, answer_yes
from tests.e2e.gait_flow import (
    review_and_release,
    sign_in,
    upload,
    video_frame_is_shown,
)
from tests.factories import make_world
from tests.support.live_server import serve
from tests.support.runner_video import mocap_available, write_runner_clip

pytestmark = [
    pytest.mark.xdist_group("video"),
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not mocap_available(), reason="../shared/data mocap absent"),
]


def test_upload_review_release_in_chromium(tmp_path: Path, browser: Any) -> None:
    clip = write_runner_clip(tmp_path / "run.mp4", 8.0, 30, (540, 960), portrait_rotation=True)
    container = build(Settings(data_dir=tmp_path / "data"))
    world = make_world(container)
    runner = world.a.clients[0]
    cue = "Quicker, lighter steps: about 176 a minute (try a metronome app)."
    # One Chromium per test worker (the `browser` fixture); a fresh context per test.
    with (
        serve(container) as base,
        browser.new_context(viewport={"width": 1280, "height": 900}) as context,
    ):
        context.set_default_timeout(E2E_TIMEOUT_MS)
        page = answer_yes(context.new_page())
        sign_in(page, base, "client1@alpha.test")
        analysis_id = upload(page, base, runner.id, clip)
        # The chiropractor reviews and releases (an LMT's cues would go to co-signature).
        sign_in(page, base, "chiropractor@alpha.test")
        review_and_release(page, base, analysis_id, cue)
        assert video_frame_is_shown(page)
        sign_in(page, base, "client1@alpha.test")
        page.goto(f"{base}/gait/{analysis_id}")
        assert page.locator(".cues").inner_text().startswith(cue)
        assert page.locator("text=Foot lands ahead of the knee here.").count() == 0
        assert video_frame_is_shown(page)
    container.close()
