"""PFP: JOSPT 2019 CPG (all three criteria) and the Cook 2010 cluster (2 of 3, LR+ 4.0)."""

from dataclasses import replace
from typing import Any

import pytest

from kneecap.domain.clinical.pfp import (
    COOK_POSITIVE_LR,
    CookInput,
    PfpInput,
    evaluate_cook,
    evaluate_cpg,
)
from kneecap.domain.clinical.rule_outcome import Verdict

ALL_MET = PfpInput(
    pain_around_or_behind_patella=True,
    reproduced_by_loaded_flexion=True,
    other_causes_excluded=True,
)


def test_all_three_criteria_met() -> None:
    out = evaluate_cpg(ALL_MET)
    assert out.verdict is Verdict.MET
    assert len(out.fired) == 3
    assert "Willy" in out.source


@pytest.mark.parametrize(
    "missing",
    ["pain_around_or_behind_patella", "reproduced_by_loaded_flexion", "other_causes_excluded"],
)
def test_each_missing_criterion_means_not_met(missing: str) -> None:
    absent: dict[str, Any] = {missing: False}
    out = evaluate_cpg(replace(ALL_MET, **absent))
    assert out.verdict is Verdict.NOT_MET
    assert [c.id for c in out.not_fired] == [missing]


def test_unassessed_criterion_is_incomplete() -> None:
    out = evaluate_cpg(replace(ALL_MET, other_causes_excluded=None))
    assert out.verdict is Verdict.INCOMPLETE


def test_tibiofemoral_signs_override_the_clinicians_exclusion() -> None:
    out = evaluate_cpg(replace(ALL_MET, alternatives=("Positive Lachman test",)))
    assert out.verdict is Verdict.NOT_MET
    assert "Positive Lachman test" in out.explanation


@pytest.mark.parametrize(
    ("positives", "verdict"),
    [(0, Verdict.NOT_MET), (1, Verdict.NOT_MET), (2, Verdict.MET), (3, Verdict.MET)],
)
def test_cook_cluster_counts(positives: int, verdict: Verdict) -> None:
    flags = [i < positives for i in range(3)]
    out = evaluate_cook(CookInput(flags[0], flags[1], flags[2]))
    assert out.verdict is verdict
    assert len(out.fired) == positives
    if verdict is Verdict.MET:
        assert f"LR+ {COOK_POSITIVE_LR:g}" in out.explanation
        assert COOK_POSITIVE_LR == 4.0


def test_cook_incomplete_while_two_could_still_be_reached() -> None:
    assert evaluate_cook(CookInput(True, None, False)).verdict is Verdict.INCOMPLETE
    assert evaluate_cook(CookInput(False, None, False)).verdict is Verdict.NOT_MET
