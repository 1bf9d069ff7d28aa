"""Co-signature in Debian's Chromium: an LMT amends a signed plan (naming a diagnosis) and the
client's goals; the client sees neither; the chiropractor reads the diff in the queue, flagged
first, co-signs one and returns the other; the client then sees what was co-signed. And an
escalation after seven weeks without measures asks for them. Screenshots of both."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Goal, PlanContent
from tests.e2e.conftest import LiveServer
from tests.e2e.conftest import sign_in as sign_in_fresh

pytestmark = pytest.mark.e2e
REPRO = "DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee"
PLAIN = "Run the spring 10 km without knee pain"


def sign_in(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()  # a signed-in browser is sent on from the sign-in page
    sign_in_fresh(page, base, email)


def _signed_plan(live: LiveServer, client_index: int, weeks_ago: int) -> int:
    chiro = live.world.a.caller("chiropractor")
    cid = live.world.a.clients[client_index].id
    start = live.container.clock.now().date() - timedelta(weeks=weeks_ago)
    content = PlanContent(
        (Goal("Stairs without pain"),),
        (ModalityPrescription(Modality.MASSAGE, "thigh", 45, 1, 6),),
    )
    plan = live.container.care.plans.create(chiro, cid, start, content)
    live.container.care.plans.sign(chiro, cid, plan.id)
    return cid


def test_the_chiropractor_co_signs_what_the_lmt_wrote_before_the_client_sees_it(
    live_server: LiveServer, page: Any, screenshots: Path
) -> None:
    base, world = live_server.url, live_server.world
    cid = _signed_plan(live_server, 0, weeks_ago=2)

    # The LMT amends the plan in the page (the form starts empty: the content is retyped).
    sign_in(page, base, world.a.users["lmt"].email)
    page.goto(f"{base}/clients/{cid}/care")
    page.fill("#f-goals", f"Stairs without pain\n{REPRO}")
    page.select_option("#m0_modality", "massage_therapy")
    page.fill("#m0_area", "thigh")
    page.fill("#m0_dose", "60")  # longer sessions: the diff shows what changed
    page.fill("#m0_per_week", "1")
    page.fill("#m0_weeks", "6")
    page.fill("#f-reason", "Findings from today's visit")
    page.click("#plan-form button[type=submit]")
    notice = page.inner_text("#saved-notice")
    assert "co-signs this before the client sees it" in notice and "M22.2X1" in notice
    assert "awaiting the chiropractor's co-signature" in page.inner_text("#amendments")
    # ... and the record's goals, plainly.
    page.goto(f"{base}/clients/{cid}/edit")
    page.fill("#f-goals", PLAIN)
    page.click("main form button[type=submit]")
    assert "co-signs this before the client sees it" in page.inner_text("#saved-notice")

    # The client sees neither yet.
    sign_in(page, base, world.a.users["client1"].email)
    page.goto(f"{base}/clients/{cid}/care")
    assert REPRO not in page.content() and "Stairs without pain" in page.content()
    page.goto(f"{base}/dashboard")
    assert PLAIN not in page.content()

    # The chiropractor: flagged first, with the diff.
    sign_in(page, base, world.a.users["chiropractor"].email)
    page.click("header nav >> text=Co-signature")
    items = page.locator("article.cosign-item")
    assert items.count() == 2
    first, second = items.nth(0), items.nth(1)
    assert "Names a diagnosis" in first.inner_text() and "Amendment" in first.inner_text()
    inserted = " ".join(first.locator("pre.diff ins").all_inner_texts())
    assert REPRO in inserted and "60" in inserted
    assert "45" in " ".join(first.locator("pre.diff del").all_inner_texts())
    assert "Names a diagnosis" not in second.inner_text()
    page.screenshot(path=str(screenshots / "cosign-queue.png"), full_page=True)
    # Return the amendment with a comment; co-sign the goals.
    first.locator("input[name=comment]").nth(1).fill("Only the chiropractor gives a diagnosis.")
    first.get_by_role("button", name="Return to").click()
    assert "Returned to its author" in page.inner_text("main")
    page.locator("article.cosign-item").nth(0).get_by_role("button", name="Co-sign").click()
    assert "Nothing waits for your co-signature" in page.inner_text("main")

    # The client sees the co-signed goals, never the returned amendment.
    sign_in(page, base, world.a.users["client1"].email)
    page.goto(f"{base}/dashboard")
    assert PLAIN in page.inner_text("main")
    page.goto(f"{base}/clients/{cid}/care")
    assert REPRO not in page.content()
    # The LMT is told why it came back.
    sign_in(page, base, world.a.users["lmt"].email)
    page.goto(f"{base}/clients/{cid}/care")
    assert "returned" in page.inner_text("#amendments")
    assert "Only the chiropractor gives a diagnosis." in page.inner_text("#amendments")


def test_an_escalation_without_measures_asks_for_them(
    live_server: LiveServer, page: Any, screenshots: Path
) -> None:
    base, world = live_server.url, live_server.world
    cid = _signed_plan(live_server, 1, weeks_ago=7)
    sign_in(page, base, world.a.users["chiropractor"].email)
    page.goto(f"{base}/dashboard")
    assert "no follow-up measures recorded: AKPS and pain are due" in page.inner_text("main")
    page.goto(f"{base}/clients/{cid}/care")
    section = page.locator("#escalation")
    assert "Measures due" in section.inner_text()
    text = section.inner_text().lower()
    assert "akps and pain are due" in text and "surgical" not in text and "injection" not in text
    options = page.locator("#f-decision option").all_inner_texts()
    assert options == ["Measures requested (AKPS, pain)", "Continue conservative care"]
    section.screenshot(path=str(screenshots / "escalation-measures-due.png"))
    assert Role.CHIROPRACTOR.label in page.inner_text("header")
