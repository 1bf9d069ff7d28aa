"""Global Rating of Change, 15-point scale from -7 (a very great deal worse) to +7 (a very great
deal better), 0 = about the same (Jaeschke, Singer & Guyatt 1989, Control Clin Trials 10:407).

It is already a change score: no baseline is needed.
"""

from __future__ import annotations

from kneecap.domain.outcomes.errors import AnswerOutOfRangeError, MissingAnswerError
from kneecap.domain.outcomes.instruments import whole_number_in

GROC_ID = "groc"
GROC_MIN, GROC_MAX = -7, 7


def score_groc(value: int | None) -> int:
    if value is None:
        raise MissingAnswerError(
            "Global rating of change is not answered; pick a number from -7 to +7.",
            instrument=GROC_ID,
            item="groc",
        )
    if not whole_number_in(value, GROC_MIN, GROC_MAX):
        raise AnswerOutOfRangeError(
            f"Global rating of change got {value!r}; pick a whole number from -7 (a very great "
            "deal worse) to +7 (a very great deal better).",
            instrument=GROC_ID,
            item="groc",
        )
    return value
