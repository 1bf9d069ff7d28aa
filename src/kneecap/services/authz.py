"""The one gate every service call passes: ask the policy, write the audit log, raise on deny.

Allowed actions on client data are written to the audit log in the caller's own unit of work
(so they commit with the change or the read). Denials are written in a unit of work of their
own, because the caller's work is rolled back when the denial is raised.
"""

from __future__ import annotations

from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.ports.repositories import UnitOfWork, UnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.caller import Caller
from kneecap.services.errors import Forbidden, NotFound


class Gate:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
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
        decision = decide(caller.actor, action, resource)
        if decision.allowed:
            if audit if audit is not None else resource.client_id is not None:
                uow.audit.append(self._entry(caller, action, resource, "allow", detail))
            return
        self.record_denial(caller, action, resource, decision.verdict, decision.reason)
        if decision.verdict is Verdict.HIDDEN:
            raise NotFound(_what(resource))
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
        with self._uow_factory() as uow:
            uow.audit.append(entry)
            uow.commit()

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


def _what(resource: Resource) -> str:
    return {"client": "That client"}.get(resource.kind, "That record")
