"""Recording findings against their result type; reading them against sourced references."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneecap.domain.clinical.catalogue import Sex, catalogue
from kneecap.domain.clinical.errors import ClinicalValidationError
from kneecap.domain.clinical.findings import (
    STANDARD_GRAVITY,
    Status,
    interpret,
    normalise_force,
    record_finding,
)
from kneecap.domain.clinical.side import Side


def test_binary_positive_is_flagged() -> None:
    f = record_finding("lachman", True, Side.RIGHT)
    i = interpret(f)
    assert i.status is Status.POSITIVE and i.status.flagged
    assert i.text == "Lachman test (right): positive"


@pytest.mark.parametrize(
    ("test_id", "value", "side", "field", "fragment"),
    [
        ("lachman", 1.0, Side.LEFT, "value", "positive or negative"),
        ("lachman", True, None, "side", "choose left or right"),
        ("weight_bearing_now", "normal", Side.LEFT, "side", "not recorded per side"),
        ("patellar_glide", "loose", Side.LEFT, "value", "hypomobile, normal, hypermobile"),
        ("q_angle", 60.0, Side.LEFT, "value", "must be 0 to 45"),
        ("q_angle", float("nan"), Side.LEFT, "value", "needs a number"),
        ("hip_abductor_strength", 150.0, Side.LEFT, "body_mass_kg", "normalise"),
    ],
)
def test_invalid_results_name_field_and_problem(
    test_id: str, value: object, side: Side | None, field: str, fragment: str
) -> None:
    with pytest.raises(ClinicalValidationError) as err:
        record_finding(test_id, value, side)  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == [field]
    assert fragment in str(err.value)


def test_force_is_normalised_to_body_mass() -> None:
    f = record_finding("hip_abductor_strength", 196.133, Side.LEFT, body_mass_kg=80.0)
    n = normalise_force(196.133, 80.0)
    assert n.n_per_kg == pytest.approx(2.4516625)
    assert n.percent_body_weight == pytest.approx(25.0)  # 196.133 N = 20 kgf = 25% of 80 kg
    assert "2.45 N/kg" in interpret(f).text
    assert interpret(f).status is Status.NO_REFERENCE


@given(st.floats(1, 2000), st.floats(10, 350))
def test_percent_bw_and_n_per_kg_agree(newtons: float, mass: float) -> None:
    n = normalise_force(newtons, mass)
    assert n.percent_body_weight == pytest.approx(100 * n.n_per_kg / STANDARD_GRAVITY)


@pytest.mark.parametrize(
    ("fpi", "status"),
    [(-1, Status.BELOW_REFERENCE), (0, Status.WITHIN_REFERENCE), (5, Status.WITHIN_REFERENCE),
     (6, Status.ABOVE_REFERENCE), (10, Status.ABOVE_REFERENCE)],
)  # fmt: skip
def test_foot_posture_index_against_redmond_normal_range(fpi: int, status: Status) -> None:
    i = interpret(record_finding("foot_posture_index", fpi, Side.RIGHT))
    assert i.status is status
    assert i.source is not None and "Redmond" in i.source


def test_knee_flexion_has_no_general_cutoff_ottawa_90_stays_in_the_ottawa_rule() -> None:
    # 100 degrees is far below healthy knees (Soucie 2011: ~148-153 in children) but Ottawa's
    # 90 is an acute-injury X-ray criterion, so it must not read "within reference".
    i = interpret(record_finding("knee_flexion_range", 100, Side.LEFT))
    assert i.status is Status.NO_REFERENCE
    assert "within reference" not in i.text
    norms = catalogue().get("knee_flexion_range").norms
    assert norms is not None and "Soucie" in norms.source and "152.6" in norms.text


def test_no_reference_is_said_plainly() -> None:
    i = interpret(record_finding("weight_bearing_lunge", 8.5, Side.LEFT))
    assert i.status is Status.NO_REFERENCE
    assert i.text.endswith("no reference")


def test_hamstring_90_90_cutoff_needs_the_sex_and_uses_yildirim_2018() -> None:
    # Yildirim 2018: deficit above 33.0 degrees (men) / 23.4 (women) means short hamstrings.
    f = record_finding("hamstrings_90_90", 28, Side.RIGHT)
    assert interpret(f, sex=Sex.FEMALE).status is Status.ABOVE_REFERENCE
    assert interpret(f, sex=Sex.MALE).status is Status.WITHIN_REFERENCE
    unknown = interpret(f)
    assert unknown.status is Status.NO_REFERENCE
    assert "female ≤ 23.4, male ≤ 33" in unknown.text
    assert interpret(record_finding("hamstrings_90_90", 33, Side.RIGHT), sex=Sex.MALE).status is (
        Status.WITHIN_REFERENCE
    )


@pytest.mark.parametrize(
    ("score", "status", "band"),
    [
        (0, Status.WITHIN_REFERENCE, "good quality"),
        (1, Status.WITHIN_REFERENCE, "good quality"),
        (2, Status.ABOVE_REFERENCE, "medium quality"),
        (3, Status.ABOVE_REFERENCE, "medium quality"),
        (4, Status.ABOVE_REFERENCE, "poor quality"),
        (6, Status.ABOVE_REFERENCE, "poor quality"),
    ],
)
def test_step_down_score_reads_piva_2006_bands(score: int, status: Status, band: str) -> None:
    i = interpret(record_finding("lateral_step_down_score", score, Side.LEFT))
    assert i.status is status and i.text.endswith(f"({band})")
    assert i.source is not None and "Piva" in i.source


@pytest.mark.parametrize(
    ("quadrants", "status"),
    [(0.5, Status.BELOW_REFERENCE), (1, Status.WITHIN_REFERENCE), (3, Status.WITHIN_REFERENCE),
     (3.5, Status.ABOVE_REFERENCE)],
)  # fmt: skip
def test_patellar_glide_quadrants(quadrants: float, status: Status) -> None:
    i = interpret(record_finding("patellar_medial_glide_quadrants", quadrants, Side.RIGHT))
    assert i.status is status


def test_navicular_drop_over_10_mm_is_flagged() -> None:
    assert interpret(record_finding("navicular_drop", 12, Side.RIGHT)).status is (
        Status.ABOVE_REFERENCE
    )
    i = interpret(record_finding("navicular_drop", 7, Side.RIGHT))
    assert i.status is Status.WITHIN_REFERENCE and i.text.startswith("Navicular drop (right): 7 mm")


def test_clarke_test_carries_its_weak_validity() -> None:
    note = catalogue().get("clarke_grind").note
    assert "LR+ 1.18" in note and "Doberstein" in note


def test_new_examination_items_are_recorded_with_their_scales() -> None:
    assert record_finding("knee_effusion_stroke", "trace", Side.LEFT).value == "trace"
    assert record_finding("patellar_tendon_palpation", "moderate", Side.LEFT).value == "moderate"
    hip = interpret(record_finding("hip_internal_rotation_range", 20, Side.LEFT))
    assert hip.status is Status.NO_REFERENCE
    with pytest.raises(ClinicalValidationError, match="zero, trace, 1\\+, 2\\+, 3\\+"):
        record_finding("knee_effusion_stroke", "big", Side.LEFT)
