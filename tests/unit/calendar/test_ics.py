from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from kneecap.adapters.calendar.ics import events_to_ics
from kneecap.domain.calendar.events import DatedEvent
from kneecap.domain.care.recovery import recovery_events, suggest_week

STAMP = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def parse(data: bytes) -> list[object]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_recovery_week_round_trips_with_stable_uids() -> None:
    events = recovery_events(
        plan_id=7, start=date(2025, 3, 3), weeks=1, template=suggest_week(3, 2)
    )
    first = events_to_ics(events, calendar_name="Knee plan", dtstamp=STAMP)
    second = events_to_ics(events, calendar_name="Knee plan", dtstamp=STAMP + timedelta(days=1))
    parsed = parse(first)
    assert len(parsed) == len(events)
    uids = [str(e["UID"]) for e in parsed]  # type: ignore[index]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["UID"]) for e in parse(second)]  # type: ignore[index]
    vevent = parsed[0]
    assert vevent["DTSTART"].dt == date(2025, 3, 3)  # type: ignore[index]
    assert vevent["DTEND"].dt == date(2025, 3, 4)  # type: ignore[index]
    assert str(vevent["SUMMARY"]) == "Home programme: strength"  # type: ignore[index]


def test_timed_generic_event_for_other_parts() -> None:
    run = DatedEvent(
        key="run-plan-7-w2-d3",
        title="Easy run 5 km",
        on=date(2025, 3, 12),
        start_time=time(7, 30),
        duration=timedelta(minutes=40),
        description="Step rate +5%",
        category="run",
    )
    (vevent,) = parse(events_to_ics([run], calendar_name="Runs", dtstamp=STAMP))
    assert vevent["DTSTART"].dt == datetime(2025, 3, 12, 7, 30)  # type: ignore[index]
    assert vevent["DTEND"].dt == datetime(2025, 3, 12, 8, 10)  # type: ignore[index]
    assert str(vevent["DESCRIPTION"]) == "Step rate +5%"  # type: ignore[index]


def test_duplicate_keys_and_bad_events_are_refused() -> None:
    one = DatedEvent(key="k", title="A", on=date(2025, 3, 3))
    with pytest.raises(ValueError, match="share the key"):
        events_to_ics([one, one], calendar_name="x", dtstamp=STAMP)
    with pytest.raises(ValueError, match="start time"):
        DatedEvent(key="k", title="A", on=date(2025, 3, 3), duration=timedelta(minutes=5))
