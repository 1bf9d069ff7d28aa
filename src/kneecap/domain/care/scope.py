"""Who may prescribe which modality (a content rule), on top of the one permission table.

Role -> action permissions live only in domain/access/permissions.py (RULES); the names below are
those actions, and `has_permission` reads RULES, so there is no second table to drift. What stays
here is the finer "may this role prescribe that modality" question: the clinic's default reading
of its practitioners' scope (massage acts commonly exclude diagnosis and spinal/joint
manipulation; shared/CLINICAL.md). State law varies: a clinic changes the table, not the code.
"""

from __future__ import annotations

from kneecap.domain.access.permissions import RULES, Action
from kneecap.domain.access.roles import Role as Role  # re-exported: care code names roles here
from kneecap.domain.care.errors import ScopeError
from kneecap.domain.care.modalities import Modality

CARE_PLAN_VIEW = Action.CARE_PLAN_VIEW
CARE_PLAN_DRAFT = Action.CARE_PLAN_DRAFT
CARE_PLAN_SIGN = Action.CARE_PLAN_SIGN
CARE_PLAN_AMEND = Action.CARE_PLAN_AMEND
CARE_PLAN_COSIGN_AMENDMENT = Action.CARE_PLAN_COSIGN_AMENDMENT
VISIT_NOTE_WRITE = Action.VISIT_NOTE_WRITE
VISIT_NOTE_SIGN = Action.VISIT_NOTE_SIGN
VISIT_NOTE_ADDENDUM = Action.VISIT_NOTE_ADDENDUM
HOME_PROGRAMME_PRESCRIBE = Action.HOME_PROGRAMME_PRESCRIBE
HOME_PROGRAMME_VIEW = Action.HOME_PROGRAMME_VIEW
SESSION_LOG_WRITE = Action.SESSION_LOG_WRITE
OUTCOME_RECORD = Action.OUTCOME_RECORD
OUTCOME_VIEW = Action.OUTCOME_VIEW
ESCALATION_RECEIVE = Action.ESCALATION_RECEIVE
HANDOUT_EXPORT = Action.HANDOUT_EXPORT
CALENDAR_EXPORT = Action.CALENDAR_EXPORT

ALLOWED_MODALITIES: dict[Role, frozenset[Modality]] = {
    Role.CLIENT: frozenset(),
    # Taping and education are within massage practice; gait retraining changes running form,
    # which the chiropractor prescribes (an LMT's form cues go to them for co-signature).
    Role.LMT: frozenset(
        {
            Modality.MASSAGE,
            Modality.ICE_HEAT,
            Modality.STRETCHING,
            Modality.KINESIOLOGY_TAPING,
            Modality.PATELLAR_TAPING,
            Modality.EDUCATION,
        }
    ),
    Role.CHIROPRACTOR: frozenset(Modality),
    Role.ADMIN: frozenset(),
}


def has_permission(role: Role, permission: Action | str) -> bool:
    """Read from the one policy table (the scope of the resource is the service's gate)."""
    try:
        action = Action(permission)
    except ValueError:
        return False
    return role in RULES.get(action, {})


def require_permission(role: Role, permission: Action | str) -> None:
    if not has_permission(role, permission):
        raise ScopeError(f"A {role.value} may not {str(permission).replace('.', ': ')}.")


def allowed_modalities(role: Role) -> frozenset[Modality]:
    return ALLOWED_MODALITIES[role]


def can_prescribe(role: Role, modality: Modality) -> bool:
    return modality in ALLOWED_MODALITIES[role]


def require_can_prescribe(role: Role, modality: Modality) -> None:
    if not can_prescribe(role, modality):
        raise ScopeError(
            f"A {role.value} may not prescribe {modality.value.replace('_', ' ')}; "
            "ask the chiropractor to add it to the plan."
        )
