"""Ottawa knee rules (Stiell 1995/1996): each criterion alone calls for an X-ray; none does not."""

from dataclasses import replace
from typing import Any

import pytest

from kneecap.domain.clinical.ottawa import OttawaInput, evaluate
from kneecap.domain.clinical.rule_outcome import Verdict
from kneecap.domain.clinical.weight_bearing import WeightBearing as WB

# A 30-year-old after a fall on day 1 with every Ottawa item recorded as absent.
NONE = OttawaInput(
    acute_injury=True,
    age_years=30,
    days_since_injury=1,
    isolated_patellar_tenderness=False,
    fibular_head_tenderness=False,
    knee_flexion_deg=120.0,
    weight_bearing_immediately=WB.NORMAL,
    weight_bearing_now=WB.NORMAL,
)


def test_no_criterion_no_xray() -> None:
    out = evaluate(NONE)
    assert out.verdict is Verdict.NOT_MET
    assert out.fired == ()


@pytest.mark.parametrize(
    ("change", "criterion"),
    [
        ({"age_years": 55}, "age_55_or_over"),
        ({"isolated_patellar_tenderness": True}, "isolated_patellar_tenderness"),
        ({"fibular_head_tenderness": True}, "fibular_head_tenderness"),
        ({"knee_flexion_deg": 89.0}, "unable_to_flex_90"),
        (
            {"weight_bearing_immediately": WB.UNABLE, "weight_bearing_now": WB.UNABLE},
            "unable_to_bear_weight",
        ),
    ],
)
def test_each_criterion_alone_calls_for_xray(change: dict[str, Any], criterion: str) -> None:
    out = evaluate(replace(NONE, **change))
    assert out.verdict is Verdict.MET
    assert out.fired_ids == {criterion}
    assert "Stiell" in out.source


def test_age_54_and_flexion_exactly_90_do_not_fire() -> None:
    out = evaluate(replace(NONE, age_years=54, knee_flexion_deg=90.0))
    assert out.verdict is Verdict.NOT_MET


@pytest.mark.parametrize("limp_when", ["weight_bearing_immediately", "weight_bearing_now"])
def test_limping_counts_as_bearing_weight(limp_when: str) -> None:
    base = replace(NONE, weight_bearing_immediately=WB.UNABLE, weight_bearing_now=WB.UNABLE)
    assert evaluate(base).verdict is Verdict.MET
    limping: dict[str, Any] = {limp_when: WB.LIMPING}
    out = evaluate(replace(base, **limping))
    assert out.verdict is Verdict.NOT_MET


def test_unable_only_at_one_time_does_not_fire() -> None:
    out = evaluate(replace(NONE, weight_bearing_immediately=WB.UNABLE))
    assert out.verdict is Verdict.NOT_MET


def test_unrecorded_items_leave_it_incomplete_unless_another_fires() -> None:
    partial = OttawaInput(acute_injury=True, age_years=30, days_since_injury=0)
    out = evaluate(partial)
    assert out.verdict is Verdict.INCOMPLETE
    assert {c.id for c in out.unknown} >= {"fibular_head_tenderness", "unable_to_flex_90"}
    older = evaluate(OttawaInput(acute_injury=True, age_years=70, days_since_injury=0))
    assert older.verdict is Verdict.MET


def test_not_applicable_without_acute_injury_or_after_7_days() -> None:
    gradual = evaluate(replace(NONE, acute_injury=False, age_years=60))
    assert gradual.verdict is Verdict.NOT_APPLICABLE
    late = evaluate(replace(NONE, days_since_injury=8, age_years=60))
    assert late.verdict is Verdict.NOT_APPLICABLE
    assert late.exclusions[0].id == "injury_over_7_days"
