"""Body side: findings are per limb; complaints and diagnoses may be on both knees."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Laterality(StrEnum):
    """Where the complaint or diagnosis is; BOTH is split into two records for coding."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    UNSPECIFIED = "unspecified"

    def sides(self) -> tuple[Side, ...]:
        return {
            Laterality.LEFT: (Side.LEFT,),
            Laterality.RIGHT: (Side.RIGHT,),
            Laterality.BOTH: (Side.RIGHT, Side.LEFT),
            Laterality.UNSPECIFIED: (),
        }[self]
