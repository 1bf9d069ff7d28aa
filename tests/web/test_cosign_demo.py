"""The demo clinic opens with what an LMT wrote waiting for the chiropractor: an amendment of
Daniel's plan that names a condition (flagged, first) and Tom's goals (plain)."""

from __future__ import annotations

from kneecap.bootstrap import Container
from kneecap.demo import seed_demo
from kneecap.demo.cosign import FLAGGED_GOAL, PLAIN_GOALS
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller


def test_the_demo_queue_has_a_flagged_amendment_and_a_plain_text(container: Container) -> None:
    seed = seed_demo(container, "demo-password-123")
    chiro = container.accounts.user_by_email("chiro@demo.test")
    daniel = container.accounts.user_by_email("client2@demo.test")
    assert chiro is not None and daniel is not None
    queue = container.cosign.queue(Caller(actor_for(chiro)))
    assert [(e.client.name, e.kind.name, e.item.flagged) for e in queue] == [
        ("Daniel Reyes", "care_plan", True),
        ("Tom Becker", "client.goals", False),
    ]
    assert "names a condition: runner's knee" in queue[0].item.version.flags
    assert queue[1].item.version.text == PLAIN_GOALS
    # Daniel sees his signed plan, without the goal that waits.
    (plan,) = container.care.plans.plans(Caller(actor_for(daniel)), seed.clients[1].id)
    assert FLAGGED_GOAL not in [g.description for g in plan.content.goals]
