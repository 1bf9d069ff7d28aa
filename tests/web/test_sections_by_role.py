"""Which sections the client page and the dashboard show to each role of the clinic.

The pages ask the policy; these are the sections a user of each role must see (and not see),
so a change to the policy table or to a page's question shows up here."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import sign_in

CLIENT_SECTIONS = {
    "clinical": ('id="clinical-h"', "Assessment"),
    "care": ('id="care-h"', "Care and outcomes"),
    "gait": ('id="gait-h"', "Running form videos"),
    "training": ('id="load-panel-h"', "Training load"),
}


def _sections(html: str) -> set[str]:
    return {name for name, (anchor, _) in CLIENT_SECTIONS.items() if anchor in html}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", set()),
        ("lmt", {"clinical", "care", "gait", "training"}),
        ("chiropractor", {"clinical", "care", "gait", "training"}),
        ("client1", {"clinical", "care", "gait", "training"}),
    ],
)
def test_the_client_page_shows_each_role_its_sections(
    app_client: TestClient, world: World, role: str, expected: set[str]
) -> None:
    record = world.a.clients[0]  # client1's own record
    sign_in(app_client, world.a.users[role].email)
    page = app_client.get(f"/clients/{record.id}")
    assert page.status_code == 200
    assert _sections(page.text) == expected


def test_clinicians_see_the_examinations_and_the_client_their_own_intake(
    app_client: TestClient, world: World
) -> None:
    record = world.a.clients[0]
    sign_in(app_client, world.a.users["lmt"].email)
    clinician = app_client.get(f"/clients/{record.id}").text
    assert ">Assessment</h2>" in clinician and "Record the intake" in clinician
    sign_in(app_client, world.a.users["client1"].email)
    own = app_client.get(f"/clients/{record.id}").text
    assert "Your knee assessment" in own and "Fill in your intake" in own
    assert "Record the intake" not in own


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("admin", ["Recent activity", "Staff"], ["Find a client", "Your record", "Inbox"]),
        ("lmt", ["Find a client"], ["Recent activity", "Your record", "Inbox", "Escalation"]),
        ("chiropractor", ["Find a client", 'id="inbox-h"', 'id="esc-h"'], ["Recent activity"]),
        ("client1", ["Your record", "Listen to your body"], ["Find a client", 'id="inbox-h"']),
    ],
)
def test_the_dashboard_is_the_view_of_each_roles_work(
    app_client: TestClient, world: World, role: str, shown: list[str], hidden: list[str]
) -> None:
    sign_in(app_client, world.a.users[role].email)
    page = app_client.get("/dashboard")
    assert page.status_code == 200
    for text in shown:
        assert text in page.text, text
    for text in hidden:
        assert text not in page.text, text
