"""Red flags that call for urgent referral. Each flag is a row of data: the criterion, the
condition it raises suspicion of, and where the flag comes from.

The first ten are CLINICAL.md's list ('Imaging and referral rules', clinic consensus without a
primary source per item). The rest come from published referral pathways and rules:
  * NHS Gloucestershire G-Care knee pathway, "Red flags for knee conditions": neurovascular
    compromise; fracture or knee dislocation; traumatic patellar dislocation; rapidly worsening
    deformity; confirmed cancer.
  * NHS Cornwall primary-care referral criteria, knee: suspected or confirmed malignancy.
  * Wells PS et al. Lancet 1997;350:1795-1798 (DVT pre-test probability): calf swelling or
    localised tenderness along the deep veins; major surgery within 4 weeks, bedridden > 3 days,
    or plaster immobilisation of the leg.
  * Septic arthritis: sudden knee pain and swelling in immunocompromised patients (knee red-flag
    list, 247econsult); joint infection after arthroscopy and joint injection (Geirsson AJ et
    al. Ann Rheum Dis 2008;67(5):638-643).
  * Referred hip pain in children and adolescents: Legg-Calve-Perthes disease begins between 2
    and 15 years, peak 4-9 (Kim HKW, Osteonecrosis, Springer 2014:437-449; typical 4-8, Loder
    RT & Skopelja EN, ISRN Orthop 2011:504393); slipped capital femoral epiphysis usually 8-15
    years (Peck DM et al. Am Fam Physician 2017;95(12):779-784), ~15% with knee or thigh pain
    only (CLINICAL.md). The check runs from 2 to 19 (WHO adolescence ends at 19).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kneecap.domain.clinical.intake import MedicalScreen
from kneecap.domain.clinical.rule_outcome import Criterion, RuleOutcome, any_of
from kneecap.domain.clinical.symptoms import RedFlagScreen

RULE_ID = "red_flags"
TITLE = "Red flags: urgent referral"
CLINIC_LIST = "Kneecap CLINICAL.md red-flag list (clinic consensus; no primary source per item)"
GLOS = "NHS Gloucestershire G-Care knee pathway: red flags for knee conditions"
CORNWALL = "NHS Cornwall primary care referral criteria: knee"
WELLS = "Wells PS et al. Lancet 1997;350:1795-1798"
SEPTIC = "Knee red flags (247econsult); Geirsson AJ et al. Ann Rheum Dis 2008;67(5):638-643"
HIP = (
    "Kim HKW 2014 (Perthes onset 2-15 y); Loder RT, Skopelja EN. ISRN Orthop 2011:504393; "
    "Peck DM et al. Am Fam Physician 2017;95(12):779-784 (SCFE usually 8-15 y)"
)
SOURCE = "; ".join((CLINIC_LIST, GLOS, CORNWALL, WELLS, SEPTIC, HIP))

HAEMARTHROSIS_HOURS = 2.0  # swelling within ~2 h of trauma suggests haemarthrosis (CLINICAL.md)
# Referred hip pain: Perthes from 2 (Kim 2014) to the end of adolescence (WHO: 19), SCFE within.
HIP_CHECK_AGE = (2, 19)


@dataclass(frozen=True)
class RedFlag:
    criterion: Criterion
    suspicion: str
    source: str = CLINIC_LIST


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
HIP_REFERRED = RedFlag(
    # id kept from when the check ran for adolescents only, so stored decisions still match
    Criterion(
        "adolescent_hip_rotation",
        "Child or adolescent (2-19 years) with knee pain and painful or limited hip internal "
        "rotation",
    ),
    "hip disorder referred to the knee: Legg-Calve-Perthes disease or slipped capital femoral "
    "epiphysis",
    HIP,
)
LOCKING = RedFlag(
    Criterion("locking", "Locking of the knee"), "displaced meniscal tear / loose body"
)
NO_WEIGHT = RedFlag(Criterion("unable_to_bear_weight", "Unable to bear weight"), "fracture")
NEUROVASCULAR = RedFlag(
    Criterion(
        "neurovascular_signs",
        "Numbness or tingling, or a cold, pale or blue foot below the painful knee",
    ),
    "neurovascular compromise (nerve or blood-vessel injury)",
    GLOS,
)
DVT = RedFlag(
    Criterion(
        "calf_signs_after_surgery_or_immobilisation",
        "Calf swelling or tenderness after surgery, bed rest or a leg in plaster",
    ),
    "deep vein thrombosis",
    WELLS,
)
CANCER = RedFlag(
    Criterion("history_of_cancer", "History of cancer"),
    "malignancy (primary bone or soft-tissue tumour, metastasis)",
    f"{GLOS}; {CORNWALL}",
)
SEPTIC_RISK = RedFlag(
    Criterion(
        "swelling_with_infection_risk",
        "Knee swelling with a risk factor for joint infection (immunosuppression, a recent "
        "injection into or operation on the knee)",
    ),
    "septic arthritis",
    SEPTIC,
)
DEFORMITY = RedFlag(
    Criterion(
        "deformity_or_patellar_dislocation",
        "Visible deformity of the knee, or the kneecap out of place (dislocated)",
    ),
    "fracture or dislocation of the knee or kneecap",
    GLOS,
)

RED_FLAGS = (
    HAEMARTHROSIS,
    HOT_JOINT,
    FEVER,
    NIGHT_PAIN,
    UNRELENTING,
    NIGHT_SWEATS,
    WEIGHT_CHANGE,
    HIP_REFERRED,
    LOCKING,
    NO_WEIGHT,
    NEUROVASCULAR,
    DVT,
    CANCER,
    SEPTIC_RISK,
    DEFORMITY,
)
BY_ID = {f.criterion.id: f for f in RED_FLAGS}


@dataclass(frozen=True)
class RedFlagInput:
    age_years: int
    traumatic_onset: bool
    swelling_onset_hours: float | None  # None: no swelling, or the time is not known
    locking: bool
    screen: RedFlagScreen
    medical: MedicalScreen = field(default_factory=MedicalScreen)
    swelling: bool = False  # any knee swelling (symptom profile)


def _haemarthrosis(i: RedFlagInput) -> bool | None:
    if not i.traumatic_onset:
        return False
    if i.swelling_onset_hours is None:
        return None
    return i.swelling_onset_hours <= HAEMARTHROSIS_HOURS


def _hip(i: RedFlagInput) -> bool | None:
    lo, hi = HIP_CHECK_AGE
    if not lo <= i.age_years <= hi:
        return False
    return i.screen.hip_internal_rotation_painful_or_limited


def _both(sign: bool | None, risk: bool | None) -> bool | None:
    """A sign that counts only with its risk context: False if either is absent."""
    if sign is False or risk is False:
        return False
    if sign is None or risk is None:
        return None
    return True


def _infection_risk(m: MedicalScreen) -> bool | None:
    answers = (m.immunosuppressed, m.recent_knee_injection_or_surgery)
    if True in answers:
        return True
    return None if None in answers else False


def evaluate(i: RedFlagInput) -> RuleOutcome:
    s, m = i.screen, i.medical
    states: dict[str, bool | None] = {
        HAEMARTHROSIS.criterion.id: _haemarthrosis(i),
        HOT_JOINT.criterion.id: s.hot_swollen_joint,
        FEVER.criterion.id: s.fever_or_unwell,
        NIGHT_PAIN.criterion.id: s.night_pain,
        UNRELENTING.criterion.id: s.unrelenting_pain,
        NIGHT_SWEATS.criterion.id: s.night_sweats,
        WEIGHT_CHANGE.criterion.id: s.unexplained_weight_change,
        HIP_REFERRED.criterion.id: _hip(i),
        LOCKING.criterion.id: i.locking,
        NO_WEIGHT.criterion.id: s.unable_to_bear_weight,
        NEUROVASCULAR.criterion.id: m.numbness_or_circulation_change,
        DVT.criterion.id: _both(m.calf_swelling_or_tenderness, m.recent_surgery_or_immobilisation),
        CANCER.criterion.id: m.history_of_cancer,
        SEPTIC_RISK.criterion.id: _both(i.swelling, _infection_risk(m)),
        DEFORMITY.criterion.id: m.deformity_or_kneecap_out_of_place,
    }
    criteria = tuple(f.criterion for f in RED_FLAGS)
    return any_of(RULE_ID, TITLE, SOURCE, criteria, states, "Urgent referral")


def suspicions(outcome: RuleOutcome) -> tuple[str, ...]:
    """The conditions the fired red flags raise suspicion of, without repeats."""
    return tuple(dict.fromkeys(BY_ID[c.id].suspicion for c in outcome.fired))


def sources(outcome: RuleOutcome) -> tuple[str, ...]:
    """The sources of the fired red flags, without repeats (for a referral letter)."""
    return tuple(dict.fromkeys(BY_ID[c.id].source for c in outcome.fired))
