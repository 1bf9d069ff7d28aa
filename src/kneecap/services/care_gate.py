"""Shared steps of the care services: load the client, pass the gate, map domain refusals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict
from kneecap.domain.care.errors import (
    CareError,
    LockedError,
    ModalityParameterError,
    PrescriptionError,
    ScopeError,
)
from kneecap.domain.clients.record import ClientRecord
from kneecap.ports.care import CareUnitOfWork
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound


def gated_client(
    uow: CareUnitOfWork,
    gate: Gate,
    caller: Caller,
    action: Action,
    client_id: int,
    kind: str = "care",
    resource_id: int | None = None,
) -> ClientRecord:
    """The client record, after the gate allowed `action` on its care data (audited)."""
    record = uow.clients.get(client_id)
    clinic_id = record.clinic_id if record is not None else -1
    gate.check(uow, caller, action, Resource(kind, clinic_id, client_id=client_id, id=resource_id))
    if record is None:
        raise NotFound("That client")
    return record


def user_id_of(caller: Caller) -> int:
    if caller.actor.user_id is None:
        raise Invalid("Clinical records need a named user; use --as EMAIL on the command line.")
    return caller.actor.user_id


@contextmanager
def domain_refusals(
    gate: Gate, caller: Caller, action: Action, resource: Resource
) -> Iterator[None]:
    """Turn care-domain refusals into service errors; scope refusals are audited as denials."""
    try:
        yield
    except ScopeError as exc:
        gate.record_denial(caller, action, resource, Verdict.FORBIDDEN, str(exc))
        raise Forbidden(str(exc)) from exc
    except (ModalityParameterError, PrescriptionError) as exc:
        raise Invalid(str(exc), {exc.field: str(exc)}) from exc
    except LockedError as exc:
        raise Conflict(str(exc)) from exc
    except CareError as exc:
        raise Invalid(str(exc)) from exc
