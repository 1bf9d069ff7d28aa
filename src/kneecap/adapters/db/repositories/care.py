"""SQLAlchemy repository for the care area: rows <-> domain dataclasses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kneecap.adapters.db.codecs import care as codec
from kneecap.adapters.db.models.care import (
    CarePlanRow,
    EscalationDecisionRow,
    HomeProgrammeRow,
    OutcomeResponseRow,
    RedFlagRow,
    SessionLogRow,
    VisitNoteRow,
)
from kneecap.domain.access.roles import Role
from kneecap.domain.care.decisions import DecisionKind, EscalationDecision, RedFlagReport
from kneecap.domain.care.modalities import Modality
from kneecap.domain.care.plan import CarePlan, PlanStatus
from kneecap.domain.care.prescriptions import HomeProgramme, SessionLog
from kneecap.domain.care.visits import NoteStatus, VisitNote
from kneecap.domain.outcomes.responses import OutcomeResponse
from kneecap.ports.care import CareRecords

T = TypeVar("T")


def _plan(row: CarePlanRow) -> CarePlan:
    return CarePlan(
        id=row.id,
        client_id=row.client_id,
        author_id=str(row.author_user_id),
        author_role=Role(row.author_role),
        created_at=row.created_at,
        start=row.start,
        content=codec.content_from_json(row.content),
        status=PlanStatus(row.status),
        signed_by=str(row.signed_by_user_id) if row.signed_by_user_id else None,
        signed_at=row.signed_at,
        amendments=tuple(codec.amendment_from_json(a) for a in row.amendments or []),
    )


def _note(row: VisitNoteRow) -> VisitNote:
    return VisitNote(
        id=row.id,
        plan_id=row.plan_id,
        client_id=row.client_id,
        author_id=str(row.author_user_id),
        author_role=Role(row.author_role),
        visit_date=row.visit_date,
        subjective=row.subjective,
        objective=row.objective,
        assessment=row.assessment,
        plan=row.plan,
        modalities_given=tuple(Modality(m) for m in row.modalities_given or []),
        status=NoteStatus(row.status),
        signed_at=row.signed_at,
        addenda=tuple(codec.addendum_from_json(a) for a in row.addenda or []),
    )


def _programme(row: HomeProgrammeRow) -> HomeProgramme:
    return HomeProgramme(
        id=row.id,
        client_id=row.client_id,
        plan_id=row.plan_id,
        prescribed_by=str(row.prescribed_by_user_id),
        start=row.start,
        end=row.end,
        prescriptions=tuple(codec.prescription_from_json(p) for p in row.prescriptions),
    )


def _outcome(row: OutcomeResponseRow) -> OutcomeResponse:
    return OutcomeResponse(
        id=row.id,
        client_id=row.client_id,
        instrument=row.instrument,
        on=row.on,
        scores={k: float(v) for k, v in row.scores.items()},
        answers=row.answers,
        recorded_by=row.recorded_by_user_id,
        recorded_at=row.recorded_at,
    )


def _decision(r: EscalationDecisionRow) -> EscalationDecision:
    return EscalationDecision(
        r.id,
        r.client_id,
        r.decided_by_user_id,
        r.decided_at,
        r.trigger,
        DecisionKind(r.decision),
        r.note,
        r.evidence,
    )


def _red_flag(r: RedFlagRow) -> RedFlagReport:
    return RedFlagReport(r.id, r.client_id, r.reported_by_user_id, r.reported_at, r.text)


def _log(r: SessionLogRow) -> SessionLog:
    return SessionLog(
        r.programme_id, r.on, tuple(r.exercises_done), r.pain_during, r.pain_next_morning, r.note
    )


def _by_client(rows: Iterable[Any], convert: Callable[[Any], T]) -> dict[int, list[T]]:
    """Rows (already in the per-client order) grouped by their client."""
    found: dict[int, list[T]] = {}
    for row in rows:
        found.setdefault(row.client_id, []).append(convert(row))
    return found


class SqlCare:
    def __init__(self, session: Session) -> None:
        self._s = session

    # Plans ---------------------------------------------------------------------------------
    def add_plan(self, clinic_id: int, plan: CarePlan) -> CarePlan:
        row = CarePlanRow(
            clinic_id=clinic_id,
            client_id=plan.client_id,
            author_user_id=int(plan.author_id),
            author_role=plan.author_role.value,
            created_at=plan.created_at,
            start=plan.start,
        )
        self._fill_plan(row, plan)
        self._s.add(row)
        self._s.flush()
        return _plan(row)

    def update_plan(self, plan: CarePlan) -> None:
        row = self._s.get(CarePlanRow, plan.id)
        if row is None:
            raise LookupError(plan.id)
        self._fill_plan(row, plan)
        self._s.flush()

    @staticmethod
    def _fill_plan(row: CarePlanRow, plan: CarePlan) -> None:
        row.status = plan.status.value
        row.content = codec.content_to_json(plan.content)
        row.signed_by_user_id = int(plan.signed_by) if plan.signed_by else None
        row.signed_at = plan.signed_at
        row.amendments = [codec.amendment_to_json(a) for a in plan.amendments]

    def get_plan(self, plan_id: int) -> CarePlan | None:
        row = self._s.get(CarePlanRow, plan_id)
        return _plan(row) if row else None

    def plans_for(self, client_id: int) -> Sequence[CarePlan]:
        rows = self._s.scalars(
            select(CarePlanRow).where(CarePlanRow.client_id == client_id).order_by(CarePlanRow.id)
        )
        return [_plan(r) for r in rows]

    def amended_plans(self, clinic_id: int) -> Sequence[CarePlan]:
        """In one query, and only the plans with an amendment (the JSON array's length on
        both databases): a clinic's plans without one are most of them, and none can wait."""
        rows = self._s.scalars(
            select(CarePlanRow)
            .where(
                CarePlanRow.clinic_id == clinic_id,
                CarePlanRow.status == "signed",
                func.json_array_length(CarePlanRow.amendments) > 0,
            )
            .order_by(CarePlanRow.id)
        )
        return [_plan(r) for r in rows]

    def outcome_dates_in_care(self, clinic_id: int) -> dict[int, list[date]]:
        r = OutcomeResponseRow
        rows = self._s.execute(
            select(r.client_id, r.on)
            .where(r.client_id.in_(_signed_clients(clinic_id)))
            .order_by(r.client_id, r.on, r.id)
        )
        dates: dict[int, list[date]] = {}
        for client_id, on in rows:
            dates.setdefault(client_id, []).append(on)
        return dates

    def care_of(self, client_ids: Sequence[int]) -> CareRecords:
        if not client_ids:
            return CareRecords()
        ids = list(client_ids)
        # One Core statement a table (rows, not ORM objects: thousands of session logs would
        # cost more to map than to read), each read through its client index (hence client
        # first in the order), each client's rows in the order of the per-client reads.
        p, d, f, o = CarePlanRow, EscalationDecisionRow, RedFlagRow, OutcomeResponseRow
        h = HomeProgrammeRow

        def rows(table: Any, *order: Any) -> Any:
            query = select(table.__table__).where(table.client_id.in_(ids))
            return self._s.execute(query.order_by(table.client_id, *order))

        return CareRecords(
            plans=_by_client(rows(p, p.id), _plan),
            decisions=_by_client(rows(d, d.decided_at, d.id), _decision),
            red_flags=_by_client(rows(f, f.id), _red_flag),
            outcomes=_by_client(rows(o, o.on, o.id), _outcome),
            programmes=_by_client(rows(h, h.id), _programme),
        )

    def newest_programme_logs(self, client_ids: Sequence[int]) -> dict[int, list[SessionLog]]:
        h, g = HomeProgrammeRow, SessionLogRow
        newest = select(func.max(h.id)).where(h.client_id.in_(client_ids)).group_by(h.client_id)
        rows = self._s.execute(
            select(g.__table__).where(g.programme_id.in_(newest)).order_by(g.client_id, g.on, g.id)
        )
        return _by_client(rows, _log)

    # Visit notes ---------------------------------------------------------------------------
    def add_note(self, clinic_id: int, note: VisitNote) -> VisitNote:
        row = VisitNoteRow(
            clinic_id=clinic_id,
            client_id=note.client_id,
            plan_id=note.plan_id,
            author_user_id=int(note.author_id),
            author_role=note.author_role.value,
            visit_date=note.visit_date,
        )
        self._fill_note(row, note)
        self._s.add(row)
        self._s.flush()
        return _note(row)

    def update_note(self, note: VisitNote) -> None:
        row = self._s.get(VisitNoteRow, note.id)
        if row is None:
            raise LookupError(note.id)
        self._fill_note(row, note)
        self._s.flush()

    @staticmethod
    def _fill_note(row: VisitNoteRow, note: VisitNote) -> None:
        row.subjective = note.subjective
        row.objective = note.objective
        row.assessment = note.assessment
        row.plan = note.plan
        row.modalities_given = [m.value for m in note.modalities_given]
        row.status = note.status.value
        row.signed_at = note.signed_at
        row.addenda = [codec.addendum_to_json(a) for a in note.addenda]

    def get_note(self, note_id: int) -> VisitNote | None:
        row = self._s.get(VisitNoteRow, note_id)
        return _note(row) if row else None

    def notes_for(self, client_id: int) -> Sequence[VisitNote]:
        rows = self._s.scalars(
            select(VisitNoteRow)
            .where(VisitNoteRow.client_id == client_id)
            .order_by(VisitNoteRow.visit_date.desc(), VisitNoteRow.id.desc())
        )
        return [_note(r) for r in rows]

    # Home programme ------------------------------------------------------------------------
    def add_programme(self, clinic_id: int, programme: HomeProgramme) -> HomeProgramme:
        row = HomeProgrammeRow(
            clinic_id=clinic_id,
            client_id=programme.client_id,
            plan_id=programme.plan_id,
            prescribed_by_user_id=int(programme.prescribed_by),
            start=programme.start,
            end=programme.end,
            prescriptions=[codec.prescription_to_json(p) for p in programme.prescriptions],
        )
        self._s.add(row)
        self._s.flush()
        return _programme(row)

    def programmes_for(self, client_id: int) -> Sequence[HomeProgramme]:
        rows = self._s.scalars(
            select(HomeProgrammeRow)
            .where(HomeProgrammeRow.client_id == client_id)
            .order_by(HomeProgrammeRow.id)
        )
        return [_programme(r) for r in rows]

    def add_log(self, client_id: int, log: SessionLog) -> None:
        self._s.add(
            SessionLogRow(
                programme_id=log.programme_id,
                client_id=client_id,
                on=log.on,
                exercises_done=list(log.exercises_done),
                pain_during=log.pain_during,
                pain_next_morning=log.pain_next_morning,
                note=log.note,
            )
        )
        self._s.flush()

    def logs_for(self, client_id: int) -> Sequence[SessionLog]:
        rows = self._s.scalars(
            select(SessionLogRow)
            .where(SessionLogRow.client_id == client_id)
            .order_by(SessionLogRow.on, SessionLogRow.id)
        )
        return [_log(r) for r in rows]

    # Outcomes ------------------------------------------------------------------------------
    def add_outcome(self, clinic_id: int, response: OutcomeResponse) -> OutcomeResponse:
        assert response.recorded_at is not None
        row = OutcomeResponseRow(
            clinic_id=clinic_id,
            client_id=response.client_id,
            instrument=response.instrument,
            on=response.on,
            score=response.score,
            scores=dict(response.scores),
            answers=dict(response.answers),
            recorded_by_user_id=response.recorded_by,
            recorded_at=response.recorded_at,
        )
        self._s.add(row)
        self._s.flush()
        return _outcome(row)

    def outcomes_for(self, client_id: int) -> Sequence[OutcomeResponse]:
        rows = self._s.scalars(
            select(OutcomeResponseRow)
            .where(OutcomeResponseRow.client_id == client_id)
            .order_by(OutcomeResponseRow.on, OutcomeResponseRow.id)
        )
        return [_outcome(r) for r in rows]

    # Escalation ----------------------------------------------------------------------------
    def add_decision(self, clinic_id: int, decision: EscalationDecision) -> EscalationDecision:
        row = EscalationDecisionRow(
            clinic_id=clinic_id,
            client_id=decision.client_id,
            decided_by_user_id=decision.decided_by,
            decided_at=decision.decided_at,
            trigger=decision.trigger,
            decision=decision.decision.value,
            note=decision.note,
            evidence=decision.evidence,
        )
        self._s.add(row)
        self._s.flush()
        return EscalationDecision(
            row.id,
            row.client_id,
            row.decided_by_user_id,
            row.decided_at,
            row.trigger,
            DecisionKind(row.decision),
            row.note,
            row.evidence,
        )

    def decisions_for(self, client_id: int) -> Sequence[EscalationDecision]:
        rows = self._s.scalars(
            select(EscalationDecisionRow)
            .where(EscalationDecisionRow.client_id == client_id)
            .order_by(EscalationDecisionRow.decided_at, EscalationDecisionRow.id)
        )
        return [_decision(r) for r in rows]

    def add_red_flag(self, clinic_id: int, report: RedFlagReport) -> RedFlagReport:
        row = RedFlagRow(
            clinic_id=clinic_id,
            client_id=report.client_id,
            reported_by_user_id=report.reported_by,
            reported_at=report.reported_at,
            text=report.text,
        )
        self._s.add(row)
        self._s.flush()
        return RedFlagReport(
            row.id, row.client_id, row.reported_by_user_id, row.reported_at, row.text
        )

    def red_flags_for(self, client_id: int) -> Sequence[RedFlagReport]:
        rows = self._s.scalars(
            select(RedFlagRow).where(RedFlagRow.client_id == client_id).order_by(RedFlagRow.id)
        )
        return [_red_flag(r) for r in rows]


def _signed_clients(clinic_id: int) -> Select[int]:
    return select(CarePlanRow.client_id).where(
        CarePlanRow.clinic_id == clinic_id, CarePlanRow.status == "signed"
    )
