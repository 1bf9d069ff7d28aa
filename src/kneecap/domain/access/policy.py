"""The authorization decision: (actor, action, resource) -> allow or deny.

Pure and total: every service call asks `decide` before it touches client data. A resource
outside the actor's reach (another clinic, another client's record) is reported as *hidden*, so
the caller answers exactly as for something that does not exist (HTTP 404) and nobody learns
that another clinic's record is there. A resource in reach that the role may not act on is
*forbidden* (HTTP 403), which is what an LMT sees when trying to record a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneecap.domain.access.permissions import RULES, Action, Scope
from kneecap.domain.access.roles import Actor


class Verdict(StrEnum):
    ALLOW = "allow"
    FORBIDDEN = "forbidden"
    HIDDEN = "hidden"


@dataclass(frozen=True)
class Resource:
    """What is acted on. `client_id` names the client record the data belongs to, if any."""

    kind: str
    clinic_id: int
    client_id: int | None = None
    owner_user_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str

    @property
    def allowed(self) -> bool:
        return self.verdict is Verdict.ALLOW


def _in_scope(actor: Actor, scope: Scope, resource: Resource) -> bool:
    if resource.clinic_id != actor.clinic_id:
        return False
    if scope is Scope.CLINIC:
        return True
    if scope is Scope.OWN_RECORD:
        # A clinic-wide resource (client_id None) is in scope for listing: the service
        # narrows the list to the actor's own record.
        return resource.client_id is None or resource.client_id == actor.client_id
    return resource.owner_user_id is not None and resource.owner_user_id == actor.user_id


def decide(actor: Actor, action: Action, resource: Resource) -> Decision:
    if resource.clinic_id != actor.clinic_id:
        return Decision(Verdict.HIDDEN, "belongs to another clinic")
    scopes = RULES.get(action, {})
    scope = scopes.get(actor.role)
    if scope is None:
        # A client asking about someone else's record must not learn that it exists.
        if actor.client_id is not None and resource.client_id not in (None, actor.client_id):
            return Decision(Verdict.HIDDEN, "not the client's own record")
        return Decision(Verdict.FORBIDDEN, f"the {actor.role.value} role may not {action.value}")
    if not _in_scope(actor, scope, resource):
        return Decision(Verdict.HIDDEN, f"outside the {scope.value} scope")
    return Decision(Verdict.ALLOW, f"{actor.role.value} may {action.value} ({scope.value})")
