"""Open slots and the clinic's time zone, across daylight-saving changes (IANA rules:
Europe/London goes forward 2026-03-29 01:00 UTC and back 2026-10-25 01:00 UTC;
America/New_York goes forward 2026-03-08 07:00 UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from kneecap.domain.schedule.appointments import cells, check_times, require_notice
from kneecap.domain.schedule.errors import ScheduleError, TooLate
from kneecap.domain.schedule.hours import HoursBlock, check_hours, parse_block
from kneecap.domain.schedule.kinds import AppointmentKind, Mode, check_video_link, mode_for
from kneecap.domain.schedule.slots import open_slots
from kneecap.domain.schedule.zone import local_day_bounds, to_local, to_utc, zone

LONDON = zone("Europe/London")
NEW_YORK = zone("America/New_York")
PAST = datetime(2000, 1, 1, tzinfo=UTC)


def _slots(  # type: ignore[no-untyped-def]
    blocks: list[HoursBlock], day: date, tz=LONDON, booked=(), kind=None, earliest=PAST
):
    kind = kind or AppointmentKind.ASSESSMENT
    return open_slots(
        practitioner_id=7,
        blocks=blocks,
        booked=list(booked),
        first=day,
        last=day,
        tz=tz,
        kind=kind,
        mode=mode_for(kind, None),
        earliest=earliest,
    )


def test_nine_local_is_nine_utc_in_winter_and_eight_utc_in_summer() -> None:
    sat, sun = date(2026, 3, 28), date(2026, 3, 29)  # London goes forward on the Sunday
    blocks = [HoursBlock(5, time(9), time(10)), HoursBlock(6, time(9), time(10))]
    (before,) = (s.starts_at for s in _slots(blocks, sat) if s.starts_at.minute == 0)
    (after,) = (s.starts_at for s in _slots(blocks, sun) if s.starts_at.minute == 0)
    assert before == datetime(2026, 3, 28, 9, tzinfo=UTC)
    assert after == datetime(2026, 3, 29, 8, tzinfo=UTC)
    assert to_local(after, LONDON).hour == 9


def test_a_night_block_across_the_spring_gap_holds_two_real_hours() -> None:
    # 00:00–03:00 wall time on 29 March in London is 00:00–02:00 UTC: two hours.
    blocks = [HoursBlock(6, time(0), time(3))]
    slots = _slots(blocks, date(2026, 3, 29))
    assert slots[0].starts_at == datetime(2026, 3, 29, 0, tzinfo=UTC)
    assert slots[-1].ends_at == datetime(2026, 3, 29, 2, tzinfo=UTC)
    assert len(slots) == 5  # 60-minute visits every 15 minutes in 2 hours


def test_a_night_block_across_the_autumn_repeat_holds_four_real_hours() -> None:
    # 00:00–03:00 wall time on 25 October in London: 01:00–02:00 happens twice.
    blocks = [HoursBlock(6, time(0), time(3))]
    slots = _slots(blocks, date(2026, 10, 25))
    assert slots[-1].ends_at - slots[0].starts_at == timedelta(hours=4)


def test_the_clinic_day_is_23_or_25_hours_on_change_days() -> None:
    s, e = local_day_bounds(date(2026, 3, 8), NEW_YORK)
    assert e - s == timedelta(hours=23)
    s, e = local_day_bounds(date(2026, 10, 25), LONDON)
    assert e - s == timedelta(hours=25)


def test_a_wall_time_in_the_spring_gap_becomes_the_real_instant_after_it() -> None:
    at = to_utc(date(2026, 3, 8), time(2, 30), NEW_YORK)  # 02:30 never happens in New York
    assert to_local(at, NEW_YORK).time() == time(3, 30)


def test_booked_visits_and_the_notice_period_remove_slots() -> None:
    day = date(2026, 3, 2)  # a Monday, winter: London = UTC
    blocks = [HoursBlock(0, time(9), time(12))]
    booked = [(datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 2, 10, 30, tzinfo=UTC))]
    slots = _slots(blocks, day, booked=booked, kind=AppointmentKind.FOLLOW_UP)
    starts = [s.starts_at.strftime("%H:%M") for s in slots]
    assert starts == ["09:00", "09:15", "09:30", "10:30", "10:45", "11:00", "11:15", "11:30"]
    late = _slots(
        blocks, day, kind=AppointmentKind.FOLLOW_UP, earliest=datetime(2026, 3, 2, 11, tzinfo=UTC)
    )
    assert [s.starts_at.hour for s in late] == [11, 11, 11]


def test_no_hours_no_slots_and_a_visit_longer_than_the_block_fits_nowhere() -> None:
    assert _slots([], date(2026, 3, 2)) == []
    assert _slots([HoursBlock(0, time(9), time(9, 30))], date(2026, 3, 2)) == []


def test_hours_are_checked() -> None:
    with pytest.raises(ScheduleError, match="end after"):
        HoursBlock(0, time(12), time(9))
    with pytest.raises(ScheduleError, match="grid"):
        HoursBlock(0, time(9, 2), time(12))
    with pytest.raises(ScheduleError, match="overlaps"):
        check_hours([HoursBlock(0, time(9), time(12)), HoursBlock(0, time(11), time(13))])
    with pytest.raises(ScheduleError, match="09:00-17:00"):
        parse_block(0, "nine to five")
    assert parse_block(2, "09:00–12:30") == HoursBlock(2, time(9), time(12, 30))


def test_zones_types_modes_and_links_are_checked() -> None:
    with pytest.raises(ScheduleError, match="not a time zone"):
        zone("Mars/Olympus")
    with pytest.raises(ScheduleError):
        zone("../../etc/passwd")
    with pytest.raises(ScheduleError, match="cannot be held"):
        mode_for(AppointmentKind.MASSAGE, "online")
    assert mode_for(AppointmentKind.FOLLOW_UP, "online") is Mode.ONLINE
    assert mode_for(AppointmentKind.FORM_REVIEW, None) is Mode.ONLINE
    with pytest.raises(ScheduleError, match="https"):
        check_video_link("javascript:alert(1)")


def test_times_off_the_grid_or_naive_are_refused_and_cells_cover_the_visit() -> None:
    with pytest.raises(ScheduleError, match="offset"):
        check_times(datetime(2026, 3, 2, 9), timedelta(minutes=30))
    with pytest.raises(ScheduleError, match="grid"):
        check_times(datetime(2026, 3, 2, 9, 3, tzinfo=UTC), timedelta(minutes=30))
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert len(cells(start, check_times(start, timedelta(minutes=30)))) == 6


def test_a_client_change_inside_the_notice_period_is_refused() -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    require_notice(now + timedelta(hours=24), now, timedelta(hours=24), "Booking")
    with pytest.raises(TooLate, match="24 hours"):
        require_notice(now + timedelta(hours=23), now, timedelta(hours=24), "Booking")
