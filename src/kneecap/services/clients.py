"""Client records: list, search, read, create, update. Every call passes the gate.

The record's goals and sports are clinical text the client sees: each is kept as versions with
its author (services/client_texts.py), and a client reads the co-signed version, never an
LMT's text waiting for the chiropractor. The record row holds the clinic's working copy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientDetails, ClientRecord, InvalidClientRecord
from kneecap.domain.clinical.cosignature import Submission
from kneecap.ports.security import Clock
from kneecap.ports.texts import TextUnitOfWork, TextUnitOfWorkFactory
from kneecap.services.authz import Gate, client_resource
from kneecap.services.caller import Caller
from kneecap.services.client_texts import join_list, shown_to_client, split_list, submit_text
from kneecap.services.errors import Invalid
from kneecap.services.text_keys import CLIENT_GOALS, CLIENT_SPORTS, TextKind

# The record's client-visible clinical text: kind, the text a details value holds, and the
# details with that text put back.
TEXT_FIELDS: tuple[
    tuple[TextKind, Callable[[ClientDetails], str], Callable[[ClientDetails, str], ClientDetails]],
    ...,
] = (
    (CLIENT_GOALS, lambda d: d.goals, lambda d, t: replace(d, goals=t)),
    (
        CLIENT_SPORTS,
        lambda d: join_list(d.sports),
        lambda d, t: replace(d, sports=split_list(t)),
    ),
)


def client_view(uow: TextUnitOfWork, record: ClientRecord) -> ClientRecord:
    """The record as its client sees it: co-signed goals and sports only."""
    details = record.details
    for kind, read, write in TEXT_FIELDS:
        details = write(details, shown_to_client(uow, kind.key(record.id), read(details)))
    return replace(record, details=details)


@dataclass(frozen=True)
class SavedRecord:
    record: ClientRecord
    submissions: tuple[Submission, ...]  # a version per changed text, with what to tell

    @property
    def notices(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.notice for s in self.submissions))


@dataclass(frozen=True)
class ClientPage:
    clients: Sequence[ClientRecord]
    total: int
    offset: int
    limit: int


class ClientService:
    def __init__(self, uow_factory: TextUnitOfWorkFactory, gate: Gate, clock: Clock) -> None:
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
                found: Sequence[ClientRecord] = [client_view(uow, own)] if own else []
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
        """The record; a client gets their own as client_view shows it."""
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.CLIENT_READ, client_id)
            if caller.actor.role is Role.CLIENT:
                record = client_view(uow, record)
            uow.commit()
        return record

    def create(self, caller: Caller, details: ClientDetails) -> ClientRecord:
        return self.create_reviewed(caller, details).record

    def create_reviewed(self, caller: Caller, details: ClientDetails) -> SavedRecord:
        """Create a record; its goals and sports become their first versions."""
        clean = self._validated(details)
        with self._uow() as uow:
            self._gate.check(
                uow, caller, Action.CLIENT_CREATE, Resource("clinic", caller.actor.clinic_id)
            )
            record = uow.clients.add(caller.actor.clinic_id, clean)
            subs = self._versions(uow, caller, record, ClientDetails(clean.name), clean)
            self._gate.record(uow, caller, Action.CLIENT_CREATE, client_resource(record))
            uow.commit()
        return SavedRecord(record, subs)

    def update(self, caller: Caller, client_id: int, details: ClientDetails) -> ClientRecord:
        return self.update_reviewed(caller, client_id, details).record

    def update_reviewed(
        self, caller: Caller, client_id: int, details: ClientDetails
    ) -> SavedRecord:
        """Save the record; each clinical text the caller changed (against what they were
        shown) becomes a version, which says whether the client sees it now."""
        clean = self._validated(details)
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.CLIENT_UPDATE, client_id, audit=False)
            seen = client_view(uow, record) if caller.actor.role is Role.CLIENT else record
            subs = self._versions(uow, caller, record, seen.details, clean)
            for _, read, write in TEXT_FIELDS:
                if read(clean) == read(seen.details):  # unchanged: keep the working copy
                    clean = write(clean, read(record.details))
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
            if caller.actor.role is Role.CLIENT:
                updated = client_view(uow, updated)
            uow.commit()
        return SavedRecord(updated, subs)

    def _versions(
        self,
        uow: TextUnitOfWork,
        caller: Caller,
        record: ClientRecord,
        seen: ClientDetails,
        new: ClientDetails,
    ) -> tuple[Submission, ...]:
        """A version of each clinical text that differs from what the caller was shown."""
        now = self._clock.now()
        out = []
        for kind, read, _ in TEXT_FIELDS:
            if read(new) == read(seen):
                continue
            key = kind.key(record.id)
            if not read(new) and uow.texts.get(key) is None:
                continue  # nothing written, nothing to review
            out.append(submit_text(uow, caller, record.clinic_id, record.id, key, read(new), now))
        return tuple(out)

    def _validated(self, details: ClientDetails) -> ClientDetails:
        try:
            return details.validated(self._clock.now().date())
        except InvalidClientRecord as exc:
            raise Invalid("Please correct the highlighted fields.", exc.errors) from exc
