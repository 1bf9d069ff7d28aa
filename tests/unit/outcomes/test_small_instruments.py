import pytest

from kneecap.domain.outcomes.errors import AnswerOutOfRangeError, MissingAnswerError, ScoringError
from kneecap.domain.outcomes.groc import score_groc
from kneecap.domain.outcomes.koos_pf import score_koos_pf
from kneecap.domain.outcomes.nprs import score_nprs
from kneecap.domain.outcomes.psfs import PsfsActivity, score_psfs

KOOS_ITEMS = [f"pf{i}" for i in range(1, 12)]


def test_nprs_usual_and_worst() -> None:
    assert score_nprs(3, 6).usual == 3
    assert score_nprs(3, 6).worst == 6
    assert score_nprs(0).worst is None


@pytest.mark.parametrize(
    ("usual", "worst", "item"),
    [(11, None, "usual"), (-1, None, "usual"), (2, 12, "worst"), (5, 4, "worst")],
)
def test_nprs_refuses_bad_ratings_naming_the_item(usual: int, worst: int | None, item: str) -> None:
    with pytest.raises(AnswerOutOfRangeError) as err:
        score_nprs(usual, worst)
    assert err.value.item == item


def test_nprs_missing_usual() -> None:
    with pytest.raises(MissingAnswerError, match="'usual'"):
        score_nprs(None)


def test_psfs_averages_the_activities() -> None:
    # (4 + 7 + 10) / 3 = 7.0
    acts = [PsfsActivity("running 5 km", 4), PsfsActivity("stairs", 7), PsfsActivity("sitting", 10)]
    assert score_psfs(acts) == pytest.approx(7.0)


def test_psfs_errors_name_the_activity() -> None:
    with pytest.raises(AnswerOutOfRangeError, match="'stairs'"):
        score_psfs([PsfsActivity("stairs", 11)])
    with pytest.raises(MissingAnswerError, match="'stairs' is not rated"):
        score_psfs([PsfsActivity("stairs", None)])
    with pytest.raises(MissingAnswerError, match="no activities"):
        score_psfs([])
    with pytest.raises(ScoringError, match="twice"):
        score_psfs([PsfsActivity("Stairs", 3), PsfsActivity("stairs ", 4)])
    with pytest.raises(MissingAnswerError, match="activity 2 has no name"):
        score_psfs([PsfsActivity("stairs", 3), PsfsActivity(" ", 4)])


def test_groc_15_point_scale() -> None:
    assert score_groc(-7) == -7
    with pytest.raises(AnswerOutOfRangeError, match="-7"):
        score_groc(8)
    with pytest.raises(MissingAnswerError):
        score_groc(None)


def test_koos_pf_extremes_and_worked_value() -> None:
    assert score_koos_pf(dict.fromkeys(KOOS_ITEMS, 0)) == 100.0
    assert score_koos_pf(dict.fromkeys(KOOS_ITEMS, 4)) == 0.0
    # items sum 2*5 + 1*6 = 16, mean 16/11 = 1.4545..., 100 - 1.4545 * 25 = 63.636...
    answers = {k: (2 if i < 5 else 1) for i, k in enumerate(KOOS_ITEMS)}
    assert score_koos_pf(answers) == pytest.approx(100 - 16 / 11 * 25)


def test_koos_pf_refuses_missing_and_out_of_range() -> None:
    with pytest.raises(MissingAnswerError, match="'pf11'"):
        score_koos_pf(dict.fromkeys(KOOS_ITEMS[:10], 1))
    with pytest.raises(AnswerOutOfRangeError, match="'pf3'"):
        score_koos_pf(dict(dict.fromkeys(KOOS_ITEMS, 1), pf3=5))
