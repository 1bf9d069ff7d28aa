import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneecap.domain.outcomes.akps import score_akps
from kneecap.domain.outcomes.errors import (
    AnswerOutOfRangeError,
    MissingAnswerError,
    UnknownInstrumentError,
    UnknownItemError,
)
from kneecap.domain.outcomes.instruments import load_questionnaire

ITEMS = [item.id for item in load_questionnaire("akps").items]
BEST = dict.fromkeys(ITEMS, 0)
WORST = {item.id: len(item.points) - 1 for item in load_questionnaire("akps").items}


def test_has_the_13_published_items_with_their_maxima() -> None:
    # Item maxima from Kujala 1993 as listed in shared/CLINICAL.md.
    maxima = {item.id: max(item.points) for item in load_questionnaire("akps").items}
    assert maxima == {
        "limp": 5, "support": 5, "walking": 5, "stairs": 10, "squatting": 5, "running": 10,
        "jumping": 10, "sitting": 10, "pain": 10, "swelling": 10, "patellar_movements": 10,
        "atrophy": 5, "flexion_deficiency": 5,
    }  # fmt: skip


def test_all_best_answers_score_100() -> None:
    assert score_akps(BEST).total == 100


def test_all_worst_answers_score_0() -> None:
    assert score_akps(WORST).total == 0


def test_mixed_response_worked_by_hand() -> None:
    answers = {
        "limp": 1,  # slight -> 3
        "support": 0,  # full -> 5
        "walking": 1,  # > 2 km -> 3
        "stairs": 2,  # pain up and down -> 5
        "squatting": 2,  # painful every time -> 3
        "running": 3,  # severe pain -> 3
        "jumping": 1,  # slight trouble -> 7
        "sitting": 3,  # must straighten now and then -> 4
        "pain": 1,  # slight, now and then -> 8
        "swelling": 0,  # none -> 10
        "patellar_movements": 1,  # now and then in sport -> 6
        "atrophy": 1,  # slight -> 3
        "flexion_deficiency": 0,  # none -> 5
    }
    # 3+5+3+5+3+3+7+4+8+10+6+3+5 = 65
    score = score_akps(answers)
    assert score.total == 65
    assert score.item_points["sitting"] == 4


def test_alt_copies_variant_changes_only_the_disputed_options() -> None:
    # The *check* copies: limp 'constant' = 2 and squatting 'partial weight' = 1.
    answers = dict(BEST, limp=2, squatting=3)
    assert score_akps(answers).total == 100 - 5 - 3
    assert score_akps(answers, variant="alt_copies").total == 100 - 3 - 4


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(UnknownInstrumentError, match="no variant 'nope'"):
        score_akps(BEST, variant="nope")


def test_missing_answer_names_the_item() -> None:
    answers = {k: v for k, v in BEST.items() if k != "stairs"}
    with pytest.raises(MissingAnswerError, match="'stairs' is not answered") as err:
        score_akps(answers)
    assert err.value.item == "stairs"


def test_none_counts_as_missing() -> None:
    with pytest.raises(MissingAnswerError) as err:
        score_akps(dict(BEST, pain=None))
    assert err.value.item == "pain"


@pytest.mark.parametrize("bad", [-1, 3, 10, True, "1"])
def test_out_of_range_answer_names_the_item(bad: object) -> None:
    with pytest.raises(AnswerOutOfRangeError, match="'limp'") as err:
        score_akps(dict(BEST, limp=bad))  # type: ignore[arg-type]
    assert err.value.item == "limp"
    assert "0 to 2" in str(err.value)


def test_unknown_item_is_refused() -> None:
    with pytest.raises(UnknownItemError, match="'knee_colour'"):
        score_akps(dict(BEST, knee_colour=0))


@given(st.lists(st.integers(0, 4), min_size=13, max_size=13))
def test_any_valid_response_scores_between_0_and_100(indexes: list[int]) -> None:
    items = load_questionnaire("akps").items
    pairs = zip(items, indexes, strict=True)
    answers = {item.id: min(i, len(item.points) - 1) for item, i in pairs}
    assert 0 <= score_akps(answers).total <= 100
