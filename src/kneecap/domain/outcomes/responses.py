"""A stored questionnaire response and the scoring of a raw answer payload per instrument.

One response can give several series (NPRS: usual and worst pain); each series key has an MCID in
data/mcid.json and a scale for charts. GROC is already a change score, so its "baseline" is 0
(about the same, Jaeschke 1989).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kneecap.domain.outcomes.akps import AKPS_ID, score_akps
from kneecap.domain.outcomes.change import ScoredOutcome
from kneecap.domain.outcomes.errors import (
    AnswerOutOfRangeError,
    MissingAnswerError,
    ScoringError,
    UnknownInstrumentError,
)
from kneecap.domain.outcomes.groc import GROC_ID, score_groc
from kneecap.domain.outcomes.instruments import load_questionnaire
from kneecap.domain.outcomes.koos_pf import KOOS_PF_ID, score_koos_pf
from kneecap.domain.outcomes.nprs import NPRS_USUAL_ID, NPRS_WORST_ID, score_nprs
from kneecap.domain.outcomes.psfs import PSFS_ID, PsfsActivity, score_psfs

NPRS_ID = "nprs"
INSTRUMENTS = (AKPS_ID, NPRS_ID, PSFS_ID, GROC_ID, KOOS_PF_ID)

# Series each instrument produces, and each series' scale (published score ranges).
SERIES: dict[str, tuple[str, ...]] = {
    AKPS_ID: (AKPS_ID,),
    NPRS_ID: (NPRS_USUAL_ID, NPRS_WORST_ID),
    PSFS_ID: (PSFS_ID,),
    GROC_ID: (GROC_ID,),
    KOOS_PF_ID: (KOOS_PF_ID,),
}
SCALES: dict[str, tuple[float, float]] = {
    AKPS_ID: (0, 100),  # Kujala 1993
    NPRS_USUAL_ID: (0, 10),
    NPRS_WORST_ID: (0, 10),
    PSFS_ID: (0, 10),  # Stratford 1995
    GROC_ID: (-7, 7),  # Jaeschke 1989
    KOOS_PF_ID: (0, 100),  # Crossley 2018
}
LABELS: dict[str, str] = {
    AKPS_ID: "AKPS (Kujala)",
    NPRS_USUAL_ID: "Usual pain (0-10)",
    NPRS_WORST_ID: "Worst pain (0-10)",
    PSFS_ID: "PSFS (average)",
    GROC_ID: "Global rating of change",
    KOOS_PF_ID: "KOOS-PF",
}
CHANGE_FROM_ZERO = frozenset({GROC_ID})  # already a change score


@dataclass(frozen=True, slots=True)
class OutcomeResponse:
    id: int | None
    client_id: int
    instrument: str
    on: date
    scores: Mapping[str, float]  # series key -> score
    answers: Mapping[str, Any]
    recorded_by: int | None = None
    recorded_at: datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """The instrument's main score (NPRS: usual pain)."""
        return self.scores[SERIES[self.instrument][0]]


def scored(responses: Sequence[OutcomeResponse]) -> list[ScoredOutcome]:
    """Each response's scores, one per series (NPRS gives usual and worst pain)."""
    return [ScoredOutcome(k, r.on, v) for r in responses for k, v in r.scores.items()]


def _akps_answers(raw: object) -> dict[str, int | None]:
    items = load_questionnaire(AKPS_ID).items
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise MissingAnswerError(
            f"AKPS needs 'answers': a list of {len(items)} option numbers, one per item in the "
            "published order.",
            instrument=AKPS_ID,
        )
    if len(raw) > len(items):
        raise ScoringError(
            f"AKPS has {len(items)} items; got {len(raw)} answers. Send one per item.",
            instrument=AKPS_ID,
        )
    values = list(raw) + [None] * (len(items) - len(raw))
    return {item.id: value for item, value in zip(items, values, strict=True)}


def score_payload(
    instrument: str, payload: Mapping[str, Any]
) -> tuple[dict[str, float], dict[str, Any]]:
    """Score a raw payload; returns (series scores, the answers to store). Raises ScoringError."""
    if instrument == AKPS_ID:
        answers = _akps_answers(payload.get("answers"))
        return {AKPS_ID: float(score_akps(answers).total)}, {"answers": list(answers.values())}
    if instrument == NPRS_ID:
        nprs = score_nprs(payload.get("usual"), payload.get("worst"))
        scores = {NPRS_USUAL_ID: float(nprs.usual)}
        if nprs.worst is not None:
            scores[NPRS_WORST_ID] = float(nprs.worst)
        return scores, {"usual": nprs.usual, "worst": nprs.worst}
    if instrument == PSFS_ID:
        raw = payload.get("activities") or []
        activities = [
            PsfsActivity(str(a.get("activity", "")), a.get("rating"))
            for a in raw
            if isinstance(a, Mapping)
        ]
        if len(activities) != len(raw):
            raise AnswerOutOfRangeError(
                "PSFS 'activities' must be a list of {activity, rating} objects.",
                instrument=PSFS_ID,
            )
        score = score_psfs(activities)
        stored = [{"activity": a.activity.strip(), "rating": a.rating} for a in activities]
        return {PSFS_ID: score}, {"activities": stored}
    if instrument == GROC_ID:
        value = score_groc(payload.get("value"))
        return {GROC_ID: float(value)}, {"value": value}
    if instrument == KOOS_PF_ID:
        items = load_questionnaire(KOOS_PF_ID).items
        raw_answers = payload.get("answers")
        if not isinstance(raw_answers, Sequence) or len(raw_answers) > len(items):
            raise ScoringError(
                f"KOOS-PF needs 'answers': a list of {len(items)} ratings from 0 to 4.",
                instrument=KOOS_PF_ID,
            )
        padded = list(raw_answers) + [None] * (len(items) - len(raw_answers))
        answers = {item.id: v for item, v in zip(items, padded, strict=True)}
        return {KOOS_PF_ID: score_koos_pf(answers)}, {"answers": padded}
    raise UnknownInstrumentError(
        f"Unknown instrument {instrument!r}; use one of {', '.join(INSTRUMENTS)}."
    )
