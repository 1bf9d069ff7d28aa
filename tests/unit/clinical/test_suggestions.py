"""All rules run on whole assessments; suggestions explain themselves; the clinician decides."""

from datetime import UTC, datetime

import pytest

from kneecap.domain.clinical.errors import ClinicalValidationError, OutOfScope
from kneecap.domain.clinical.rule_outcome import Verdict
from kneecap.domain.clinical.suggestions import (
    AssessmentFacts,
    Decision,
    SuggestedAction,
    decide,
    evaluate_all,
)

NOW = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


def test_runner_fits_pfp_and_needs_no_imaging(pfp_runner: AssessmentFacts) -> None:
    support = evaluate_all(pfp_runner)
    verdicts = {o.rule_id: o.verdict for o in support.outcomes}
    assert verdicts == {
        "red_flags": Verdict.NOT_MET,
        "ottawa_knee": Verdict.NOT_APPLICABLE,
        "pittsburgh_knee": Verdict.NOT_APPLICABLE,  # 42 days after onset
        "ligament_meniscus_referral": Verdict.NOT_MET,
        "pfp_cpg_2019": Verdict.MET,
        "pfp_cook_2010": Verdict.MET,
    }
    assert {s.action for s in support.suggestions} == {SuggestedAction.CONSIDER_PFP_DIAGNOSIS}
    cook = next(s for s in support.suggestions if s.rule_id == "pfp_cook_2010")
    assert {c.id for c in cook.outcome.fired} == {"squat_pain", "patellar_palpation_pain"}
    assert cook.outcome.source.startswith("Cook")


def test_older_skier_after_fall_gets_xray_and_mri_not_pfp(skier_fall: AssessmentFacts) -> None:
    support = evaluate_all(skier_fall)
    by_rule = {o.rule_id: o for o in support.outcomes}
    assert by_rule["ottawa_knee"].fired_ids == {"age_55_or_over"}
    assert by_rule["pittsburgh_knee"].fired_ids == {
        "blunt_trauma_or_fall",
        "age_under_12_or_over_50",
    }
    assert by_rule["ligament_meniscus_referral"].fired_ids == {
        "lachman", "traumatic_onset_with_swelling",
    }  # fmt: skip
    assert by_rule["pfp_cpg_2019"].verdict is Verdict.NOT_MET
    actions = {s.action for s in support.suggestions}
    assert actions == {SuggestedAction.XRAY, SuggestedAction.PHYSICIAN_OR_MRI}


def test_clinician_accepts_or_declines_with_reason(skier_fall: AssessmentFacts) -> None:
    xray = next(s for s in evaluate_all(skier_fall).suggestions if s.rule_id == "ottawa_knee")
    ok = decide(xray, Decision.ACCEPTED, clinician_id="dr-k", role="chiropractor", now=NOW)
    assert (ok.decision, ok.rule_id, ok.decided_at) == (Decision.ACCEPTED, "ottawa_knee", NOW)
    with pytest.raises(ClinicalValidationError, match="reason: say why"):
        decide(xray, Decision.DECLINED, clinician_id="dr-k", role="chiropractor", now=NOW)
    no = decide(xray, Decision.DECLINED, clinician_id="dr-k", role="chiropractor", now=NOW,
                reason="X-ray done yesterday at the ED")  # fmt: skip
    assert no.reason == "X-ray done yesterday at the ED"
    with pytest.raises(OutOfScope):
        decide(xray, Decision.ACCEPTED, clinician_id="m", role="lmt", now=NOW)
