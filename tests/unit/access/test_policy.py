"""The policy table, decided without a database."""

from __future__ import annotations

import pytest

from kneecap.domain.access.permissions import RULES, Action, permissions_of
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.access.roles import Actor, Role

LMT = Actor(1, 10, Role.LMT, "lmt@a.test")
CHIRO = Actor(2, 10, Role.CHIROPRACTOR, "chiro@a.test")
ADMIN = Actor(3, 10, Role.ADMIN, "admin@a.test")
CLIENT = Actor(4, 10, Role.CLIENT, "c@a.test", client_id=100)
OWN = Resource("client", 10, client_id=100, id=100)
OTHER = Resource("client", 10, client_id=101, id=101)
FOREIGN = Resource("client", 20, client_id=200, id=200)


@pytest.mark.parametrize("actor", [LMT, CHIRO, ADMIN, CLIENT])
def test_another_clinics_record_is_hidden_from_every_role(actor: Actor) -> None:
    for action in Action:
        assert decide(actor, action, FOREIGN).verdict is Verdict.HIDDEN


def test_client_sees_own_record_only_and_others_are_hidden_not_forbidden() -> None:
    assert decide(CLIENT, Action.CLIENT_READ, OWN).allowed
    assert decide(CLIENT, Action.CLIENT_READ, OTHER).verdict is Verdict.HIDDEN
    # Even for an action a client never holds, another client's record stays hidden.
    assert decide(CLIENT, Action.DIAGNOSIS_RECORD, OTHER).verdict is Verdict.HIDDEN


@pytest.mark.parametrize("actor", [LMT, CHIRO, ADMIN])
def test_staff_read_every_client_of_their_clinic(actor: Actor) -> None:
    assert decide(actor, Action.CLIENT_READ, OWN).allowed
    assert decide(actor, Action.CLIENT_READ, OTHER).allowed


def test_only_a_chiropractor_may_record_or_release_a_diagnosis() -> None:
    for action in (Action.DIAGNOSIS_RECORD, Action.DIAGNOSIS_RELEASE):
        assert decide(CHIRO, action, OWN).allowed
        for actor in (LMT, ADMIN, CLIENT):
            decision = decide(actor, action, OWN)
            assert decision.verdict is Verdict.FORBIDDEN, actor.role
    assert Action.DIAGNOSIS_RECORD not in permissions_of(Role.LMT)
    assert {r for r, rules in RULES.items() if Role.LMT in rules}.isdisjoint(
        {Action.DIAGNOSIS_RECORD, Action.DIAGNOSIS_RELEASE}
    )


def test_admin_role_cannot_create_clients_but_can_read_the_audit_log() -> None:
    clinic = Resource("clinic", 10)
    assert decide(ADMIN, Action.CLIENT_CREATE, clinic).verdict is Verdict.FORBIDDEN
    assert decide(ADMIN, Action.AUDIT_READ, Resource("audit", 10)).allowed
    for actor in (LMT, CHIRO, CLIENT):
        assert not decide(actor, Action.AUDIT_READ, Resource("audit", 10)).allowed


def test_tokens_are_each_users_own() -> None:
    mine = Resource("token", 10, owner_user_id=LMT.user_id)
    theirs = Resource("token", 10, owner_user_id=CHIRO.user_id)
    assert decide(LMT, Action.TOKEN_MANAGE, mine).allowed
    assert decide(LMT, Action.TOKEN_MANAGE, theirs).verdict is Verdict.HIDDEN


def test_every_action_has_a_rule_and_unknown_roles_are_denied() -> None:
    assert set(RULES) == set(Action)
    assert decide(CLIENT, Action.STAFF_INVITE, Resource("clinic", 10)).verdict is Verdict.FORBIDDEN
