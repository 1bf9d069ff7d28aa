"""All rules run on whole assessments; suggestions explain themselves; the clinician decides."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from kneecap.domain.clinical.errors import ClinicalValidationError, OutOfScope
from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.rule_outcome import Verdict
from kneecap.domain.clinical.side import Side
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


def test_loaded_flexion_not_asked_reads_incomplete_not_not_met(
    pfp_runner: AssessmentFacts,
) -> None:
    # JOSPT 2019 criterion 2 needs an answer; no provocation ticked and no squat test is "unknown".
    quiet = replace(
        pfp_runner,
        symptoms=replace(pfp_runner.symptoms, provocations=frozenset()),
        findings=tuple(f for f in pfp_runner.findings if f.test_id != "squat_pain"),
    )
    cpg = next(o for o in evaluate_all(quiet).outcomes if o.rule_id == "pfp_cpg_2019")
    assert cpg.verdict is Verdict.INCOMPLETE
    assert [c.id for c in cpg.unknown] == ["reproduced_by_loaded_flexion"]
    assert not cpg.not_fired
    # a positive squat alone is enough for the criterion
    squat_only = replace(quiet, findings=pfp_runner.findings)
    cpg = next(o for o in evaluate_all(squat_only).outcomes if o.rule_id == "pfp_cpg_2019")
    assert "reproduced_by_loaded_flexion" in cpg.fired_ids


def test_cook_cluster_is_not_read_beside_a_red_flag_and_a_positive_lachman(
    pfp_runner: AssessmentFacts,
) -> None:
    flagged = replace(
        pfp_runner,
        symptoms=replace(
            pfp_runner.symptoms, red_flags=replace(pfp_runner.symptoms.red_flags, night_sweats=True)
        ),
        findings=(*pfp_runner.findings, record_finding("lachman", True, Side.RIGHT)),
    )
    by_rule = {o.rule_id: o for o in evaluate_all(flagged).outcomes}
    cook = by_rule["pfp_cook_2010"]
    assert cook.verdict is Verdict.NOT_APPLICABLE
    assert {c.text for c in cook.exclusions} == {"Night sweats", "Positive Lachman test"}
    assert by_rule["pfp_cpg_2019"].verdict is Verdict.NOT_MET
    actions = {s.action for s in evaluate_all(flagged).suggestions}
    assert SuggestedAction.CONSIDER_PFP_DIAGNOSIS not in actions
    assert SuggestedAction.URGENT_REFERRAL in actions
