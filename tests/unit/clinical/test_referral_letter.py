"""Referral letters come only from signed notes, carry findings and the rules that fired."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from kneecap.domain.clinical.errors import ClinicalValidationError, NoteNotSigned, OutOfScope
from kneecap.domain.clinical.notes import AssessmentNote, NoteContent, sign, start_note
from kneecap.domain.clinical.referral_letter import ReferralKind, build_referral_letter
from kneecap.domain.clinical.side import Laterality
from kneecap.domain.clinical.suggestions import AssessmentFacts, Decision, decide, evaluate_all

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


def note_for(facts: AssessmentFacts) -> AssessmentNote:
    return start_note(
        author_id="dr-k", author_name="Dr. Kim Novak, DC", author_role="chiropractor", now=T0,
        content=NoteContent(assessment="Suspected ACL injury", findings=facts.findings),
    )  # fmt: skip


def letter_args() -> dict[str, object]:
    return dict(
        kind=ReferralKind.MRI, reason="Positive Lachman after a fall", recipient="Imaging desk",
        clinic_name="Kneecap Clinic", patient_name="Ann Example", patient_age_years=58,
        side=Laterality.LEFT, clinician_name="Dr. Kim Novak, DC", clinician_role="chiropractor",
        today=date(2025, 3, 4),
    )  # fmt: skip


def test_letter_from_signed_note(skier_fall: AssessmentFacts) -> None:
    signed = sign(note_for(skier_fall), by_id="dr-k", now=T0)
    mri = [s for s in evaluate_all(skier_fall).suggestions if s.rule_id.startswith("ligament")]
    letter = build_referral_letter(signed, suggestions=mri, **letter_args())  # type: ignore[arg-type]
    assert letter.heading == "Request for knee MRI"
    assert "Lachman test (left): positive" in letter.findings
    # no general flexion cut-off (Ottawa's 90 degrees belongs to the Ottawa rule only)
    assert "Active knee flexion (left): 100° — no reference" in letter.findings
    (rule,) = letter.rules
    assert rule.criteria == ("Positive Lachman test", "Traumatic onset with swelling")
    assert "CLINICAL.md" in rule.source
    assert letter.note_signed_at == T0 and not letter.urgent


def test_draft_note_declined_suggestion_and_lmt_are_refused(skier_fall: AssessmentFacts) -> None:
    with pytest.raises(NoteNotSigned, match="Sign the assessment note"):
        build_referral_letter(note_for(skier_fall), **letter_args())  # type: ignore[arg-type]
    signed = sign(note_for(skier_fall), by_id="dr-k", now=T0)
    xray = [s for s in evaluate_all(skier_fall).suggestions if s.rule_id == "ottawa_knee"]
    no = decide(xray[0], Decision.DECLINED, clinician_id="dr-k", role="chiropractor", now=T0,
                reason="Imaged at the ED")  # fmt: skip
    with pytest.raises(ClinicalValidationError, match="was declined"):
        build_referral_letter(signed, suggestions=xray, decisions=[no], **letter_args())  # type: ignore[arg-type]
    with pytest.raises(OutOfScope):
        build_referral_letter(signed, **{**letter_args(), "clinician_role": "lmt"})  # type: ignore[arg-type]
    with pytest.raises(ClinicalValidationError, match="reason: is required"):
        build_referral_letter(signed, **{**letter_args(), "reason": " "})  # type: ignore[arg-type]


def test_an_accepted_red_flag_is_in_the_letters_rules_with_its_own_source(
    pfp_runner: AssessmentFacts,
) -> None:
    flagged = replace(
        pfp_runner,
        intake=replace(pfp_runner.intake, medical=replace(
            pfp_runner.intake.medical, calf_swelling_or_tenderness=True,
            recent_surgery_or_immobilisation=True)),
    )  # fmt: skip
    (urgent,) = [s for s in evaluate_all(flagged).suggestions if s.urgent]
    signed = sign(note_for(flagged), by_id="dr-k", now=T0)
    letter = build_referral_letter(
        signed, suggestions=[urgent],
        **{**letter_args(), "kind": ReferralKind.PHYSICIAN, "reason": "Suspected DVT"},  # type: ignore[arg-type]
    )  # fmt: skip
    (rule,) = letter.rules
    assert letter.urgent and letter.heading.startswith("URGENT")
    assert rule.criteria == (
        "Calf swelling or tenderness after surgery, bed rest or a leg in plaster",
    )
    assert rule.source == "Wells PS et al. Lancet 1997;350:1795-1798"


def test_the_history_comes_from_the_intake_and_the_subjective() -> None:
    from kneecap.domain.clinical.referral_letter import history_lines
    from tests.factories import pfp_intake

    answers = pfp_intake()
    lines = history_lines(answers.intake, answers.symptoms, "Worse after the marathon.")
    assert lines[0] == "Gradual onset, overuse, 4 weeks ago."
    assert lines[1] == "Pain 3/10 usually, 6/10 at worst; where: peripatellar."
    assert lines[2] == "Brought on by: stairs down." and lines[-1] == "Worse after the marathon."
