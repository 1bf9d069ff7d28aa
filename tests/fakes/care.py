"""Fake care repository: plans, visit notes, home programmes and their logs, outcomes,
escalation decisions and red-flag reports, in the SQL repository's order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from kneecap.domain.care.decisions import EscalationDecision, RedFlagReport
from kneecap.domain.care.plan import CarePlan, PlanStatus
from kneecap.domain.care.prescriptions import HomeProgramme, SessionLog
from kneecap.domain.care.visits import VisitNote
from kneecap.domain.outcomes.responses import OutcomeResponse
from kneecap.ports.care import CareRecords
from tests.fakes.tables import Tables


class FakeCare:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add_plan(self, clinic_id: int, plan: CarePlan) -> CarePlan:
        n = self._t.care_plans.next_id()
        return self._t.care_plans.put(n, (clinic_id, replace(plan, id=n)))[1]

    def update_plan(self, plan: CarePlan) -> None:
        found = self._t.care_plans.get(plan.id)
        if found is None:
            raise LookupError(plan.id)
        self._t.care_plans.put(plan.id, (found[0], plan))

    def get_plan(self, plan_id: int) -> CarePlan | None:
        found = self._t.care_plans.get(plan_id)
        return found[1] if found else None

    def plans_for(self, client_id: int) -> Sequence[CarePlan]:
        return [p for _, p in self._t.care_plans.rows(lambda r: r[1].client_id == client_id)]

    def amended_plans(self, clinic_id: int) -> Sequence[CarePlan]:
        signed = self._t.care_plans.rows(
            lambda r: (
                r[0] == clinic_id and r[1].status is PlanStatus.SIGNED and bool(r[1].amendments)
            )
        )
        return [p for _, p in signed]

    def outcome_dates_in_care(self, clinic_id: int) -> dict[int, list[date]]:
        signed = self._t.care_plans.rows(
            lambda r: r[0] == clinic_id and r[1].status is PlanStatus.SIGNED
        )
        ids = {p.client_id for _, p in signed}
        found = self._t.outcomes.rows(lambda r: r.client_id in ids)
        dates: dict[int, list[date]] = {}
        for r in sorted(found, key=lambda r: (r.client_id, r.on)):
            dates.setdefault(r.client_id, []).append(r.on)
        return dates

    def care_of(self, client_ids: Sequence[int]) -> CareRecords:
        ids = sorted(set(client_ids))
        return CareRecords(
            plans={c: plan for c in ids if (plan := self.plans_for(c))},
            decisions={c: d for c in ids if (d := self.decisions_for(c))},
            red_flags={c: f for c in ids if (f := self.red_flags_for(c))},
            outcomes={c: o for c in ids if (o := self.outcomes_for(c))},
            programmes={c: p for c in ids if (p := self.programmes_for(c))},
        )

    def newest_programme_logs(self, client_ids: Sequence[int]) -> dict[int, list[SessionLog]]:
        newest = {c: p[-1].id for c in client_ids if (p := self.programmes_for(c))}
        return {c: [g for g in self.logs_for(c) if g.programme_id == n] for c, n in newest.items()}

    def add_note(self, clinic_id: int, note: VisitNote) -> VisitNote:
        n = self._t.visit_notes.next_id()
        return self._t.visit_notes.put(n, replace(note, id=n))

    def update_note(self, note: VisitNote) -> None:
        if self._t.visit_notes.get(note.id) is None:
            raise LookupError(note.id)
        self._t.visit_notes.put(note.id, note)

    def get_note(self, note_id: int) -> VisitNote | None:
        return self._t.visit_notes.get(note_id)

    def notes_for(self, client_id: int) -> Sequence[VisitNote]:
        found = self._t.visit_notes.rows(lambda n: n.client_id == client_id)
        return sorted(found, key=lambda n: (n.visit_date, n.id), reverse=True)

    def add_programme(self, clinic_id: int, programme: HomeProgramme) -> HomeProgramme:
        n = self._t.programmes.next_id()
        return self._t.programmes.put(n, replace(programme, id=n))

    def programmes_for(self, client_id: int) -> Sequence[HomeProgramme]:
        return self._t.programmes.rows(lambda p: p.client_id == client_id)

    def add_log(self, client_id: int, log: SessionLog) -> None:
        self._t.session_logs.put(self._t.session_logs.next_id(), (client_id, log))

    def logs_for(self, client_id: int) -> Sequence[SessionLog]:
        found = [log for c, log in self._t.session_logs.rows() if c == client_id]
        return sorted(found, key=lambda log: log.on)  # stable: same day keeps its order

    def add_outcome(self, clinic_id: int, response: OutcomeResponse) -> OutcomeResponse:
        assert response.recorded_at is not None
        n = self._t.outcomes.next_id()
        scores = {k: float(v) for k, v in response.scores.items()}  # a float column
        return self._t.outcomes.put(n, replace(response, id=n, scores=scores))

    def outcomes_for(self, client_id: int) -> Sequence[OutcomeResponse]:
        found = self._t.outcomes.rows(lambda r: r.client_id == client_id)
        return sorted(found, key=lambda r: r.on)

    def add_decision(self, clinic_id: int, decision: EscalationDecision) -> EscalationDecision:
        n = self._t.escalation_decisions.next_id()
        return self._t.escalation_decisions.put(n, replace(decision, id=n))

    def decisions_for(self, client_id: int) -> Sequence[EscalationDecision]:
        found = self._t.escalation_decisions.rows(lambda d: d.client_id == client_id)
        return sorted(found, key=lambda d: d.decided_at)

    def add_red_flag(self, clinic_id: int, report: RedFlagReport) -> RedFlagReport:
        n = self._t.red_flags.next_id()
        return self._t.red_flags.put(n, replace(report, id=n))

    def red_flags_for(self, client_id: int) -> Sequence[RedFlagReport]:
        return self._t.red_flags.rows(lambda r: r.client_id == client_id)
