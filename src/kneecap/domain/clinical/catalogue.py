"""The orthopedic examination catalogue: tests, how each is recorded, and sourced cut-offs.

The tests themselves live in orthopedic_tests.toml beside this module, so a clinician can read
and extend them without touching code. `parse_catalogue` is pure (text in, Catalogue out) and
checks integrity; `catalogue()` reads the bundled file once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from kneecap.domain.clinical.errors import ClinicalError, UnknownTest

CATALOGUE_FILE = "orthopedic_tests.toml"


class Category(StrEnum):
    ALIGNMENT = "alignment"
    STRENGTH = "strength"
    FLEXIBILITY = "flexibility"
    PATELLOFEMORAL = "patellofemoral"
    LIGAMENT = "ligament"
    MENISCUS = "meniscus"
    RANGE_OF_MOTION = "range_of_motion"
    JOINT_SIGNS = "joint_signs"
    FRACTURE_SCREEN = "fracture_screen"


class Sex(StrEnum):
    """For the few cut-offs published per sex (the caller passes it; no record, no cut-off)."""

    FEMALE = "female"
    MALE = "male"


class ResultType(StrEnum):
    BINARY = "binary"
    ANGLE_DEG = "angle_deg"
    FORCE_N = "force_n"
    DISTANCE_CM = "distance_cm"
    DISTANCE_MM = "distance_mm"
    SCORE = "score"
    QUALITY = "quality"

    @property
    def numeric(self) -> bool:
        return self not in (ResultType.BINARY, ResultType.QUALITY)

    @property
    def unit(self) -> str:
        return {
            ResultType.ANGLE_DEG: "°",
            ResultType.FORCE_N: "N",
            ResultType.DISTANCE_CM: "cm",
            ResultType.DISTANCE_MM: "mm",
            ResultType.SCORE: "points",
        }.get(self, "")


@dataclass(frozen=True)
class Bounds:
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Band:
    """A named score band from the source (e.g. Piva 2006 step-down: 2-3 'medium quality')."""

    lower: float
    upper: float
    label: str


@dataclass(frozen=True)
class Reference:
    """A published cut-off: values inside [lower, upper] are within reference.

    `by_sex` holds cut-offs a source gives per sex; they replace lower/upper when the caller
    knows the sex, and without it no cut-off is applied (the text names both). `bands` are
    the source's own labels for ranges of the score.
    """

    source: str
    unit: str
    lower: float | None = None
    upper: float | None = None
    note: str = ""
    by_sex: tuple[tuple[Sex, Bounds], ...] = ()
    bands: tuple[Band, ...] = ()

    def bounds(self, sex: Sex | None) -> Bounds | None:
        """The cut-off that applies; None when it depends on a sex that was not given."""
        if not self.by_sex:
            return Bounds(self.lower, self.upper)
        return dict(self.by_sex).get(sex) if sex is not None else None

    def band(self, value: float) -> Band | None:
        return next((b for b in self.bands if b.lower <= value <= b.upper), None)


@dataclass(frozen=True)
class Norms:
    """Published normative values shown as information; never used to flag a result."""

    text: str
    source: str


@dataclass(frozen=True)
class OrthoTest:
    id: str
    name: str
    category: Category
    evaluates: str
    result: ResultType
    sided: bool
    positive_means: str = ""
    levels: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    reference: Reference | None = None
    # What the source says about the test's accuracy or how to read it (e.g. a weak LR+).
    note: str = ""
    norms: Norms | None = None


@dataclass(frozen=True)
class Catalogue:
    tests: tuple[OrthoTest, ...]

    def get(self, test_id: str) -> OrthoTest:
        for t in self.tests:
            if t.id == test_id:
                return t
        raise UnknownTest(test_id)

    def in_category(self, category: Category) -> tuple[OrthoTest, ...]:
        return tuple(t for t in self.tests if t.category is category)


class CatalogueError(ClinicalError):
    """The catalogue data file is malformed; the message names the test and the fault."""


def _bounds(test_id: str, raw: dict[str, Any], where: str) -> Bounds:
    if raw.get("lower") is None and raw.get("upper") is None:
        raise CatalogueError(f"test {test_id!r}: {where} needs a lower or upper bound")
    return Bounds(raw.get("lower"), raw.get("upper"))


def _reference(test_id: str, raw: dict[str, Any]) -> Reference:
    if not str(raw.get("source", "")).strip():
        raise CatalogueError(f"test {test_id!r}: a reference cut-off must name its source")
    by_sex: list[tuple[Sex, Bounds]] = []
    for sex in Sex:
        if sex.value in raw:
            by_sex.append((sex, _bounds(test_id, raw[sex.value], f"the {sex} cut-off")))
    if by_sex and len(by_sex) != len(Sex):
        raise CatalogueError(f"test {test_id!r}: give the cut-off for every sex or for none")
    if not by_sex:
        _bounds(test_id, raw, "a reference")
    bands = tuple(Band(b["lower"], b["upper"], b["label"]) for b in raw.get("bands", ()))
    return Reference(
        source=raw["source"],
        unit=raw.get("unit", ""),
        lower=raw.get("lower"),
        upper=raw.get("upper"),
        note=raw.get("note", ""),
        by_sex=tuple(by_sex),
        bands=bands,
    )


def _norms(test_id: str, raw: dict[str, Any]) -> Norms:
    if not str(raw.get("source", "")).strip() or not str(raw.get("text", "")).strip():
        raise CatalogueError(f"test {test_id!r}: normative values need their text and source")
    return Norms(raw["text"], raw["source"])


def _test(raw: dict[str, Any]) -> OrthoTest:
    test_id = raw.get("id", "<no id>")
    try:
        category = Category(raw["category"])
        result = ResultType(raw["result"])
    except (KeyError, ValueError) as exc:
        raise CatalogueError(
            f"test {test_id!r}: missing or unknown category/result ({exc})"
        ) from exc
    for key in ("id", "name", "evaluates"):
        if not str(raw.get(key, "")).strip():
            raise CatalogueError(f"test {test_id!r}: {key} is required")
    if "sided" not in raw:
        raise CatalogueError(f"test {test_id!r}: say whether it is recorded per side (sided)")
    if result is ResultType.QUALITY and len(raw.get("levels", ())) < 2:
        raise CatalogueError(f"test {test_id!r}: a quality rating needs at least two levels")
    if result.numeric and (raw.get("min") is None or raw.get("max") is None):
        raise CatalogueError(f"test {test_id!r}: a numeric result needs min and max")
    if result is ResultType.BINARY and not str(raw.get("positive_means", "")).strip():
        raise CatalogueError(f"test {test_id!r}: say what a positive result means")
    ref = raw.get("reference")
    norms = raw.get("norms")
    return OrthoTest(
        id=raw["id"],
        name=raw["name"],
        category=category,
        evaluates=raw["evaluates"],
        result=result,
        sided=bool(raw["sided"]),
        positive_means=raw.get("positive_means", ""),
        levels=tuple(raw.get("levels", ())),
        min=raw.get("min"),
        max=raw.get("max"),
        reference=_reference(test_id, ref) if ref is not None else None,
        note=raw.get("note", ""),
        norms=_norms(test_id, norms) if norms is not None else None,
    )


def parse_catalogue(text: str) -> Catalogue:
    """Parse and check catalogue TOML text; raise CatalogueError naming the faulty test."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"catalogue is not valid TOML: {exc}") from exc
    tests = tuple(_test(raw) for raw in data.get("test", ()))
    seen: set[str] = set()
    for t in tests:
        if t.id in seen:
            raise CatalogueError(f"test id {t.id!r} appears twice")
        seen.add(t.id)
    return Catalogue(tests)


@cache
def catalogue() -> Catalogue:
    """The catalogue bundled with Kneecap (package data, read once)."""
    text = resources.files(__package__).joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return parse_catalogue(text)
