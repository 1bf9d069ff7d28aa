"""Reading the audit log (admins only). There is no way to change or delete entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.ports.repositories import AuditQuery, UnitOfWorkFactory
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller


class AuditLogService:
    def __init__(self, uow_factory: UnitOfWorkFactory, gate: Gate) -> None:
        self._uow = uow_factory
        self._gate = gate

    def query(self, caller: Caller, q: AuditQuery) -> tuple[Sequence[AuditEntry], int]:
        # The caller's clinic, whatever the query names: one clinic never reads another's log.
        q = replace(q, clinic_id=caller.actor.clinic_id, limit=max(1, min(q.limit, 500)))
        with self._uow() as uow:
            resource = Resource("audit", caller.actor.clinic_id)
            self._gate.check(uow, caller, Action.AUDIT_READ, resource, audit=True)
            found = uow.audit.query(q)
            uow.commit()
            return found
