"""Scope of practice for the clinical area: named permissions and who holds them.

US massage acts commonly exclude diagnosis from massage therapy (e.g. New Mexico 61-12C-3), while
assessment is within it; chiropractors may diagnose and order imaging (CLINICAL.md, Scope of
practice). So an LMT records and hands over findings; only the chiropractor records and releases
a diagnosis or decides a referral. The clinic admin runs the system but reads no clinical record.
The policy module maps accounts to these roles and checks these names; deny by default.
"""

from __future__ import annotations

from enum import StrEnum

from kneecap.domain.clinical.errors import OutOfScope


class ClinicalRole(StrEnum):
    CLIENT = "client"
    LMT = "lmt"
    CHIROPRACTOR = "chiropractor"
    ADMIN = "admin"


RECORD_INTAKE = "clinical.record_intake"  # fill intake, history and symptom questionnaires
VIEW_ASSESSMENT = "clinical.view_assessment"  # read intake, findings, notes, suggestions
RECORD_FINDINGS = "clinical.record_findings"  # record orthopedic test results
HANDOFF_FINDINGS = "clinical.handoff_findings"  # pass findings to the chiropractor for review
SIGN_NOTE = "clinical.sign_note"  # sign and amend one's own assessment note
DECIDE_REFERRAL = "clinical.decide_referral"  # accept/decline a suggestion, issue a referral
RECORD_DIAGNOSIS = "clinical.record_diagnosis"
RELEASE_DIAGNOSIS = "clinical.release_diagnosis"  # make a diagnosis visible to the client
VIEW_RELEASED_DIAGNOSIS = "clinical.view_released_diagnosis"

ALL_PERMISSIONS = frozenset(
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

_ROLE_PERMISSIONS: dict[ClinicalRole, frozenset[str]] = {
    ClinicalRole.CLIENT: frozenset({RECORD_INTAKE, VIEW_RELEASED_DIAGNOSIS}),
    ClinicalRole.LMT: frozenset(
        {RECORD_INTAKE, VIEW_ASSESSMENT, RECORD_FINDINGS, HANDOFF_FINDINGS, SIGN_NOTE}
    ),
    ClinicalRole.CHIROPRACTOR: frozenset(
        {
            RECORD_INTAKE,
            VIEW_ASSESSMENT,
            RECORD_FINDINGS,
            SIGN_NOTE,
            DECIDE_REFERRAL,
            RECORD_DIAGNOSIS,
            RELEASE_DIAGNOSIS,
            VIEW_RELEASED_DIAGNOSIS,
        }
    ),
    ClinicalRole.ADMIN: frozenset(),
}

_WHY_NOT = {
    RECORD_DIAGNOSIS: "only the chiropractor records a diagnosis; hand your findings to them",
    RELEASE_DIAGNOSIS: "only the chiropractor releases a diagnosis to the client",
    DECIDE_REFERRAL: "only the chiropractor decides referrals; hand your findings to them",
}


def permissions_for(role: ClinicalRole | str) -> frozenset[str]:
    """The clinical permissions a role holds; unknown roles hold none (deny by default)."""
    try:
        return _ROLE_PERMISSIONS[ClinicalRole(role)]
    except ValueError:
        return frozenset()


def require(role: ClinicalRole | str, permission: str) -> None:
    """Raise OutOfScope with a user-facing reason unless `role` holds `permission`."""
    if permission not in permissions_for(role):
        reason = _WHY_NOT.get(permission, "this is outside your role")
        raise OutOfScope(f"A {role} may not do this: {reason}.")
