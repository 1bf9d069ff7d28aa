"""Browser steps of the running-form workflow (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.factories import PASSWORD


def wait_js(page: Any, expression: str, timeout: float = 60.0) -> None:
    """Poll a JS expression from Python: Playwright's wait_for_function evaluates a string,
    which the app's CSP (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        page.wait_for_timeout(100)


def sign_in(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form[action='/sign-in'] button[type=submit]")
    page.wait_for_url(f"{base}/dashboard**")


def upload(page: Any, base: str, client_id: int, clip: Path, shot: Path | None = None) -> int:
    """Upload through the portal form; returns the analysis id once its job has finished."""
    page.goto(f"{base}/clients/{client_id}/gait/new")
    page.set_input_files("#f-file", str(clip))
    page.select_option("#f-view", "auto")
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url(f"{base}/gait/*")
    analysis_id = int(page.url.rsplit("/", 1)[1])
    if shot is not None:
        wait_js(
            page,
            "document.querySelector('progress') && document.querySelector('progress').value > 5",
            timeout=120,
        )
        page.screenshot(path=str(shot), full_page=True)
    # static/jobs.js reloads the page when the job ends.
    page.wait_for_selector("text=clinician will review", timeout=590_000)
    return analysis_id


def review_and_release(
    page: Any, base: str, analysis_id: int, cue: str, shot: Path | None = None
) -> None:
    page.goto(f"{base}/gait/{analysis_id}")
    video = page.locator("video#gait-video")
    video.wait_for()
    wait_js(page, "document.querySelector('video').readyState >= 2", 30)
    page.click(".ic-list button.jump >> nth=3")  # seek to the 4th initial contact (Range)
    wait_js(page, "document.querySelector('video').currentTime > 0.5")
    before = float(page.eval_on_selector("video", "v => v.currentTime"))
    page.click("button.step[data-step='1']")
    wait_js(page, f"document.querySelector('video').currentTime > {before + 0.001}")
    page.fill("#f-t_s", f"{before:.3f}")
    page.fill("#f-text", "Foot lands ahead of the knee here.")
    page.click("form[action$='/comments'] button[type=submit]")
    page.wait_for_selector("text=Foot lands ahead of the knee here.")
    page.fill("#f-cue_0", cue)
    page.click("form[action$='/feedback'] button[type=submit]")
    page.wait_for_load_state()
    if shot is not None:
        wait_js(page, "document.querySelector('video').readyState >= 2")
        page.eval_on_selector("video", f"v => {{ v.currentTime = {before}; }}")
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot), full_page=True)
    page.click("form[action$='/release'] button[type=submit]")
    page.wait_for_selector("text=Released")


def video_frame_is_shown(page: Any, timeout: float = 30.0) -> bool:
    """The <video> shows a decoded frame with picture in it (not a blank element), within
    `timeout` seconds: on a busy machine the first frame can take a while to paint."""
    deadline = time.monotonic() + timeout
    while not _frame_has_picture(page):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(200)
    return True


def _frame_has_picture(page: Any) -> bool:
    return bool(
        page.evaluate("""() => {
        const v = document.querySelector('video');
        if (!v || v.readyState < 2 || !v.videoWidth) return false;
        const c = document.createElement('canvas');
        c.width = 64; c.height = 64;
        const g = c.getContext('2d');
        g.drawImage(v, 0, 0, 64, 64);
        const d = g.getImageData(0, 0, 64, 64).data;
        let lo = 255, hi = 0;
        for (let i = 0; i < d.length; i += 4) { lo = Math.min(lo, d[i]); hi = Math.max(hi, d[i]); }
        return hi - lo > 40;
    }""")
    )
