"""Client records: list, search, read, create, update. Every call passes the gate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientDetails, ClientRecord, InvalidClientRecord
from kneecap.ports.repositories import UnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate, client_resource
from kneecap.services.caller import Caller
from kneecap.services.errors import Invalid


@dataclass(frozen=True)
class ClientPage:
    clients: Sequence[ClientRecord]
    total: int
    offset: int
    limit: int


class ClientService:
    def __init__(self, uow_factory: UnitOfWorkFactory, gate: Gate, clock: Clock) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock

    def list(self, caller: Caller, text: str = "", limit: int = 50, offset: int = 0) -> ClientPage:
        actor = caller.actor
        limit = max(1, min(limit, 200))
        offset = max(0, offset)
        with self._uow() as uow:
            self._gate.check(uow, caller, Action.CLIENT_LIST, Resource("clinic", actor.clinic_id))
            if actor.role is Role.CLIENT:
                own = uow.clients.get(actor.client_id) if actor.client_id else None
                found: Sequence[ClientRecord] = [own] if own else []
                total = len(found)
            else:
                found, total = uow.clients.search(actor.clinic_id, text.strip(), limit, offset)
            detail = f"listed {len(found)} of {total}" + (" (search)" if text.strip() else "")
            self._gate.record(
                uow, caller, Action.CLIENT_LIST, Resource("clinic", actor.clinic_id), detail
            )
            uow.commit()
        return ClientPage(found, total, offset, limit)

    def get(self, caller: Caller, client_id: int) -> ClientRecord:
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.CLIENT_READ, client_id)
            uow.commit()
        return record

    def create(self, caller: Caller, details: ClientDetails) -> ClientRecord:
        clean = self._validated(details)
        with self._uow() as uow:
            self._gate.check(
                uow, caller, Action.CLIENT_CREATE, Resource("clinic", caller.actor.clinic_id)
            )
            record = uow.clients.add(caller.actor.clinic_id, clean)
            self._gate.record(uow, caller, Action.CLIENT_CREATE, client_resource(record))
            uow.commit()
        return record

    def update(self, caller: Caller, client_id: int, details: ClientDetails) -> ClientRecord:
        clean = self._validated(details)
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.CLIENT_UPDATE, client_id, audit=False)
            changed = sorted(
                k
                for k in clean.__dataclass_fields__
                if getattr(clean, k) != getattr(record.details, k)
            )
            updated = uow.clients.update(client_id, clean)
            # Field names only: the values are health data and stay out of the log text.
            self._gate.record(
                uow,
                caller,
                Action.CLIENT_UPDATE,
                client_resource(record),
                "changed: " + (", ".join(changed) or "nothing"),
            )
            uow.commit()
        return updated

    def _validated(self, details: ClientDetails) -> ClientDetails:
        try:
            return details.validated(self._clock.now().date())
        except InvalidClientRecord as exc:
            raise Invalid("Please correct the highlighted fields.", exc.errors) from exc
