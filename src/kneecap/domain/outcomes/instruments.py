"""Questionnaires kept as data (data/*.json) and a generic scorer for option-point items.

A questionnaire item is answered with a 0-based option index in the published order; the item's
`points` give what each option is worth. Keeping the points in data lets a clinic switch to the
variant its copy of a questionnaire uses without touching code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeGuard

from kneecap.domain.outcomes.errors import (
    AnswerOutOfRangeError,
    MissingAnswerError,
    UnknownInstrumentError,
    UnknownItemError,
)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    label: str
    options: tuple[str, ...]
    points: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Questionnaire:
    id: str
    name: str
    source: str
    higher_is_better: bool
    min_score: float
    max_score: float
    items: tuple[Item, ...]
    variant: str = "default"

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


def _raw(instrument_id: str) -> dict[str, Any]:
    try:
        text = resources.files("kneecap.domain.outcomes").joinpath(f"data/{instrument_id}.json")
        data: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UnknownInstrumentError(f"No questionnaire data named {instrument_id!r}.") from exc
    return data


@cache
def load_questionnaire(instrument_id: str, variant: str = "default") -> Questionnaire:
    """Load a questionnaire from the package data; `variant` picks another set of option points."""
    data = _raw(instrument_id)
    overrides: dict[str, list[int]] = {}
    source = str(data["source"])
    if variant != "default":
        variants = data.get("variants", {})
        if variant not in variants:
            known = ", ".join(["default", *variants]) or "default"
            raise UnknownInstrumentError(
                f"Questionnaire {instrument_id!r} has no variant {variant!r}; "
                f"choose one of {known}."
            )
        overrides = variants[variant]["points"]
        source = str(variants[variant]["source"])
    items = tuple(
        Item(
            id=raw["id"],
            label=raw["label"],
            options=tuple(raw.get("options", ())),
            points=tuple(overrides.get(raw["id"], raw.get("points", ()))),
        )
        for raw in data["items"]
    )
    return Questionnaire(
        id=data["id"],
        name=data["name"],
        source=source,
        higher_is_better=bool(data["higher_is_better"]),
        min_score=float(data["min_score"]),
        max_score=float(data["max_score"]),
        items=items,
        variant=variant,
    )


def whole_number_in(value: object, low: int, high: int) -> TypeGuard[int]:
    """True for an int within [low, high]; bool is refused (an int subclass, but a form bug)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check_items(questionnaire: Questionnaire, answers: Mapping[str, int | None]) -> None:
    """Refuse unknown items and missing answers, naming the first offending item."""
    known = {item.id for item in questionnaire.items}
    for item_id in answers:
        if item_id not in known:
            raise UnknownItemError(
                f"{questionnaire.name} has no item {item_id!r}; remove it from the response.",
                instrument=questionnaire.id,
                item=item_id,
            )
    missing = [item.id for item in questionnaire.items if answers.get(item.id) is None]
    if missing:
        raise MissingAnswerError(
            f"{questionnaire.name}: item {missing[0]!r} is not answered"
            + (f" (also {', '.join(missing[1:])})" if len(missing) > 1 else "")
            + "; every item needs an answer before the form can be scored.",
            instrument=questionnaire.id,
            item=missing[0],
        )


def option_points(
    questionnaire: Questionnaire, answers: Mapping[str, int | None]
) -> dict[str, int]:
    """Points per item for answers given as 0-based option indexes in published order."""
    check_items(questionnaire, answers)
    scored: dict[str, int] = {}
    for item in questionnaire.items:
        index = answers[item.id]
        if not whole_number_in(index, 0, len(item.points) - 1):
            raise AnswerOutOfRangeError(
                f"{questionnaire.name}: item {item.id!r} ({item.label}) got {index!r}; "
                f"answer with an option number from 0 to {len(item.points) - 1}.",
                instrument=questionnaire.id,
                item=item.id,
            )
        scored[item.id] = item.points[index]
    return scored
