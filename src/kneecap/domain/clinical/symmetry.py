"""Limb symmetry index: the symptomatic side as a percentage of the other side.

LSI = 100 x symptomatic / other. Only for capacities where more is better (force, distance).
Kneecap holds no PFP-specific LSI cut-off with a source, so every result says "no reference";
the clinician reads the percentage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kneecap.domain.clinical.catalogue import Catalogue, ResultType, catalogue
from kneecap.domain.clinical.errors import ClinicalError, FieldProblem, check
from kneecap.domain.clinical.findings import Finding, latest
from kneecap.domain.clinical.side import Side

SYMMETRY_RESULT_TYPES = frozenset({ResultType.FORCE_N, ResultType.DISTANCE_CM})
NO_REFERENCE = "no reference"


class SymmetryUnavailable(ClinicalError):
    """LSI cannot be computed (a side is missing, or the test is not a capacity measure)."""


def limb_symmetry_index(symptomatic: float, other: float) -> float:
    problems: list[FieldProblem] = []
    if symptomatic < 0:
        problems.append(FieldProblem("symptomatic", "cannot be negative"))
    if other <= 0:
        problems.append(FieldProblem("other", "must be above zero to compare against"))
    check(problems)
    return 100.0 * symptomatic / other


@dataclass(frozen=True)
class SymmetryResult:
    test_id: str
    symptomatic_side: Side
    symptomatic_value: float
    other_value: float
    lsi_percent: float
    reference: str = NO_REFERENCE


def symmetry(
    findings: Sequence[Finding],
    test_id: str,
    symptomatic_side: Side,
    tests: Catalogue | None = None,
) -> SymmetryResult:
    test = (tests or catalogue()).get(test_id)
    if test.result not in SYMMETRY_RESULT_TYPES:
        raise SymmetryUnavailable(
            f"{test.name} is not a force or distance measure; a symmetry index would mislead"
        )
    values: dict[Side, float] = {}
    for side in Side:
        f = latest(list(findings), test_id, side)
        if f is None or not isinstance(f.value, float):
            raise SymmetryUnavailable(f"record {test.name} on the {side} side to compare sides")
        # Force depends on body mass only through normalisation, which cancels in the ratio.
        values[side] = f.value
    sym, other = values[symptomatic_side], values[symptomatic_side.other]
    return SymmetryResult(test_id, symptomatic_side, sym, other, limb_symmetry_index(sym, other))


def all_symmetries(
    findings: Sequence[Finding], symptomatic_side: Side, tests: Catalogue | None = None
) -> tuple[SymmetryResult, ...]:
    """Every capacity test recorded on both sides."""
    cat = tests or catalogue()
    out = []
    for t in cat.tests:
        if t.result in SYMMETRY_RESULT_TYPES:
            try:
                out.append(symmetry(findings, t.id, symptomatic_side, cat))
            except SymmetryUnavailable:
                continue
    return tuple(out)
