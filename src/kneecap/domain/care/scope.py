"""Roles, permission names and who may prescribe which modality.

The role -> modality table is the clinic's default reading of its practitioners' scope (massage
acts commonly exclude diagnosis and spinal/joint manipulation; shared/CLINICAL.md). State law
varies: a clinic changes the table, not the code. The policy module checks PERMISSIONS; this module
answers the finer "may this role prescribe that modality" question.
"""

from __future__ import annotations

from enum import StrEnum

from kneecap.domain.care.errors import ScopeError
from kneecap.domain.care.modalities import Modality


class Role(StrEnum):
    CLIENT = "client"
    LMT = "lmt"
    CHIROPRACTOR = "chiropractor"
    ADMIN = "admin"


CARE_PLAN_VIEW = "care_plan.view"
CARE_PLAN_DRAFT = "care_plan.draft"
CARE_PLAN_SIGN = "care_plan.sign"
CARE_PLAN_AMEND = "care_plan.amend"
CARE_PLAN_COSIGN_AMENDMENT = "care_plan.cosign_amendment"
VISIT_NOTE_WRITE = "visit_note.write"
VISIT_NOTE_SIGN = "visit_note.sign"
VISIT_NOTE_ADDENDUM = "visit_note.addendum"
HOME_PROGRAMME_PRESCRIBE = "home_programme.prescribe"
HOME_PROGRAMME_VIEW = "home_programme.view"
SESSION_LOG_WRITE = "session_log.write"
OUTCOME_RECORD = "outcome.record"
OUTCOME_VIEW = "outcome.view"
ESCALATION_RECEIVE = "escalation.receive"
HANDOUT_EXPORT = "handout.export"
CALENDAR_EXPORT = "calendar.export"

_CLINICIAN = frozenset({
    CARE_PLAN_VIEW, CARE_PLAN_DRAFT, CARE_PLAN_AMEND, VISIT_NOTE_WRITE, VISIT_NOTE_SIGN,
    VISIT_NOTE_ADDENDUM, HOME_PROGRAMME_PRESCRIBE, HOME_PROGRAMME_VIEW, OUTCOME_RECORD,
    OUTCOME_VIEW, HANDOUT_EXPORT, CALENDAR_EXPORT,
})  # fmt: skip

PERMISSIONS: dict[Role, frozenset[str]] = {
    # A client sees only what is released to them (the policy module adds that ownership check).
    Role.CLIENT: frozenset(
        {
            CARE_PLAN_VIEW,
            HOME_PROGRAMME_VIEW,
            SESSION_LOG_WRITE,
            OUTCOME_RECORD,
            OUTCOME_VIEW,
            HANDOUT_EXPORT,
            CALENDAR_EXPORT,
        }
    ),
    Role.LMT: _CLINICIAN,
    Role.CHIROPRACTOR: _CLINICIAN
    | {CARE_PLAN_SIGN, CARE_PLAN_COSIGN_AMENDMENT, ESCALATION_RECEIVE},
    Role.ADMIN: frozenset(),  # accounts and settings only; no clinical records
}

ALLOWED_MODALITIES: dict[Role, frozenset[Modality]] = {
    Role.CLIENT: frozenset(),
    Role.LMT: frozenset(
        {Modality.MASSAGE, Modality.ICE_HEAT, Modality.STRETCHING, Modality.KINESIOLOGY_TAPING}
    ),
    Role.CHIROPRACTOR: frozenset(Modality),
    Role.ADMIN: frozenset(),
}


def has_permission(role: Role, permission: str) -> bool:
    return permission in PERMISSIONS[role]


def require_permission(role: Role, permission: str) -> None:
    if not has_permission(role, permission):
        raise ScopeError(f"A {role.value} may not {permission.replace('.', ': ')}.")


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
