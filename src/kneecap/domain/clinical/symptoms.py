"""Symptom profile: where it hurts (knee diagram regions kept as data), what provokes it, signs.

Region coordinates are for a front / back knee diagram drawn in a 100 x 100 box, so the page can
draw clickable zones from this table without its own copy of the anatomy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneecap.domain.clinical.errors import FieldProblem, check, check_scale
from kneecap.domain.clinical.side import Laterality


@dataclass(frozen=True)
class KneeRegion:
    id: str
    label: str
    view: str  # "front" or "back" of the diagram
    x: int
    y: int
    radius: int
    # Counts as "pain behind or around the patella" (JOSPT 2019 CPG, Willy et al., criterion 1).
    patellofemoral: bool


KNEE_REGIONS: tuple[KneeRegion, ...] = (
    KneeRegion("peripatellar", "Around the kneecap", "front", 50, 45, 22, True),
    KneeRegion("retropatellar", "Behind the kneecap (deep)", "front", 50, 45, 10, True),
    KneeRegion("suprapatellar", "Above the kneecap (quadriceps tendon)", "front", 50, 18, 9, False),
    KneeRegion("patellar_tendon", "Below the kneecap (patellar tendon)", "front", 50, 72, 8, False),
    KneeRegion("medial_joint_line", "Inner joint line", "front", 25, 60, 8, False),
    KneeRegion("lateral_joint_line", "Outer joint line", "front", 75, 60, 8, False),
    KneeRegion(
        "lateral_femoral_epicondyle", "Outer side above joint (IT band)", "front", 80, 40, 8, False
    ),
    KneeRegion("pes_anserine", "Inner shin below joint", "front", 30, 80, 8, False),
    KneeRegion("fibular_head", "Outer side below joint (fibular head)", "front", 78, 78, 7, False),
    KneeRegion("popliteal", "Back of the knee", "back", 50, 50, 15, False),
)
REGIONS_BY_ID = {r.id: r for r in KNEE_REGIONS}


class Provocation(StrEnum):
    SQUATTING = "squatting"
    STAIRS_UP = "stairs_up"
    STAIRS_DOWN = "stairs_down"
    RUNNING = "running"
    HILLS = "hills"
    JUMPING = "jumping"
    KNEELING = "kneeling"
    PROLONGED_SITTING = "prolonged_sitting"  # long sitting with bent knees


# JOSPT 2019 CPG (Willy et al.) criterion 2: squatting, stair climbing, prolonged sitting or other
# functional activities loading the patellofemoral joint in a flexed position. All listed
# provocations are bent-knee loading tasks, so each counts.
LOADED_FLEXION_PROVOCATIONS = frozenset(Provocation)


@dataclass(frozen=True)
class RedFlagScreen:
    """Answers to the red-flag questions; None means not asked yet."""

    hot_swollen_joint: bool | None = None
    fever_or_unwell: bool | None = None
    night_pain: bool | None = None
    unrelenting_pain: bool | None = None
    night_sweats: bool | None = None
    unexplained_weight_change: bool | None = None
    hip_internal_rotation_painful_or_limited: bool | None = None
    unable_to_bear_weight: bool | None = None


@dataclass(frozen=True)
class SymptomProfile:
    side: Laterality
    regions: frozenset[str]
    provocations: frozenset[Provocation]
    usual_pain: int  # numeric rating 0-10
    worst_pain: int
    swelling: bool = False
    # Hours from the injury until swelling appeared; only meaningful after a traumatic onset.
    swelling_onset_hours: float | None = None
    tenderness: bool = False
    crepitus: bool = False
    giving_way: bool = False
    locking: bool = False
    red_flags: RedFlagScreen = RedFlagScreen()

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        unknown = sorted(self.regions - REGIONS_BY_ID.keys())
        if unknown:
            problems.append(
                FieldProblem("regions", f"unknown region(s) {', '.join(unknown)}; use KNEE_REGIONS")
            )
        if not self.regions:
            problems.append(FieldProblem("regions", "mark at least one painful region"))
        check_scale(problems, "usual_pain", self.usual_pain, 0, 10)
        check_scale(problems, "worst_pain", self.worst_pain, 0, 10)
        if self.worst_pain < self.usual_pain:
            problems.append(
                FieldProblem(
                    "worst_pain", "the worst pain cannot be lower than the usual pain; check both"
                )
            )
        if self.swelling_onset_hours is not None:
            if not self.swelling:
                problems.append(
                    FieldProblem("swelling_onset_hours", "only give it when there is swelling")
                )
            elif self.swelling_onset_hours < 0:
                problems.append(FieldProblem("swelling_onset_hours", "cannot be negative"))
        check(problems)

    @property
    def patellofemoral_regions(self) -> tuple[KneeRegion, ...]:
        return tuple(
            REGIONS_BY_ID[r] for r in sorted(self.regions) if REGIONS_BY_ID[r].patellofemoral
        )
