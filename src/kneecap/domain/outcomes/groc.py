"""Global Rating of Change, 15-point scale from -7 (a very great deal worse) to +7 (a very great
deal better), 0 = about the same (Jaeschke, Singer & Guyatt 1989, Control Clin Trials 10:407).

It is already a change score: no baseline is needed. Labels are Kneecap's own short wording.
"""

from __future__ import annotations

from kneecap.domain.outcomes.errors import AnswerOutOfRangeError, MissingAnswerError
from kneecap.domain.outcomes.instruments import whole_number_in

GROC_ID = "groc"
GROC_MIN, GROC_MAX = -7, 7

_MAGNITUDE = (
    "about the same",
    "almost the same",
    "a little",
    "somewhat",
    "moderately",
    "quite a bit",
    "a great deal",
    "a very great deal",
)


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


def groc_label(value: int) -> str:
    """Short label for a GROC answer, e.g. +3 -> 'somewhat better'."""
    score = score_groc(value)
    if score == 0:
        return _MAGNITUDE[0]
    if abs(score) == 1:
        return f"{_MAGNITUDE[1]}, a tiny bit {'better' if score > 0 else 'worse'}"
    return f"{_MAGNITUDE[abs(score)]} {'better' if score > 0 else 'worse'}"
