"""Due instants in zones whose offset changes (daylight saving, historic or current), checked
against a slow, obvious reference that knows nothing of the calculator's shortcuts.

The defect this pins: ``due_instant()`` stamped midnights with the offset a zone had in the
calendar's years (a cache for zones with one offset, such as Asia/Shanghai since 1991) also in
years outside them, where the zone had another offset (Australia/Perth 2006-2009, Asia/Ulaanbaatar
2001-2006 and 2015-2016): 24:00 came out an hour off, and the local date of a start could be the
wrong day. And where a zone skips midnight (America/Sao_Paulo until 2018, Asia/Beirut, America/
Havana, America/Santiago), the first instant of a day was written as a wall time the zone never
showed (``00:00-03:00`` for ``01:00-02:00``), an instant that compares unequal to itself in
any other zone.

The reference: the local date of an instant is ``astimezone(zone).date()``; "24:00 of day D" is
the first minute, scanning forward in UTC, whose local date is after D; elapsed time is added to
the UTC instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline_rules.errors import CalendarRangeError
from hotline_rules.time.calendar import WorkCalendar
from hotline_rules.time.deadline import DeadlineCalculator
from hotline_rules.time.duration import Duration, Unit

ZONES = [
    "Asia/Shanghai",
    "Australia/Perth",  # DST 2006-12 to 2009-03
    "Asia/Ulaanbaatar",  # DST 2001-2006, 2015-2016; the 2015-16 ones end at midnight
    "America/Sao_Paulo",  # DST began at 00:00 (a gap at midnight) until 2018
    "Asia/Beirut",  # DST begins at 00:00
    "America/Havana",  # DST begins at 00:00
    "America/Santiago",
    "Europe/London",
    "Australia/Lord_Howe",  # a 30-minute DST
    "Africa/Casablanca",  # Ramadan breaks since 2019, missed by quarterly sampling
]

# Calendars whose years miss a zone's DST years: the cache of a constant offset must not leak.
CALENDARS = {
    "default": WorkCalendar.default(),
    "2010-2030": WorkCalendar(first_year=2010, last_year=2030),
    "2017-2030": WorkCalendar(first_year=2017, last_year=2030),
    "2020-2030": WorkCalendar(first_year=2020, last_year=2030),
}


@cache
def calculator(zone: str, calendar: str) -> DeadlineCalculator:
    return DeadlineCalculator(CALENDARS[calendar], zone=zone, allow_estimated=True)


def reference_end_of_day(day: date, zone: tzinfo) -> datetime:
    """24:00 of ``day`` in ``zone``: the first minute whose local date is after ``day``."""
    t = datetime.combine(day, time(0), tzinfo=UTC) + timedelta(hours=8)  # past any zone's 24:00
    while t.astimezone(zone).date() > day:
        t -= timedelta(hours=1)
    while t.astimezone(zone).date() <= day:
        t += timedelta(minutes=1)
    return t


def reference_due(start: datetime, duration: Duration, zone: tzinfo, cal: WorkCalendar) -> datetime:
    unit, n = duration.unit, duration.amount
    if unit is Unit.MINUTES:
        return start.astimezone(UTC) + timedelta(minutes=n)
    if unit is Unit.HOURS:
        return start.astimezone(UTC) + timedelta(hours=n)
    local_day = start.astimezone(zone).date()
    if unit is Unit.SAME_DAY:
        return reference_end_of_day(local_day, zone)
    if unit is Unit.DAYS:
        return reference_end_of_day(local_day + timedelta(days=n), zone)
    assert unit is Unit.WORKING_DAYS
    cal.day(local_day)  # a start day outside the calendar cannot be counted from
    day, left = local_day, n
    while left:
        day += timedelta(days=1)
        left -= cal.is_working_day(day, allow_estimated=True)
    return reference_end_of_day(day, zone)


def shows_a_real_wall_time(instant: datetime) -> bool:
    """The instant is written as a wall time its zone shows then (no gap, the right fold)."""
    again = instant.astimezone(UTC).astimezone(instant.tzinfo)
    return (instant.replace(tzinfo=None), instant.utcoffset()) == (
        again.replace(tzinfo=None),
        again.utcoffset(),
    )


DURATIONS = st.sampled_from(
    [
        Duration(90, Unit.MINUTES),
        Duration(5, Unit.HOURS),
        Duration(0, Unit.SAME_DAY),
        Duration(1, Unit.DAYS),
        Duration(3, Unit.DAYS),
        Duration(1, Unit.WORKING_DAYS),
        Duration(5, Unit.WORKING_DAYS),
    ]
)
STARTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31, 23, 59), timezones=st.just(UTC)
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(ZONES),
    calendar=st.sampled_from(sorted(CALENDARS)),
    instant=STARTS,
    written=st.sampled_from(["zone", "utc", "+08:00", "+09:00", "zone offset"]),
    duration=DURATIONS,
)
def test_due_instant_agrees_with_the_slow_reference(
    zone: str, calendar: str, instant: datetime, written: str, duration: Duration
) -> None:
    tz = ZoneInfo(zone)
    if written == "zone":
        start = instant.astimezone(tz)
    elif written == "utc":
        start = instant
    elif (
        written == "zone offset"
    ):  # the offset the zone had, as a fixed offset (how exports write it)
        start = instant.astimezone(timezone(instant.astimezone(tz).utcoffset() or timedelta(0)))
    else:
        hours = 8 if written == "+08:00" else 9
        start = instant.astimezone(timezone(timedelta(hours=hours)))
    calc = calculator(zone, calendar)
    cal = CALENDARS[calendar]
    try:
        want = reference_due(start, duration, tz, cal)
    except CalendarRangeError:
        with pytest.raises(CalendarRangeError):
            calc.due_instant(start, duration)
        return
    got, _ = calc.due_instant(start, duration)
    full = calc.due(start, duration).due
    # the same instant (compared as timestamps: Python never calls a wall time inside a fold,
    # such as Havana's 00:00 on 4 Nov 2012, equal to a time in another zone)
    assert got.timestamp() == want.timestamp(), (start, duration, got, want)
    assert full.timestamp() == want.timestamp(), (start, duration, full, want)
    assert shows_a_real_wall_time(got) and shows_a_real_wall_time(full)
    if duration.unit not in (Unit.MINUTES, Unit.HOURS):
        # a midnight is written in the zone's own offset of that moment
        assert got.utcoffset() == got.astimezone(tz).utcoffset()


@pytest.mark.parametrize(
    ("zone", "calendar", "start", "duration", "due"),
    [
        # Perth kept DST in the summer of 2007-08: 24:00 of 17 Jan 2008 was 24:00+09:00.
        (
            "Australia/Perth",
            "2010-2030",
            "2008-01-14T14:30:00+09:00",
            "3 days",
            "2008-01-18T00:00:00+09:00",
        ),
        # 23:30+08:00 on 13 Jan was already 14 Jan in Perth (00:30+09:00).
        (
            "Australia/Perth",
            "2010-2030",
            "2008-01-13T23:30:00+08:00",
            "当日",
            "2008-01-15T00:00:00+09:00",
        ),
        (
            "Asia/Ulaanbaatar",
            "2017-2030",
            "2015-07-18T18:45:00+09:00",
            "当日",
            "2015-07-19T00:00:00+09:00",
        ),
        # Sao Paulo skipped 00:00-01:00 on 19 Oct 2014: that day began at 01:00-02:00.
        (
            "America/Sao_Paulo",
            "default",
            "2014-10-15T01:45:00-03:00",
            "3 days",
            "2014-10-19T01:00:00-02:00",
        ),
    ],
)
def test_known_cases(zone: str, calendar: str, start: str, duration: str, due: str) -> None:
    from hotline_rules.time.duration import parse_duration

    calc = calculator(zone, calendar)
    got, _ = calc.due_instant(datetime.fromisoformat(start), parse_duration(duration))
    assert got.isoformat() == due
    assert calc.due(datetime.fromisoformat(start), duration).due.isoformat() == due


def test_shanghai_keeps_its_fast_fixed_offset() -> None:
    """The shortcut stays where it is right: Asia/Shanghai's midnights in the shared +08:00."""
    calc = DeadlineCalculator(WorkCalendar.default(), zone="Asia/Shanghai")
    start = datetime.fromisoformat("2026-09-30T16:00:00+08:00")
    due, _ = calc.due_instant(start, Duration(1, Unit.WORKING_DAYS))
    assert due.isoformat() == "2026-10-09T00:00:00+08:00"
    assert isinstance(due.tzinfo, timezone)
