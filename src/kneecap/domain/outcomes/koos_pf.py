"""KOOS-PF (Crossley 2018): 11 items rated 0 (none) to 4 (extreme), transformed to 0-100.

Scored like the other KOOS subscales: 100 - mean(items) x 100/4, so 100 = no problems. Kneecap
refuses a response with missing items rather than averaging the rest: the KOOS user guide allows
imputation for a few missing items, but the clinic asked for complete forms so results compare.
"""

from __future__ import annotations

from collections.abc import Mapping

from kneecap.domain.outcomes.errors import AnswerOutOfRangeError
from kneecap.domain.outcomes.instruments import check_items, load_questionnaire, whole_number_in

KOOS_PF_ID = "koos_pf"
ITEM_MIN, ITEM_MAX = 0, 4  # Likert 0 (none) .. 4 (extreme), KOOS user guide


def score_koos_pf(answers: Mapping[str, int | None]) -> float:
    questionnaire = load_questionnaire(KOOS_PF_ID)
    check_items(questionnaire, answers)
    values: list[int] = []
    for item in questionnaire.items:
        value = answers[item.id]
        if not whole_number_in(value, ITEM_MIN, ITEM_MAX):
            raise AnswerOutOfRangeError(
                f"KOOS-PF: item {item.id!r} got {value!r}; rate it from {ITEM_MIN} (none) "
                f"to {ITEM_MAX} (extreme).",
                instrument=KOOS_PF_ID,
                item=item.id,
            )
        values.append(value)
    return 100.0 - (sum(values) / len(values)) * (100.0 / ITEM_MAX)
