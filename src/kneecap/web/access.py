"""Which sections and views a page shows, asked of the domain policy (never of the role).

Showing is not deciding: every service call still passes the gate, which audits and refuses.
This only keeps a page from fetching or offering what the gate would refuse, so the pages and
the services cannot disagree about who may see what.
"""

from __future__ import annotations

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, decide
from kneecap.domain.clients.record import ClientRecord
from kneecap.services.accounts import actor_for
from kneecap.web.deps import Principal


def of_client(record: ClientRecord) -> Resource:
    """The client's record as the policy sees it (as the services build it)."""
    return Resource("client", record.clinic_id, client_id=record.id, id=record.id)


def can(principal: Principal, action: Action, resource: Resource | None = None) -> bool:
    """May the signed-in user take `action` on `resource` (default: their clinic as a whole)?"""
    actor = actor_for(principal.user)
    return decide(actor, action, resource or Resource("clinic", actor.clinic_id)).allowed
