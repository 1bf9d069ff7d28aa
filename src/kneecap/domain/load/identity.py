"""Is this the same session as that one? The same run reaches Kneecap as a FIT file, a GPX
from another app, a Strava CSV row and a Garmin summary, with start times seconds apart
(05:05:52 vs 05:06:01) and distances that differ by GPS smoothing.

Two records are one session when they start within 5 minutes of each other, overlap for at
least 80% of the longer one (where both have a duration), their distances agree within 10%
(or 200 m) where both have one, and their sports do not contradict each other. One person
does one session at a time, so records that satisfy all of this are copies; legs of a
multisport file follow one another without overlapping and stay apart.
"""

from __future__ import annotations

from dataclasses import replace

from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.provenance import SportBasis

START_WINDOW_S = 300.0
MIN_OVERLAP = 0.8
DISTANCE_TOLERANCE, DISTANCE_SLACK_M = 0.10, 200.0
_SOFT_BASES = frozenset({SportBasis.INFERRED, SportBasis.EXPORT, SportBasis.CONFIRMED})


def same_session(a: Activity, b: Activity) -> bool:
    sa, sb = a.start.timestamp(), b.start.timestamp()
    if abs(sa - sb) > START_WINDOW_S:
        return False
    if a.duration_s > 0 and b.duration_s > 0:
        overlap = min(sa + a.duration_s, sb + b.duration_s) - max(sa, sb)
        if overlap < MIN_OVERLAP * max(a.duration_s, b.duration_s):
            return False
    da, db = a.distance_m or 0.0, b.distance_m or 0.0
    if da > 0 and db > 0 and abs(da - db) > max(DISTANCE_TOLERANCE * max(da, db), DISTANCE_SLACK_M):
        return False
    return sports_agree(a, b)


def sports_agree(a: Activity, b: Activity) -> bool:
    """Two device labels that name different sports are two sessions; a label from an
    export, a person or an inference may correct the device's."""
    if a.sport == b.sport or Sport.OTHER in (a.sport, b.sport):
        return True
    return a.sport_call.basis in _SOFT_BASES or b.sport_call.basis in _SOFT_BASES


def richness(a: Activity) -> int:
    """How much measured data a record holds: the richest copy is the one kept."""
    score = 4 if a.hr_seconds is not None or a.heart_rate is not None else 0
    fields = (
        a.moving_s, a.distance_m, a.ascent_m, a.avg_hr, a.max_hr, a.avg_cadence_spm,
        a.avg_cadence_rpm, a.avg_power_w, a.vertical_oscillation_mm, a.stance_time_ms,
    )  # fmt: skip
    return score + sum(v is not None for v in fields) + (2 if a.duration_s > 0 else 0)


def absorb(kept: Activity, copy: Activity) -> Activity:
    """The kept record, with what the copy knows better: an export's or a person's sport,
    and a name, gear or RPE the kept one lacks."""
    out = kept
    rank = {SportBasis.CONFIRMED: 3, SportBasis.EXPORT: 2}
    if rank.get(copy.sport_call.basis, 0) > rank.get(kept.sport_call.basis, 0):
        out = replace(out, sport=copy.sport, sport_call=copy.sport_call)
    return replace(
        out,
        name=out.name or copy.name,
        gear=out.gear or copy.gear,
        rpe=out.rpe if out.rpe is not None else copy.rpe,
    )


def find_copy(a: Activity, stored: list[Activity]) -> int | None:
    """Index of the stored record `a` is a copy of (the same session), else None. Used across
    uploads: a file imported today may repeat a session an export stored last month."""
    return next((k for k, s in enumerate(stored) if same_session(s, a)), None)


def dedupe(activities: list[Activity]) -> tuple[list[Activity], int]:
    """One record per session (the richest, with absorb()), in start order; and how many
    copies were folded in."""
    order = sorted(range(len(activities)), key=lambda i: (-richness(activities[i]), i))
    kept: list[Activity] = []
    slots: dict[int, list[int]] = {}  # START_WINDOW_S buckets of kept indexes
    copies = 0
    for i in order:
        a = activities[i]
        slot = int(a.start.timestamp() // START_WINDOW_S)
        hit = next(
            (
                k
                for s in (slot - 1, slot, slot + 1)
                for k in slots.get(s, [])
                if same_session(kept[k], a)
            ),
            None,
        )
        if hit is None:
            slots.setdefault(slot, []).append(len(kept))
            kept.append(a)
        else:
            kept[hit] = absorb(kept[hit], a)
            copies += 1
    return sorted(kept, key=lambda a: a.start), copies
