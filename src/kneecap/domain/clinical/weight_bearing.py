"""Ability to take four weight-bearing steps, as the Ottawa and Pittsburgh knee rules ask it."""

from __future__ import annotations

from enum import StrEnum


class WeightBearing(StrEnum):
    NORMAL = "normal"
    LIMPING = "limping"  # Ottawa (Stiell 1995): limping still counts as bearing weight
    UNABLE = "unable"  # cannot take 4 steps / transfer weight twice onto each leg

    @property
    def unable(self) -> bool:
        return self is WeightBearing.UNABLE


def unable(wb: WeightBearing | None) -> bool | None:
    return None if wb is None else wb.unable
