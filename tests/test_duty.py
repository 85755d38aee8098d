"""Duty roster windows (rules/duty.py) and ``Engine.on_duty``."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.rules.duty import covering, span
from hotline_rules.profile.schema import DutyWindow

CST = timezone(timedelta(hours=8))
CITE = {"article": "第一条", "text": "值班"}


def window(rule_id: str, start: str, end: str, **kw: object) -> DutyWindow:
    return DutyWindow.model_validate(
        {"id": rule_id, "name": rule_id, "from": start, "to": end, "cite": CITE, **kw}
    )


def weekdays(d: date) -> bool:
    return d.weekday() < 5


DAY = window("duty.day", "09:00", "17:30", days="working_days")
ALL_DAY = window("duty.all_day", "00:00", "24:00")
OVERNIGHT = window("duty.overnight", "08:30", "08:30", next_day=True)
LATE = window("duty.late", "22:00", "06:00", days="working_days")
ROSTER = (DAY, ALL_DAY, OVERNIGHT, LATE)


def on(at: str) -> list[str]:
    return [w.id for w in covering(ROSTER, datetime.fromisoformat(at), weekdays)]


def test_a_working_day_window_covers_office_hours_of_a_weekday_only() -> None:
    # 2026-03-06 is a Friday, 03-07 a Saturday
    assert on("2026-03-06T09:00:00+08:00") == ["duty.day", "duty.all_day", "duty.overnight"]
    assert on("2026-03-06T17:30:00+08:00") == ["duty.all_day", "duty.overnight"]  # end excluded
    assert on("2026-03-07T10:00:00+08:00") == ["duty.all_day", "duty.overnight"]


def test_overnight_windows_belong_to_the_day_they_start() -> None:
    # 08:30 to 08:30 the next day: 08:29 is still yesterday's shift
    assert "duty.overnight" in on("2026-03-07T08:29:00+08:00")
    # 22:00-06:00 on working days: Friday night's shift runs into Saturday morning ...
    assert "duty.late" in on("2026-03-07T05:59:00+08:00")
    # ... but nobody starts one on Saturday night
    assert "duty.late" not in on("2026-03-08T05:00:00+08:00")
    assert "duty.late" not in on("2026-03-07T23:00:00+08:00")


def test_twenty_four_hundred_is_the_end_of_the_day() -> None:
    start, end = span(ALL_DAY, date(2026, 3, 6), CST)
    assert (start.isoformat(), end.isoformat()) == (
        "2026-03-06T00:00:00+08:00",
        "2026-03-07T00:00:00+08:00",
    )


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        covering(ROSTER, datetime(2026, 3, 6, 9), weekdays)


@given(st.datetimes(min_value=datetime(2025, 1, 2), max_value=datetime(2026, 12, 30)))
def test_an_all_day_every_day_window_always_covers(naive: datetime) -> None:
    assert covering((ALL_DAY,), naive.replace(tzinfo=CST), weekdays) == (ALL_DAY,)


@given(st.datetimes(min_value=datetime(2025, 1, 2), max_value=datetime(2026, 12, 30)))
def test_a_window_covers_exactly_its_span(naive: datetime) -> None:
    at = naive.replace(tzinfo=CST)
    inside = any(
        span(DAY, d, CST)[0] <= at < span(DAY, d, CST)[1]
        for d in (at.date() - timedelta(days=1), at.date())
        if weekdays(d)
    )
    assert (covering((DAY,), at, weekdays) == (DAY,)) is inside


def test_engine_on_duty_uses_the_profile_calendar_and_zone() -> None:
    engine = Engine("haikou")
    ids = [w.id for w in engine.on_duty(datetime.fromisoformat("2026-10-03T03:00:00+00:00"))]
    # 11:00 in Shanghai on a National Day holiday: the every-day windows still cover it
    assert ids == ["duty.system_login", "duty.rotation", "duty.online_morning"]
