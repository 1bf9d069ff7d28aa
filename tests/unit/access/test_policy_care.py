"""Care permissions live in the one policy table; the care domain reads them from there."""

from __future__ import annotations

import pytest

from kneecap.domain.access.permissions import RULES, Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.care import scope
from kneecap.domain.care.modalities import Modality

CHIRO = Actor(1, 10, Role.CHIROPRACTOR, "c@x")
LMT = Actor(2, 10, Role.LMT, "l@x")
ADMIN = Actor(3, 10, Role.ADMIN, "a@x")
CLIENT = Actor(4, 10, Role.CLIENT, "p@x", client_id=7)
OWN = Resource("care_plan", 10, client_id=7)
OTHER = Resource("care_plan", 10, client_id=8)


def test_only_the_chiropractor_signs_and_decides_escalations() -> None:
    for action in (Action.CARE_PLAN_SIGN, Action.ESCALATION_DECIDE, Action.ESCALATION_RECEIVE):
        assert decide(CHIRO, action, OWN).allowed
        assert decide(LMT, action, OWN).verdict is Verdict.FORBIDDEN


def test_admin_sees_no_clinical_records() -> None:
    care = [a for a in Action if a.value.split(".")[0] in {"care_plan", "visit_note", "outcome"}]
    assert care and not any(decide(ADMIN, a, OWN).allowed for a in care)


def test_client_logs_and_records_only_for_their_own_record() -> None:
    for action in (Action.SESSION_LOG_WRITE, Action.OUTCOME_RECORD, Action.CARE_PLAN_VIEW):
        assert decide(CLIENT, action, OWN).allowed
        assert decide(CLIENT, action, OTHER).verdict is Verdict.HIDDEN
    assert decide(CLIENT, Action.CARE_PLAN_DRAFT, OWN).verdict is Verdict.FORBIDDEN
    assert decide(CLIENT, Action.VISIT_NOTE_READ, OWN).verdict is Verdict.FORBIDDEN


def test_another_clinic_is_hidden() -> None:
    assert (
        decide(CHIRO, Action.CARE_PLAN_VIEW, Resource("care_plan", 11, client_id=7)).verdict
        is Verdict.HIDDEN
    )


@pytest.mark.parametrize("role", list(Role))
def test_care_scope_reads_the_one_table(role: Role) -> None:
    for action in Action:
        assert scope.has_permission(role, action.value) == (role in RULES[action])


def test_modality_content_rule_stays_in_the_domain() -> None:
    assert not scope.can_prescribe(Role.LMT, Modality.CHIROPRACTIC_ADJUSTMENT)
    assert scope.can_prescribe(Role.LMT, Modality.MASSAGE)
    assert scope.can_prescribe(Role.CHIROPRACTOR, Modality.CHIROPRACTIC_ADJUSTMENT)
