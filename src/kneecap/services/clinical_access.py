"""What every clinical service call does first: find the client, name the resource for the
gate, and turn the clinical domain's refusals into the errors every shell maps the same way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.errors import (
    ClinicalValidationError,
    NoteLocked,
    NoteNotSigned,
    NotTheAuthor,
    OutOfScope,
)
from kneecap.domain.clinical.records import Assessment
from kneecap.ports.clinical import ClinicalUnitOfWork
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound


def resource(record: ClientRecord, kind: str, item_id: int | None = None) -> Resource:
    return Resource(kind, record.clinic_id, client_id=record.id, id=item_id)


def client_for(
    uow: ClinicalUnitOfWork, gate: Gate, caller: Caller, action: Action, client_id: int
) -> ClientRecord:
    """The client record, or NotFound answered (and audited) as for another clinic's client."""
    record = uow.clients.get(client_id)
    if record is None:
        gate.check(uow, caller, action, Resource("client", -1, client_id=client_id, id=client_id))
        raise NotFound("That client")
    return record


def assessment_of(uow: ClinicalUnitOfWork, record: ClientRecord, assessment_id: int) -> Assessment:
    found = uow.clinical.get_assessment(assessment_id)
    if found is None or found.client_id != record.id:
        raise NotFound("That assessment")
    return found


@contextmanager
def domain_errors() -> Iterator[None]:
    """Clinical refusals as service errors: bad input 422, locked/unsigned 409, scope 403."""
    try:
        yield
    except ClinicalValidationError as exc:
        errors: dict[str, str] = {}
        for p in exc.problems:
            errors.setdefault(p.field, p.problem)
        raise Invalid("Please correct the highlighted fields: " + str(exc), errors) from exc
    except (NoteLocked, NoteNotSigned) as exc:
        raise Conflict(str(exc)) from exc
    except (NotTheAuthor, OutOfScope) as exc:
        raise Forbidden(str(exc)) from exc
