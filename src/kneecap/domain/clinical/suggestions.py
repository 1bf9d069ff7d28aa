"""Decision support: run every rule on one assessment and turn the ones that fire into suggestions.

Suggestions only suggest. The clinician answers each with a ClinicianDecision (accepted, or
declined with a reason); nothing here orders, refers or diagnoses by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical import ottawa, pfp, pittsburgh, red_flags, referral_rules
from kneecap.domain.clinical.errors import FieldProblem, check
from kneecap.domain.clinical.findings import Finding, latest
from kneecap.domain.clinical.intake import Intake, Onset
from kneecap.domain.clinical.rule_outcome import RuleOutcome
from kneecap.domain.clinical.scope import require
from kneecap.domain.clinical.side import Side
from kneecap.domain.clinical.symptoms import LOADED_FLEXION_PROVOCATIONS, SymptomProfile
from kneecap.domain.clinical.weight_bearing import WeightBearing


class SuggestedAction(StrEnum):
    URGENT_REFERRAL = "urgent_referral"
    XRAY = "xray"
    PHYSICIAN_OR_MRI = "physician_or_mri"
    CONSIDER_PFP_DIAGNOSIS = "consider_pfp_diagnosis"


# Which action each rule suggests when it is met (data, not branches).
ACTION_FOR_RULE: dict[str, SuggestedAction] = {
    red_flags.RULE_ID: SuggestedAction.URGENT_REFERRAL,
    ottawa.RULE_ID: SuggestedAction.XRAY,
    pittsburgh.RULE_ID: SuggestedAction.XRAY,
    referral_rules.RULE_ID: SuggestedAction.PHYSICIAN_OR_MRI,
    pfp.CPG_RULE_ID: SuggestedAction.CONSIDER_PFP_DIAGNOSIS,
    pfp.COOK_RULE_ID: SuggestedAction.CONSIDER_PFP_DIAGNOSIS,
}


@dataclass(frozen=True)
class AssessmentFacts:
    """Everything the rules read, for the knee being assessed (`side`)."""

    intake: Intake
    symptoms: SymptomProfile
    findings: tuple[Finding, ...]
    side: Side
    other_causes_excluded: bool | None = None  # clinician's judgement (CPG criterion 3)
    reassessment: bool = False  # re-assessing the same injury (Pittsburgh exclusion)


def _binary(facts: AssessmentFacts, test_id: str) -> bool | None:
    f = latest(facts.findings, test_id, facts.side)
    return None if f is None else bool(f.value)


def _weight_bearing(facts: AssessmentFacts, test_id: str) -> WeightBearing | None:
    f = latest(facts.findings, test_id, None)
    return None if f is None else WeightBearing(str(f.value))


def ottawa_input(facts: AssessmentFacts) -> ottawa.OttawaInput:
    flex = latest(facts.findings, "knee_flexion_range", facts.side)
    return ottawa.OttawaInput(
        acute_injury=facts.intake.onset is Onset.TRAUMATIC,
        age_years=facts.intake.age_years,
        days_since_injury=facts.intake.days_since_onset,
        isolated_patellar_tenderness=_binary(facts, "isolated_patellar_tenderness"),
        fibular_head_tenderness=_binary(facts, "fibular_head_tenderness"),
        knee_flexion_deg=None if flex is None else float(flex.value),
        weight_bearing_immediately=_weight_bearing(facts, "weight_bearing_immediately"),
        weight_bearing_now=_weight_bearing(facts, "weight_bearing_now"),
    )


def pittsburgh_input(facts: AssessmentFacts) -> pittsburgh.PittsburghInput:
    return pittsburgh.PittsburghInput(
        blunt_trauma_or_fall=facts.intake.mechanism.is_blunt_trauma_or_fall,
        age_years=facts.intake.age_years,
        days_since_injury=facts.intake.days_since_onset,
        prior_surgery_same_knee=facts.intake.surgery_on(facts.side),
        reassessment=facts.reassessment,
        weight_bearing_now=_weight_bearing(facts, "weight_bearing_now"),
    )


def intake_red_flag_input(intake: Intake, s: SymptomProfile) -> red_flags.RedFlagInput:
    """The red flags read from an intake alone (before any examination)."""
    return red_flags.RedFlagInput(
        age_years=intake.age_years,
        traumatic_onset=intake.onset is Onset.TRAUMATIC,
        swelling_onset_hours=s.swelling_onset_hours if s.swelling else None,
        locking=s.locking,
        screen=s.red_flags,
        medical=intake.medical,
        swelling=s.swelling,
    )


def red_flag_input(facts: AssessmentFacts) -> red_flags.RedFlagInput:
    return intake_red_flag_input(facts.intake, facts.symptoms)


def referral_input(facts: AssessmentFacts) -> referral_rules.ReferralInput:
    positive = frozenset(t for t in referral_rules.TRIGGER_TESTS if _binary(facts, t))
    return referral_rules.ReferralInput(
        positive_tests=positive,
        locking=facts.symptoms.locking,
        traumatic_onset=facts.intake.onset is Onset.TRAUMATIC,
        swelling=facts.symptoms.swelling,
    )


def _alternatives(pointing_elsewhere: tuple[RuleOutcome, ...]) -> tuple[str, ...]:
    return tuple(c.text for o in pointing_elsewhere if o.met for c in o.fired)


def cook_input(
    facts: AssessmentFacts, pointing_elsewhere: tuple[RuleOutcome, ...] = ()
) -> pfp.CookInput:
    return pfp.CookInput(
        resisted_quadriceps_pain=_binary(facts, "resisted_quadriceps_pain"),
        squat_pain=_binary(facts, "squat_pain"),
        patellar_palpation_pain=_binary(facts, "patellar_palpation_pain"),
        alternatives=_alternatives(pointing_elsewhere),
    )


def loaded_flexion(facts: AssessmentFacts) -> bool | None:
    """CPG criterion 2: True when a loaded bent-knee task provokes the pain; otherwise unknown.

    Nothing recorded is not a "no": an unticked provocation list may mean "not asked", and a
    negative squat does not rule out stairs or sitting, so absence never reads as not met.
    """
    if facts.symptoms.provocations & LOADED_FLEXION_PROVOCATIONS:
        return True
    if _binary(facts, "squat_pain"):
        return True
    return None


def pfp_input(facts: AssessmentFacts, pointing_elsewhere: tuple[RuleOutcome, ...]) -> pfp.PfpInput:
    return pfp.PfpInput(
        pain_around_or_behind_patella=bool(facts.symptoms.patellofemoral_regions),
        reproduced_by_loaded_flexion=loaded_flexion(facts),
        other_causes_excluded=facts.other_causes_excluded,
        alternatives=_alternatives(pointing_elsewhere),
    )


@dataclass(frozen=True)
class Suggestion:
    action: SuggestedAction
    outcome: RuleOutcome  # the criteria that fired, their source and the explanation

    @property
    def rule_id(self) -> str:
        return self.outcome.rule_id

    @property
    def urgent(self) -> bool:
        return self.action is SuggestedAction.URGENT_REFERRAL


@dataclass(frozen=True)
class DecisionSupport:
    outcomes: tuple[RuleOutcome, ...]  # every rule, including those not met, for the record

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        return tuple(Suggestion(ACTION_FOR_RULE[o.rule_id], o) for o in self.outcomes if o.met)


def evaluate_all(facts: AssessmentFacts) -> DecisionSupport:
    flags = red_flags.evaluate(red_flag_input(facts))
    xray = ottawa.evaluate(ottawa_input(facts))
    pitt = pittsburgh.evaluate(pittsburgh_input(facts))
    tibiofemoral = referral_rules.evaluate(referral_input(facts))
    elsewhere = (flags, xray, pitt, tibiofemoral)
    cpg = pfp.evaluate_cpg(pfp_input(facts, elsewhere))
    cook = pfp.evaluate_cook(cook_input(facts, elsewhere))
    return DecisionSupport((flags, xray, pitt, tibiofemoral, cpg, cook))


class Decision(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class ClinicianDecision:
    rule_id: str
    action: SuggestedAction
    decision: Decision
    clinician_id: str
    decided_at: datetime
    reason: str = ""


def decide(
    suggestion: Suggestion,
    decision: Decision,
    *,
    clinician_id: str,
    role: Role | str,
    now: datetime,
    reason: str = "",
) -> ClinicianDecision:
    """Record the clinician's answer to a suggestion; declining needs a reason."""
    require(role, Action.REFERRAL_DECIDE)
    problems: list[FieldProblem] = []
    if decision is Decision.DECLINED and not reason.strip():
        problems.append(FieldProblem("reason", "say why the suggestion is declined"))
    if now.tzinfo is None:
        problems.append(FieldProblem("now", "must carry a time zone"))
    check(problems)
    return ClinicianDecision(
        suggestion.rule_id, suggestion.action, decision, clinician_id, now, reason.strip()
    )
