"""Minimal clinically important differences, kept in data/mcid.json with their sources."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kneecap.domain.outcomes.errors import UnknownInstrumentError


@dataclass(frozen=True, slots=True)
class Mcid:
    instrument: str
    value: float
    higher_is_better: bool
    source: str
    # A proportional improvement its source also counts (e.g. 0.30 = 30% less pain); None: none.
    relative: float | None = None
    relative_source: str = ""


@cache
def mcid_table() -> dict[str, Mcid]:
    raw = json.loads(
        resources.files("kneecap.domain.outcomes").joinpath("data/mcid.json").read_text("utf-8")
    )
    return {
        key: Mcid(
            instrument=key,
            value=float(entry["value"]),
            higher_is_better=bool(entry["higher_is_better"]),
            source=str(entry["source"]),
            relative=None if entry.get("relative") is None else float(entry["relative"]),
            relative_source=str(entry.get("relative_source", "")),
        )
        for key, entry in raw.items()
        if not key.startswith("_")
    }


def mcid_for(instrument: str) -> Mcid:
    try:
        return mcid_table()[instrument]
    except KeyError:
        known = ", ".join(sorted(mcid_table()))
        raise UnknownInstrumentError(
            f"No MCID is known for {instrument!r}; use one of {known} or pass an Mcid yourself."
        ) from None
