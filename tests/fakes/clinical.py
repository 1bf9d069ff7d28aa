"""Fake clinical repository: intakes, assessments with their note history and decisions,
handoffs and diagnoses, answering in the SQL repository's order."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.records import Assessment, Handoff, IntakeRecord, StoredDiagnosis
from kneecap.domain.clinical.suggestions import ClinicianDecision
from kneecap.ports.clinical import RuleAnswer
from tests.fakes.accounts import FakeClients
from tests.fakes.tables import Tables


class FakeClinical:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add_intake(self, clinic_id: int, rec: IntakeRecord, *, red_flag: bool) -> IntakeRecord:
        n = self._t.intakes.next_id()
        self._t.intake_red_flags.put(n, red_flag)
        return self._t.intakes.put(n, replace(rec, id=n))

    def latest_intake(self, client_id: int) -> IntakeRecord | None:
        found = self._t.intakes.rows(lambda r: r.client_id == client_id)
        return max(found, key=lambda r: (r.recorded_at, r.id or 0), default=None)

    def open_flagged_intakes(
        self, clinic_id: int, rule_id: str
    ) -> Sequence[tuple[IntakeRecord, ClientRecord]]:
        """Each client's newest intake in the clinic (the highest id, as intakes are only
        added) stored as flagged and not answered since."""
        newest: dict[int, IntakeRecord] = {}
        for rec in self._t.intakes.rows():  # ids ascend: the last one is the newest
            newest[rec.client_id] = rec
        found = []
        for rec in newest.values():
            client = FakeClients(self._t).get(rec.client_id)  # with its account, as the join
            if client is None or client.clinic_id != clinic_id:
                continue
            answered = any(
                a.client_id == rec.client_id
                and a.note.created_at >= rec.recorded_at
                and any(d.rule_id == rule_id for d in a.decisions)
                for a in self._t.assessments.rows()
            )
            if not answered and self._t.intake_red_flags.get(rec.id or 0):
                found.append((rec, client))
        return found

    def open_flagged_page(
        self, clinic_id: int, rule_id: str, limit: int
    ) -> tuple[int, Sequence[tuple[IntakeRecord, ClientRecord]]]:
        """How many `open_flagged_intakes` holds, and its newest `limit`."""
        found = list(self.open_flagged_intakes(clinic_id, rule_id))
        found.sort(key=lambda f: (f[0].recorded_at, f[0].id or 0), reverse=True)
        return len(found), found[:limit]

    def add_assessment(self, a: Assessment) -> Assessment:
        n = self._t.assessments.next_id()
        return self._t.assessments.put(n, replace(a, decisions=(), id=n))

    def get_assessment(self, assessment_id: int) -> Assessment | None:
        return self._t.assessments.get(assessment_id)

    def assessments_for(self, client_id: int) -> Sequence[Assessment]:
        found = self._t.assessments.rows(lambda a: a.client_id == client_id)
        return sorted(found, key=lambda a: (a.note.created_at, a.id or 0), reverse=True)

    def answers_to(self, rule_id: str, client_ids: Collection[int]) -> Sequence[RuleAnswer]:
        """Each examination's answers in the order given (the SQL one: by the answer's row id)."""
        found = [
            (a.id or 0, n, RuleAnswer(a.client_id, a.id or 0, a.note.created_at, d))
            for a in self._t.assessments.rows(lambda a: a.client_id in client_ids)
            for n, d in enumerate(a.decisions)
            if d.rule_id == rule_id
        ]
        return [answer for *_, answer in sorted(found, key=lambda f: f[:2])]

    def save_assessment(self, a: Assessment) -> Assessment:
        """Draft edits, the first signature and new amendments; decisions are kept apart."""
        assert a.id is not None
        stored = self._t.assessments.get(a.id)
        if stored is None:
            raise LookupError(a.id)
        note = a.note
        if stored.note.signed_at is not None:  # a signature is written once
            note = replace(
                note, signed_at=stored.note.signed_at, signed_content=stored.note.signed_content
            )
        return self._t.assessments.put(a.id, replace(a, note=note, decisions=stored.decisions))

    def add_decision(self, assessment_id: int, d: ClinicianDecision) -> None:
        stored = self._t.assessments.get(assessment_id)
        if stored is None:
            raise LookupError(assessment_id)
        self._t.assessments.put(assessment_id, replace(stored, decisions=(*stored.decisions, d)))

    def add_handoff(self, h: Handoff) -> Handoff:
        n = self._t.handoffs.next_id()
        return self._t.handoffs.put(n, replace(h, closed_at=None, id=n))

    def get_handoff(self, handoff_id: int) -> Handoff | None:
        return self._t.handoffs.get(handoff_id)

    def open_handoffs(self, clinic_id: int) -> Sequence[Handoff]:
        found = self._t.handoffs.rows(lambda h: h.clinic_id == clinic_id and h.open)
        return sorted(found, key=lambda h: (h.sent_at, h.id or 0))

    def handoffs_for(self, assessment_id: int) -> Sequence[Handoff]:
        return self._t.handoffs.rows(lambda h: h.assessment_id == assessment_id)

    def close_handoff(self, handoff_id: int, now: datetime) -> None:
        found = self._t.handoffs.get(handoff_id)
        if found is None:
            raise LookupError(handoff_id)
        if found.closed_at is None:
            self._t.handoffs.put(handoff_id, replace(found, closed_at=now))

    def add_diagnosis(self, sd: StoredDiagnosis) -> StoredDiagnosis:
        n = self._t.diagnoses.next_id()
        return self._t.diagnoses.put(n, replace(sd, id=n))

    def get_diagnosis(self, diagnosis_id: int) -> StoredDiagnosis | None:
        return self._t.diagnoses.get(diagnosis_id)

    def diagnoses_for(self, client_id: int) -> Sequence[StoredDiagnosis]:
        found = self._t.diagnoses.rows(lambda d: d.client_id == client_id)
        return sorted(found, key=lambda d: (d.diagnosis.recorded_at, d.id or 0), reverse=True)

    def save_release(self, sd: StoredDiagnosis) -> StoredDiagnosis:
        assert sd.id is not None
        stored = self._t.diagnoses.get(sd.id)
        if stored is None:
            raise LookupError(sd.id)
        if stored.diagnosis.released or not sd.diagnosis.released:
            return stored  # a release is written once
        return self._t.diagnoses.put(sd.id, replace(stored, diagnosis=sd.diagnosis))
