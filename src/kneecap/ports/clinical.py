"""The clinical area's repository and the unit of work that carries it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.records import Assessment, Handoff, IntakeRecord, StoredDiagnosis
from kneecap.domain.clinical.suggestions import ClinicianDecision
from kneecap.ports.repositories import UnitOfWork


@dataclass(frozen=True)
class RuleAnswer:
    """A clinician's answer to one suggestion, on an examination of a client made at a time."""

    client_id: int
    assessment_id: int
    assessment_created_at: datetime
    decision: ClinicianDecision


class ClinicalRepository(Protocol):
    def add_intake(self, clinic_id: int, rec: IntakeRecord, *, red_flag: bool) -> IntakeRecord:
        """Store the intake; `red_flag` (whether it raised one) is kept beside it so that
        the red-flag lists read the flagged ones only (required: an intake stored without it
        would be in neither list)."""
        ...

    def latest_intake(self, client_id: int) -> IntakeRecord | None: ...
    def open_flagged_intakes(
        self, clinic_id: int, rule_id: str
    ) -> Sequence[tuple[IntakeRecord, ClientRecord]]:
        """Each client's newest intake in the clinic with the client's record, if it is stored
        as raising a red flag (0023_red_flags marked those stored before; one stored without
        the mark is out) and not answered: the client has no examination made at or after the
        intake with an answer to `rule_id`."""
        ...

    def open_flagged_page(
        self, clinic_id: int, rule_id: str, limit: int
    ) -> tuple[int, Sequence[tuple[IntakeRecord, ClientRecord]]]:
        """Of the clients whose newest intake is stored as raising a red flag, not answered
        (as `open_flagged_intakes`): how many, and the `limit` newest (newest intake first, the
        higher id first at the same instant)."""
        ...

    def add_assessment(self, a: Assessment) -> Assessment: ...
    def get_assessment(self, assessment_id: int) -> Assessment | None: ...
    def assessments_for(self, client_id: int) -> Sequence[Assessment]: ...
    def answers_to(self, rule_id: str, client_ids: Collection[int]) -> Sequence[RuleAnswer]:
        """Every answer to the rule on these clients' examinations; each examination's
        answers in the order they were given."""
        ...

    def save_assessment(self, a: Assessment) -> Assessment: ...
    def add_decision(self, assessment_id: int, d: ClinicianDecision) -> None: ...
    def add_handoff(self, h: Handoff) -> Handoff: ...
    def get_handoff(self, handoff_id: int) -> Handoff | None: ...
    def open_handoffs(self, clinic_id: int) -> Sequence[Handoff]: ...
    def handoffs_for(self, assessment_id: int) -> Sequence[Handoff]: ...
    def close_handoff(self, handoff_id: int, now: datetime) -> None: ...
    def add_diagnosis(self, sd: StoredDiagnosis) -> StoredDiagnosis: ...
    def get_diagnosis(self, diagnosis_id: int) -> StoredDiagnosis | None: ...
    def diagnoses_for(self, client_id: int) -> Sequence[StoredDiagnosis]: ...
    def save_release(self, sd: StoredDiagnosis) -> StoredDiagnosis: ...


class ClinicalUnitOfWork(UnitOfWork, Protocol):
    @property
    def clinical(self) -> ClinicalRepository: ...


class ClinicalUnitOfWorkFactory(Protocol):
    def __call__(self) -> ClinicalUnitOfWork: ...
