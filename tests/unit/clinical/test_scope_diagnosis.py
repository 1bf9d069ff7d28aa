"""Scope of practice: permissions by role, diagnosis coding and what a client may see."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.diagnosis import Diagnosis, release_diagnosis, visible_to_client
from kneecap.domain.clinical.errors import ClinicalValidationError, OutOfScope
from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.icd10 import CODE_FAMILIES, CODES, lookup
from kneecap.domain.clinical.scope import ALL_PERMISSIONS, permissions_for
from kneecap.domain.clinical.side import Laterality, Side

NOW = datetime(2025, 3, 4, 14, 5, tzinfo=UTC)


def test_only_the_chiropractor_diagnoses_and_releases() -> None:
    for role in Role:
        has = permissions_for(role)
        assert (Action.DIAGNOSIS_RECORD in has) == (role is Role.CHIROPRACTOR)
        assert (Action.DIAGNOSIS_RELEASE in has) == (role is Role.CHIROPRACTOR)
        assert has <= ALL_PERMISSIONS
    assert {Action.FINDINGS_RECORD, Action.FINDINGS_HANDOFF} <= permissions_for(Role.LMT)
    assert permissions_for(Role.ADMIN) == frozenset()
    assert permissions_for("receptionist") == frozenset()


def _by_chiro(code: str, side: Laterality) -> Diagnosis:
    return Diagnosis(code, side, "", "dr-k", Role.CHIROPRACTOR, NOW)


@pytest.mark.parametrize(
    ("side", "code"),
    [
        (Laterality.RIGHT, "M22.2X1"),
        (Laterality.LEFT, "M22.2X2"),
        (Laterality.UNSPECIFIED, "M22.2X9"),
    ],
)
def test_patellofemoral_codes_by_side(side: Laterality, code: str) -> None:
    assert lookup(code).side is side
    assert _by_chiro(code, side).title == "Patellofemoral disorders"


def test_both_knees_are_two_diagnoses_not_one_code() -> None:
    with pytest.raises(ClinicalValidationError, match=r"M22\.2X1 is the right code"):
        _by_chiro("M22.2X1", Laterality.BOTH)
    with pytest.raises(ClinicalValidationError, match="no bilateral code"):
        CODE_FAMILIES[0].base_code(Laterality.BOTH)


def test_code_and_side_must_agree() -> None:
    with pytest.raises(ClinicalValidationError) as err:
        Diagnosis("M22.41", Laterality.LEFT, "", "dr-k", Role.CHIROPRACTOR, NOW)
    assert [p.field for p in err.value.problems] == ["side"]
    assert "M22.41 is the right code" in str(err.value)
    with pytest.raises(ClinicalValidationError, match="not in the clinic's ICD-10-CM list"):
        Diagnosis("M99.99", Laterality.LEFT, "", "dr-k", Role.CHIROPRACTOR, NOW)


def test_sprain_codes_carry_the_encounter() -> None:
    assert lookup("S83.92XA").side is Laterality.LEFT  # initial encounter
    assert {"S83.92XD", "S83.92XS"} <= set(CODES)
    with pytest.raises(ClinicalValidationError, match="not in the clinic's ICD-10-CM list"):
        lookup("S83.92X")  # without its 7th character
    assert "M76.51" in CODES and "M76.31" in CODES and "M22.40" in CODES


def test_client_sees_only_released_chiropractor_diagnoses() -> None:
    draft, other = _by_chiro("M22.41", Laterality.RIGHT), _by_chiro("M22.42", Laterality.LEFT)
    released = release_diagnosis(draft, by_id="dr-k", by_role=Role.CHIROPRACTOR, now=NOW)
    by_lmt = replace(released, author_id="m", author_role=Role.LMT)
    finding = record_finding("lachman", True, Side.LEFT)
    assert visible_to_client([released, other, by_lmt, finding, "text"]) == (released,)


def test_release_is_chiropractor_only_and_keeps_the_first_release() -> None:
    d = _by_chiro("M25.562", Laterality.LEFT)
    with pytest.raises(OutOfScope):
        release_diagnosis(d, by_id="m", by_role=Role.LMT, now=NOW)
    once = release_diagnosis(d, by_id="dr-k", by_role="chiropractor", now=NOW)
    later = NOW.replace(hour=16)
    assert release_diagnosis(once, by_id="dr-k", by_role="chiropractor", now=later) == once
