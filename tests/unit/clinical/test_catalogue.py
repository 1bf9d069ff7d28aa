"""Catalogue integrity: every test is typed and categorised; every cut-off names its source."""

import pytest

from kneecap.domain.clinical.catalogue import (
    CatalogueError,
    Category,
    ResultType,
    catalogue,
    parse_catalogue,
)
from kneecap.domain.clinical.errors import UnknownTest

CLINICAL_MD_TESTS = {
    "squat_pain", "squat_quality", "single_leg_squat_quality", "step_down_quality",
    "patellar_tilt", "patellar_glide", "clarke_grind", "patellar_apprehension", "j_sign",
    "q_angle", "patellofemoral_crepitus", "hip_abductor_strength",
    "hip_external_rotator_strength", "hip_extensor_strength", "quadriceps_strength",
    "prone_knee_bend", "modified_thomas_quadriceps", "hamstrings_90_90", "ober", "thomas",
    "weight_bearing_lunge", "foot_posture_index", "lachman", "anterior_drawer",
    "posterior_drawer", "valgus_stress", "varus_stress", "mcmurray", "thessaly",
    "joint_line_tenderness", "isolated_patellar_tenderness", "fibular_head_tenderness",
    "knee_flexion_range", "weight_bearing_immediately", "weight_bearing_now",
    "resisted_quadriceps_pain", "patellar_palpation_pain",
}  # fmt: skip
# Added after review: foot, effusion, hip range, tendon, scored step-down, glide in quadrants.
ADDED_TESTS = {
    "navicular_drop", "knee_effusion_stroke", "hip_internal_rotation_range",
    "patellar_tendon_palpation", "lateral_step_down_score", "patellar_medial_glide_quadrants",
}  # fmt: skip


def test_every_clinical_md_test_is_catalogued() -> None:
    ids = {t.id for t in catalogue().tests}
    assert ids >= CLINICAL_MD_TESTS | ADDED_TESTS


def test_knee_flexion_is_range_of_motion_not_a_fracture_screen_cutoff() -> None:
    flexion = catalogue().get("knee_flexion_range")
    assert flexion.category is Category.RANGE_OF_MOTION and flexion.reference is None


def test_a_per_sex_cutoff_needs_every_sex_and_norms_need_a_source() -> None:
    one_sex = BAD.replace("lower = 3", 'source = "s"\nfemale = {upper = 2}')
    with pytest.raises(CatalogueError, match="every sex"):
        parse_catalogue(one_sex)
    no_source = BAD.replace("[test.reference]\nlower = 3", '[test.norms]\ntext = "t"')
    with pytest.raises(CatalogueError, match="text and source"):
        parse_catalogue(no_source)


def test_every_test_has_category_result_and_every_cutoff_a_source() -> None:
    for t in catalogue().tests:
        assert isinstance(t.category, Category)
        assert isinstance(t.result, ResultType)
        if t.reference is not None:
            assert t.reference.source.strip(), t.id
        if t.result.numeric:
            assert t.min is not None and t.max is not None and t.min < t.max
    assert all(catalogue().in_category(c) for c in Category)


def test_unknown_test_is_named() -> None:
    with pytest.raises(UnknownTest, match="'nope'"):
        catalogue().get("nope")


BAD = """
[[test]]
id = "x"
name = "X"
category = "strength"
evaluates = "x"
result = "angle_deg"
min = 0
max = 10
sided = true
[test.reference]
lower = 3
"""


def test_a_cutoff_without_source_is_refused() -> None:
    with pytest.raises(CatalogueError, match="must name its source"):
        parse_catalogue(BAD)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BAD.replace('category = "strength"', 'category = "magic"'), "unknown category"),
        (BAD.replace("min = 0\n", ""), "needs min and max"),
        (BAD.replace("sided = true\n", ""), "sided"),
        ("[[test]\n", "not valid TOML"),
    ],
)
def test_malformed_entries_are_named(text: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(text)


def test_duplicate_ids_are_refused() -> None:
    good = BAD.replace("lower = 3", 'lower = 3\nsource = "s"')
    with pytest.raises(CatalogueError, match="appears twice"):
        parse_catalogue(good + good)
