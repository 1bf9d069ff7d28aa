"""Recording an examination finding, validated against its test's result type, and reading it
against the test's sourced reference (or saying there is none)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from kneecap.domain.clinical.catalogue import (
    Bounds,
    Catalogue,
    OrthoTest,
    Reference,
    ResultType,
    Sex,
    catalogue,
)
from kneecap.domain.clinical.errors import FieldProblem, check
from kneecap.domain.clinical.side import Side

# Standard gravity (CGPM 1901) converts newtons to "percent of body weight".
STANDARD_GRAVITY = 9.80665
MIN_BODY_MASS_KG = 10.0
MAX_BODY_MASS_KG = 350.0

Value = bool | float | str


@dataclass(frozen=True)
class Finding:
    """One recorded result. Build it with `record_finding` so it is validated."""

    test_id: str
    value: Value
    side: Side | None = None
    body_mass_kg: float | None = None  # kept with force results so normalisation is repeatable
    note: str = ""


def _problems(
    test: OrthoTest, value: Value, side: Side | None, mass: float | None
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if test.sided and side is None:
        problems.append(
            FieldProblem("side", f"{test.name} is recorded per side: choose left or right")
        )
    if not test.sided and side is not None:
        problems.append(
            FieldProblem("side", f"{test.name} is not recorded per side; leave it empty")
        )
    if test.result is ResultType.BINARY:
        if not isinstance(value, bool):
            problems.append(
                FieldProblem("value", f"{test.name} is positive or negative (true/false)")
            )
    elif test.result is ResultType.QUALITY:
        if value not in test.levels:
            problems.append(
                FieldProblem("value", f"{test.name} is rated one of: {', '.join(test.levels)}")
            )
    elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(FieldProblem("value", f"{test.name} needs a number in {test.result.unit}"))
    elif test.min is not None and test.max is not None and not test.min <= value <= test.max:
        problems.append(
            FieldProblem(
                "value",
                f"{test.name} must be {test.min:g} to {test.max:g} {test.result.unit}, "
                f"got {value:g}",
            )
        )
    if test.result is ResultType.FORCE_N:
        if mass is None:
            problems.append(FieldProblem("body_mass_kg", "needed to normalise force (N/kg, %BW)"))
        elif not MIN_BODY_MASS_KG <= mass <= MAX_BODY_MASS_KG:
            problems.append(
                FieldProblem(
                    "body_mass_kg", f"must be {MIN_BODY_MASS_KG:g}-{MAX_BODY_MASS_KG:g} kg"
                )
            )
    elif mass is not None:
        problems.append(FieldProblem("body_mass_kg", "only force results take a body mass"))
    return problems


def record_finding(
    test_id: str,
    value: Value,
    side: Side | None = None,
    *,
    body_mass_kg: float | None = None,
    note: str = "",
    tests: Catalogue | None = None,
) -> Finding:
    """Validate `value` against the test's result type; raise ClinicalValidationError if wrong."""
    test = (tests or catalogue()).get(test_id)
    check(_problems(test, value, side, body_mass_kg))
    if test.result.numeric:
        value = float(value)
    return Finding(test_id, value, side, body_mass_kg, note)


@dataclass(frozen=True)
class NormalisedForce:
    newtons: float
    n_per_kg: float
    percent_body_weight: float


def normalise_force(newtons: float, body_mass_kg: float) -> NormalisedForce:
    return NormalisedForce(
        newtons=newtons,
        n_per_kg=newtons / body_mass_kg,
        percent_body_weight=100.0 * newtons / (body_mass_kg * STANDARD_GRAVITY),
    )


class Status(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    WITHIN_REFERENCE = "within reference"
    BELOW_REFERENCE = "below reference"
    ABOVE_REFERENCE = "above reference"
    NO_REFERENCE = "no reference"

    @property
    def flagged(self) -> bool:
        return self in (Status.POSITIVE, Status.BELOW_REFERENCE, Status.ABOVE_REFERENCE)


@dataclass(frozen=True)
class Interpretation:
    finding: Finding
    test: OrthoTest
    status: Status
    text: str  # e.g. "Lachman test (right): positive"
    source: str | None  # the reference's source when a cut-off was applied


def format_value(test: OrthoTest, finding: Finding) -> str:
    v = finding.value
    if test.result is ResultType.BINARY:
        return "positive" if v else "negative"
    if test.result is ResultType.QUALITY:
        return str(v)
    assert isinstance(v, float)
    if test.result is ResultType.FORCE_N and finding.body_mass_kg:
        f = normalise_force(v, finding.body_mass_kg)
        return f"{v:.0f} N ({f.n_per_kg:.2f} N/kg, {f.percent_body_weight:.1f} %BW)"
    unit = test.result.unit
    return f"{v:g}{unit}" if unit == "°" else f"{v:g} {unit}"


def _by_sex(ref: Reference) -> str:
    def one(b: Bounds) -> str:
        parts = ([f"≥ {b.lower:g}"] if b.lower is not None else []) + (
            [f"≤ {b.upper:g}"] if b.upper is not None else []
        )
        return " ".join(parts)

    return ", ".join(f"{sex} {one(b)}" for sex, b in ref.by_sex)


def interpret(
    finding: Finding, tests: Catalogue | None = None, *, sex: Sex | None = None
) -> Interpretation:
    """Read a finding against its test's sourced cut-off; `sex` picks a per-sex cut-off."""
    test = (tests or catalogue()).get(finding.test_id)
    label = f"{test.name} ({finding.side})" if finding.side else test.name
    text = f"{label}: {format_value(test, finding)}"
    ref = test.reference
    if test.result is ResultType.BINARY:
        status = Status.POSITIVE if finding.value else Status.NEGATIVE
        return Interpretation(finding, test, status, text, None)
    if ref is None or not isinstance(finding.value, float):
        return Interpretation(finding, test, Status.NO_REFERENCE, f"{text} — no reference", None)
    bounds = ref.bounds(sex)
    if bounds is None:
        why = (
            f"{text} — no reference applied: the cut-off depends on sex ({_by_sex(ref)} {ref.unit})"
        )
        return Interpretation(finding, test, Status.NO_REFERENCE, why, ref.source)
    if bounds.lower is not None and finding.value < bounds.lower:
        status = Status.BELOW_REFERENCE
    elif bounds.upper is not None and finding.value > bounds.upper:
        status = Status.ABOVE_REFERENCE
    else:
        status = Status.WITHIN_REFERENCE
    band = ref.band(finding.value)
    shown = f"{text} — {status}" + (f" ({band.label})" if band else "")
    return Interpretation(finding, test, status, shown, ref.source)


def latest(
    findings: tuple[Finding, ...] | list[Finding], test_id: str, side: Side | None
) -> Finding | None:
    """The last recorded finding for a test and side (findings are kept in recording order)."""
    for f in reversed(findings):
        if f.test_id == test_id and (side is None or f.side in (side, None)):
            return f
    return None
