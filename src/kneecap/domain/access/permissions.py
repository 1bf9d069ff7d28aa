"""Named permissions (actions) and which role may take each, in which scope.

This table is the one place that says who may do what; `policy.decide` reads it. A role not
listed for an action is denied (deny by default).

Scopes:
- CLINIC: the resource belongs to the actor's clinic.
- OWN_RECORD: the resource belongs to the client record that is the actor's own.
- SELF: the resource belongs to the acting user (their tokens, their password).
"""

from __future__ import annotations

from enum import StrEnum

from kneecap.domain.access.roles import Role


class Scope(StrEnum):
    CLINIC = "clinic"
    OWN_RECORD = "own_record"
    SELF = "self"


class Action(StrEnum):
    CLIENT_LIST = "client.list"
    CLIENT_READ = "client.read"
    CLIENT_CREATE = "client.create"
    CLIENT_UPDATE = "client.update"
    CLIENT_INVITE = "client.invite"
    STAFF_LIST = "staff.list"
    STAFF_INVITE = "staff.invite"
    AUDIT_READ = "audit.read"
    TOKEN_MANAGE = "token.manage"
    # Scope of practice: only a chiropractor may give a diagnosis. US massage acts commonly
    # exclude diagnosis from massage therapy (e.g. New Mexico 61-12C-3), see CLINICAL.md.
    DIAGNOSIS_RECORD = "diagnosis.record"
    DIAGNOSIS_RELEASE = "diagnosis.release"
    DIAGNOSIS_READ = "diagnosis.read"
    JOB_READ = "job.read"
    # Running-form videos: upload, read (clients: released only, filtered in the service),
    # review (comments, edited cues, re-run) and release to the client.
    GAIT_UPLOAD = "gait.upload"
    GAIT_READ = "gait.read"
    GAIT_REVIEW = "gait.review"
    GAIT_RELEASE = "gait.release"


_PRACTITIONERS = {Role.LMT: Scope.CLINIC, Role.CHIROPRACTOR: Scope.CLINIC}
_STAFF = {**_PRACTITIONERS, Role.ADMIN: Scope.CLINIC}

RULES: dict[Action, dict[Role, Scope]] = {
    Action.CLIENT_LIST: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    Action.CLIENT_READ: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    Action.CLIENT_CREATE: dict(_PRACTITIONERS),
    Action.CLIENT_UPDATE: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.CLIENT_INVITE: dict(_PRACTITIONERS),
    Action.STAFF_LIST: dict(_STAFF),
    Action.STAFF_INVITE: {Role.ADMIN: Scope.CLINIC},
    Action.AUDIT_READ: {Role.ADMIN: Scope.CLINIC},
    Action.TOKEN_MANAGE: {role: Scope.SELF for role in Role},
    Action.DIAGNOSIS_RECORD: {Role.CHIROPRACTOR: Scope.CLINIC},
    Action.DIAGNOSIS_RELEASE: {Role.CHIROPRACTOR: Scope.CLINIC},
    # Clients see only what was released to them; the service filters.
    Action.DIAGNOSIS_READ: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    # Progress of imports and analyses: whoever may see the client's record.
    Action.JOB_READ: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    Action.GAIT_UPLOAD: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.GAIT_READ: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.GAIT_REVIEW: dict(_PRACTITIONERS),
    Action.GAIT_RELEASE: dict(_PRACTITIONERS),
}


def permissions_of(role: Role) -> frozenset[Action]:
    """Every action a role may take somewhere (used to show or hide buttons, never to decide)."""
    return frozenset(action for action, roles in RULES.items() if role in roles)
