"""Demo care data: Daniel's flat scores trigger escalation, Maya's improvement does not."""

from __future__ import annotations

from kneecap.bootstrap import Container
from kneecap.demo import seed_demo
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller


def test_demo_escalates_daniel_not_maya(container: Container) -> None:
    seed = seed_demo(container, "demo-password-123")
    chiro_user = container.accounts.user_by_email("chiro@demo.test")
    assert chiro_user is not None
    chiro = Caller(actor_for(chiro_user), "test")
    alerts = container.care.escalation.inbox(chiro)
    assert [record.name for record, _ in alerts] == ["Daniel Reyes"]
    assert "AKPS 62 → 65" in alerts[0][1].message
    maya = seed.clients[0]
    summary = container.care.outcomes.summary(chiro, maya.id)
    akps = next(s for s in summary.series if s.key == "akps")
    assert akps.change is not None and (akps.change.baseline, akps.change.latest) == (64, 82)
    view = container.care.programme.view(chiro, maya.id)
    assert view.programme is not None and len(view.programme.prescriptions) == 5
    assert view.adherence is not None and view.adherence.ratio is not None
    plans = container.care.plans.plans(chiro, maya.id)
    assert plans[0].is_locked and len(plans[0].content.modalities) >= 4
