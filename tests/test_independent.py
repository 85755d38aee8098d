"""Cross-check against an independent calendar: the ``chinesecalendar`` package.

It transcribes the same State Council notices by other hands (2004-2026), so
agreement on every day and on hundreds of deadlines is evidence that neither
our sources (``holidays`` plus the notice files) nor our arithmetic is off.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from hotline_rules import DeadlineCalculator, Duration, Unit, WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST, LAST = date(2004, 1, 1), date(2026, 12, 31)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.default()


# Where chinesecalendar itself departs from the notice text; each entry quotes the notice.
ERRATA: dict[date, tuple[bool, str]] = {
    date(2005, 12, 31): (
        True,
        "国务院办公厅关于2006年部分节假日安排的通知：元旦1月1日至3日放假，"
        "1月3日（星期二）为12月31日（星期六）公休日调休，12月31日（星期六）上班。",
    ),
}


def independent_is_working(d: date) -> bool:
    if d in ERRATA:
        return ERRATA[d][0]
    return bool(chinese_calendar.is_workday(d))


def test_errata_are_still_needed() -> None:
    """If chinesecalendar fixes an entry, drop it here, so the list never hides a real difference."""
    for d, (working, _) in ERRATA.items():
        assert bool(chinese_calendar.is_workday(d)) != working


def test_every_day_2004_2026_agrees(cal: WorkCalendar) -> None:
    disagreements = []
    d = FIRST
    while d <= LAST:
        if cal.is_working_day(d) != independent_is_working(d):
            disagreements.append((d.isoformat(), cal.day(d).reason))
        d += timedelta(days=1)
    assert disagreements == []


def independent_due(start: datetime, n: int) -> datetime:
    """N working days after the start day, ends 24:00: stepped one day at a time."""
    d = start.astimezone(SHANGHAI).date()
    counted = 0
    while counted < n:
        d += timedelta(days=1)
        if independent_is_working(d):
            counted += 1
    return datetime(d.year, d.month, d.day, tzinfo=SHANGHAI) + timedelta(days=1)


def _starts() -> list[tuple[datetime, int]]:
    rng = random.Random(20261122)
    cases: list[tuple[datetime, int]] = []
    # Hand-picked hard weeks: Spring Festival and National Day 2026, year ends.
    for day in (
        "2026-02-12",
        "2026-02-13",
        "2026-02-14",
        "2026-02-15",
        "2026-02-27",
        "2026-09-19",
        "2026-09-20",
        "2026-09-30",
        "2026-10-09",
        "2026-10-10",
        "2025-12-31",
        "2024-12-31",
        "2023-12-29",
        "2025-09-30",
        "2020-01-23",
    ):
        for n in (1, 2, 3, 5, 10, 15):
            cases.append((datetime.fromisoformat(day + "T16:40:00+08:00"), n))
    span = (date(2026, 11, 1) - FIRST).days
    for _ in range(400):
        d = FIRST + timedelta(days=rng.randrange(span))
        t = datetime(d.year, d.month, d.day, rng.randrange(24), rng.randrange(60), tzinfo=SHANGHAI)
        cases.append((t, rng.choice((1, 2, 3, 5, 10, 15, 20))))
    return cases


def test_deadlines_agree_on_hundreds_of_starts() -> None:
    calc = DeadlineCalculator()
    wrong = []
    cases = _starts()
    assert len(cases) >= 400
    for start, n in cases:
        ours = calc.due(start, Duration(n, Unit.WORKING_DAYS)).due
        theirs = independent_due(start, n)
        if ours != theirs:
            wrong.append((start.isoformat(), n, ours.isoformat(), theirs.isoformat()))
    assert wrong == []


def test_utc_start_is_counted_in_shanghai() -> None:
    """2026-09-30T17:00Z is 10-01 01:00 in Shanghai: the start day is 10-01, a holiday."""
    calc = DeadlineCalculator()
    start = datetime.fromisoformat("2026-09-30T17:00:00+00:00")
    assert calc.due(start, "1 working_days").due == independent_due(start, 1)
    assert calc.due(start, "1 working_days").due.isoformat() == "2026-10-09T00:00:00+08:00"
