"""Limb symmetry index: symptomatic side as a percentage of the other."""

import pytest

from kneecap.domain.clinical.errors import ClinicalValidationError
from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.side import Side
from kneecap.domain.clinical.symmetry import (
    NO_REFERENCE,
    SymmetryUnavailable,
    all_symmetries,
    limb_symmetry_index,
    symmetry,
)


def test_lsi_worked_example() -> None:
    assert limb_symmetry_index(180.0, 200.0) == pytest.approx(90.0)
    assert limb_symmetry_index(0.0, 50.0) == 0.0


def test_lsi_refuses_zero_reference_side() -> None:
    with pytest.raises(ClinicalValidationError, match="other: must be above zero"):
        limb_symmetry_index(10.0, 0.0)


def test_symmetry_from_findings_uses_latest_and_says_no_reference() -> None:
    findings = [
        record_finding("hip_abductor_strength", 150, Side.RIGHT, body_mass_kg=70),
        record_finding("hip_abductor_strength", 200, Side.LEFT, body_mass_kg=70),
        record_finding("hip_abductor_strength", 160, Side.RIGHT, body_mass_kg=70),
        record_finding("weight_bearing_lunge", 9, Side.RIGHT),
        record_finding("weight_bearing_lunge", 12, Side.LEFT),
    ]
    r = symmetry(findings, "hip_abductor_strength", Side.RIGHT)
    assert r.lsi_percent == pytest.approx(80.0)
    assert r.reference == NO_REFERENCE
    assert {s.test_id for s in all_symmetries(findings, Side.RIGHT)} == {
        "hip_abductor_strength",
        "weight_bearing_lunge",
    }


def test_symmetry_needs_both_sides_and_a_capacity_measure() -> None:
    one = [record_finding("quadriceps_strength", 300, Side.LEFT, body_mass_kg=60)]
    with pytest.raises(SymmetryUnavailable, match="right side"):
        symmetry(one, "quadriceps_strength", Side.LEFT)
    with pytest.raises(SymmetryUnavailable, match="not a force or distance"):
        symmetry(one, "q_angle", Side.LEFT)
