"""Numeric pain rating scale: single items 0 (no pain) to 10 (worst imaginable), usual and worst.

LOINC 72514-3 codes a 0-10 verbal numeric pain rating. Lower is better.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.outcomes.errors import AnswerOutOfRangeError, MissingAnswerError
from kneecap.domain.outcomes.instruments import whole_number_in

NPRS_USUAL_ID = "nprs_usual"
NPRS_WORST_ID = "nprs_worst"
NPRS_MIN, NPRS_MAX = 0, 10


@dataclass(frozen=True, slots=True)
class NprsScore:
    usual: int
    worst: int | None = None


def check_pain_rating(value: int | None, *, item: str, instrument: str = NPRS_USUAL_ID) -> int:
    """Return a valid 0-10 whole-number pain rating or raise a ScoringError naming `item`."""
    if value is None:
        raise MissingAnswerError(
            f"Pain rating {item!r} is not answered; give a number from 0 (no pain) to 10.",
            instrument=instrument,
            item=item,
        )
    if not whole_number_in(value, NPRS_MIN, NPRS_MAX):
        raise AnswerOutOfRangeError(
            f"Pain rating {item!r} got {value!r}; give a whole number from 0 (no pain) "
            "to 10 (worst imaginable).",
            instrument=instrument,
            item=item,
        )
    return value


def score_nprs(usual: int | None, worst: int | None = None) -> NprsScore:
    """Validate usual pain (required) and worst pain (optional, but never below usual)."""
    usual_value = check_pain_rating(usual, item="usual", instrument=NPRS_USUAL_ID)
    if worst is None:
        return NprsScore(usual=usual_value)
    worst_value = check_pain_rating(worst, item="worst", instrument=NPRS_WORST_ID)
    if worst_value < usual_value:
        raise AnswerOutOfRangeError(
            f"Worst pain ({worst_value}) is lower than usual pain ({usual_value}); "
            "check which answer went in which box.",
            instrument=NPRS_WORST_ID,
            item="worst",
        )
    return NprsScore(usual=usual_value, worst=worst_value)
