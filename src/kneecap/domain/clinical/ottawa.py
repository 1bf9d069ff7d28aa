"""Ottawa knee rules: when an acute knee injury calls for an X-ray.

Source: Stiell IG et al. Derivation of a decision rule for the use of radiography in acute knee
injuries. Ann Emerg Med 1995;26(4):405-13; prospective validation JAMA 1996;275(8):611-5.
Sensitivity ~97%, specificity ~27% (CLINICAL.md). Radiography if ANY criterion is present.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.clinical.rule_outcome import Criterion, RuleOutcome, Verdict, any_of
from kneecap.domain.clinical.weight_bearing import WeightBearing, unable

RULE_ID = "ottawa_knee"
TITLE = "Ottawa knee rules"
SOURCE = "Stiell IG et al. Ann Emerg Med 1995;26(4):405-13; validated JAMA 1996;275(8):611-5"
AGE_THRESHOLD_YEARS = 55  # age 55 or older
FLEXION_THRESHOLD_DEG = 90.0  # unable to flex to 90 degrees
MAX_DAYS_SINCE_INJURY = 7  # Stiell 1995 excluded injuries more than 7 days old

AGE = Criterion("age_55_or_over", "Age 55 or over")
PATELLA = Criterion("isolated_patellar_tenderness", "Isolated tenderness of the patella")
FIBULA = Criterion("fibular_head_tenderness", "Tenderness of the fibular head")
FLEXION = Criterion("unable_to_flex_90", "Unable to flex the knee to 90 degrees")
WEIGHT = Criterion(
    "unable_to_bear_weight",
    "Unable to bear weight for 4 steps both immediately and at assessment (limping counts as "
    "bearing weight)",
)
CRITERIA = (AGE, PATELLA, FIBULA, FLEXION, WEIGHT)


@dataclass(frozen=True)
class OttawaInput:
    """None means not recorded yet."""

    acute_injury: bool
    age_years: int
    days_since_injury: int
    isolated_patellar_tenderness: bool | None = None
    fibular_head_tenderness: bool | None = None
    knee_flexion_deg: float | None = None
    weight_bearing_immediately: WeightBearing | None = None
    weight_bearing_now: WeightBearing | None = None


def _weight_bearing(i: OttawaInput) -> bool | None:
    now, then = unable(i.weight_bearing_now), unable(i.weight_bearing_immediately)
    if now is False or then is False:
        return False  # the criterion needs inability at BOTH times
    if now is None or then is None:
        return None
    return True


def evaluate(i: OttawaInput) -> RuleOutcome:
    if not i.acute_injury:
        why = Criterion("no_acute_injury", "The rules are for acute knee injury; none reported")
        return RuleOutcome(
            RULE_ID, TITLE, SOURCE, Verdict.NOT_APPLICABLE, exclusions=(why,), explanation=why.text
        )
    if i.days_since_injury > MAX_DAYS_SINCE_INJURY:
        why = Criterion("injury_over_7_days", f"Injury more than {MAX_DAYS_SINCE_INJURY} days ago")
        return RuleOutcome(
            RULE_ID, TITLE, SOURCE, Verdict.NOT_APPLICABLE, exclusions=(why,), explanation=why.text
        )
    flexion = None if i.knee_flexion_deg is None else i.knee_flexion_deg < FLEXION_THRESHOLD_DEG
    states: dict[str, bool | None] = {
        AGE.id: i.age_years >= AGE_THRESHOLD_YEARS,
        PATELLA.id: i.isolated_patellar_tenderness,
        FIBULA.id: i.fibular_head_tenderness,
        FLEXION.id: flexion,
        WEIGHT.id: _weight_bearing(i),
    }
    return any_of(RULE_ID, TITLE, SOURCE, CRITERIA, states, "Knee X-ray indicated")
