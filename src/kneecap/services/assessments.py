"""Intake, examination, signed notes, decision support and handoffs. Every call passes the gate.

The gate (one policy table) decides who may act; the clinical domain then decides what the act
means (only a note's author signs it, a signed note is locked, a declined suggestion needs a
reason) and the service maps its refusals to the shells' errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical import red_flags
from kneecap.domain.clinical.errors import FieldProblem, NotTheAuthor, check
from kneecap.domain.clinical.findings import Interpretation, interpret
from kneecap.domain.clinical.intake import Intake
from kneecap.domain.clinical.notes import (
    AssessmentNote,
    NoteContent,
    amend,
    edit_draft,
    sign,
    start_note,
)
from kneecap.domain.clinical.records import Assessment, Handoff, IntakeRecord
from kneecap.domain.clinical.rule_outcome import RuleOutcome
from kneecap.domain.clinical.side import Side
from kneecap.domain.clinical.suggestions import (
    ClinicianDecision,
    Decision,
    DecisionSupport,
    evaluate_all,
    intake_red_flag_input,
)
from kneecap.domain.clinical.suggestions import decide as decide_suggestion
from kneecap.domain.clinical.symmetry import SymmetryResult, all_symmetries
from kneecap.domain.clinical.symptoms import SymptomProfile
from kneecap.ports.clinical import ClinicalUnitOfWork, RuleAnswer
from kneecap.ports.security import Clock
from kneecap.ports.texts import ClinicalTextUnitOfWorkFactory, TextUnitOfWork
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.client_texts import shown_to_client, submit_text
from kneecap.services.clinical_access import assessment_of, resource
from kneecap.services.errors import Conflict, Invalid, NotFound
from kneecap.services.refusals import refusals
from kneecap.services.text_keys import INTAKE_GOALS


@dataclass(frozen=True)
class IntakeAnswers:
    """An intake as a person fills it; age and days since onset are worked out on the day."""

    intake: Intake  # age_years / days_since_onset are replaced from the dates below
    symptoms: SymptomProfile
    onset_date: date | None = None


@dataclass(frozen=True)
class AssessmentView:
    assessment: Assessment
    client: ClientRecord
    support: DecisionSupport
    readings: tuple[Interpretation, ...]
    symmetries: tuple[SymmetryResult, ...]
    handoffs: tuple[Handoff, ...]


@dataclass(frozen=True)
class InboxItem:
    handoff: Handoff
    client_name: str


@dataclass(frozen=True)
class IntakeRedFlags:
    """Red flags the newest intake raises, before or without an examination."""

    client: ClientRecord
    intake: IntakeRecord
    outcome: RuleOutcome  # the red-flag rule: fired criteria, sources
    answer: ClinicianDecision | None  # a clinician's answer on an examination since the intake

    @property
    def flags(self) -> tuple[tuple[str, str, str], ...]:
        """(criterion, what it raises suspicion of, source) for each flag that fired."""
        return tuple(
            (c.text, red_flags.BY_ID[c.id].suspicion, red_flags.BY_ID[c.id].source)
            for c in self.outcome.fired
        )


def _red_flags(
    record: ClientRecord, intake: IntakeRecord, answers: Sequence[RuleAnswer]
) -> IntakeRedFlags | None:
    outcome = red_flags.evaluate(intake_red_flag_input(intake.intake, intake.symptoms))
    if not outcome.met:
        return None
    return IntakeRedFlags(record, intake, outcome, _answer_since(intake, answers))


def _raising(
    flagged: Iterable[tuple[IntakeRecord, ClientRecord]],
) -> list[IntakeRedFlags]:
    """The intakes whose red flags are met, each with what fired (none answered yet)."""
    found = []
    for intake, record in flagged:
        outcome = red_flags.evaluate(intake_red_flag_input(intake.intake, intake.symptoms))
        if outcome.met:
            found.append(IntakeRedFlags(record, intake, outcome, None))
    return found


def _answer_since(intake: IntakeRecord, answers: Sequence[RuleAnswer]) -> ClinicianDecision | None:
    """The answer on the first examination since the intake that answered the red flags (that
    examination's latest answer)."""
    since = [
        a
        for a in answers
        if a.client_id == intake.client_id and a.assessment_created_at >= intake.recorded_at
    ]
    if not since:
        return None
    first = min((a.assessment_created_at, a.assessment_id) for a in since)
    return [a.decision for a in since if (a.assessment_created_at, a.assessment_id) == first][-1]


def _age_and_days(record: ClientRecord, intake: Intake, onset: date | None, today: date) -> Intake:
    age = record.age_on(today)
    days = (today - onset).days if onset is not None else intake.days_since_onset
    problems = []
    if onset is not None and onset > today:
        problems.append(FieldProblem("onset_date", "the date the pain started is in the future"))
    check(problems)
    return replace(
        intake, age_years=intake.age_years if age is None else age, days_since_onset=days
    )


def _goal(intake: Intake) -> str:
    return "\n".join(intake.goals)


def client_intake(uow: TextUnitOfWork, found: IntakeRecord) -> IntakeRecord:
    """The intake as its client sees it again: the goal as co-signed (the rest is the
    client's own answers, or not shown back to them)."""
    goal = shown_to_client(uow, INTAKE_GOALS.key(found.client_id), _goal(found.intake))
    goals = tuple(g for g in goal.splitlines() if g.strip())
    return replace(found, intake=replace(found.intake, goals=goals))


class AssessmentService:
    def __init__(
        self, uow_factory: ClinicalTextUnitOfWorkFactory, gate: Gate, clock: Clock
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock

    # --- intake -------------------------------------------------------------------------
    def record_intake(self, caller: Caller, client_id: int, answers: IntakeAnswers) -> IntakeRecord:
        now = self._clock.now()
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.INTAKE_RECORD, client_id, kind="intake", audit=False
            )
            with refusals():
                intake = _age_and_days(record, answers.intake, answers.onset_date, now.date())
            before = uow.clinical.latest_intake(record.id)
            if before is not None and caller.actor.role is Role.CLIENT:
                before = client_intake(uow, before)
            shown = _goal(before.intake) if before is not None else ""
            key = INTAKE_GOALS.key(record.id)
            if _goal(intake) != shown:
                submit_text(uow, caller, record.clinic_id, record.id, key, _goal(intake), now)
            elif before is not None and caller.actor.role is Role.CLIENT:
                # unchanged as the client saw it: keep the clinic's working copy of the goal
                working = uow.clinical.latest_intake(record.id)
                assert working is not None
                intake = replace(intake, goals=working.intake.goals)
            # kept beside the intake, so the dashboards read only the flagged ones
            raises = red_flags.evaluate(intake_red_flag_input(intake, answers.symptoms)).met
            saved = uow.clinical.add_intake(
                record.clinic_id,
                IntakeRecord(
                    client_id=record.id,
                    intake=intake,
                    symptoms=answers.symptoms,
                    onset_date=answers.onset_date,
                    recorded_by_user_id=caller.actor.user_id,
                    recorded_by_role=caller.actor.role.value,
                    recorded_at=now,
                ),
                red_flag=raises,
            )
            self._gate.record(
                uow, caller, Action.INTAKE_RECORD, resource(record, "intake", saved.id)
            )
            if caller.actor.role is Role.CLIENT:
                saved = client_intake(uow, saved)
            uow.commit()
        return saved

    def latest_intake(self, caller: Caller, client_id: int) -> IntakeRecord | None:
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.INTAKE_READ, client_id, kind="intake")
            found = uow.clinical.latest_intake(record.id)
            if found is not None and caller.actor.role is Role.CLIENT:
                found = client_intake(uow, found)
            uow.commit()
        return found

    def intake_red_flags(self, caller: Caller, client_id: int) -> IntakeRedFlags | None:
        """The red flags of the client's newest intake, for the clinicians (None: none)."""
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.ASSESSMENT_READ, client_id, kind="intake", detail="red flags"
            )
            intake = uow.clinical.latest_intake(record.id)
            found = (
                _red_flags(record, intake, uow.clinical.answers_to(red_flags.RULE_ID, [record.id]))
                if intake is not None
                else None
            )
            uow.commit()
        return found

    def red_flags_in_clinic(self, caller: Caller) -> list[IntakeRedFlags]:
        """Clients whose newest intake raises a red flag no clinician has answered yet (the
        practitioners' dashboards)."""
        clinic = Resource("intakes", caller.actor.clinic_id)
        with self._uow() as uow:
            self._gate.check(uow, caller, Action.ASSESSMENT_READ, clinic, audit=False)
            # Set-based: the newest flagged intakes not answered since, with their clients'
            # records, in one statement, not an examination load per client
            # (bench/dashboard_panels.py, bench/clinic_scale.py).
            found = _raising(
                uow.clinical.open_flagged_intakes(caller.actor.clinic_id, red_flags.RULE_ID)
            )
            self._gate.record(
                uow,
                caller,
                "intake.red_flags",
                clinic,
                f"clients with open red flags: {len(found)}",
            )
            uow.commit()
        return sorted(found, key=lambda f: (f.intake.recorded_at, f.intake.id or 0), reverse=True)

    def red_flags_panel(self, caller: Caller, limit: int) -> tuple[int, list[IntakeRedFlags]]:
        """How many clients `red_flags_in_clinic` lists, and its `limit` newest: the
        dashboards' panel, which reads and evaluates only those it shows (the stored flag
        decides the count; the evaluation names the criteria that fired)."""
        clinic = Resource("intakes", caller.actor.clinic_id)
        with self._uow() as uow:
            self._gate.check(uow, caller, Action.ASSESSMENT_READ, clinic, audit=False)
            total, page = uow.clinical.open_flagged_page(
                caller.actor.clinic_id, red_flags.RULE_ID, limit
            )
            found = _raising(page)  # stored as met by this same evaluation (record_intake)
            self._gate.record(
                uow, caller, "intake.red_flags", clinic, f"clients with open red flags: {total}"
            )
            uow.commit()
        return total, found

    # --- assessments --------------------------------------------------------------------
    def start(self, caller: Caller, client_id: int, side: Side | None = None) -> Assessment:
        """A draft assessment of one knee, starting from the client's latest intake."""
        now = self._clock.now()
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.FINDINGS_RECORD, client_id, kind="assessment", audit=False
            )
            intake = uow.clinical.latest_intake(record.id)
            if intake is None:
                raise Invalid(
                    "Record the intake and symptom profile first: the examination starts from it.",
                    {"intake": "no intake recorded yet"},
                )
            sides = intake.intake.complaint_side.sides()
            side = side or (sides[0] if len(sides) == 1 else None)
            if side is None:
                raise Invalid(
                    "Choose which knee you are examining.", {"side": "choose left or right"}
                )
            user = uow.users.get(caller.actor.user_id) if caller.actor.user_id else None
            with refusals():
                note = start_note(
                    author_id=str(caller.actor.user_id),
                    author_name=user.name if user else caller.actor.label,
                    author_role=caller.actor.role.value,
                    now=now,
                )
                fresh = _age_and_days(record, intake.intake, intake.onset_date, now.date())
            saved = uow.clinical.add_assessment(
                Assessment(record.clinic_id, record.id, side, fresh, intake.symptoms, note)
            )
            self._gate.record(
                uow,
                caller,
                Action.FINDINGS_RECORD,
                resource(record, "assessment", saved.id),
                "started",
            )
            uow.commit()
        return saved

    def list(self, caller: Caller, client_id: int) -> Sequence[Assessment]:
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.ASSESSMENT_READ, client_id, kind="assessment"
            )
            found = uow.clinical.assessments_for(record.id)
            uow.commit()
        return found

    def get(self, caller: Caller, client_id: int, assessment_id: int) -> AssessmentView:
        with self._uow() as uow:
            record = self._gate.client(
                uow,
                caller,
                Action.ASSESSMENT_READ,
                client_id,
                kind="assessment",
                item_id=assessment_id,
            )
            a = assessment_of(uow, record, assessment_id)
            handoffs = tuple(uow.clinical.handoffs_for(assessment_id))
            uow.commit()
        findings = a.note.content.findings
        return AssessmentView(
            assessment=a,
            client=record,
            support=evaluate_all(a.facts()),
            readings=tuple(interpret(f) for f in findings),
            symmetries=all_symmetries(findings, a.side),
            handoffs=handoffs,
        )

    def update_draft(
        self,
        caller: Caller,
        client_id: int,
        assessment_id: int,
        content: NoteContent,
        other_causes_excluded: bool | None,
    ) -> Assessment:
        """Save the examination (findings and note text) of a draft; a signed one is 409."""
        with self._uow() as uow:
            record = self._assessment_gate(
                uow, caller, Action.FINDINGS_RECORD, client_id, assessment_id
            )
            res = resource(record, "assessment", assessment_id)
            a = assessment_of(uow, record, assessment_id)
            note = self._as_author(
                uow,
                caller,
                res,
                lambda: edit_draft(a.note, by_id=str(caller.actor.user_id), content=content),
            )
            saved = uow.clinical.save_assessment(
                replace(a, note=note, other_causes_excluded=other_causes_excluded)
            )
            self._gate.record(
                uow,
                caller,
                Action.FINDINGS_RECORD,
                res,
                f"draft saved: {len(content.findings)} findings",
            )
            uow.commit()
        return saved

    def sign(self, caller: Caller, client_id: int, assessment_id: int) -> Assessment:
        now = self._clock.now()
        with self._uow() as uow:
            record = self._assessment_gate(uow, caller, Action.NOTE_SIGN, client_id, assessment_id)
            res = resource(record, "assessment", assessment_id)
            a = assessment_of(uow, record, assessment_id)
            note = self._as_author(
                uow, caller, res, lambda: sign(a.note, by_id=str(caller.actor.user_id), now=now)
            )
            saved = uow.clinical.save_assessment(replace(a, note=note))
            self._gate.record(uow, caller, Action.NOTE_SIGN, res, "signed")
            uow.commit()
        return saved

    def amend(
        self,
        caller: Caller,
        client_id: int,
        assessment_id: int,
        changes: Mapping[str, object],
        reason: str,
    ) -> Assessment:
        now = self._clock.now()
        with self._uow() as uow:
            record = self._assessment_gate(uow, caller, Action.NOTE_SIGN, client_id, assessment_id)
            res = resource(record, "assessment", assessment_id)
            a = assessment_of(uow, record, assessment_id)
            with refusals():
                note = amend(
                    a.note,
                    by_id=str(caller.actor.user_id),
                    by_role=caller.actor.role.value,
                    changes=changes,
                    reason=reason,
                    now=now,
                )
            saved = uow.clinical.save_assessment(replace(a, note=note))
            fields = ", ".join(c.field for c in note.amendments[-1].changes)
            self._gate.record(uow, caller, Action.NOTE_SIGN, res, f"amended: {fields}")
            uow.commit()
        return saved

    def decide(
        self,
        caller: Caller,
        client_id: int,
        assessment_id: int,
        rule_id: str,
        decision: Decision,
        reason: str = "",
    ) -> Assessment:
        """The clinician's answer to one suggestion that fired; stored and audited."""
        now = self._clock.now()
        with self._uow() as uow:
            record = self._assessment_gate(
                uow, caller, Action.REFERRAL_DECIDE, client_id, assessment_id
            )
            res = resource(record, "assessment", assessment_id)
            a = assessment_of(uow, record, assessment_id)
            fired = {s.rule_id: s for s in evaluate_all(a.facts()).suggestions}
            if rule_id not in fired:
                raise Invalid(
                    "That suggestion is not showing for this assessment; reload the page.",
                    {"rule_id": f"{rule_id!r} did not fire"},
                )
            with refusals():
                answer = decide_suggestion(
                    fired[rule_id],
                    decision,
                    clinician_id=str(caller.actor.user_id),
                    role=caller.actor.role.value,
                    now=now,
                    reason=reason,
                )
            uow.clinical.add_decision(assessment_id, answer)
            self._gate.record(
                uow, caller, Action.REFERRAL_DECIDE, res, f"{rule_id}: {decision.value}"
            )
            uow.commit()
            saved = assessment_of(uow, record, assessment_id)
        return saved

    # --- handoffs -----------------------------------------------------------------------
    def hand_off(self, caller: Caller, client_id: int, assessment_id: int, message: str) -> Handoff:
        """Pass signed findings to the chiropractor with a message (their inbox shows it)."""
        now = self._clock.now()
        with self._uow() as uow:
            record = self._assessment_gate(
                uow, caller, Action.FINDINGS_HANDOFF, client_id, assessment_id
            )
            res = resource(record, "assessment", assessment_id)
            a = assessment_of(uow, record, assessment_id)
            if not a.note.locked:
                raise Conflict("Sign the assessment before passing it to the chiropractor.")
            user = uow.users.get(caller.actor.user_id) if caller.actor.user_id else None
            assert a.id is not None
            with refusals():
                handoff = Handoff(
                    record.clinic_id,
                    record.id,
                    a.id,
                    caller.actor.user_id or 0,
                    user.name if user else caller.actor.label,
                    message.strip(),
                    now,
                )
            saved = uow.clinical.add_handoff(handoff)
            self._gate.record(uow, caller, Action.FINDINGS_HANDOFF, res, f"handoff {saved.id}")
            uow.commit()
        return saved

    def inbox(self, caller: Caller) -> Sequence[InboxItem]:
        with self._uow() as uow:
            clinic = Resource("handoffs", caller.actor.clinic_id)
            self._gate.check(uow, caller, Action.HANDOFF_INBOX, clinic, audit=False)
            handoffs = uow.clinical.open_handoffs(caller.actor.clinic_id)
            # the clients' names in one statement, not one per handoff
            ids = {h.client_id for h in handoffs}
            names = {r.id: r.name for r in uow.clients.many(ids)} if ids else {}
            items = [InboxItem(h, names.get(h.client_id, "?")) for h in handoffs]
            self._gate.record(
                uow, caller, Action.HANDOFF_INBOX, clinic, f"listed {len(items)} open handoffs"
            )
            uow.commit()
        return items

    def close_handoff(self, caller: Caller, handoff_id: int) -> Handoff:
        now = self._clock.now()
        with self._uow() as uow:
            h = uow.clinical.get_handoff(handoff_id)
            clinic_id = h.clinic_id if h else -1
            res = Resource(
                "handoff", clinic_id, client_id=h.client_id if h else None, id=handoff_id
            )
            self._gate.check(uow, caller, Action.HANDOFF_INBOX, res, detail="reviewed")
            if h is None:
                raise NotFound("That handoff")
            uow.clinical.close_handoff(handoff_id, now)
            uow.commit()
        return replace(h, closed_at=h.closed_at or now)

    # --- helpers ------------------------------------------------------------------------
    def _assessment_gate(
        self,
        uow: ClinicalUnitOfWork,
        caller: Caller,
        action: Action,
        client_id: int,
        assessment_id: int,
    ) -> ClientRecord:
        """The client, once the gate allowed a change to one of its assessments (the change
        is audited by the caller, with what was done)."""
        return self._gate.client(
            uow, caller, action, client_id, kind="assessment", item_id=assessment_id, audit=False
        )

    def _as_author(
        self,
        uow: ClinicalUnitOfWork,
        caller: Caller,
        res: Resource,
        change: Callable[[], AssessmentNote],
    ) -> AssessmentNote:
        """Run a change only the note's author may make; audit a refusal as a denial."""

        def deny(refusal: Exception) -> None:
            if isinstance(refusal, NotTheAuthor):
                self._gate.record_denial(
                    uow, caller, Action.NOTE_SIGN, res, Verdict.FORBIDDEN, "not the note's author"
                )

        with refusals(deny):
            return change()
