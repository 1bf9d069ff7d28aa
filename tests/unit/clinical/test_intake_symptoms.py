"""Intake and symptom validation name each field at fault."""

import pytest

from kneecap.domain.clinical.errors import ClinicalValidationError
from kneecap.domain.clinical.intake import Intake, Mechanism, Onset, PastEvent, SportVolume
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.symptoms import KNEE_REGIONS, Provocation, SymptomProfile


def test_all_problems_reported_together() -> None:
    with pytest.raises(ClinicalValidationError) as err:
        Intake(
            age_years=-1, complaint_side=Laterality.LEFT, onset=Onset.TRAUMATIC,
            mechanism=Mechanism.OVERUSE, days_since_onset=-2, goals=(" ",),
        )  # fmt: skip
    fields = [p.field for p in err.value.problems]
    assert fields == ["age_years", "days_since_onset", "mechanism", "goals"]
    assert "age_years: must be 0 to 120" in str(err.value)


def test_sport_volume_and_past_events() -> None:
    with pytest.raises(ClinicalValidationError, match="hours_per_week: must be 0 to 60"):
        SportVolume("running", 90)
    surgery = PastEvent("arthroscopy", Laterality.RIGHT, 2019)
    intake = Intake(30, Laterality.RIGHT, Onset.GRADUAL, Mechanism.OVERUSE, 40,
                    previous_surgery=(surgery,))  # fmt: skip
    assert intake.surgery_on(Side.RIGHT) and not intake.surgery_on(Side.LEFT)


def test_symptom_profile_validation() -> None:
    with pytest.raises(ClinicalValidationError) as err:
        SymptomProfile(
            side=Laterality.LEFT, regions=frozenset({"elbow"}), provocations=frozenset(),
            usual_pain=6, worst_pain=4, swelling_onset_hours=1.0,
        )  # fmt: skip
    assert [p.field for p in err.value.problems] == [
        "regions", "worst_pain", "swelling_onset_hours",
    ]  # fmt: skip
    with pytest.raises(ClinicalValidationError, match="usual_pain: must be a whole number from 0"):
        SymptomProfile(Laterality.LEFT, frozenset({"peripatellar"}), frozenset(), 11, 11)


def test_regions_are_data_with_patellofemoral_marked() -> None:
    p = SymptomProfile(
        Laterality.LEFT, frozenset({"retropatellar", "patellar_tendon"}),
        frozenset({Provocation.STAIRS_DOWN}), 3, 6,
    )  # fmt: skip
    assert [r.id for r in p.patellofemoral_regions] == ["retropatellar"]
    assert len({r.id for r in KNEE_REGIONS}) == len(KNEE_REGIONS)
