"""Red flags that call for urgent referral (list from CLINICAL.md, 'Imaging and referral rules').

CLINICAL.md gives the list without naming a primary source for each item; the source string says
so. Each flag is a row of data: the criterion and the condition it raises suspicion of.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.clinical.rule_outcome import Criterion, RuleOutcome, any_of
from kneecap.domain.clinical.symptoms import RedFlagScreen

RULE_ID = "red_flags"
TITLE = "Red flags: urgent referral"
SOURCE = "Kneecap CLINICAL.md red-flag list (clinic consensus; primary sources not named there)"

HAEMARTHROSIS_HOURS = 2.0  # swelling within ~2 h of trauma suggests haemarthrosis (CLINICAL.md)
# "Adolescent" per WHO (10-19 years); SCFE can present with knee or thigh pain only.
ADOLESCENT_AGE = (10, 19)


@dataclass(frozen=True)
class RedFlag:
    criterion: Criterion
    suspicion: str


HAEMARTHROSIS = RedFlag(
    Criterion("swelling_within_2h_of_trauma", "Swelling within about 2 hours of an injury"),
    "haemarthrosis (ligament tear, fracture)",
)
HOT_JOINT = RedFlag(Criterion("hot_swollen_joint", "Hot, swollen joint"), "septic arthritis")
FEVER = RedFlag(Criterion("fever_or_unwell", "Fever or feeling unwell"), "septic arthritis")
NIGHT_PAIN = RedFlag(Criterion("night_pain", "Night pain"), "tumour or systemic disease")
UNRELENTING = RedFlag(
    Criterion("unrelenting_pain", "Unrelenting pain"), "tumour or systemic disease"
)
NIGHT_SWEATS = RedFlag(Criterion("night_sweats", "Night sweats"), "tumour or systemic disease")
WEIGHT_CHANGE = RedFlag(
    Criterion("unexplained_weight_change", "Unexplained weight change"),
    "tumour or systemic disease",
)
SCFE = RedFlag(
    Criterion(
        "adolescent_hip_rotation",
        "Adolescent with knee pain and painful or limited hip internal rotation",
    ),
    "slipped capital femoral epiphysis",
)
LOCKING = RedFlag(
    Criterion("locking", "Locking of the knee"), "displaced meniscal tear / loose body"
)
NO_WEIGHT = RedFlag(Criterion("unable_to_bear_weight", "Unable to bear weight"), "fracture")

RED_FLAGS = (
    HAEMARTHROSIS,
    HOT_JOINT,
    FEVER,
    NIGHT_PAIN,
    UNRELENTING,
    NIGHT_SWEATS,
    WEIGHT_CHANGE,
    SCFE,
    LOCKING,
    NO_WEIGHT,
)
BY_ID = {f.criterion.id: f for f in RED_FLAGS}


@dataclass(frozen=True)
class RedFlagInput:
    age_years: int
    traumatic_onset: bool
    swelling_onset_hours: float | None  # None: no swelling, or the time is not known
    locking: bool
    screen: RedFlagScreen


def _haemarthrosis(i: RedFlagInput) -> bool | None:
    if not i.traumatic_onset:
        return False
    if i.swelling_onset_hours is None:
        return None
    return i.swelling_onset_hours <= HAEMARTHROSIS_HOURS


def _scfe(i: RedFlagInput) -> bool | None:
    lo, hi = ADOLESCENT_AGE
    if not lo <= i.age_years <= hi:
        return False
    return i.screen.hip_internal_rotation_painful_or_limited


def evaluate(i: RedFlagInput) -> RuleOutcome:
    s = i.screen
    states: dict[str, bool | None] = {
        HAEMARTHROSIS.criterion.id: _haemarthrosis(i),
        HOT_JOINT.criterion.id: s.hot_swollen_joint,
        FEVER.criterion.id: s.fever_or_unwell,
        NIGHT_PAIN.criterion.id: s.night_pain,
        UNRELENTING.criterion.id: s.unrelenting_pain,
        NIGHT_SWEATS.criterion.id: s.night_sweats,
        WEIGHT_CHANGE.criterion.id: s.unexplained_weight_change,
        SCFE.criterion.id: _scfe(i),
        LOCKING.criterion.id: i.locking,
        NO_WEIGHT.criterion.id: s.unable_to_bear_weight,
    }
    criteria = tuple(f.criterion for f in RED_FLAGS)
    return any_of(RULE_ID, TITLE, SOURCE, criteria, states, "Urgent referral")


def suspicions(outcome: RuleOutcome) -> tuple[str, ...]:
    """The conditions the fired red flags raise suspicion of, without repeats."""
    return tuple(dict.fromkeys(BY_ID[c.id].suspicion for c in outcome.fired))
