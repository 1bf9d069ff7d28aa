"""Who may prescribe which modality (a content rule), on top of the one permission table.

Role -> action permissions live only in domain/access/permissions.py (RULES); `has_permission`
reads RULES, so there is no second table to drift. What stays here is the finer "may this role
prescribe that modality" question: the clinic's default reading of its practitioners' scope
(massage acts commonly exclude diagnosis and spinal/joint manipulation; shared/CLINICAL.md).
State law varies: a clinic changes the table, not the code.
"""

from __future__ import annotations

from kneecap.domain.access.permissions import RULES, Action
from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import ScopeError
from kneecap.domain.care.modalities import Modality

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
