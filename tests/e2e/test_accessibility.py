"""Accessibility, and the walk-through fixes that need a browser, in Debian's Chromium:
axe-core (from the axe-playwright-python test dependency, read from its package, never a CDN)
over every page each role reaches, WCAG 2.1 A and AA rules, 0 violations; a one-point outcome
chart and the knee drawing; the message thread and the client home at desktop and phone size
(390×844), screenshotted."""

from __future__ import annotations

import importlib.util
import os
import struct
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kneecap.services.training_import import Upload
from tests.e2e.conftest import LiveServer
from tests.e2e.conftest import sign_in as sign_in_fresh
from tests.factories import examined, signed_plan_with_programme

pytestmark = pytest.mark.e2e
_AXE_PACKAGE = importlib.util.find_spec("axe_playwright_python")  # only its axe.min.js is used
if _AXE_PACKAGE is None or not _AXE_PACKAGE.origin:
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError("axe-playwright-python is missing: pip install -e '.[test]'")
    pytest.skip("axe-playwright-python (a test extra) is not installed", allow_module_level=True)
AXE = (Path(_AXE_PACKAGE.origin).parent / "axe.min.js").read_text()
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}


def sign_in(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    sign_in_fresh(page, base, email)


def violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page as loaded, one line per rule and node."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)  # evaluated through the browser's devtools: the page CSP allows it
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))]))",
        WCAG21_AA,
    )
    return [f"{rule} ({impact}): {', '.join(nodes[:4])}" for rule, impact, nodes in found]


def _scene(live: LiveServer) -> dict[str, int]:
    c, w = live.container, live.world
    cid = w.a.clients[0].id
    chiro, lmt, me = w.a.caller("chiropractor"), w.a.caller("lmt"), w.a.caller("client1")
    signed_plan_with_programme(c, w)
    a = examined(c, chiro, cid)
    assert a.id is not None
    c.care.outcomes.record(me, cid, "nprs", {"usual": 4, "worst": 6}, on=date(2026, 2, 16))
    c.messages.post(me, cid, "My knee swelled after Sunday's 18 km.",
                    [Upload("knee.png", _PNG)])  # fmt: skip
    c.messages.post(lmt, cid, "Ice it, rest two days, and send a video of an easy run.")
    return {"client": cid, "assessment": a.id}


def _png(width: int = 48, height: int = 32) -> bytes:
    """A small valid PNG (a teal block), so the thread shows a real photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x1d\x5c\x63" * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))  # fmt: skip


_PNG = _png()


def _pages(ids: dict[str, int]) -> dict[str, list[str]]:
    c, a = ids["client"], ids["assessment"]
    record = [f"/clients/{c}", f"/clients/{c}/messages", f"/clients/{c}/care",
              f"/clients/{c}/programme", f"/clients/{c}/outcomes", f"/clients/{c}/intake",
              f"/clients/{c}/training", f"/clients/{c}/training/plan", f"/clients/{c}/gait/new",
              f"/clients/{c}/gait/compare", f"/clients/{c}/schedule"]  # fmt: skip
    return {
        "client1": ["/dashboard", "/settings", *record],
        "chiropractor": [
            "/dashboard",
            "/clients",
            "/clients/new",
            f"/clients/{c}/edit",
            f"/clients/{c}/assessments/{a}",
            "/cosignatures",
            "/inbox",
            "/care/inbox",
            "/red-flags",
            "/training/alerts",
            "/messages",
            *record,
        ],
        "lmt": ["/dashboard", f"/clients/{c}/assessments/{a}?amend=findings"],
        "admin": ["/dashboard", "/staff", "/audit", "/settings"],
    }


def test_every_page_has_no_wcag_21_aa_violation(
    live_server: LiveServer, page: Any, screenshots: Path
) -> None:
    base, users = live_server.url, live_server.world.a.users
    ids = _scene(live_server)
    page.goto(f"{base}/sign-in")
    found = {"/sign-in": violations(page)}
    for who, paths in _pages(ids).items():
        sign_in(page, base, users[who].email)
        for path in paths:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status < 400, (who, path)
            page.wait_for_load_state("networkidle")
            found[f"{who} {path}"] = violations(page)
    page.set_viewport_size(PHONE)
    for path in (f"/clients/{ids['client']}/training", f"/clients/{ids['client']}/programme"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        found[f"chiropractor {path} (phone)"] = violations(page)
    bad = {k: v for k, v in found.items() if v}
    assert bad == {}, "\n".join(f"{k}: {'; '.join(v)}" for k, v in bad.items())
    assert len(found) >= 40


def test_the_thread_and_the_client_home_at_desktop_and_phone_size(
    live_server: LiveServer, page: Any, screenshots: Path
) -> None:
    base, users = live_server.url, live_server.world.a.users
    ids = _scene(live_server)
    sign_in(page, base, users["client1"].email)
    for size, tag in (({"width": 1280, "height": 900}, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.goto(f"{base}/dashboard")
        # Desktop first: today's exercises and the message; the phone after reading it.
        assert page.locator("ol.steps > li").count() == (2 if tag == "desktop" else 1)
        page.screenshot(path=str(screenshots / f"client-home-{tag}.png"), full_page=True)
        page.goto(f"{base}/clients/{ids['client']}/messages")
        assert page.get_by_text("My knee swelled").is_visible()
        page.screenshot(path=str(screenshots / f"thread-{tag}.png"), full_page=True)
    # One tap from the home logs today's exercises and says so.
    page.goto(f"{base}/dashboard")
    page.get_by_role("button", name="I did them today").click()
    page.wait_for_url(f"{base}/dashboard?logged=1#today")
    assert page.get_by_text("Today's exercises are logged").is_visible()


def test_one_point_charts_show_dates_and_the_mcid_line_and_the_knee_drawing_ticks(
    live_server: LiveServer, page: Any
) -> None:
    base, users = live_server.url, live_server.world.a.users
    ids = _scene(live_server)  # one NPRS measurement
    sign_in(page, base, users["client1"].email)
    page.goto(f"{base}/clients/{ids['client']}/outcomes")
    page.wait_for_selector(".chart .main-svg")
    charts = page.evaluate(
        "() => [...document.querySelectorAll('.chart')].filter(el => el.data).map(el => ({"
        "ticks: [...el.querySelectorAll('.xtick text')].map(t => t.textContent),"
        "mcid: el.data.filter(t => t.name && t.name.startsWith('MCID')).map(t => t.x),"
        "modebar: el.querySelectorAll('.modebar').length}))"
    )
    assert charts, "no chart was drawn"
    for c in charts:
        assert c["ticks"] and all(":" not in t for t in c["ticks"]), c  # dates, not hours
        assert c["modebar"] == 0
        for x in c["mcid"]:
            assert x[0] != x[1], c  # the line has a length, so it is drawn
    page.goto(f"{base}/clients/{ids['client']}/intake")
    box = page.locator("input[name=regions][value=retropatellar]")
    before = box.is_checked()
    page.locator(".knee-map .zone[data-region=retropatellar]").first.click()
    assert box.is_checked() is not before
    assert "on" in (page.locator(".knee-map .zone[data-region=retropatellar]").first
                    .get_attribute("class") or "") or before  # fmt: skip
