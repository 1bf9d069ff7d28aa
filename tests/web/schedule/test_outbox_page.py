"""Without a mail server the outbox page shows what would be sent: an invitation made on the
staff page appears there with its one-time link; only the admin sees the outbox."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import sign_in


def test_an_invitation_waits_in_the_outbox_and_only_the_admin_sees_it(
    app_client: TestClient, world: World
) -> None:
    csrf = sign_in(app_client, "admin@alpha.test")
    r = app_client.post(
        "/staff/invite",
        data={"csrf_token": csrf, "name": "New LMT", "email": "new@alpha.test", "role": "lmt"},
    )
    assert r.status_code in (200, 303), r.text
    deadline = time.monotonic() + 20
    while True:
        page = app_client.get("/outbox")
        if "not sent (no server)" in page.text or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert page.status_code == 200
    assert "new@alpha.test" in page.text and "Your account at Alpha Clinic" in page.text
    assert "/invitations/" in page.text and "not sent (no server)" in page.text
    sign_in(app_client, "lmt@alpha.test")
    assert app_client.get("/outbox").status_code == 403
