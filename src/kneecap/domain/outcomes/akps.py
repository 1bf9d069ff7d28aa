"""Anterior Knee Pain Scale (Kujala 1993): 13 items summed to 0-100, 100 = no problems.

Option points live in data/akps.json (default: the per-item points listed in PMC10362729, as
gathered in shared/CLINICAL.md). The `alt_copies` variant holds the disagreeing copies that
CLINICAL.md marks *check*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kneecap.domain.outcomes.instruments import load_questionnaire, option_points

AKPS_ID = "akps"


@dataclass(frozen=True, slots=True)
class AkpsScore:
    total: int
    item_points: Mapping[str, int]
    variant: str


def score_akps(answers: Mapping[str, int | None], *, variant: str = "default") -> AkpsScore:
    """Sum the option points of all 13 items; answers are 0-based option indexes by item id."""
    questionnaire = load_questionnaire(AKPS_ID, variant)
    points = option_points(questionnaire, answers)
    return AkpsScore(total=sum(points.values()), item_points=points, variant=variant)
