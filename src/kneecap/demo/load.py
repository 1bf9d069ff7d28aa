"""Demo training histories, made up in code relative to today's date.

* Maya Okafor (client1): ~10 weeks of ~21 km a week, then a week of +45% ending in a long run
  over 50% longer than her longest of the previous 30 days: the week-over-week ramp (Nielsen
  2014) and single-run spike (Frandsen 2025) guardrails both fire; she logged pain after it
  and has a half-marathon plan.
* Daniel Reyes (client2): steady 3 easy runs a week plus one ride: no guardrail fires.
* Tom Becker (client4): a walk/run return-to-run plan started three weeks ago, whose stage
  moved up twice and stepped back once from his pain log.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from kneecap.demo.clinic import DemoSeed
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.goal import PlanKind, TrainingGoal
from kneecap.services.caller import Caller
from kneecap.services.training import TrainingService


def _run(
    rng: random.Random, day: date, km: float, *, pace: float, hr: float, cadence: float,
    shoe: str, sport: Sport = Sport.RUN, hour: int = 7, rpe: float | None = None,
) -> Activity:  # fmt: skip
    """One synthetic session; pace in min/km (for rides: the minutes per km of the ride)."""
    minutes = km * pace * rng.uniform(0.97, 1.03)
    on_foot = sport is Sport.RUN
    return Activity(
        sport=sport,
        start=datetime.combine(day, time(hour, rng.randrange(0, 50)), tzinfo=UTC),
        duration_s=round(minutes * 60 * 1.04),
        moving_s=round(minutes * 60),
        distance_m=round(km * 1000),
        ascent_m=round(km * rng.uniform(5, 12)),
        avg_hr=round(hr + rng.uniform(-3, 3)),
        max_hr=round(hr + 18 + rng.uniform(-3, 3)),
        avg_cadence_spm=round(cadence + rng.uniform(-1.5, 1.5), 1) if on_foot else None,
        avg_cadence_rpm=None if on_foot else round(85 + rng.uniform(-4, 4)),
        vertical_oscillation_mm=round(rng.uniform(82, 92), 1) if on_foot else None,
        stance_time_ms=round(rng.uniform(245, 265)) if on_foot else None,
        gear=shoe,
        rpe=rpe,
        name=f"{'Morning' if hour < 12 else 'Evening'} {'run' if on_foot else 'ride'}",
        source="demo",
    )


def last_sunday_before(today: date) -> date:
    return today - timedelta(days=today.weekday() + 1)


def maya(today: date) -> list[Activity]:
    rng = random.Random(1)
    end = last_sunday_before(today)  # her last run: the long run of the big week
    out = []
    for w in range(10, 0, -1):  # 10 ordinary weeks before the big one
        monday = end - timedelta(days=6 + 7 * w)
        cad = 162 + (10 - w) * 0.5
        for offset, km in ((1, 5.0), (3, 5.0), (5, 4.0), (6, 7.0)):
            km *= rng.uniform(0.96, 1.04)
            out.append(_run(rng, monday + timedelta(days=offset), km, pace=6.0, hr=150,
                            cadence=cad, shoe="Pegasus 40"))  # fmt: skip
    monday = end - timedelta(days=6)
    for offset, km in ((1, 6.0), (3, 7.0), (4, 7.0), (6, 11.0)):
        out.append(_run(rng, monday + timedelta(days=offset), km, pace=5.8, hr=156, cadence=168,
                        shoe="Pegasus 40", rpe=7 if km > 10 else None))  # fmt: skip
    return out


def daniel(today: date) -> list[Activity]:
    rng = random.Random(2)
    out = []
    for w in range(20, 0, -1):
        monday = today - timedelta(days=today.weekday() + 7 * w)
        # his first week starts with the 6 km run, so no run is a spike against an empty month
        for offset, km in (
            ((1, 6.0), (3, 4.5), (5, 4.5)) if w == 20 else ((1, 4.5), (3, 4.5), (5, 6.0))
        ):
            out.append(_run(rng, monday + timedelta(days=offset), km * rng.uniform(0.98, 1.02),
                            pace=6.5, hr=138, cadence=170, shoe="Ghost 15", hour=18))  # fmt: skip
        out.append(_run(rng, monday + timedelta(days=6), 25.0, pace=2.4, hr=125, cadence=0,
                        shoe="", sport=Sport.RIDE, hour=9))  # fmt: skip
    return out


# Tom's return-to-run sessions (Mon/Wed/Fri of the plan's three weeks): pain during, next
# morning, usual morning level. Week 1 and 2 pass (stage up twice); in week 3 pain 3/10 repeats
# the stage, then 6/10 with a worse next morning steps him back.
TOM_PAIN = (
    (1, 1, 1), (2, 1, 1), (1, 1, 1),
    (2, 1, 1), (1, 1, 1), (2, 1, 1),
    (3, 1, 1), (6, 3, 1), (2, 1, 1),
)  # fmt: skip


def tom_sessions(today: date) -> tuple[date, list[tuple[date, tuple[int, int, int]]]]:
    start = today - timedelta(days=today.weekday() + 21)
    days = [start + timedelta(days=7 * w + d) for w in range(3) for d in (0, 2, 4)]
    return start, list(zip(days, TOM_PAIN, strict=True))


class LoadDemo:
    """The demo extension; bootstrap registers one per built container (the latest wins)."""

    def __init__(self, training: TrainingService) -> None:
        self.training = training

    def __call__(self, seed: DemoSeed, caller: Caller) -> None:
        t = self.training
        today = t.today()
        by_email = {c.details.email: c.id for c in seed.clients}
        if (mid := by_email.get("client1@demo.test")) is not None:
            t.add_activities(caller, mid, maya(today))
            end = last_sunday_before(today)
            t.log_pain(caller, mid, end - timedelta(days=3), 2, 1, 1)
            t.log_pain(caller, mid, end, 5, 4, 1)
            race = today + timedelta(weeks=14)
            t.set_goal(caller, mid, PlanKind.RACE, race_km=21.1, race_day=race)
        if (did := by_email.get("client2@demo.test")) is not None:
            t.add_activities(caller, did, daniel(today))
            t.log_pain(caller, did, today - timedelta(days=today.weekday() + 2), 1, 0, 0)
        if (tid := by_email.get("client4@demo.test")) is not None:
            start, sessions = tom_sessions(today)
            rng = random.Random(4)
            stage_km = (2.6, 2.6, 2.6, 2.85, 2.85, 2.85, 3.1, 3.1, 2.85)  # ≤ 10% steps
            t.add_activities(caller, tid, [
                _run(rng, d, km, pace=9.5, hr=128, cadence=164, shoe="Cascadia 17")
                for (d, _), km in zip(sessions, stage_km, strict=True)
            ])  # fmt: skip
            t.set_goal_as_of(caller, tid, TrainingGoal(PlanKind.RETURN_TO_RUN, start))
            for d, (during, morning, usual) in sessions:
                t.log_pain(caller, tid, d, during, morning, usual)
