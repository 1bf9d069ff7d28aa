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

EXPORT_PAGE = 500
# the most entries one query returns: the largest page (500), and one more that tells the
# caller whether another page follows
MAX_LIMIT = 501


class AuditLogService:
    def __init__(self, uow_factory: UnitOfWorkFactory, gate: Gate) -> None:
        self._uow = uow_factory
        self._gate = gate

    def query(self, caller: Caller, q: AuditQuery) -> tuple[Sequence[AuditEntry], int]:
        # The caller's clinic, whatever the query names: one clinic never reads another's log.
        q = replace(q, clinic_id=caller.actor.clinic_id, limit=max(1, min(q.limit, MAX_LIMIT)))
        with self._uow() as uow:
            resource = Resource("audit", caller.actor.clinic_id)
            self._gate.check(uow, caller, Action.AUDIT_READ, resource, audit=True)
            found = uow.audit.query(q)
            uow.commit()
            return found

    def export(self, caller: Caller, q: AuditQuery) -> list[AuditEntry]:
        """Every entry the filter matches (the admin's CSV download), oldest first; the
        export itself is audited with its range."""
        q = replace(q, clinic_id=caller.actor.clinic_id, limit=EXPORT_PAGE, offset=0)
        with self._uow() as uow:
            resource = Resource("audit", caller.actor.clinic_id)
            self._gate.check(uow, caller, Action.AUDIT_READ, resource, audit=False)
            found: list[AuditEntry] = []
            while True:
                # keyset pages (each one starts from the last entry read, not an offset), and
                # no count: a page shorter than asked for is the last
                before = found[-1].id if found else None
                page, _ = uow.audit.query(replace(q, before=before, count_cap=0))
                found.extend(page)
                if len(page) < q.limit:
                    break
            since = q.since.date().isoformat() if q.since else "start"
            until = q.until.date().isoformat() if q.until else "now"
            self._gate.record(
                uow,
                caller,
                "audit.export",
                resource,
                f"{len(found)} entries, {since} up to {until}",
            )
            uow.commit()
        return found[::-1]
