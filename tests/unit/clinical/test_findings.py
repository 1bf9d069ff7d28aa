"""Recording findings against their result type; reading them against sourced references."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def test_knee_flexion_below_90_is_below_the_ottawa_reference() -> None:
    assert interpret(record_finding("knee_flexion_range", 85, Side.LEFT)).status is (
        Status.BELOW_REFERENCE
    )


def test_no_reference_is_said_plainly() -> None:
    i = interpret(record_finding("weight_bearing_lunge", 8.5, Side.LEFT))
    assert i.status is Status.NO_REFERENCE
    assert i.text.endswith("no reference")
