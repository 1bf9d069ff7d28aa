"""Scope of practice: permissions by role, diagnosis coding and what a client may see."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.diagnosis import (
    Diagnosis,
    record_diagnosis,
    release_diagnosis,
    visible_to_client,
)
from kneecap.domain.clinical.errors import ClinicalValidationError, OutOfScope
from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.icd10 import CODES, Encounter, code_for
from kneecap.domain.clinical.scope import ALL_PERMISSIONS, permissions_for
from kneecap.domain.clinical.side import Laterality, Side

NOW = datetime(2025, 3, 4, 14, 5, tzinfo=UTC)
CHIRO = dict(author_id="dr-k", author_role=Role.CHIROPRACTOR, now=NOW)


def test_only_the_chiropractor_diagnoses_and_releases() -> None:
    for role in Role:
        has = permissions_for(role)
        assert (Action.DIAGNOSIS_RECORD in has) == (role is Role.CHIROPRACTOR)
        assert (Action.DIAGNOSIS_RELEASE in has) == (role is Role.CHIROPRACTOR)
        assert has <= ALL_PERMISSIONS
    assert {Action.FINDINGS_RECORD, Action.FINDINGS_HANDOFF} <= permissions_for(Role.LMT)
    assert permissions_for(Role.ADMIN) == frozenset()
    assert permissions_for("receptionist") == frozenset()


@pytest.mark.parametrize(
    ("side", "codes"),
    [
        (Laterality.RIGHT, ["M22.2X1"]),
        (Laterality.LEFT, ["M22.2X2"]),
        (Laterality.UNSPECIFIED, ["M22.2X9"]),
        (Laterality.BOTH, ["M22.2X1", "M22.2X2"]),
    ],
)
def test_patellofemoral_codes_by_side(side: Laterality, codes: list[str]) -> None:
    got = record_diagnosis("patellofemoral_disorder", side, note="PFP", **CHIRO)  # type: ignore[arg-type]
    assert [d.code for d in got] == codes
    assert got[0].title == "Patellofemoral disorders"


def test_lmt_cannot_record_a_diagnosis() -> None:
    with pytest.raises(OutOfScope, match="hand your findings"):
        record_diagnosis(
            "patellofemoral_disorder", Laterality.LEFT, note="", author_id="m",
            author_role=Role.LMT, now=NOW,
        )  # fmt: skip


def test_code_and_side_must_agree() -> None:
    with pytest.raises(ClinicalValidationError) as err:
        Diagnosis("M22.41", Laterality.LEFT, "", "dr-k", Role.CHIROPRACTOR, NOW)
    assert [p.field for p in err.value.problems] == ["side"]
    assert "M22.41 is the right code" in str(err.value)
    with pytest.raises(ClinicalValidationError, match="not in the clinic's ICD-10-CM list"):
        Diagnosis("M99.99", Laterality.LEFT, "", "dr-k", Role.CHIROPRACTOR, NOW)


def test_sprain_codes_need_an_encounter_and_both_is_refused_as_a_code() -> None:
    assert code_for("knee_sprain", Laterality.LEFT, Encounter.INITIAL) == "S83.92XA"
    with pytest.raises(ClinicalValidationError, match="encounter"):
        code_for("knee_sprain", Laterality.LEFT)
    with pytest.raises(ClinicalValidationError, match="no bilateral code"):
        code_for("knee_pain", Laterality.BOTH)
    with pytest.raises(ClinicalValidationError, match="unknown condition"):
        code_for("gout", Laterality.LEFT)
    assert "M76.51" in CODES and "M76.31" in CODES and "M22.40" in CODES


def test_client_sees_only_released_chiropractor_diagnoses() -> None:
    draft, other = record_diagnosis("chondromalacia_patellae", Laterality.BOTH, note="", **CHIRO)  # type: ignore[arg-type]
    released = release_diagnosis(draft, by_id="dr-k", by_role=Role.CHIROPRACTOR, now=NOW)
    by_lmt = replace(released, author_id="m", author_role=Role.LMT)
    finding = record_finding("lachman", True, Side.LEFT)
    assert visible_to_client([released, other, by_lmt, finding, "text"]) == (released,)


def test_release_is_chiropractor_only_and_keeps_the_first_release() -> None:
    (d,) = record_diagnosis("knee_pain", Laterality.LEFT, note="", **CHIRO)  # type: ignore[arg-type]
    with pytest.raises(OutOfScope):
        release_diagnosis(d, by_id="m", by_role=Role.LMT, now=NOW)
    once = release_diagnosis(d, by_id="dr-k", by_role="chiropractor", now=NOW)
    later = NOW.replace(hour=16)
    assert release_diagnosis(once, by_id="dr-k", by_role="chiropractor", now=later) == once
