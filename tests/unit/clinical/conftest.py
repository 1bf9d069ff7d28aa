"""Two sample assessments: a runner with PFP, and a skier after a fall with ligament signs."""

import pytest

from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.intake import (
    Intake,
    Mechanism,
    MedicalScreen,
    Onset,
    SportVolume,
    TrainingChange,
)
from kneecap.domain.clinical.intake import TrainingChangeKind as Change
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.suggestions import AssessmentFacts
from kneecap.domain.clinical.symptoms import Provocation, RedFlagScreen, SymptomProfile

CLEAR = RedFlagScreen(False, False, False, False, False, False, False, False)
CLEAR_HISTORY = MedicalScreen(False, False, False, False, False, False, False)


@pytest.fixture
def pfp_runner() -> AssessmentFacts:
    intake = Intake(
        age_years=34, complaint_side=Laterality.RIGHT, onset=Onset.GRADUAL,
        mechanism=Mechanism.OVERUSE, days_since_onset=42,
        sports=(SportVolume("running", 5, 45),),
        recent_changes=(TrainingChange(Change.MORE_HILLS, 6),), goals=("Half marathon",),
        medical=CLEAR_HISTORY,
    )  # fmt: skip
    symptoms = SymptomProfile(
        side=Laterality.RIGHT, regions=frozenset({"peripatellar"}),
        provocations=frozenset({Provocation.STAIRS_DOWN, Provocation.PROLONGED_SITTING}),
        usual_pain=3, worst_pain=6, crepitus=True, red_flags=CLEAR,
    )  # fmt: skip
    findings = (
        record_finding("squat_pain", True, Side.RIGHT),
        record_finding("patellar_palpation_pain", True, Side.RIGHT),
        record_finding("resisted_quadriceps_pain", False, Side.RIGHT),
        record_finding("lachman", False, Side.RIGHT),
        record_finding("mcmurray", False, Side.RIGHT),
        record_finding("hip_abductor_strength", 150, Side.RIGHT, body_mass_kg=68),
        record_finding("hip_abductor_strength", 190, Side.LEFT, body_mass_kg=68),
        record_finding("foot_posture_index", 7, Side.RIGHT),
    )
    return AssessmentFacts(intake, symptoms, findings, Side.RIGHT, other_causes_excluded=True)


@pytest.fixture
def skier_fall() -> AssessmentFacts:
    intake = Intake(
        age_years=58, complaint_side=Laterality.LEFT, onset=Onset.TRAUMATIC,
        mechanism=Mechanism.FALL, days_since_onset=2,
    )  # fmt: skip
    symptoms = SymptomProfile(
        side=Laterality.LEFT, regions=frozenset({"medial_joint_line"}),
        provocations=frozenset({Provocation.STAIRS_UP}), usual_pain=5, worst_pain=8,
        swelling=True, swelling_onset_hours=6.0, red_flags=CLEAR,
    )  # fmt: skip
    findings = (
        record_finding("lachman", True, Side.LEFT),
        record_finding("knee_flexion_range", 100, Side.LEFT),
        record_finding("isolated_patellar_tenderness", False, Side.LEFT),
        record_finding("fibular_head_tenderness", False, Side.LEFT),
        record_finding("weight_bearing_immediately", "limping"),
        record_finding("weight_bearing_now", "limping"),
    )
    return AssessmentFacts(intake, symptoms, findings, Side.LEFT)
