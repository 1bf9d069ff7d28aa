"""Pittsburgh knee rules: radiography after blunt trauma or a fall.

Source: Seaberg DC, Jackson R. Clinical decision rule for knee radiographs. Am J Emerg Med
1994;12(5):541-3; validated Seaberg DC et al. Ann Emerg Med 1998;32(1):8-13.
X-ray if the mechanism is blunt trauma or a fall AND (age < 12 or > 50, OR unable to walk 4
weight-bearing steps). Not for: injury more than 6 days before, prior surgery on that knee, or
re-assessment of the same injury (exclusions as listed in CLINICAL.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.clinical.rule_outcome import Criterion, RuleOutcome, Verdict, sort_criteria
from kneecap.domain.clinical.weight_bearing import WeightBearing, unable

RULE_ID = "pittsburgh_knee"
TITLE = "Pittsburgh knee rules"
SOURCE = (
    "Seaberg DC, Jackson R. Am J Emerg Med 1994;12(5):541-3; "
    "validated Ann Emerg Med 1998;32(1):8-13"
)
YOUNGER_THAN = 12
OLDER_THAN = 50
MAX_DAYS_SINCE_INJURY = 6

MECHANISM = Criterion("blunt_trauma_or_fall", "Mechanism: blunt trauma or a fall")
AGE = Criterion("age_under_12_or_over_50", "Age under 12 or over 50")
WEIGHT = Criterion("unable_to_walk_4_steps", "Unable to walk 4 weight-bearing steps")

LATE = Criterion("over_6_days", f"Injury more than {MAX_DAYS_SINCE_INJURY} days before")
SURGERY = Criterion("prior_surgery", "Previous surgery on this knee")
REASSESSMENT = Criterion("reassessment", "Re-assessment of the same injury")


@dataclass(frozen=True)
class PittsburghInput:
    blunt_trauma_or_fall: bool
    age_years: int
    days_since_injury: int
    prior_surgery_same_knee: bool
    reassessment: bool
    weight_bearing_now: WeightBearing | None = None


def evaluate(i: PittsburghInput) -> RuleOutcome:
    exclusions = tuple(
        c
        for c, present in (
            (LATE, i.days_since_injury > MAX_DAYS_SINCE_INJURY),
            (SURGERY, i.prior_surgery_same_knee),
            (REASSESSMENT, i.reassessment),
        )
        if present
    )
    if exclusions:
        why = "Rule not valid here: " + "; ".join(c.text for c in exclusions)
        return RuleOutcome(
            RULE_ID, TITLE, SOURCE, Verdict.NOT_APPLICABLE, exclusions=exclusions, explanation=why
        )
    states: dict[str, bool | None] = {
        MECHANISM.id: i.blunt_trauma_or_fall,
        AGE.id: i.age_years < YOUNGER_THAN or i.age_years > OLDER_THAN,
        WEIGHT.id: unable(i.weight_bearing_now),
    }
    fired, not_fired, unknown = sort_criteria((MECHANISM, AGE, WEIGHT), states)
    either = (states[AGE.id], states[WEIGHT.id])
    if not i.blunt_trauma_or_fall:
        verdict, why = Verdict.NOT_MET, "Mechanism was not blunt trauma or a fall."
    elif True in either:
        verdict = Verdict.MET
        why = "Knee X-ray indicated: " + "; ".join(c.text for c in fired)
    elif None in either:
        verdict, why = Verdict.INCOMPLETE, "Record whether the client can walk 4 steps."
    else:
        verdict, why = Verdict.NOT_MET, "Blunt trauma or fall, but neither age nor weight bearing."
    return RuleOutcome(RULE_ID, TITLE, SOURCE, verdict, fired, not_fired, unknown, (), why)
