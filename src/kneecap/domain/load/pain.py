"""Pain-monitoring model (Silbernagel et al. 2007, Am J Sports Med 35(6):897-906) applied to the
runner's pain log. The model's three criteria:
  * pain during activity 0-2 safe, up to 5/10 acceptable, above 5 too much;
  * pain after activity may reach 5 but must have subsided by the next morning;
  * pain and stiffness must not increase from week to week.
Any of them broken -> reduce the load (the planner steps back).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kneecap.domain.calendar.bounds import LOGGED
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
    if today is not None and (problem := LOGGED.problem(day, today)):
        errors["day"] = problem
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
    """Silbernagel: after-activity pain must have subsided by the next morning.

    With the usual morning level known, worse than it. Without it, the morning can still show
    the pain did not subside: higher than during the run (4 during, 6 next morning), or above
    the 5/10 the model accepts even straight after activity.
    """
    m = e.next_morning
    if m is None:
        return False
    if e.baseline_morning is not None:
        return m > e.baseline_morning
    return m > e.during or m > R.PAIN_ACCEPTABLE_MAX


def needs_step_back(e: PainEntry) -> bool:
    """Silbernagel: pain > 5 during, or next morning worse than before → reduce load."""
    return pain_zone(e.during) is PainZone.TOO_MUCH or worse_next_morning(e)


@dataclass(frozen=True, slots=True)
class WeekWorsening:
    """Pain or stiffness higher than the week before (Silbernagel's week-to-week criterion)."""

    week: date  # Monday of the worse week
    day: date  # the Sunday that closed it: when the comparison could be made
    measure: str  # "next-morning" or "during"
    previous: float  # weekly mean of the week before
    mean: float


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def weekly_worsening(
    entries: Sequence[PainEntry], today: date | None = None, min_rise: float = 0.0
) -> list[WeekWorsening]:
    """Weeks whose mean pain rose over the week before; only weeks that are over are judged.

    The next-morning ratings are compared when both weeks have them (pain and stiffness the day
    after, the model's own measure), otherwise the ratings during the run. A week is over once
    `today` is past its Sunday; without `today`, every week before the last logged one is.
    `min_rise` is 0 by default: the model allows no increase at all; a clinic may ask for more.
    """
    weeks: dict[date, list[PainEntry]] = defaultdict(list)
    for e in entries:
        weeks[_monday(e.day)].append(e)
    if not weeks:
        return []
    open_from = _monday(today) if today is not None else max(weeks)
    out: list[WeekWorsening] = []
    for monday in sorted(weeks):
        before = monday - timedelta(weeks=1)
        if monday >= open_from or before not in weeks:
            continue
        this, last = weeks[monday], weeks[before]
        m_this = [e.next_morning for e in this if e.next_morning is not None]
        m_last = [e.next_morning for e in last if e.next_morning is not None]
        if m_this and m_last:
            measure, now, then = "next-morning", m_this, m_last
        else:
            measure, now, then = "during", [e.during for e in this], [e.during for e in last]
        mean, previous = sum(now) / len(now), sum(then) / len(then)
        if mean - previous > min_rise + 1e-9:
            out.append(WeekWorsening(monday, monday + timedelta(days=6), measure, previous, mean))
    return out


def pain_alerts(entries: list[PainEntry], today: date | None = None) -> list[Alert]:
    out = []
    for e in entries:
        if pain_zone(e.during) is PainZone.TOO_MUCH:
            r = R.PAIN_DURING
            out.append(Alert(r.id, e.day, R.Severity.WARNING,
                f"Pain {e.during:g}/10 during the run is above 5: too much. Step back to the"
                " previous stage.", {"pain_during": e.during}, r.source, r.evidence))  # fmt: skip
        if worse_next_morning(e):
            r = R.PAIN_NEXT_MORNING
            assert e.next_morning is not None
            why = {"next_morning": e.next_morning, "during": e.during}
            if e.baseline_morning is not None:
                why["baseline"] = e.baseline_morning
            out.append(Alert(r.id, e.day, R.Severity.WARNING,
                "Next-morning pain or stiffness had not settled (worse than before): reduce the"
                " load.", why, r.source, r.evidence))  # fmt: skip
    for w in weekly_worsening(entries, today):
        r = R.PAIN_WEEK_TO_WEEK
        out.append(Alert(r.id, w.day, R.Severity.WARNING,
            f"{w.measure.capitalize()} pain rose from {w.previous:.1f} to {w.mean:.1f}/10 on"
            " average over the week before: reduce the load.",
            {"previous_week_mean": round(w.previous, 3), "week_mean": round(w.mean, 3)},
            r.source, r.evidence))  # fmt: skip
    return sorted(out, key=lambda a: (a.date, a.rule_id))
