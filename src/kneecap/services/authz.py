"""The one gate every service call passes: ask the policy, write the audit log, raise on deny.

Allowed actions on client data are written to the audit log in the caller's own unit of work
(so they commit with the change or the read). Denials are kept by that same unit of work
(`audit.keep`): written even though the caller's work is rolled back when the denial is
raised, and never through a second unit of work that would wait on the first one's locks.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.clients.record import ClientRecord
from kneecap.ports.repositories import UnitOfWork
from kneecap.ports.security import Clock
from kneecap.services.caller import Caller
from kneecap.services.errors import Forbidden, NotFound
from kneecap.services.refusals import refusals


class Gate:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def check(
        self,
        uow: UnitOfWork,
        caller: Caller,
        action: Action,
        resource: Resource,
        *,
        detail: str = "",
        audit: bool | None = None,
    ) -> None:
        """Allow, or raise NotFound / Forbidden. Audits every allowed touch of client data."""
        self._enforce(uow, caller, action, resource, detail, audit, _what(resource))

    def client(
        self,
        uow: UnitOfWork,
        caller: Caller,
        action: Action,
        client_id: int,
        *,
        kind: str = "client",
        item_id: int | None = None,
        detail: str = "",
        audit: bool | None = None,
    ) -> ClientRecord:
        """The client record, once the gate allowed `action` on its `kind` data (item
        `item_id`; for kind "client" the record itself). A missing client is checked as a
        record of no clinic, so the caller gets the same NotFound, and the audit log the same
        denial, as for another clinic's client."""
        record = uow.clients.get(client_id)
        clinic_id = record.clinic_id if record is not None else -1
        if item_id is None and kind == "client":
            item_id = client_id
        resource = Resource(kind, clinic_id, client_id=client_id, id=item_id)
        self._enforce(uow, caller, action, resource, detail, audit, "That client")
        if record is None:  # not reached: a record of no clinic is hidden from everyone
            raise NotFound("That client")
        return record

    def refusals(
        self, uow: UnitOfWork, caller: Caller, action: Action, resource: Resource
    ) -> AbstractContextManager[None]:
        """Domain refusals as service errors, scope refusals audited as denials."""

        def deny(refusal: Exception) -> None:
            self.record_denial(uow, caller, action, resource, Verdict.FORBIDDEN, str(refusal))

        return refusals(deny)

    def _enforce(
        self,
        uow: UnitOfWork,
        caller: Caller,
        action: Action,
        resource: Resource,
        detail: str,
        audit: bool | None,
        what: str,
    ) -> None:
        decision = decide(caller.actor, action, resource)
        if decision.allowed:
            if audit if audit is not None else resource.client_id is not None:
                uow.audit.append(self._entry(caller, action, resource, "allow", detail))
            return
        self.record_denial(uow, caller, action, resource, decision.verdict, decision.reason)
        if decision.verdict is Verdict.HIDDEN:
            raise NotFound(what)
        raise Forbidden(
            f"Your role ({caller.actor.role.label}) may not do this: {action.value}. "
            "Ask a chiropractor if this needs doing."
            if action.value.startswith("diagnosis.")
            else f"Your role ({caller.actor.role.label}) may not do this: {action.value}."
        )

    def record(
        self, uow: UnitOfWork, caller: Caller, action: str, resource: Resource, detail: str = ""
    ) -> None:
        """Audit something already allowed (e.g. a change made after a check)."""
        uow.audit.append(self._entry(caller, action, resource, "allow", detail))

    def record_denial(
        self,
        uow: UnitOfWork,
        caller: Caller,
        action: Action | str,
        resource: Resource,
        verdict: Verdict,
        reason: str,
    ) -> None:
        # A denial for another clinic's resource is logged in the caller's clinic only:
        # the other clinic must not learn of the attempt's details through its own log.
        entry = self._entry(caller, action, resource, verdict.value, reason)
        if resource.clinic_id != caller.actor.clinic_id:
            entry = AuditEntry(**{**entry.__dict__, "client_id": None})
        uow.audit.keep(entry)

    def _entry(
        self, caller: Caller, action: Action | str, resource: Resource, outcome: str, detail: str
    ) -> AuditEntry:
        return AuditEntry(
            at=self._clock.now(),
            clinic_id=caller.actor.clinic_id,
            actor_user_id=caller.actor.user_id,
            actor_label=caller.actor.label,
            action=str(action.value if isinstance(action, Action) else action),
            outcome=outcome,
            address=caller.address,
            client_id=resource.client_id,
            resource=f"{resource.kind}:{resource.id}" if resource.id is not None else resource.kind,
            detail=detail,
        )


def client_resource(record: ClientRecord) -> Resource:
    """A client record itself, as the gate sees it."""
    return Resource("client", record.clinic_id, client_id=record.id, id=record.id)


def _what(resource: Resource) -> str:
    return {"client": "That client"}.get(resource.kind, "That record")
