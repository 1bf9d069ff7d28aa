"""Patient-Specific Functional Scale: the client names activities they struggle with and rates
each 0 (unable) to 10 (able as before the problem); the score is the average.

Stratford et al. 1995 (Physiotherapy Canada) use 3 to 5 activities; Kneecap accepts 1 to 5 so a
client with one limiting activity can still be followed. Re-rate the same activities each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kneecap.domain.outcomes.errors import AnswerOutOfRangeError, MissingAnswerError, ScoringError

PSFS_ID = "psfs"
PSFS_MIN, PSFS_MAX = 0, 10
MAX_ACTIVITIES = 5


@dataclass(frozen=True, slots=True)
class PsfsActivity:
    activity: str
    rating: float | None


def score_psfs(activities: Sequence[PsfsActivity]) -> float:
    if not activities:
        raise MissingAnswerError(
            "PSFS has no activities; name at least one activity and rate it 0 to 10.",
            instrument=PSFS_ID,
        )
    if len(activities) > MAX_ACTIVITIES:
        raise ScoringError(
            f"PSFS has {len(activities)} activities; keep it to {MAX_ACTIVITIES} or fewer.",
            instrument=PSFS_ID,
        )
    seen: set[str] = set()
    ratings: list[float] = []
    for position, entry in enumerate(activities, start=1):
        name = entry.activity.strip()
        label = name or f"activity {position}"
        if not name:
            raise MissingAnswerError(
                f"PSFS activity {position} has no name; say which activity the rating is for.",
                instrument=PSFS_ID,
                item=label,
            )
        if name.casefold() in seen:
            raise ScoringError(
                f"PSFS lists {name!r} twice; rate each activity once.",
                instrument=PSFS_ID,
                item=name,
            )
        seen.add(name.casefold())
        if entry.rating is None:
            raise MissingAnswerError(
                f"PSFS activity {name!r} is not rated; rate it 0 (unable) to 10 (as before).",
                instrument=PSFS_ID,
                item=name,
            )
        if isinstance(entry.rating, bool) or not PSFS_MIN <= entry.rating <= PSFS_MAX:
            raise AnswerOutOfRangeError(
                f"PSFS activity {name!r} got {entry.rating!r}; "
                "rate it 0 (unable) to 10 (as before).",
                instrument=PSFS_ID,
                item=name,
            )
        ratings.append(float(entry.rating))
    return sum(ratings) / len(ratings)
