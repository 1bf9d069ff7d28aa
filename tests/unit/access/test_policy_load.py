"""Who may read training load, import watch files, log pain, manage plans, and see the
clinic's runners with open alerts."""

from __future__ import annotations

import pytest

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.access.roles import Actor, Role

LMT = Actor(1, 10, Role.LMT, "lmt@a.test")
CHIRO = Actor(2, 10, Role.CHIROPRACTOR, "chiro@a.test")
ADMIN = Actor(3, 10, Role.ADMIN, "admin@a.test")
CLIENT = Actor(4, 10, Role.CLIENT, "c@a.test", client_id=100)
OWN = Resource("client", 10, client_id=100, id=100)
OTHER = Resource("client", 10, client_id=101, id=101)
FOREIGN = Resource("client", 20, client_id=200, id=200)
CLINIC = Resource("clinic", 10)
PER_CLIENT = (Action.TRAINING_READ, Action.TRAINING_IMPORT, Action.PAIN_LOG, Action.PLAN_MANAGE)


@pytest.mark.parametrize("action", PER_CLIENT)
def test_runner_has_own_record_practitioners_the_clinic(action: Action) -> None:
    assert decide(CLIENT, action, OWN).allowed
    assert decide(CLIENT, action, OTHER).verdict is Verdict.HIDDEN
    for staff in (LMT, CHIRO):
        assert decide(staff, action, OWN).allowed and decide(staff, action, OTHER).allowed
        assert decide(staff, action, FOREIGN).verdict is Verdict.HIDDEN


@pytest.mark.parametrize("action", PER_CLIENT)
def test_the_admin_runs_accounts_not_care(action: Action) -> None:
    assert decide(ADMIN, action, OWN).verdict is Verdict.FORBIDDEN


def test_clinic_alert_list_is_for_practitioners_only() -> None:
    assert decide(LMT, Action.TRAINING_CLINIC_ALERTS, CLINIC).allowed
    assert decide(CHIRO, Action.TRAINING_CLINIC_ALERTS, CLINIC).allowed
    assert decide(ADMIN, Action.TRAINING_CLINIC_ALERTS, CLINIC).verdict is Verdict.FORBIDDEN
    assert decide(CLIENT, Action.TRAINING_CLINIC_ALERTS, CLINIC).verdict is Verdict.FORBIDDEN
    other = Resource("clinic", 20)
    assert decide(LMT, Action.TRAINING_CLINIC_ALERTS, other).verdict is Verdict.HIDDEN
