"""Demo co-signature: what an LMT wrote waits in the chiropractor's queue. One amendment of
Daniel's signed plan names a condition (flagged by the scope screen); a change to Tom's
record goals is plain."""

from __future__ import annotations

from dataclasses import replace

from kneecap.demo.clinic import DemoExtension, DemoSeed
from kneecap.domain.care.plan import Goal
from kneecap.services.accounts import AccountService, actor_for
from kneecap.services.caller import Caller
from kneecap.services.care import CarePlanService, current_plan
from kneecap.services.clients import ClientService

FLAGGED_GOAL = "Runner's knee settled enough for three easy runs a week"
PLAIN_GOALS = "Back on the trails by June; downhill walking without pain first."


def cosign_demo(
    accounts: AccountService, plans: CarePlanService, clients: ClientService
) -> DemoExtension:
    def seed(seed: DemoSeed, chiro: Caller) -> None:
        user = accounts.user_by_email("lmt@demo.test")
        if user is None or len(seed.clients) < 4:
            return
        lmt = Caller(actor_for(user), "demo")
        daniel, tom = seed.clients[1], seed.clients[3]
        plan = current_plan(plans.plans(lmt, daniel.id))
        if plan is not None and plan.is_locked:
            content = replace(plan.content, goals=(*plan.content.goals, Goal(FLAGGED_GOAL)))
            plans.amend(lmt, daniel.id, plan.id, "Goal agreed at today's massage visit", content)
        record = clients.get(lmt, tom.id)
        clients.update(lmt, tom.id, replace(record.details, goals=PLAIN_GOALS))

    return seed
