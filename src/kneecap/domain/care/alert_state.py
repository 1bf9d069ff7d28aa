"""Where a client's escalation stands, and until when.

`escalation_state` is the alert check (escalation.py) with what opens and closes an alert: a
decision recorded after the alert's newest evidence closes it, new evidence, a red flag reported
after the last decision or a trigger that differs from the last decision's (a new step) opens
it again. With the answer comes the first day on which time alone may change it (the day the
weeks in care reach the policy's threshold, the day the reviewed care has had its time, a
result or review dated ahead): until then the same inputs give the same trigger, so a stored
copy (`AlertState`) is exact until that day and a change to the inputs, without being computed
again every day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kneecap.domain.care.adherence import Adherence
from kneecap.domain.care.decisions import DecisionKind, EscalationDecision, RedFlagReport
from kneecap.domain.care.escalation import (
    EscalationAlert,
    EscalationPolicy,
    Trigger,
    check_escalation,
)
from kneecap.domain.outcomes.responses import OutcomeResponse, scored


@dataclass(frozen=True, slots=True)
class EscalationState:
    alert: EscalationAlert | None
    open: bool  # an alert with no decision recorded since its newest evidence
    due_on: date | None  # the first day time alone may change the alert; None: never


def escalation_state(
    *,
    care_start: date | None,
    today: date,
    responses: Sequence[OutcomeResponse],
    decisions: Sequence[EscalationDecision],
    red_flags: Sequence[RedFlagReport],
    policy: EscalationPolicy,
    adherence: Adherence | None = None,
) -> EscalationState:
    """The client's escalation state on `today`; `care_start` is the earliest signed plan's
    start (None: no signed plan, no alert). Decisions in the order they were made."""
    if care_start is None:
        return EscalationState(None, False, None)
    last_decision = decisions[-1].decided_at if decisions else None
    new_flags = [
        f.text for f in red_flags if last_decision is None or f.reported_at > last_decision
    ]
    outcomes = scored(responses)
    reviews = [d.decided_at.date() for d in decisions if d.decision is DecisionKind.REVIEWED_CARE]
    day = max(today, care_start)  # before care starts it is judged as on its first day
    alert = check_escalation(
        care_start=care_start, today=day, outcomes=outcomes, red_flags=new_flags, policy=policy,
        adherence=adherence, reviews=reviews,
    )  # fmt: skip
    due = next_change(care_start, day, [o.on for o in outcomes], reviews, policy)
    if alert is None:
        return EscalationState(None, False, due)
    newest = max((r.recorded_at for r in responses if r.recorded_at is not None), default=None)
    is_open = (
        last_decision is None
        or (newest is not None and newest > last_decision)
        or decisions[-1].trigger != alert.trigger.value
    )
    return EscalationState(alert, is_open or bool(new_flags), due)


def next_change(
    care_start: date,
    today: date,
    measured_on: Sequence[date],
    reviews: Sequence[date],
    policy: EscalationPolicy,
) -> date | None:
    """The first day after `today` on which `check_escalation` reads time differently: the
    weeks in care reach `weeks_without_improvement`, a review's care has had `review_weeks`,
    a result or a review dated ahead begins to count. Each threshold is found with the check's
    own comparison, so the day is the one the check turns on, whatever the weeks' rounding."""
    wait = timedelta(weeks=policy.review_weeks)

    def judged(day: date) -> bool:  # past the check's "too young to judge"
        return not (day - care_start).days / 7 < policy.weeks_without_improvement

    def waited(review: date) -> Callable[[date], bool]:  # past "not had its time yet"
        return lambda day: not day - review < wait

    days = [_first_day(care_start, judged), *measured_on, *reviews]
    days += [_first_day(r, waited(r)) for r in reviews if r >= care_start]
    ahead = [d for d in days if d > today]
    return min(ahead, default=None)


def _first_day(start: date, reached: Callable[[date], bool]) -> date:
    """The first day from `start` on which `reached` holds (it holds on every later day)."""
    if reached(start):
        return start
    low, high = 1, 1
    while not reached(start + timedelta(days=high)):
        low, high = high, 2 * high
    while low < high:  # reached(start + high) holds; find the least such day
        middle = (low + high) // 2
        if reached(start + timedelta(days=middle)):
            high = middle
        else:
            low = middle + 1
    return start + timedelta(days=high)


@dataclass(frozen=True, slots=True)
class AlertState:
    """A client's stored escalation state (the dashboard reads these, not the care rows)."""

    client_id: int
    trigger: Trigger | None  # the open alert's trigger; None when no alert is open
    since: date | None  # the day the open alert opened (or, opened by time, became due)
    due_on: date | None  # the first day time alone may change it: computed again from then
    policy: str  # the policy it was computed under (policy_key)


def policy_key(policy: EscalationPolicy) -> str:
    """A short name of the policy's parts that change the answer."""
    return (
        f"{policy.weeks_without_improvement:g}w/{policy.review_weeks:g}w/"
        f"{'+'.join(policy.instruments)}"
    )


def kept(
    previous: AlertState | None,
    client_id: int,
    trigger: Trigger | None,
    due_on: date | None,
    today: date,
    policy: EscalationPolicy,
) -> AlertState:
    """The stored state after computing, on `today`, the open alert's `trigger` (None: none
    open) and the day it is due again. An alert that stays open keeps its day; one that opens
    takes today, or the day it became due when time opened it."""
    if trigger is None:
        since = None
    elif previous is not None and previous.trigger is trigger and previous.since is not None:
        since = previous.since
    elif previous is not None and previous.due_on is not None and previous.due_on <= today:
        since = previous.due_on
    else:
        since = today
    return AlertState(client_id, trigger, since, due_on, policy_key(policy))
