"""Where an activity's sport and times come from, and what in them needs a person to confirm.

Readers attach these to every activity; the load engine and the pages use them to say how a
sport was decided, and to ask the runner (or clinician) to confirm what a file cannot settle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SportBasis(StrEnum):
    RECORDED = "recorded"  # stored or entered as is (database rows, demo data, manual entries)
    DEVICE = "device"  # the file's own sport field (FIT session/sport, TCX Sport, GPX <type>)
    EXPORT = "export"  # the export's record of it (Strava activities.csv, Garmin summaries)
    INFERRED = "inferred"  # from speed, its variability and cadence (sport_inference.py)
    CONFIRMED = "confirmed"  # set by the runner or a clinician


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class SportCall:
    """How the sport was decided: basis, confidence, the reason in words, and whether a person
    must confirm it before it is trusted."""

    basis: SportBasis = SportBasis.RECORDED
    confidence: Confidence = Confidence.HIGH
    reason: str = ""
    needs_confirmation: bool = False

    @staticmethod
    def device(label: str) -> SportCall:
        return SportCall(SportBasis.DEVICE, Confidence.HIGH, f"the file says {label!r}")

    @staticmethod
    def export(source: str, label: str) -> SportCall:
        return SportCall(SportBasis.EXPORT, Confidence.HIGH, f"{source} says {label!r}")


class IssueCode(StrEnum):
    DATE_IMPLAUSIBLE = "date-implausible"  # before GPS watches existed, or in the future
    CLOCK_NOT_SET = "clock-not-set"  # FIT times counted from power-on, not a calendar date
    DATE_FROM_FILE = "date-from-file"  # track without times, dated by the file's own time
    CUT_AT_DAMAGE = "cut-at-damage"  # timestamps jumped implausibly: the data was cut there
    OUT_OF_ORDER = "out-of-order"  # points not in time order: duration from the span
    DURATION_CAPPED = "duration-capped"  # a summary claimed more time than the data covers
    DURATION_UNKNOWN = "duration-unknown"  # no usable times: distance only
    VERY_LONG = "very-long"  # longer than a day: to be confirmed


@dataclass(frozen=True, slots=True)
class Issue:
    """Something about one activity a person should know; `needs_confirmation` marks the ones
    that keep it out of the load series until someone confirms it."""

    code: IssueCode
    message: str
    needs_confirmation: bool = False
