"""Each red flag fires on its own; a clean screen fires none; unasked questions never read "no"."""

from dataclasses import replace

import pytest

from kneecap.domain.clinical.intake import MedicalScreen
from kneecap.domain.clinical.red_flags import (
    RED_FLAGS,
    RedFlagInput,
    evaluate,
    sources,
    suspicions,
)
from kneecap.domain.clinical.rule_outcome import Verdict
from kneecap.domain.clinical.symptoms import RedFlagScreen

CLEAN_SCREEN = RedFlagScreen(
    hot_swollen_joint=False,
    fever_or_unwell=False,
    night_pain=False,
    unrelenting_pain=False,
    night_sweats=False,
    unexplained_weight_change=False,
    hip_internal_rotation_painful_or_limited=False,
    unable_to_bear_weight=False,
)
CLEAN_HISTORY = MedicalScreen(
    history_of_cancer=False,
    immunosuppressed=False,
    recent_knee_injection_or_surgery=False,
    recent_surgery_or_immobilisation=False,
    calf_swelling_or_tenderness=False,
    numbness_or_circulation_change=False,
    deformity_or_kneecap_out_of_place=False,
)
CLEAN = RedFlagInput(
    age_years=30,
    traumatic_onset=False,
    swelling_onset_hours=None,
    locking=False,
    screen=CLEAN_SCREEN,
    medical=CLEAN_HISTORY,
)


def medical(**answers: bool | None) -> RedFlagInput:
    return replace(CLEAN, medical=replace(CLEAN_HISTORY, **answers))


def test_clean_screen_no_flag() -> None:
    assert evaluate(CLEAN).verdict is Verdict.NOT_MET


@pytest.mark.parametrize(
    "field",
    [
        "hot_swollen_joint",
        "fever_or_unwell",
        "night_pain",
        "unrelenting_pain",
        "night_sweats",
        "unexplained_weight_change",
        "unable_to_bear_weight",
    ],
)
def test_each_screen_question_flags(field: str) -> None:
    out = evaluate(replace(CLEAN, screen=replace(CLEAN_SCREEN, **{field: True})))
    assert out.verdict is Verdict.MET
    assert out.fired_ids == {field}


def test_swelling_within_2h_of_trauma() -> None:
    fast = evaluate(replace(CLEAN, traumatic_onset=True, swelling_onset_hours=1.5))
    assert fast.fired_ids == {"swelling_within_2h_of_trauma"}
    assert "haemarthrosis" in suspicions(fast)[0]
    slow = evaluate(replace(CLEAN, traumatic_onset=True, swelling_onset_hours=12.0))
    assert slow.verdict is Verdict.NOT_MET
    no_trauma = evaluate(replace(CLEAN, swelling_onset_hours=1.0))
    assert no_trauma.verdict is Verdict.NOT_MET


@pytest.mark.parametrize("age", [2, 4, 6, 8, 13, 19])
def test_painful_hip_rotation_flags_from_perthes_age_to_the_end_of_adolescence(age: int) -> None:
    # Perthes begins from 2 (typical 4-8, Loder 2011); SCFE usually 8-15 (Peck 2017).
    hip = replace(CLEAN_SCREEN, hip_internal_rotation_painful_or_limited=True)
    out = evaluate(replace(CLEAN, age_years=age, screen=hip))
    assert out.fired_ids == {"adolescent_hip_rotation"}
    (suspicion,) = suspicions(out)
    assert "Perthes" in suspicion and "slipped capital femoral epiphysis" in suspicion


@pytest.mark.parametrize("age", [1, 20, 35])
def test_painful_hip_rotation_outside_the_childhood_range_is_not_this_flag(age: int) -> None:
    hip = replace(CLEAN_SCREEN, hip_internal_rotation_painful_or_limited=True)
    assert evaluate(replace(CLEAN, age_years=age, screen=hip)).verdict is Verdict.NOT_MET


def test_locking() -> None:
    assert evaluate(replace(CLEAN, locking=True)).fired_ids == {"locking"}


def test_neurovascular_signs_flag() -> None:
    out = evaluate(medical(numbness_or_circulation_change=True))
    assert out.fired_ids == {"neurovascular_signs"}
    assert "neurovascular compromise" in suspicions(out)[0]
    assert "Gloucestershire" in sources(out)[0]


def test_calf_signs_flag_dvt_only_with_a_wells_risk_item() -> None:
    # Wells 1997: calf swelling / deep-vein tenderness; surgery < 4 weeks, bed rest, plaster.
    after_surgery = evaluate(
        medical(calf_swelling_or_tenderness=True, recent_surgery_or_immobilisation=True)
    )
    assert after_surgery.fired_ids == {"calf_signs_after_surgery_or_immobilisation"}
    assert suspicions(after_surgery) == ("deep vein thrombosis",)
    assert sources(after_surgery) == ("Wells PS et al. Lancet 1997;350:1795-1798",)
    no_risk = evaluate(
        medical(calf_swelling_or_tenderness=True, recent_surgery_or_immobilisation=False)
    )
    assert no_risk.verdict is Verdict.NOT_MET
    unknown = evaluate(
        medical(calf_swelling_or_tenderness=True, recent_surgery_or_immobilisation=None)
    )
    assert unknown.verdict is Verdict.INCOMPLETE


def test_history_of_cancer_flags() -> None:
    out = evaluate(medical(history_of_cancer=True))
    assert out.fired_ids == {"history_of_cancer"}
    assert "malignancy" in suspicions(out)[0]


@pytest.mark.parametrize(
    "risk", [{"immunosuppressed": True}, {"recent_knee_injection_or_surgery": True}]
)
def test_swelling_with_an_infection_risk_factor_flags_septic_arthritis(
    risk: dict[str, bool],
) -> None:
    swollen = replace(medical(**risk), swelling=True)
    out = evaluate(swollen)
    assert out.fired_ids == {"swelling_with_infection_risk"}
    assert suspicions(out) == ("septic arthritis",)
    assert evaluate(medical(**risk)).verdict is Verdict.NOT_MET  # risk factor, no swelling
    assert evaluate(replace(CLEAN, swelling=True)).verdict is Verdict.NOT_MET  # no risk factor


def test_deformity_or_dislocated_kneecap_flags() -> None:
    out = evaluate(medical(deformity_or_kneecap_out_of_place=True))
    assert out.fired_ids == {"deformity_or_patellar_dislocation"}
    assert "dislocation" in suspicions(out)[0]


def test_unasked_questions_leave_it_incomplete() -> None:
    out = evaluate(replace(CLEAN, screen=RedFlagScreen()))
    assert out.verdict is Verdict.INCOMPLETE
    assert len(RED_FLAGS) == 15


def test_an_intake_stored_before_the_new_questions_reads_not_asked_never_no() -> None:
    old = replace(CLEAN, medical=MedicalScreen())
    out = evaluate(old)
    assert out.verdict is Verdict.INCOMPLETE
    assert {c.id for c in out.unknown} == {
        "neurovascular_signs",
        "calf_signs_after_surgery_or_immobilisation",
        "history_of_cancer",
        "deformity_or_patellar_dislocation",
    }  # infection risk needs swelling first: none recorded, so it cannot fire
    swollen = evaluate(replace(old, swelling=True))
    assert "swelling_with_infection_risk" in {c.id for c in swollen.unknown}
