"""The clinical rows of the policy table, and the clinical domain reading them (one source)."""

from __future__ import annotations

import pytest

from kneecap.domain.access.permissions import RULES, Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.clinical import scope
from kneecap.domain.clinical.errors import OutOfScope

LMT = Actor(1, 10, Role.LMT, "lmt@a.test")
CHIRO = Actor(2, 10, Role.CHIROPRACTOR, "chiro@a.test")
ADMIN = Actor(3, 10, Role.ADMIN, "admin@a.test")
CLIENT = Actor(4, 10, Role.CLIENT, "c@a.test", client_id=100)
OWN = Resource("assessment", 10, client_id=100, id=7)
OTHER = Resource("assessment", 10, client_id=101, id=8)


def test_domain_scope_is_read_from_the_policy_table() -> None:
    for role in Role:
        for permission in scope.ALL_PERMISSIONS:
            held = permission in scope.permissions_for(role.value)
            assert held == (role in RULES[Action(permission)]), (role, permission)


def test_an_lmt_records_and_hands_off_findings_but_never_diagnoses() -> None:
    for action in (Action.FINDINGS_RECORD, Action.NOTE_SIGN, Action.FINDINGS_HANDOFF):
        assert decide(LMT, action, OWN).allowed
    for action in (Action.DIAGNOSIS_RECORD, Action.DIAGNOSIS_RELEASE, Action.REFERRAL_DECIDE):
        assert decide(LMT, action, OWN).verdict is Verdict.FORBIDDEN
    with pytest.raises(OutOfScope, match="only the chiropractor records a diagnosis"):
        scope.require("lmt", Action.DIAGNOSIS_RECORD)


def test_the_chiropractor_diagnoses_decides_referrals_and_reads_the_inbox() -> None:
    for action in (
        Action.DIAGNOSIS_RECORD,
        Action.DIAGNOSIS_RELEASE,
        Action.REFERRAL_DECIDE,
        Action.HANDOFF_INBOX,
        Action.ASSESSMENT_READ,
    ):
        assert decide(CHIRO, action, OWN).allowed, action


@pytest.mark.parametrize(
    "action",
    [Action.ASSESSMENT_READ, Action.FINDINGS_RECORD, Action.NOTE_SIGN, Action.HANDOFF_INBOX],
)
def test_a_client_never_reads_or_writes_findings(action: Action) -> None:
    assert decide(CLIENT, action, OWN).verdict is Verdict.FORBIDDEN
    assert decide(CLIENT, action, OTHER).verdict is Verdict.HIDDEN


def test_a_client_fills_their_own_intake_and_reads_their_own_diagnoses_only() -> None:
    for action in (Action.INTAKE_RECORD, Action.DIAGNOSIS_READ):
        assert decide(CLIENT, action, OWN).allowed
        assert decide(CLIENT, action, OTHER).verdict is Verdict.HIDDEN


def test_the_admin_reads_no_clinical_record() -> None:
    assert scope.permissions_for("admin") == frozenset()
    for permission in scope.ALL_PERMISSIONS:
        assert decide(ADMIN, Action(permission), OWN).verdict is Verdict.FORBIDDEN
