"""SQLAlchemy repository for the clinical area: rows <-> domain records."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Row, bindparam, func, select, true
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Select

from kneecap.adapters.db.codecs.clinical import (
    amendment_of,
    changes_doc,
    content_doc,
    content_of,
    intake_doc,
    intake_of,
    symptoms_doc,
    symptoms_of,
)
from kneecap.adapters.db.models.accounts import UserRow
from kneecap.adapters.db.models.clients import ClientRow
from kneecap.adapters.db.models.clinical import (
    AmendmentRow,
    AssessmentRow,
    DiagnosisRow,
    HandoffRow,
    IntakeRow,
    SuggestionDecisionRow,
)
from kneecap.adapters.db.repositories.clients import account_of_client, record_columns, record_of
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.diagnosis import Diagnosis
from kneecap.domain.clinical.notes import AssessmentNote
from kneecap.domain.clinical.records import Assessment, Handoff, IntakeRecord, StoredDiagnosis
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.suggestions import ClinicianDecision, Decision, SuggestedAction
from kneecap.ports.clinical import RuleAnswer


def _intake(row: IntakeRow | Row[Any]) -> IntakeRecord:
    return IntakeRecord(
        client_id=row.client_id,
        intake=intake_of(row.intake),
        symptoms=symptoms_of(row.symptoms),
        onset_date=row.onset_date,
        recorded_by_user_id=row.recorded_by_user_id,
        recorded_by_role=row.recorded_by_role,
        recorded_at=row.recorded_at,
        id=row.id,
    )


def _handoff(row: HandoffRow) -> Handoff:
    return Handoff(
        row.clinic_id,
        row.client_id,
        row.assessment_id,
        row.from_user_id,
        row.from_name,
        row.message,
        row.sent_at,
        row.closed_at,
        row.id,
    )


def _diagnosis(row: DiagnosisRow) -> StoredDiagnosis:
    d = Diagnosis(
        code=row.code,
        side=Laterality(row.side),
        note=row.note,
        author_id=str(row.author_user_id),
        author_role=Role(row.author_role),
        recorded_at=row.recorded_at,
        released_at=row.released_at,
        released_by=None if row.released_by_user_id is None else str(row.released_by_user_id),
    )
    return StoredDiagnosis(row.clinic_id, row.client_id, d, row.assessment_id, row.id)


def _open_flagged_intakes() -> Select[Any]:
    # The clinic's intakes stored as flagged, through their index (0023_red_flags marked those
    # stored before the mark was kept, and record_intake always marks: no NULL is left to
    # evaluate on read), each kept if no newer intake of the client follows it (intakes are
    # only ever added: the highest id is the newest): rows read grow with the flagged
    # clients, not with the clinic. The client's record and whether an examination since
    # answered the flags come in the same statement: one round trip for the panel, not three.
    i, later = IntakeRow, aliased(IntakeRow)
    newer = select(later.id).where(later.client_id == i.client_id, later.id > i.id).exists()
    d, a = SuggestionDecisionRow, AssessmentRow
    answered = (
        select(d.id)
        .join(a, a.id == d.assessment_id)
        .where(
            d.rule_id == bindparam("rule_id"),
            a.client_id == i.client_id,
            a.created_at >= i.recorded_at,
        )
        .exists()
    )
    clinic_id: BindParameter[int] = bindparam("clinic_id")
    # Core rows of the columns an IntakeRecord holds, not ORM objects: half the panel's CPU.
    shown = (i.client_id, i.intake, i.symptoms, i.onset_date, i.recorded_by_user_id,
             i.recorded_by_role, i.recorded_at, i.id, *record_columns("c_"))  # fmt: skip
    return (
        select(*shown)
        .join(ClientRow, ClientRow.id == i.client_id)
        .outerjoin(UserRow, account_of_client)
        .where(i.clinic_id == clinic_id, i.red_flag == true(), ~newer, ~answered)
    )


# The red-flag statements, on every practitioner's dashboard: built once, so a request pays
# neither their construction (the alias was most of the panel's CPU) nor their cache key
# (bench/request_profile.py).
_OPEN_FLAGGED_INTAKES = _open_flagged_intakes()
# The dashboard panel's page of it: count() OVER () counts the rows before LIMIT keeps the
# newest, so count and page come in one statement and only the shown few are read and
# evaluated. Newest intake first, then the higher id, so intakes recorded at the same instant
# keep one order (the full list's, services/assessments.py).
_OPEN_FLAGGED_PAGE = (
    _OPEN_FLAGGED_INTAKES.add_columns(func.count().over().label("total"))
    .order_by(IntakeRow.recorded_at.desc(), IntakeRow.id.desc())
    .limit(bindparam("limit"))
)
_d, _a = SuggestionDecisionRow, AssessmentRow
_ANSWERS_TO = (
    select(
        _a.client_id,
        _a.id,
        _a.created_at,
        _d.rule_id,
        _d.action,
        _d.decision,
        _d.clinician_user_id,
        _d.decided_at,
        _d.reason,
    )
    .join(_a, _a.id == _d.assessment_id)
    .where(
        _d.rule_id == bindparam("rule_id"),
        _a.client_id.in_(bindparam("client_ids", expanding=True)),
    )
    .order_by(_d.id)
)


class SqlClinical:
    def __init__(self, session: Session) -> None:
        self._s = session

    # --- intake -------------------------------------------------------------------------
    def add_intake(self, clinic_id: int, rec: IntakeRecord, *, red_flag: bool) -> IntakeRecord:
        row = IntakeRow(
            red_flag=red_flag,
            clinic_id=clinic_id,
            client_id=rec.client_id,
            recorded_by_user_id=rec.recorded_by_user_id,
            recorded_by_role=rec.recorded_by_role,
            recorded_at=rec.recorded_at,
            onset_date=rec.onset_date,
            intake=intake_doc(rec.intake),
            symptoms=symptoms_doc(rec.symptoms),
        )
        self._s.add(row)
        self._s.flush()
        return _intake(row)

    def latest_intake(self, client_id: int) -> IntakeRecord | None:
        row = self._s.scalars(
            select(IntakeRow)
            .where(IntakeRow.client_id == client_id)
            .order_by(IntakeRow.recorded_at.desc(), IntakeRow.id.desc())
            .limit(1)
        ).first()
        return _intake(row) if row else None

    def open_flagged_intakes(
        self, clinic_id: int, rule_id: str
    ) -> Sequence[tuple[IntakeRecord, ClientRecord]]:
        rows = self._s.execute(_OPEN_FLAGGED_INTAKES, {"clinic_id": clinic_id, "rule_id": rule_id})
        return [(_intake(r), record_of(r, "c_")) for r in rows]

    def open_flagged_page(
        self, clinic_id: int, rule_id: str, limit: int
    ) -> tuple[int, Sequence[tuple[IntakeRecord, ClientRecord]]]:
        rows = self._s.execute(
            _OPEN_FLAGGED_PAGE, {"clinic_id": clinic_id, "rule_id": rule_id, "limit": limit}
        ).all()
        total = rows[0].total if rows else 0
        return total, [(_intake(r), record_of(r, "c_")) for r in rows]

    # --- assessments --------------------------------------------------------------------
    def add_assessment(self, a: Assessment) -> Assessment:
        note = a.note
        row = AssessmentRow(
            clinic_id=a.clinic_id,
            client_id=a.client_id,
            author_user_id=int(note.author_id),
            author_name=note.author_name,
            author_role=note.author_role.value,
            side=a.side.value,
            created_at=note.created_at,
            signed_at=None,
            intake=intake_doc(a.intake),
            symptoms=symptoms_doc(a.symptoms),
            content=content_doc(note.content),
            signed_content=None,
            other_causes_excluded=a.other_causes_excluded,
        )
        self._s.add(row)
        self._s.flush()
        found = self.get_assessment(row.id)
        assert found is not None
        return found

    def get_assessment(self, assessment_id: int) -> Assessment | None:
        row = self._s.get(AssessmentRow, assessment_id)
        return self._assessment(row) if row else None

    def assessments_for(self, client_id: int) -> Sequence[Assessment]:
        rows = self._s.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.client_id == client_id)
            .order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc())
        ).all()
        return [self._assessment(r) for r in rows]

    def answers_to(self, rule_id: str, client_ids: Collection[int]) -> Sequence[RuleAnswer]:
        # One Core select for all the clients (the dashboard's red flags), not an examination
        # with its amendments and decisions per client.
        if not client_ids:
            return []
        ids = {"rule_id": rule_id, "client_ids": sorted(client_ids)}
        rows = self._s.execute(_ANSWERS_TO, ids)
        return [
            RuleAnswer(
                r.client_id,
                r.id,
                r.created_at,
                ClinicianDecision(
                    r.rule_id,
                    SuggestedAction(r.action),
                    Decision(r.decision),
                    str(r.clinician_user_id),
                    r.decided_at,
                    r.reason,
                ),
            )
            for r in rows
        ]

    def save_assessment(self, a: Assessment) -> Assessment:
        """Store draft edits, the signature and any new amendments (history is append-only)."""
        assert a.id is not None
        row = self._s.get(AssessmentRow, a.id)
        if row is None:
            raise LookupError(a.id)
        note = a.note
        row.content = content_doc(note.content)
        row.other_causes_excluded = a.other_causes_excluded
        if row.signed_at is None and note.signed_at is not None:
            row.signed_at = note.signed_at
            assert note.signed_content is not None
            row.signed_content = content_doc(note.signed_content)
        count = (
            self._s.scalar(
                select(func.count())
                .select_from(AmendmentRow)
                .where(AmendmentRow.assessment_id == a.id)
            )
            or 0
        )
        for amendment in note.amendments[count:]:
            self._s.add(
                AmendmentRow(
                    assessment_id=a.id,
                    by_user_id=int(amendment.by_id),
                    at=amendment.at,
                    reason=amendment.reason,
                    changes=changes_doc(amendment.changes),
                )
            )
        self._s.flush()
        found = self.get_assessment(a.id)
        assert found is not None
        return found

    def add_decision(self, assessment_id: int, d: ClinicianDecision) -> None:
        self._s.add(
            SuggestionDecisionRow(
                assessment_id=assessment_id,
                rule_id=d.rule_id,
                action=d.action.value,
                decision=d.decision.value,
                reason=d.reason,
                clinician_user_id=int(d.clinician_id),
                decided_at=d.decided_at,
            )
        )
        self._s.flush()

    def _assessment(self, row: AssessmentRow) -> Assessment:
        amendments = self._s.scalars(
            select(AmendmentRow)
            .where(AmendmentRow.assessment_id == row.id)
            .order_by(AmendmentRow.id)
        ).all()
        decisions = self._s.scalars(
            select(SuggestionDecisionRow)
            .where(SuggestionDecisionRow.assessment_id == row.id)
            .order_by(SuggestionDecisionRow.id)
        ).all()
        note = AssessmentNote(
            author_id=str(row.author_user_id),
            author_name=row.author_name,
            author_role=Role(row.author_role),
            created_at=row.created_at,
            content=content_of(row.content),
            signed_at=row.signed_at,
            signed_content=content_of(row.signed_content) if row.signed_content else None,
            amendments=tuple(
                amendment_of(m.by_user_id, m.at, m.reason, m.changes) for m in amendments
            ),
        )
        return Assessment(
            clinic_id=row.clinic_id,
            client_id=row.client_id,
            side=Side(row.side),
            intake=intake_of(row.intake),
            symptoms=symptoms_of(row.symptoms),
            note=note,
            other_causes_excluded=row.other_causes_excluded,
            decisions=tuple(
                ClinicianDecision(
                    d.rule_id,
                    SuggestedAction(d.action),
                    Decision(d.decision),
                    str(d.clinician_user_id),
                    d.decided_at,
                    d.reason,
                )
                for d in decisions
            ),
            id=row.id,
        )

    # --- handoffs -----------------------------------------------------------------------
    def add_handoff(self, h: Handoff) -> Handoff:
        row = HandoffRow(
            clinic_id=h.clinic_id,
            client_id=h.client_id,
            assessment_id=h.assessment_id,
            from_user_id=h.from_user_id,
            from_name=h.from_name,
            message=h.message,
            sent_at=h.sent_at,
            closed_at=None,
        )
        self._s.add(row)
        self._s.flush()
        return _handoff(row)

    def get_handoff(self, handoff_id: int) -> Handoff | None:
        row = self._s.get(HandoffRow, handoff_id)
        return _handoff(row) if row else None

    def open_handoffs(self, clinic_id: int) -> Sequence[Handoff]:
        rows = self._s.scalars(
            select(HandoffRow)
            .where(HandoffRow.clinic_id == clinic_id, HandoffRow.closed_at.is_(None))
            .order_by(HandoffRow.sent_at, HandoffRow.id)
        ).all()
        return [_handoff(r) for r in rows]

    def handoffs_for(self, assessment_id: int) -> Sequence[Handoff]:
        rows = self._s.scalars(
            select(HandoffRow)
            .where(HandoffRow.assessment_id == assessment_id)
            .order_by(HandoffRow.id)
        ).all()
        return [_handoff(r) for r in rows]

    def close_handoff(self, handoff_id: int, now: datetime) -> None:
        row = self._s.get(HandoffRow, handoff_id)
        if row is None:
            raise LookupError(handoff_id)
        if row.closed_at is None:
            row.closed_at = now
        self._s.flush()

    # --- diagnoses ----------------------------------------------------------------------
    def add_diagnosis(self, sd: StoredDiagnosis) -> StoredDiagnosis:
        d = sd.diagnosis
        row = DiagnosisRow(
            clinic_id=sd.clinic_id,
            client_id=sd.client_id,
            assessment_id=sd.assessment_id,
            code=d.code,
            side=d.side.value,
            note=d.note,
            author_user_id=int(d.author_id),
            author_role=d.author_role.value,
            recorded_at=d.recorded_at,
        )
        self._s.add(row)
        self._s.flush()
        return _diagnosis(row)

    def get_diagnosis(self, diagnosis_id: int) -> StoredDiagnosis | None:
        row = self._s.get(DiagnosisRow, diagnosis_id)
        return _diagnosis(row) if row else None

    def diagnoses_for(self, client_id: int) -> Sequence[StoredDiagnosis]:
        rows = self._s.scalars(
            select(DiagnosisRow)
            .where(DiagnosisRow.client_id == client_id)
            .order_by(DiagnosisRow.recorded_at.desc(), DiagnosisRow.id.desc())
        ).all()
        return [_diagnosis(r) for r in rows]

    def save_release(self, sd: StoredDiagnosis) -> StoredDiagnosis:
        assert sd.id is not None
        row = self._s.get(DiagnosisRow, sd.id)
        if row is None:
            raise LookupError(sd.id)
        d = sd.diagnosis
        if row.released_at is None and d.released_at is not None and d.released_by:
            row.released_at = d.released_at
            row.released_by_user_id = int(d.released_by)
        self._s.flush()
        return _diagnosis(row)
