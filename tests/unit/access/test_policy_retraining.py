"""Who may start, read and end gait-retraining blocks (the policy table)."""

from __future__ import annotations

import pytest

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.access.roles import Actor, Role

LMT = Actor(1, 10, Role.LMT, "lmt@a.test")
CHIRO = Actor(2, 10, Role.CHIROPRACTOR, "chiro@a.test")
ADMIN = Actor(3, 10, Role.ADMIN, "admin@a.test")
CLIENT = Actor(4, 10, Role.CLIENT, "c@a.test", client_id=100)
OWN = Resource("retraining_block", 10, client_id=100, id=7)
OTHER = Resource("retraining_block", 10, client_id=101, id=8)
FOREIGN = Resource("retraining_block", 20, client_id=200, id=9)
ALL = (Action.RETRAINING_READ, Action.RETRAINING_START, Action.RETRAINING_END)


@pytest.mark.parametrize("actor", [LMT, CHIRO])
def test_practitioners_in_their_clinic_only(actor: Actor) -> None:
    for action in ALL:
        assert decide(actor, action, OTHER).allowed
        assert decide(actor, action, FOREIGN).verdict is Verdict.HIDDEN


def test_the_runner_reads_their_own_block_only() -> None:
    assert decide(CLIENT, Action.RETRAINING_READ, OWN).allowed
    for action in (Action.RETRAINING_START, Action.RETRAINING_END):
        assert decide(CLIENT, action, OWN).verdict is Verdict.FORBIDDEN
    assert decide(CLIENT, Action.RETRAINING_READ, OTHER).verdict is Verdict.HIDDEN


def test_the_admin_sees_no_retraining() -> None:
    for action in ALL:
        assert decide(ADMIN, action, OTHER).verdict is Verdict.FORBIDDEN
