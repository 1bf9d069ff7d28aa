"""Scope of practice for the clinical area, read from the ONE policy table.

US massage acts commonly exclude diagnosis from massage therapy (e.g. New Mexico 61-12C-3), while
assessment is within it; chiropractors may diagnose and order imaging (CLINICAL.md, Scope of
practice). So an LMT records and hands over findings; only the chiropractor records and releases
a diagnosis or decides a referral. The clinic admin runs the system but reads no clinical record.

Who may do what is decided by `kneecap.domain.access.permissions.RULES` alone: the permission
names here ARE its actions, and `permissions_for` reads that table, so the domain's own checks
(`require`) can never disagree with the gate every service call passes. Deny by default.
"""

from __future__ import annotations

from enum import StrEnum

from kneecap.domain.access.permissions import Action, permissions_of
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.errors import OutOfScope


class ClinicalRole(StrEnum):
    CLIENT = Role.CLIENT.value
    LMT = Role.LMT.value
    CHIROPRACTOR = Role.CHIROPRACTOR.value
    ADMIN = Role.ADMIN.value


RECORD_INTAKE = Action.INTAKE_RECORD  # fill intake, history and symptom questionnaires
VIEW_ASSESSMENT = Action.ASSESSMENT_READ  # read intake, findings, notes, suggestions
RECORD_FINDINGS = Action.FINDINGS_RECORD  # record orthopedic test results
HANDOFF_FINDINGS = Action.FINDINGS_HANDOFF  # pass findings to the chiropractor for review
SIGN_NOTE = Action.NOTE_SIGN  # sign and amend one's own assessment note
DECIDE_REFERRAL = Action.REFERRAL_DECIDE  # accept/decline a suggestion, issue a referral
RECORD_DIAGNOSIS = Action.DIAGNOSIS_RECORD
RELEASE_DIAGNOSIS = Action.DIAGNOSIS_RELEASE  # make a diagnosis visible to the client
VIEW_RELEASED_DIAGNOSIS = Action.DIAGNOSIS_READ

ALL_PERMISSIONS: frozenset[str] = frozenset(
    {
        RECORD_INTAKE,
        VIEW_ASSESSMENT,
        RECORD_FINDINGS,
        HANDOFF_FINDINGS,
        SIGN_NOTE,
        DECIDE_REFERRAL,
        RECORD_DIAGNOSIS,
        RELEASE_DIAGNOSIS,
        VIEW_RELEASED_DIAGNOSIS,
    }
)

_WHY_NOT: dict[str, str] = {
    RECORD_DIAGNOSIS: "only the chiropractor records a diagnosis; hand your findings to them",
    RELEASE_DIAGNOSIS: "only the chiropractor releases a diagnosis to the client",
    DECIDE_REFERRAL: "only the chiropractor decides referrals; hand your findings to them",
}


def permissions_for(role: ClinicalRole | str) -> frozenset[str]:
    """The clinical permissions a role holds in the policy table; unknown roles hold none."""
    try:
        held = permissions_of(Role(str(role)))
    except ValueError:
        return frozenset()
    return frozenset(a for a in held if a in ALL_PERMISSIONS)


def require(role: ClinicalRole | str, permission: str) -> None:
    """Raise OutOfScope with a user-facing reason unless `role` holds `permission`."""
    if permission not in permissions_for(role):
        reason = _WHY_NOT.get(permission, "this is outside your role")
        raise OutOfScope(f"A {role} may not do this: {reason}.")
