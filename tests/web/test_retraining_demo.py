"""The demo clinic shows Daniel mid-way through a retraining block, its adherence computed
from the FIT files the demo imports (the real reader, the real pipeline's video cadence)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.demo import seed_demo
from kneecap.domain.retraining.adherence import RunStatus
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller
from kneecap.web.app import create_app
from tests.web.conftest import sign_in

PASSWORD = "demo-password-123"


def test_daniel_is_mid_block_with_adherence_from_his_watch_files(container: Container) -> None:
    seed_demo(container, PASSWORD)
    chiro = container.accounts.user_by_email("chiro@demo.test")
    daniel = container.accounts.user_by_email("client2@demo.test")
    assert chiro is not None and daniel is not None and daniel.client_id is not None
    [block] = container.retraining.page(Caller(actor_for(chiro)), daniel.client_id).blocks
    assert block.active and block.summary.done == 6 and block.summary.planned == 8
    statuses = [s.adherence.status for s in block.sessions if s.adherence]
    assert statuses.count(RunStatus.MEASURED) == 5
    assert statuses.count(RunStatus.AVERAGE_ONLY) == 1  # the run that came without a file
    shares = [s.adherence.within_share for s in block.sessions if s.adherence]
    assert all(x is None or 0 <= x <= 1 for x in shares)
    assert all(s.pain and s.pain.during is not None for s in block.sessions if s.run)
    # three runs a week: the block runs three sessions a week and adds none
    assert any("never add one" in n for n in block.plan.notes)
    with TestClient(create_app(container=container), follow_redirects=False) as http:
        sign_in(http, "client2@demo.test", PASSWORD)
        page = http.get(f"/clients/{daniel.client_id}/retraining/{block.block.id}")
        assert page.status_code == 200 and "Sessions and adherence" in page.text
        assert "average cadence is known (no per-second records)" in page.text
        # his progression plan holds the block's last two sessions in its first runs
        plan = http.get(f"/clients/{daniel.client_id}/training/plan")
        assert "Retraining sessions in this plan" in plan.text
        assert plan.text.count('class="cue-in-run"') == 2
