"""A person settles what a file could not: the sport, or the real date of an activity.

The confirmed value replaces the guess and says who gave it; the issues it answers are dropped,
the others (a cut at damaged timestamps, say) stay as information.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from kneecap.domain.load.activity import DATE_CODES, Activity, Sport
from kneecap.domain.load.provenance import Confidence, SportBasis, SportCall


def confirm_sport(a: Activity, sport: Sport, by: str) -> Activity:
    """`by` says who confirmed it ("the runner", "the clinician"), for the page's 'why'."""
    was = f" (was {a.sport.value}: {a.sport_call.reason})" if a.sport_call.reason else ""
    call = SportCall(SportBasis.CONFIRMED, Confidence.HIGH, f"confirmed by {by}{was}")
    return replace(a, sport=sport, sport_call=call)


def confirm_date(a: Activity, start: datetime) -> Activity:
    """The real start (who gave it is the audit log's to keep)."""
    if start.tzinfo is None:
        raise ValueError("the confirmed start needs a time zone (UTC)")
    kept = tuple(i for i in a.issues if i.code not in DATE_CODES)
    return replace(a, start=start, issues=kept)
