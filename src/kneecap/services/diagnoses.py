"""Diagnoses (chiropractor only, by the policy table) and referral letters from signed notes.

A client reads only diagnoses a chiropractor recorded and released; findings and notes never
reach them through this service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical import red_flags
from kneecap.domain.clinical.diagnosis import Diagnosis, release_diagnosis, visible_to_client
from kneecap.domain.clinical.icd10 import lookup
from kneecap.domain.clinical.records import StoredDiagnosis
from kneecap.domain.clinical.referral_letter import (
    ReferralKind,
    ReferralLetter,
    build_referral_letter,
    history_lines,
)
from kneecap.domain.clinical.side import Laterality
from kneecap.domain.clinical.suggestions import SuggestedAction, evaluate_all
from kneecap.ports.clinical import ClinicalUnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.clinical_access import assessment_of, resource
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.refusals import refusals

# Which suggestions back which kind of letter (data: a suggestion's action -> letter kinds).
LETTER_KINDS: dict[SuggestedAction, frozenset[ReferralKind]] = {
    SuggestedAction.URGENT_REFERRAL: frozenset({ReferralKind.PHYSICIAN}),
    SuggestedAction.XRAY: frozenset({ReferralKind.XRAY}),
    SuggestedAction.PHYSICIAN_OR_MRI: frozenset({ReferralKind.PHYSICIAN, ReferralKind.MRI}),
    SuggestedAction.CONSIDER_PFP_DIAGNOSIS: frozenset(),
}
DEFAULT_RECIPIENT = {
    ReferralKind.PHYSICIAN: "The client's physician",
    ReferralKind.XRAY: "Radiology department",
    ReferralKind.MRI: "Radiology department (MRI)",
}


class DiagnosisService:
    def __init__(self, uow_factory: ClinicalUnitOfWorkFactory, gate: Gate, clock: Clock) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock

    def record(
        self,
        caller: Caller,
        client_id: int,
        code: str,
        side: str,
        note: str = "",
        assessment_id: int | None = None,
    ) -> StoredDiagnosis:
        """Record an ICD-10-CM diagnosis for one knee. Refused (403, audited) unless the policy
        lets the caller's role diagnose; the code and side are then checked against each other."""
        now = self._clock.now()
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.DIAGNOSIS_RECORD, client_id, kind="diagnosis", audit=False
            )
            if assessment_id is not None:
                assessment_of(uow, record, assessment_id)
            with refusals():
                try:
                    laterality = Laterality(side.strip().lower())
                except ValueError:
                    raise Invalid(
                        "Choose the side: right, left or unspecified.",
                        {"side": "choose right, left or unspecified"},
                    ) from None
                if len(note) > 2000:
                    raise Invalid("The note is too long.", {"note": "use at most 2000 characters"})
                diagnosis = Diagnosis(
                    code=lookup(code).code,
                    side=laterality,
                    note=note.strip(),
                    author_id=str(caller.actor.user_id),
                    author_role=Role(caller.actor.role.value),
                    recorded_at=now,
                )
            saved = uow.clinical.add_diagnosis(
                StoredDiagnosis(record.clinic_id, record.id, diagnosis, assessment_id)
            )
            self._gate.record(
                uow,
                caller,
                Action.DIAGNOSIS_RECORD,
                resource(record, "diagnosis", saved.id),
                f"code {diagnosis.code}",
            )
            uow.commit()
        return saved

    def release(self, caller: Caller, client_id: int, diagnosis_id: int) -> StoredDiagnosis:
        now = self._clock.now()
        with self._uow() as uow:
            record = self._gate.client(
                uow,
                caller,
                Action.DIAGNOSIS_RELEASE,
                client_id,
                kind="diagnosis",
                item_id=diagnosis_id,
            )
            found = uow.clinical.get_diagnosis(diagnosis_id)
            if found is None or found.client_id != record.id:
                raise NotFound("That diagnosis")
            with refusals():
                released = release_diagnosis(
                    found.diagnosis,
                    by_id=str(caller.actor.user_id),
                    by_role=caller.actor.role.value,
                    now=now,
                )
            saved = uow.clinical.save_release(replace(found, diagnosis=released))
            uow.commit()
        return saved

    def list(self, caller: Caller, client_id: int) -> Sequence[StoredDiagnosis]:
        """What the caller may see: practitioners every diagnosis, a client only released ones."""
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.DIAGNOSIS_READ, client_id, kind="diagnosis"
            )
            found = uow.clinical.diagnoses_for(record.id)
            uow.commit()
        if caller.actor.role is Role.CLIENT:
            shown = {id(d) for d in visible_to_client(sd.diagnosis for sd in found)}
            return [sd for sd in found if id(sd.diagnosis) in shown]
        return found

    def referral(
        self,
        caller: Caller,
        client_id: int,
        assessment_id: int,
        kind: ReferralKind,
        recipient: str = "",
        reason: str = "",
    ) -> ReferralLetter:
        """A referral letter from a signed assessment; the suggestions that back this kind of
        letter (and were not declined) are cited with their criteria and sources."""
        today = self._clock.now().date()
        with self._uow() as uow:
            record = self._gate.client(
                uow,
                caller,
                Action.REFERRAL_DECIDE,
                client_id,
                kind="assessment",
                item_id=assessment_id,
                detail=f"referral letter: {kind.value}",
            )
            a = assessment_of(uow, record, assessment_id)
            clinic = uow.clinics.get(record.clinic_id)
            user = uow.users.get(caller.actor.user_id) if caller.actor.user_id else None
            diagnosed = [sd.diagnosis for sd in uow.clinical.diagnoses_for(record.id)]
            uow.commit()
        declined = {d.rule_id for d in a.decisions if d.decision.value == "declined"}
        accepted = {d.rule_id for d in a.decisions if d.decision.value == "accepted"}
        # A red flag the clinician accepted belongs in any letter about this knee.
        backing = [
            s
            for s in evaluate_all(a.facts()).suggestions
            if s.rule_id not in declined
            and (
                kind in LETTER_KINDS[s.action]
                or (s.rule_id == red_flags.RULE_ID and s.rule_id in accepted)
            )
        ]
        default_reason = "; ".join(s.outcome.explanation for s in backing) or (
            "Clinical judgement of the referring chiropractor after examination."
        )
        with refusals():
            return build_referral_letter(
                a.note,
                kind=kind,
                reason=reason.strip() or default_reason,
                recipient=recipient.strip() or DEFAULT_RECIPIENT[kind],
                clinic_name=clinic.name if clinic else "",
                patient_name=record.name,
                patient_age_years=record.age_on(today) or a.intake.age_years,
                side=Laterality(a.side.value),
                clinician_name=user.name if user else caller.actor.label,
                clinician_role=caller.actor.role.value,
                today=today,
                suggestions=backing,
                decisions=a.decisions,
                date_of_birth=record.details.date_of_birth,
                clinic_address=clinic.address if clinic else "",
                history=history_lines(a.intake, a.symptoms, a.note.content.subjective),
                diagnoses=[f"{d.code} {d.title} ({d.side.value})" for d in diagnosed],
            )
