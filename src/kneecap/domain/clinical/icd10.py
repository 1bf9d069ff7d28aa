"""A small ICD-10-CM catalogue for the knee conditions this clinic records, kept as data.

Codes are from the ICD-10-CM tabular list (CDC/NCHS). ICD-10-CM has no bilateral code for these
conditions: a problem in both knees is recorded as two diagnoses, right and left.
Only codes the authors are sure of are listed; add more here, never in code branches.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneecap.domain.clinical.errors import ClinicalValidationError, FieldProblem
from kneecap.domain.clinical.side import Laterality


class Encounter(StrEnum):
    """7th character for injury (S) codes."""

    INITIAL = "A"
    SUBSEQUENT = "D"
    SEQUELA = "S"


@dataclass(frozen=True)
class CodeFamily:
    id: str
    title: str
    right: str
    left: str
    unspecified: str
    needs_encounter: bool = False  # S-codes take a 7th character (Encounter)

    def base_code(self, side: Laterality) -> str:
        if side is Laterality.BOTH:
            raise ClinicalValidationError(
                [FieldProblem("side", "no bilateral code: record right and left separately")]
            )
        return {
            Laterality.RIGHT: self.right,
            Laterality.LEFT: self.left,
            Laterality.UNSPECIFIED: self.unspecified,
        }[side]


CODE_FAMILIES: tuple[CodeFamily, ...] = (
    CodeFamily(
        "patellofemoral_disorder", "Patellofemoral disorders", "M22.2X1", "M22.2X2", "M22.2X9"
    ),
    CodeFamily("chondromalacia_patellae", "Chondromalacia patellae", "M22.41", "M22.42", "M22.40"),
    CodeFamily("patellar_tendinitis", "Patellar tendinitis", "M76.51", "M76.52", "M76.50"),
    CodeFamily(
        "iliotibial_band_syndrome", "Iliotibial band syndrome", "M76.31", "M76.32", "M76.30"
    ),
    CodeFamily(
        "internal_derangement_knee",
        "Unspecified internal derangement of knee (e.g. suspected meniscal lesion)",
        "M23.91",
        "M23.92",
        "M23.90",
    ),
    CodeFamily("knee_pain", "Pain in knee", "M25.561", "M25.562", "M25.569"),
    CodeFamily(
        "knee_sprain",
        "Sprain of unspecified site of knee",
        "S83.91X",
        "S83.92X",
        "S83.90X",
        needs_encounter=True,
    ),
)


@dataclass(frozen=True)
class CodeEntry:
    code: str
    family: CodeFamily
    side: Laterality


def _index() -> dict[str, CodeEntry]:
    out: dict[str, CodeEntry] = {}
    for fam in CODE_FAMILIES:
        for side in (Laterality.RIGHT, Laterality.LEFT, Laterality.UNSPECIFIED):
            base = fam.base_code(side)
            codes = [base + e.value for e in Encounter] if fam.needs_encounter else [base]
            out.update({c: CodeEntry(c, fam, side) for c in codes})
    return out


CODES: dict[str, CodeEntry] = _index()


def lookup(code: str) -> CodeEntry:
    try:
        return CODES[code.strip().upper()]
    except KeyError:
        raise ClinicalValidationError(
            [FieldProblem("code", f"{code!r} is not in the clinic's ICD-10-CM list")]
        ) from None
