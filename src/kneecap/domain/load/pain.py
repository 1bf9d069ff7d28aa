"""Pain-monitoring model (Silbernagel et al. 2007) applied to the runner's pain log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kneecap.domain.load import rules as R
from kneecap.domain.load.guardrails import Alert


class PainZone(StrEnum):
    SAFE = "safe"  # 0–2
    ACCEPTABLE = "acceptable"  # up to 5
    TOO_MUCH = "too-much"  # above 5


@dataclass(frozen=True, slots=True)
class PainEntry:
    day: date
    during: float  # 0–10 NRS during/just after the run
    next_morning: float | None = None  # pain or stiffness the next morning, 0–10
    baseline_morning: float | None = None  # usual morning level before this session


class InvalidPainEntry(ValueError):
    """`errors` maps a field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def checked_entry(
    day: date,
    during: float,
    next_morning: float | None = None,
    baseline_morning: float | None = None,
    today: date | None = None,
) -> PainEntry:
    """A pain-log entry with every value on the 0–10 scale and the day not in the future."""
    errors = {
        name: "give a number from 0 (no pain) to 10 (worst imaginable)"
        for name, v in (
            ("during", during), ("next_morning", next_morning),
            ("baseline_morning", baseline_morning),
        )
        if v is not None and not 0 <= v <= 10
    }  # fmt: skip
    if today is not None and day > today:
        errors["day"] = "the day cannot be in the future"
    if errors:
        raise InvalidPainEntry(errors)
    return PainEntry(day, during, next_morning, baseline_morning)


def pain_zone(during: float) -> PainZone:
    if not 0 <= during <= 10:
        raise ValueError("pain must be on the 0–10 scale")
    if during <= R.PAIN_SAFE_MAX:
        return PainZone.SAFE
    if during <= R.PAIN_ACCEPTABLE_MAX:
        return PainZone.ACCEPTABLE
    return PainZone.TOO_MUCH


def worse_next_morning(e: PainEntry) -> bool:
    return (
        e.next_morning is not None
        and e.baseline_morning is not None
        and e.next_morning > e.baseline_morning
    )


def needs_step_back(e: PainEntry) -> bool:
    """Silbernagel: pain > 5 during, or next morning worse than before → reduce load."""
    return pain_zone(e.during) is PainZone.TOO_MUCH or worse_next_morning(e)


def pain_alerts(entries: list[PainEntry]) -> list[Alert]:
    out = []
    for e in entries:
        if pain_zone(e.during) is PainZone.TOO_MUCH:
            r = R.PAIN_DURING
            out.append(Alert(r.id, e.day, R.Severity.WARNING,
                f"Pain {e.during:g}/10 during the run is above 5: too much. Step back to the"
                " previous stage.", {"pain_during": e.during}, r.source, r.evidence))  # fmt: skip
        if worse_next_morning(e):
            r = R.PAIN_NEXT_MORNING
            assert e.next_morning is not None and e.baseline_morning is not None
            out.append(Alert(r.id, e.day, R.Severity.WARNING,
                "Next-morning pain or stiffness was worse than before: reduce the load.",
                {"next_morning": e.next_morning, "baseline": e.baseline_morning},
                r.source, r.evidence))  # fmt: skip
    return out
