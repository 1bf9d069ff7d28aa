"""Shared steps of the clinical services: name a client's clinical resource for the gate, and
find an assessment of that client (another client's assessment is as missing as none)."""

from __future__ import annotations

from kneecap.domain.access.policy import Resource
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.records import Assessment
from kneecap.ports.clinical import ClinicalUnitOfWork
from kneecap.services.errors import NotFound


def resource(record: ClientRecord, kind: str, item_id: int | None = None) -> Resource:
    return Resource(kind, record.clinic_id, client_id=record.id, id=item_id)


def assessment_of(uow: ClinicalUnitOfWork, record: ClientRecord, assessment_id: int) -> Assessment:
    found = uow.clinical.get_assessment(assessment_id)
    if found is None or found.client_id != record.id:
        raise NotFound("That assessment")
    return found
