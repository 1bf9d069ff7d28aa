"""Week-by-week progression plan from current load to a goal that keeps the guardrails Kneecap
itself checks (rules.py, guardrails.py), computed the same way:

  * every planned run is at most 10% longer than the longest run of the 30 days before it,
    history and the plan's own runs together (Frandsen 2025: > 10% raised injury rates);
  * weekly running distance rises at most 20% in the first 3 weeks after a week without running
    (Damsted 2019) and at most 30% otherwise (Nielsen 2014); the plan's own step is 10% a week
    (max_weekly_increase, never above Damsted's 20%), and a week after a lighter week returns
    to the volume before it (+25%);
  * the weekly long run is the longest run of its week; when the long run may not grow, the
    week gets more runs (3 to 5) rather than longer easy runs;
  * every 4th week is a lighter (deload) week at 80% (clinic default);
  * race plans taper over the last two weeks: volume down to 60% then 40% of the last build
    week (mean reduction 50%), keeping the number of runs (Bosquet et al. 2007, Med Sci Sports
    Exerc 39(8):1358-1365: a 2-week taper cutting volume by 41-60% without changing frequency
    or intensity gave the best performance);
  * each week has 2 rest days and 2 strength sessions, and cross-training while there are
    fewer than 5 runs; when the runner comes in on a streak of active days, the first week
    puts a rest day early enough that no stretch reaches 7 days without rest.
Rounding is down to 0.1 km, so a rounded session never crosses a cap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from kneecap.domain.load import rules as R
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.return_to_run import DEFAULT_GATE, STAGES, PainGate, next_stage

DEFAULT_MAX_WEEKLY_INCREASE = 0.10
DELOAD_EVERY = 4  # weeks; deload week = 4th week
# 0.8: the week after a deload returns to the pre-deload volume, +25% on the deload week,
# which stays inside Nielsen's 30% guardrail (0.7 would be +43%)
DELOAD_FACTOR = 0.8
LONG_RUN_SHARE = 0.30  # preferred long run as a share of the weekly distance (clinic default)
LONG_OVER_EASY = 1.25  # preferred long run vs an easy run when the caps allow (clinic default)
MIN_RUNS, MAX_RUNS = 3, 5
TAPER_FACTORS = (0.6, 0.4)  # Bosquet 2007: 2 weeks, volume -41..60% (here -50% on average)
RACE_VOLUME_FACTOR = 2.5  # race plans build toward ~2.5x the race distance a week (clinic default)
LONG_RUN_DAY = 5  # Saturday
REST_DAYS = (3, 6)  # Thursday, Sunday
# Easy-run weekdays by how many runs the week has (the long run is on Saturday).
EASY_DAYS = {3: (0, 2), 4: (0, 2, 4), 5: (0, 1, 2, 4)}
STRENGTH_DAYS = (1, 4)
SPIKE_LIMIT = R.SPIKE_BANDS[0].low  # 0.10


class Kind(StrEnum):
    RUN = "run"
    WALK_RUN = "walk-run"
    REST = "rest"
    CROSS = "cross-training"
    STRENGTH = "strength"
    RACE = "race"


@dataclass(frozen=True, slots=True)
class Session:
    day: date
    kind: Kind
    distance_km: float | None = None
    minutes: float | None = None
    notes: str = ""


@dataclass(slots=True)
class Week:
    start: date
    run_km: float  # planned training distance (a race is listed as its own session)
    deload: bool
    sessions: list[Session] = field(default_factory=list)
    taper: bool = False
    held: bool = False  # repeats the week before after a painful week

    @property
    def runs(self) -> list[Session]:
        return [s for s in self.sessions if s.kind is Kind.RUN]


@dataclass(frozen=True, slots=True)
class PastRun:
    """One run before the plan starts (the planner's view of the runner's history); other
    sports come as km 0: they count as active days, not as running."""

    day: date
    km: float


class PlanError(ValueError):
    """The goal cannot be planned as asked (message says why and what to change)."""


def _floor(km: float) -> float:
    """Down to 0.1 km (with a hair of tolerance for binary fractions such as 6.6000000001)."""
    return math.floor(km * 10 + 1e-6) / 10


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


class _Ledger:
    """Runs planned or done, by day, to read the guardrails' windows as the plan is written."""

    def __init__(self, history: Iterable[PastRun], start: date) -> None:
        self.longest: dict[date, float] = {}
        self.weeks: dict[date, float] = {}
        self.active: set[date] = set()
        for r in history:
            if r.day < start:
                self.active.add(r.day)
                if r.km > 0:
                    self.add(r.day, r.km)

    def streak(self, before: date) -> int:
        """Active days in a row ending the day before `before`."""
        n, d = 0, before - timedelta(days=1)
        while d in self.active:
            n, d = n + 1, d - timedelta(days=1)
        return n

    @classmethod
    def assumed(cls, start: date, week_km: float, long_km: float) -> _Ledger:
        """Without dated runs: the stored baseline stands for the week before the plan, its
        longest run for the 30-day window (the best the stored goal can say)."""
        ledger = cls((), start)
        if long_km > 0:
            ledger.add(start - timedelta(days=1), long_km)
        ledger.weeks[start - timedelta(weeks=1)] = max(week_km, long_km)
        return ledger

    def add(self, day: date, km: float) -> None:
        self.longest[day] = max(self.longest.get(day, 0.0), km)
        monday = _monday(day)
        self.weeks[monday] = self.weeks.get(monday, 0.0) + km

    def prev30(self, day: date) -> float:
        """Longest run in the 30 days before `day` (exclusive), as guardrails.prev_window_max."""
        lo = day - timedelta(days=30)
        return max((km for d, km in self.longest.items() if lo <= d < day), default=0.0)

    def cap(self, day: date) -> float:
        ref = self.prev30(day)
        return math.inf if ref <= 0 else _floor(ref * (1 + SPIKE_LIMIT))

    def week(self, monday: date) -> float:
        return self.weeks.get(monday, 0.0)

    def build_week(self, monday: date) -> int:
        """Weeks since the last week without running, as guardrails.weekly_ramp_alerts counts."""
        if not self.weeks:
            return 0
        w, count = _monday(min(self.weeks)), 0
        while w < monday:
            count = 0 if self.week(w) <= 0 else count + 1
            w += timedelta(weeks=1)
        return count


@dataclass(frozen=True, slots=True)
class _Allocation:
    long_km: float
    easy_km: tuple[float, ...]  # one per easy day, in EASY_DAYS order

    @property
    def total(self) -> float:
        return round(self.long_km + sum(self.easy_km), 1)


def _allocate(target: float, monday: date, ledger: _Ledger, min_runs: int) -> _Allocation:
    """Split `target` km into a long run and easy runs under each day's spike cap.

    Saturday's 30-day window also holds this week's easy runs, so the long run is capped by
    them too: without an earlier reference it is at most 10% longer than the easy runs.
    """
    target = _floor(target)
    caps = {d: ledger.cap(monday + timedelta(days=d)) for d in range(7)}
    before_long = ledger.prev30(monday + timedelta(days=LONG_RUN_DAY))
    grow = 1 + SPIKE_LIMIT
    for n in range(min_runs, MAX_RUNS + 1):
        easy_days = EASY_DAYS[n]
        easy_cap = min(caps[d] for d in easy_days)
        pref = max(target * LONG_RUN_SHARE, target * LONG_OVER_EASY / (n - 1 + LONG_OVER_EASY))
        long_km = _floor(min(pref, target))
        each = (target - long_km) / (n - 1)
        if long_km > _floor(grow * max(before_long, _floor(each))):
            even = target / (n - 1 + grow)  # the long run exactly 10% over the easy runs
            long_km = min(long_km, _floor(grow * max(before_long, _floor(even))))
            each = (target - long_km) / (n - 1)
        if each <= min(long_km, easy_cap) + 1e-9 or n == MAX_RUNS:
            limit = min(long_km, easy_cap)
            base = _floor(min(each, limit))
            spare = round((target - long_km - base * len(easy_days)) * 10)
            easy = [base] * len(easy_days)
            for i, d in enumerate(easy_days):  # leftover tenths to the earliest runs, capped
                if spare <= 0:
                    break
                if base + 0.1 <= min(long_km, caps[d]) + 1e-9:
                    easy[i], spare = round(base + 0.1, 1), spare - 1
            # the easy runs as finally capped are in Saturday's window too
            long_km = min(long_km, _floor(grow * max(before_long, max(easy))))
            return _Allocation(long_km, tuple(easy))
    raise AssertionError("unreachable: the last run count always allocates")


def _race_allocation(
    target: float, monday: date, race_day: date, ledger: _Ledger, runs: int
) -> tuple[tuple[int, float], ...]:
    """Race week: easy runs on the usual run days before race day, no long run."""
    days = [d for d in (*EASY_DAYS[runs], LONG_RUN_DAY) if monday + timedelta(days=d) < race_day]
    if not days:
        return ()
    each = target / len(days)
    return tuple((d, _floor(min(each, ledger.cap(monday + timedelta(days=d))))) for d in days)


def _sessions(
    monday: date, long_km: float | None, easy: Sequence[tuple[int, float]], note: str
) -> list[Session]:
    runs = dict(easy)
    cross = len(runs) + (long_km is not None) < MAX_RUNS
    out: list[Session] = []
    for d in range(7):
        day = monday + timedelta(days=d)
        if d in runs and runs[d] > 0:
            out.append(Session(day, Kind.RUN, runs[d], notes="easy, conversational" + note))
        if d == LONG_RUN_DAY and long_km:
            out.append(Session(day, Kind.RUN, long_km, notes="long run, easy" + note))
        if d in STRENGTH_DAYS:
            out.append(Session(day, Kind.STRENGTH, minutes=40, notes="hip and knee strength"))
        if cross and d == (4 if len(runs) < 3 else 1):
            out.append(Session(day, Kind.CROSS, minutes=40, notes="cycling or swimming"))
        if d in REST_DAYS:
            out.append(Session(day, Kind.REST))
    return out


def _rest_on(sessions: list[Session], monday: date, day: int | None) -> list[Session]:
    """Clear one weekday to a rest day (after a streak of active days before the plan)."""
    if day is None:
        return sessions
    rest = monday + timedelta(days=day)
    kept = [s for s in sessions if s.day != rest]
    kept.append(Session(rest, Kind.REST, notes="rest: you come in on several active days in a row"))
    return sorted(kept, key=lambda s: s.day)


@dataclass(slots=True)
class _Plan:
    start: date
    current_week_km: float
    current_long_km: float
    goal_week_km: float
    inc: float
    history: Sequence[PastRun]
    holds: frozenset[int]
    race_day: date | None = None
    race_km: float | None = None

    def ledger(self) -> _Ledger:
        if self.history:
            return _Ledger(self.history, self.start)
        return _Ledger.assumed(self.start, self.current_week_km, self.current_long_km)

    def build(self, max_weeks: int) -> list[Week]:
        ledger = self.ledger()
        race_week = None if self.race_day is None else (self.race_day - self.start).days // 7
        level, cycle, runs = self.current_week_km, 0, MIN_RUNS
        pre_taper = level
        out: list[Week] = []
        for w in range(max_weeks if race_week is None else race_week + 1):
            monday = self.start + timedelta(weeks=w)
            prev = ledger.week(monday - timedelta(weeks=1))
            build = ledger.build_week(monday)
            guard = R.EARLY_BUILD_LIMIT if build <= R.EARLY_BUILD_WEEKS else R.WEEKLY_RAMP_LIMIT
            step = -1 if race_week is None else w - (race_week - len(TAPER_FACTORS) + 1)
            taper = step >= 0
            held = w in self.holds and w > 0 and not taper
            deload = after = False
            if taper:
                target = pre_taper * TAPER_FACTORS[step]
            elif held:
                target = prev or level
            else:
                deload = (cycle + 1) % DELOAD_EVERY == 0
                after = cycle > 0 and cycle % DELOAD_EVERY == 0
                if deload:
                    target = level * DELOAD_FACTOR
                elif after:
                    target = level
                else:
                    level = min(level * (1 + self.inc), self.goal_week_km)
                    target = level
                cycle += 1
            if prev > 0:  # the week-over-week guardrails, on the planned (rounded) volume
                own = 1 / DELOAD_FACTOR if after else 1 + self.inc
                # at the guardrail's own limit stay 0.01 km under: it compares unrounded ratios
                limit = prev * own if own - 1 < guard else prev * (1 + guard) - 0.01
                target = min(target, limit)
            rest_on = self._early_rest(ledger) if w == 0 else None
            week = self._week(
                monday, target, ledger, runs, deload, taper, held, w == race_week, rest_on
            )
            runs = max(runs, len(week.runs) if not taper else runs)
            if not (deload or taper or held):
                level = min(level, week.run_km) if week.run_km > 0 else level
                pre_taper = week.run_km
            out.append(week)
            reached = week.run_km >= _floor(self.goal_week_km) - 1e-9
            if race_week is None and reached and not (deload or held) and w >= 1:
                break
        return out

    def _early_rest(self, ledger: _Ledger) -> int | None:
        """Weekday to rest on in week 1 when the runner arrives on a streak (None: no need).

        The week's first rest day is Thursday; a streak of h days reaches the no-rest limit
        (7, rules.NO_REST_DAYS) before it when h + 3 >= 7, so rest on day 6 - h or earlier.
        """
        h = ledger.streak(self.start)
        first_rest = min(REST_DAYS)
        if h + first_rest < R.NO_REST_DAYS:
            return None
        return max(0, R.NO_REST_DAYS - 1 - h)

    def _week(
        self, monday: date, target: float, ledger: _Ledger, runs: int, deload: bool,
        taper: bool, held: bool, race_week: bool, rest_on: int | None = None,
    ) -> Week:  # fmt: skip
        note = "; lighter (deload) week" if deload else "; taper" if taper else ""
        if race_week:
            assert self.race_day is not None and self.race_km is not None
            easy = _race_allocation(target, monday, self.race_day, ledger, runs)
            easy = tuple((d, km) for d, km in easy if d != rest_on)
            sessions = _sessions(monday, None, easy, note)
            sessions = [s for s in sessions if s.day < self.race_day]
            sessions = _rest_on(sessions, monday, rest_on)
            for d, km in easy:
                ledger.add(monday + timedelta(days=d), km)
            sessions.append(self._race_session(ledger))
            total = round(sum(km for _, km in easy), 1)
            return Week(monday, total, False, sessions, taper=True)
        alloc = _allocate(target, monday, ledger, runs)
        easy_days = EASY_DAYS[len(alloc.easy_km) + 1]
        easy = tuple((d, km) for d, km in zip(easy_days, alloc.easy_km, strict=True))
        if rest_on is not None:
            easy = tuple((d, km) for d, km in easy if d != rest_on)
        long_km = 0.0 if rest_on == LONG_RUN_DAY else alloc.long_km
        for d, km in (*easy, (LONG_RUN_DAY, long_km)):
            if km > 0:
                ledger.add(monday + timedelta(days=d), km)
        held_note = "; repeats last week's volume after a painful week" if held else ""
        sessions = _rest_on(_sessions(monday, long_km, easy, note + held_note), monday, rest_on)
        total = round(long_km + sum(km for _, km in easy), 1)
        return Week(monday, total, deload, sessions, taper=taper, held=held)

    def _race_session(self, ledger: _Ledger) -> Session:
        assert self.race_day is not None and self.race_km is not None
        ref = ledger.prev30(self.race_day)
        note = "race day"
        if ref > 0 and self.race_km > ref * (1 + SPIKE_LIMIT):
            note += (
                f": {self.race_km / ref - 1:.0%} longer than the longest run of the 30 days"
                f" before ({ref:g} km). Frandsen 2025 found single runs > 10% longer raised"
                " injury rates; the race is the planned exception"
            )
        return Session(self.race_day, Kind.RACE, self.race_km, notes=note)


def _check_increase(max_weekly_increase: float) -> None:
    if not 0 < max_weekly_increase <= R.EARLY_BUILD_LIMIT:
        raise PlanError(
            f"the weekly increase must be above 0 and at most {R.EARLY_BUILD_LIMIT:.0%}"
            " (Damsted 2019)"
        )


def plan_volume(
    start: date,
    current_week_km: float,
    current_long_km: float,
    goal_week_km: float,
    max_weeks: int = 52,
    max_weekly_increase: float = DEFAULT_MAX_WEEKLY_INCREASE,
    *,
    history: Sequence[PastRun] = (),
    holds: Iterable[int] = (),
) -> list[Week]:
    """Plan from today's weekly volume to `goal_week_km`; start must be a Monday.

    `history` is the runner's runs before `start` (dated), so the guardrails' windows are read
    exactly; `holds` are week indexes that repeat the week before (after a painful week).
    """
    if start.weekday() != 0:
        raise PlanError("a plan starts on a Monday; pick the next Monday")
    if current_week_km <= 0:
        raise PlanError("no current running volume: use the return-to-run plan first")
    _check_increase(max_weekly_increase)
    plan = _Plan(start, current_week_km, current_long_km, goal_week_km, max_weekly_increase,
                 history, frozenset(holds))  # fmt: skip
    return plan.build(max_weeks)


def plan_race(
    start: date,
    race_day: date,
    current_week_km: float,
    current_long_km: float,
    race_km: float,
    *,
    history: Sequence[PastRun] = (),
    holds: Iterable[int] = (),
) -> list[Week]:
    """Plan to a race: build toward ~2.5× the race distance a week, then taper into race day."""
    if start.weekday() != 0:
        raise PlanError("a plan starts on a Monday; pick the next Monday")
    if (race_day - start).days // 7 < 2:
        raise PlanError("the race is less than 2 weeks away: too soon to build safely")
    if current_week_km <= 0:
        raise PlanError("no current running volume: use the return-to-run plan first")
    target = max(race_km * RACE_VOLUME_FACTOR, current_week_km)
    plan = _Plan(start, current_week_km, current_long_km, target, DEFAULT_MAX_WEEKLY_INCREASE,
                 history, frozenset(holds), race_day, race_km)  # fmt: skip
    weeks = plan.build(0)
    build = [w for w in weeks if not (w.taper or w.deload)]
    if build and max(w.run_km for w in build) < target * 0.8:
        last = build[-1]
        last.sessions.append(Session(last.start, Kind.REST, notes=(
            f"Goal volume {target:.0f} km/week is not reachable safely by {race_day}:"
            " consider a later race or a shorter distance.")))  # fmt: skip
    return weeks


def plan_return_to_run(
    start: date, stage: int, weeks: int = 6, gate: PainGate = DEFAULT_GATE
) -> list[Week]:
    """Walk/run weeks from `stage` on, assuming each stage is passed (3 sessions a week)."""
    out = []
    for w in range(weeks):
        s = STAGES[min(stage + w, len(STAGES) - 1)]
        monday = start + timedelta(weeks=w)
        sessions = []
        for i, what in enumerate(("wr", "strength", "wr", "cross", "wr", "strength", "rest")):
            d = monday + timedelta(days=i)
            if what == "wr":
                sessions.append(Session(d, Kind.WALK_RUN, minutes=s.minutes, notes=s.describe()
                    + f"; pain ≤{gate.progress_max:g}/10 during, settled by the next morning,"
                    " to progress"))  # fmt: skip
            elif what == "strength":
                sessions.append(Session(d, Kind.STRENGTH, minutes=40, notes="hip and knee"))
            elif what == "cross":
                sessions.append(Session(d, Kind.CROSS, minutes=30, notes="cycling or swimming"))
            else:
                sessions.append(Session(d, Kind.REST))
        out.append(Week(monday, 0.0, False, sessions))
    return out


def adapt_return_to_run(
    start: date, stage: int, log: list[PainEntry], weeks: int = 6, gate: PainGate = DEFAULT_GATE
) -> tuple[int, list[Week]]:
    """Re-plan from the pain log: repeat, progress or step back a stage."""
    new = next_stage(stage, log, gate)
    return new, plan_return_to_run(start, new, weeks, gate)


def hold_weeks(start: date, step_back_days: Iterable[date]) -> frozenset[int]:
    """Week indexes that repeat the week before: the week after each painful week (once)."""
    return frozenset((d - start).days // 7 + 1 for d in step_back_days if d >= start)
