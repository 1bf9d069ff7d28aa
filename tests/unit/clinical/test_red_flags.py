"""Each red flag from CLINICAL.md fires on its own; a clean screen fires none."""

from dataclasses import replace

import pytest

from kneecap.domain.clinical.red_flags import (
    RED_FLAGS,
    RedFlagInput,
    evaluate,
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
CLEAN = RedFlagInput(
    age_years=30,
    traumatic_onset=False,
    swelling_onset_hours=None,
    locking=False,
    screen=CLEAN_SCREEN,
)


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


def test_adolescent_with_painful_hip_rotation_scfe() -> None:
    hip = replace(CLEAN_SCREEN, hip_internal_rotation_painful_or_limited=True)
    teen = evaluate(replace(CLEAN, age_years=13, screen=hip))
    assert teen.fired_ids == {"adolescent_hip_rotation"}
    assert suspicions(teen) == ("slipped capital femoral epiphysis",)
    adult = evaluate(replace(CLEAN, age_years=35, screen=hip))
    assert adult.verdict is Verdict.NOT_MET


def test_locking() -> None:
    assert evaluate(replace(CLEAN, locking=True)).fired_ids == {"locking"}


def test_unasked_questions_leave_it_incomplete() -> None:
    out = evaluate(replace(CLEAN, screen=RedFlagScreen()))
    assert out.verdict is Verdict.INCOMPLETE
    assert len(RED_FLAGS) == 10
