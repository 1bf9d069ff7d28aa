"""Care plans and visit notes: draft, sign (chiropractor), amend, SOAP notes with addenda.

Every call passes the gate first (role -> action, from the one policy table); the domain's
content rules (which modality a role may prescribe) are checked after it. A client receives
signed plans only, as plan_review.client_plan shows them: an LMT's amendment reaches them once
the chiropractor co-signed it (the co-signature queue, services/cosignature.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.calendar.bounds import LOGGED, PLANNED
from kneecap.domain.care import plan as plans
from kneecap.domain.care import visits
from kneecap.domain.care.evidence import Evidence, evidence_for, evidence_notes
from kneecap.domain.care.modalities import Modality
from kneecap.domain.care.plan import CarePlan, PlanContent
from kneecap.domain.care.plan_review import client_plan
from kneecap.domain.care.visits import VisitNote
from kneecap.ports.care import CareUnitOfWork, CareUnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.alerts import AlertKeeper
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller, user_id_of
from kneecap.services.dates import check_dates
from kneecap.services.errors import Conflict, NotFound


@dataclass(frozen=True)
class ModalityView:
    label: str
    description: str
    evidence: Evidence
    notes: tuple[str, ...]


def modality_views(plan: CarePlan) -> list[ModalityView]:
    """Each planned modality with its evidence beside it (information, never a block)."""
    return [
        ModalityView(m.label, m.describe(), evidence_for(m.modality), evidence_notes(m))
        for m in plan.content.modalities
    ]


def current_plan(found: Sequence[CarePlan]) -> CarePlan | None:
    """The newest signed plan, else the newest draft (the clinic's working copy; a client's
    list holds signed plans only)."""
    signed = [p for p in found if p.is_locked]
    pool = signed or list(found)
    return pool[-1] if pool else None


class CarePlanService:
    def __init__(
        self, uow_factory: CareUnitOfWorkFactory, gate: Gate, clock: Clock, alerts: AlertKeeper
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._alerts = alerts  # a signed plan's start begins care: the escalation state follows

    def today(self) -> date:
        return self._clock.now().date()

    def plans(self, caller: Caller, client_id: int) -> list[CarePlan]:
        """Every plan for practitioners; for the client, the signed ones as they may see them."""
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.CARE_PLAN_VIEW, client_id, kind="care_plan")
            found = list(uow.care.plans_for(client_id))
            uow.commit()
        if caller.actor.role is Role.CLIENT:
            return [shown for p in found if (shown := client_plan(p)) is not None]
        return found

    def create(self, caller: Caller, client_id: int, start: date, content: PlanContent) -> CarePlan:
        action = Action.CARE_PLAN_DRAFT
        with self._uow() as uow:
            record = self._gate.client(uow, caller, action, client_id, kind="care_plan")
            check_dates(self.today(), start=(start, PLANNED))
            resource = Resource("care_plan", record.clinic_id, client_id=client_id)
            with self._gate.refusals(uow, caller, action, resource):
                draft = plans.new_plan(
                    plan_id=0,
                    client_id=client_id,
                    author_id=str(user_id_of(caller)),
                    author_role=caller.actor.role,
                    created_at=self._clock.now(),
                    start=start,
                    content=content,
                )
            stored = uow.care.add_plan(record.clinic_id, draft)
            self._gate.record(uow, caller, "care_plan.created", self._res(record.clinic_id, stored))
            uow.commit()
        return stored

    def sign(self, caller: Caller, client_id: int, plan_id: int) -> CarePlan:
        def signed(p: CarePlan) -> CarePlan:
            if p.is_locked:
                raise Conflict(f"This plan was already signed on {p.signed_at:%Y-%m-%d}.")
            return plans.sign_plan(
                p,
                signer_id=str(user_id_of(caller)),
                signer_role=caller.actor.role,
                at=self._clock.now(),
            )

        return self._change(caller, client_id, plan_id, Action.CARE_PLAN_SIGN, signed)

    def amend(
        self, caller: Caller, client_id: int, plan_id: int, reason: str, content: PlanContent
    ) -> CarePlan:
        return self._change(
            caller,
            client_id,
            plan_id,
            Action.CARE_PLAN_AMEND,
            lambda p: plans.amend_plan(
                p,
                by_id=str(user_id_of(caller)),
                by_role=caller.actor.role,
                reason=reason,
                content=content,
                at=self._clock.now(),
            ),
        )

    def _change(
        self,
        caller: Caller,
        client_id: int,
        plan_id: int,
        action: Action,
        change: Callable[[CarePlan], CarePlan],
    ) -> CarePlan:
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, action, client_id, kind="care_plan", item_id=plan_id
            )
            found = self._plan(uow, client_id, plan_id)
            with self._gate.refusals(uow, caller, action, self._res(record.clinic_id, found)):
                updated = change(found)
            uow.care.update_plan(updated)
            self._alerts.refresh(uow, record.clinic_id, client_id, self.today())
            uow.commit()
        return updated

    @staticmethod
    def _plan(uow: CareUnitOfWork, client_id: int, plan_id: int) -> CarePlan:
        found = uow.care.get_plan(plan_id)
        if found is None or found.client_id != client_id:
            raise NotFound("That care plan")
        return found

    @staticmethod
    def _res(clinic_id: int, plan: CarePlan) -> Resource:
        return Resource("care_plan", clinic_id, client_id=plan.client_id, id=plan.id)

    # Visit notes ---------------------------------------------------------------------------
    def notes(self, caller: Caller, client_id: int) -> list[VisitNote]:
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.VISIT_NOTE_READ, client_id, kind="visit_note")
            found = list(uow.care.notes_for(client_id))
            uow.commit()
        return found

    def write_note(
        self,
        caller: Caller,
        client_id: int,
        plan_id: int,
        visit_date: date,
        sections: dict[str, str],
        given: tuple[Modality, ...] = (),
        sign: bool = False,
    ) -> VisitNote:
        action = Action.VISIT_NOTE_SIGN if sign else Action.VISIT_NOTE_WRITE
        with self._uow() as uow:
            record = self._gate.client(uow, caller, action, client_id, kind="visit_note")
            check_dates(self.today(), visit_date=(visit_date, LOGGED))
            self._plan(uow, client_id, plan_id)
            res = Resource("visit_note", record.clinic_id, client_id=client_id)
            by = str(user_id_of(caller))
            with self._gate.refusals(uow, caller, action, res):
                note = visits.start_note(
                    note_id=0,
                    plan_id=plan_id,
                    client_id=client_id,
                    author_id=by,
                    author_role=caller.actor.role,
                    visit_date=visit_date,
                )
                note = visits.edit_note(note, by_id=by, modalities_given=given, **sections)
                if sign:
                    note = visits.sign_note(
                        note, signer_id=by, signer_role=caller.actor.role, at=self._clock.now()
                    )
            stored = uow.care.add_note(record.clinic_id, note)
            uow.commit()
        return stored

    def add_addendum(
        self, caller: Caller, client_id: int, note_id: int, reason: str, text: str
    ) -> VisitNote:
        action = Action.VISIT_NOTE_ADDENDUM
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, action, client_id, kind="visit_note", item_id=note_id
            )
            note = uow.care.get_note(note_id)
            if note is None or note.client_id != client_id:
                raise NotFound("That visit note")
            res = Resource("visit_note", record.clinic_id, client_id=client_id, id=note_id)
            with self._gate.refusals(uow, caller, action, res):
                note = visits.add_addendum(
                    note,
                    by_id=str(user_id_of(caller)),
                    by_role=caller.actor.role,
                    reason=reason,
                    text=text,
                    at=self._clock.now(),
                )
            uow.care.update_note(note)
            uow.commit()
        return note
