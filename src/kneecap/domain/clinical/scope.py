"""Scope of practice for the clinical area, read from the ONE policy table.

US massage acts commonly exclude diagnosis from massage therapy (e.g. New Mexico 61-12C-3), while
assessment is within it; chiropractors may diagnose and order imaging (CLINICAL.md, Scope of
practice). So an LMT records and hands over findings; only the chiropractor records and releases
a diagnosis or decides a referral. The clinic admin runs the system but reads no clinical record.

Who may do what is decided by `kneecap.domain.access.permissions.RULES` alone: the permission
actions here are its own, and `permissions_for` reads that table, so the domain's own checks
(`require`) can never disagree with the gate every service call passes. Deny by default.
"""

from __future__ import annotations

from kneecap.domain.access.permissions import Action, permissions_of
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.errors import OutOfScope

# The clinical actions, by the policy table's own names.
ALL_PERMISSIONS: frozenset[Action] = frozenset(
    {
        Action.INTAKE_RECORD,  # fill intake, history and symptom questionnaires
        Action.ASSESSMENT_READ,  # read intake, findings, notes, suggestions
        Action.FINDINGS_RECORD,  # record orthopedic test results
        Action.FINDINGS_HANDOFF,  # pass findings to the chiropractor for review
        Action.NOTE_SIGN,  # sign and amend one's own assessment note
        Action.REFERRAL_DECIDE,  # accept/decline a suggestion, issue a referral
        Action.DIAGNOSIS_RECORD,
        Action.DIAGNOSIS_RELEASE,  # make a diagnosis visible to the client
        Action.DIAGNOSIS_READ,
    }
)

_WHY_NOT: dict[Action, str] = {
    Action.DIAGNOSIS_RECORD: (
        "only the chiropractor records a diagnosis; hand your findings to them"
    ),
    Action.DIAGNOSIS_RELEASE: "only the chiropractor releases a diagnosis to the client",
    Action.REFERRAL_DECIDE: "only the chiropractor decides referrals; hand your findings to them",
}


def permissions_for(role: Role | str) -> frozenset[Action]:
    """The clinical permissions a role holds in the policy table; unknown roles hold none."""
    try:
        held = permissions_of(Role(str(role)))
    except ValueError:
        return frozenset()
    return frozenset(a for a in held if a in ALL_PERMISSIONS)


def require(role: Role | str, permission: Action) -> None:
    """Raise OutOfScope with a user-facing reason unless `role` holds `permission`."""
    if permission not in permissions_for(role):
        reason = _WHY_NOT.get(permission, "this is outside your role")
        raise OutOfScope(f"A {role} may not do this: {reason}.")
