"""Who reviews client-visible text (the policy table): the chiropractor co-signs; practitioners
see what waits; a client never does (CLINICAL.md, Scope of practice)."""

from __future__ import annotations

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.clinical.cosignature import may_cosign, needs_cosignature

LMT = Actor(1, 10, Role.LMT, "lmt@a.test")
CHIRO = Actor(2, 10, Role.CHIROPRACTOR, "chiro@a.test")
ADMIN = Actor(3, 10, Role.ADMIN, "admin@a.test")
CLIENT = Actor(4, 10, Role.CLIENT, "c@a.test", client_id=100)
OWN = Resource("client_text", 10, client_id=100)
FOREIGN = Resource("client_text", 20, client_id=200)


def test_only_the_chiropractor_co_signs_and_another_clinics_text_is_hidden() -> None:
    assert decide(CHIRO, Action.COSIGN_REVIEW, OWN).allowed
    for actor in (LMT, ADMIN, CLIENT):
        assert decide(actor, Action.COSIGN_REVIEW, OWN).verdict is Verdict.FORBIDDEN
    assert decide(CHIRO, Action.COSIGN_REVIEW, FOREIGN).verdict is Verdict.HIDDEN


def test_practitioners_see_what_waits_and_the_client_does_not() -> None:
    assert decide(LMT, Action.COSIGN_STATUS, OWN).allowed
    assert decide(CHIRO, Action.COSIGN_STATUS, OWN).allowed
    assert decide(CLIENT, Action.COSIGN_STATUS, OWN).verdict is Verdict.FORBIDDEN


def test_the_table_says_who_needs_and_who_gives_a_co_signature() -> None:
    assert needs_cosignature(Role.LMT) and not needs_cosignature(Role.CHIROPRACTOR)
    assert not needs_cosignature(Role.CLIENT)  # the client's own words
    assert may_cosign(Role.CHIROPRACTOR) and not may_cosign(Role.LMT)
