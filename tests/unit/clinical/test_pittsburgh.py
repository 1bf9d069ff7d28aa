"""Pittsburgh knee rules (Seaberg 1994/1998): each criterion, and each exclusion."""

from dataclasses import replace
from typing import Any

import pytest

from kneecap.domain.clinical.pittsburgh import PittsburghInput, evaluate
from kneecap.domain.clinical.rule_outcome import Verdict
from kneecap.domain.clinical.weight_bearing import WeightBearing as WB

BASE = PittsburghInput(
    blunt_trauma_or_fall=True,
    age_years=30,
    days_since_injury=1,
    prior_surgery_same_knee=False,
    reassessment=False,
    weight_bearing_now=WB.NORMAL,
)


def test_fall_in_adult_walking_no_xray() -> None:
    out = evaluate(BASE)
    assert out.verdict is Verdict.NOT_MET


@pytest.mark.parametrize(
    ("change", "criterion"),
    [
        ({"age_years": 11}, "age_under_12_or_over_50"),
        ({"age_years": 51}, "age_under_12_or_over_50"),
        ({"weight_bearing_now": WB.UNABLE}, "unable_to_walk_4_steps"),
    ],
)
def test_each_criterion_with_blunt_trauma_calls_for_xray(
    change: dict[str, Any], criterion: str
) -> None:
    out = evaluate(replace(BASE, **change))
    assert out.verdict is Verdict.MET
    assert out.fired_ids == {"blunt_trauma_or_fall", criterion}


@pytest.mark.parametrize("age", [12, 50])
def test_age_bounds_are_strict(age: int) -> None:
    out = evaluate(replace(BASE, age_years=age))
    assert out.verdict is Verdict.NOT_MET


def test_limping_is_walking() -> None:
    out = evaluate(replace(BASE, weight_bearing_now=WB.LIMPING))
    assert out.verdict is Verdict.NOT_MET


def test_without_blunt_trauma_or_fall_not_met_even_if_old() -> None:
    out = evaluate(replace(BASE, blunt_trauma_or_fall=False, age_years=70))
    assert out.verdict is Verdict.NOT_MET


@pytest.mark.parametrize(
    ("change", "exclusion"),
    [
        ({"days_since_injury": 7}, "over_6_days"),
        ({"prior_surgery_same_knee": True}, "prior_surgery"),
        ({"reassessment": True}, "reassessment"),
    ],
)
def test_each_exclusion_makes_it_not_applicable(change: dict[str, Any], exclusion: str) -> None:
    out = evaluate(replace(BASE, age_years=70, **change))
    assert out.verdict is Verdict.NOT_APPLICABLE
    assert [c.id for c in out.exclusions] == [exclusion]


def test_day_6_still_applies_and_missing_weight_bearing_is_incomplete() -> None:
    six = evaluate(replace(BASE, days_since_injury=6, age_years=70))
    assert six.verdict is Verdict.MET
    unknown = evaluate(replace(BASE, weight_bearing_now=None))
    assert unknown.verdict is Verdict.INCOMPLETE
