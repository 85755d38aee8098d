"""DeadlineCalculator.due: hand-worked deadlines from the 2026 notice, errors, JSON, properties.

The 2026 notice (国务院办公厅关于2026年部分节假日安排的通知):
元旦 1月1-3日 off, 1月4日(周日) worked; 春节 2月15-23日 off, 2月14日(周六)、2月28日(周六) worked;
清明 4月4-6日; 劳动节 5月1-5日 off, 5月9日(周六) worked; 端午 6月19-21日; 中秋 9月25-27日;
国庆 10月1-7日 off, 9月20日(周日)、10月10日(周六) worked.

Every expected value below was worked out by hand from that list and a wall calendar.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendar_years import LAST_ANNOUNCED_YEAR, UNANNOUNCED_YEAR
from hotline_rules.errors import (
    DurationError,
    InputError,
    NaiveDatetimeError,
    OfficeHoursError,
    UnofficialYearError,
)
from hotline_rules.time.calendar import WorkCalendar
from hotline_rules.time.deadline import Counting, DeadlineCalculator, EndsAt, Style, parse_instant
from hotline_rules.time.duration import Duration, Unit
from hotline_rules.time.office_hours import OfficeHours, Season

SH = ZoneInfo("Asia/Shanghai")
EIGHT = timedelta(hours=8)
STANDARD_HOURS = "09:00-12:00, 13:30-17:30"

CAL = WorkCalendar.default()
OH = OfficeHours.parse(STANDARD_HOURS)
CALC = DeadlineCalculator(office_hours=OH)
PLAIN = DeadlineCalculator()  # no office hours

CAL_STYLE = Counting()
ELAPSED = Counting(style=Style.ELAPSED)
COB = Counting(ends_at=EndsAt.CLOSE_OF_BUSINESS)
ROLL = Counting(rollover=True)
ROLL_COB = Counting(rollover=True, ends_at=EndsAt.CLOSE_OF_BUSINESS)

COUNTINGS = {"cal": CAL_STYLE, "elapsed": ELAPSED, "cob": COB, "roll": ROLL, "roll_cob": ROLL_COB}


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


# (start, duration, counting, expected due) -- all worked by hand
HAND_WORKED = [
    # ---- working_days, calendar style: ends 24:00 of the Nth working day ----
    # 10-01..07 off; 10-08 is working day 1
    ("2026-09-30T16:00:00+08:00", "1 working_days", "cal", "2026-10-09T00:00:00+08:00"),
    # 10-08 day 1, 10-09 day 2
    ("2026-09-30T16:00:00+08:00", "2 working_days", "cal", "2026-10-10T00:00:00+08:00"),
    # 10-10 (Sat) is a makeup workday: day 3
    ("2026-09-30T16:00:00+08:00", "3 working_days", "cal", "2026-10-11T00:00:00+08:00"),
    # 10-11 (Sun) off, 10-12 (Mon) day 4
    ("2026-09-30T16:00:00+08:00", "4 working_days", "cal", "2026-10-13T00:00:00+08:00"),
    # 10-08,09,10(Sat),12,13,14,15,16,19,20,21,22,23,26,27 -> the 15th is 10-27
    ("2026-09-30T16:00:00+08:00", "十五个工作日", "cal", "2026-10-28T00:00:00+08:00"),
    # time of day does not matter for calendar style
    ("2026-09-30T00:00:00+08:00", "1 working_days", "cal", "2026-10-09T00:00:00+08:00"),
    ("2026-09-30T23:59:59+08:00", "2个工作日", "cal", "2026-10-10T00:00:00+08:00"),
    # start on a holiday: 10-08 is still day 1
    ("2026-10-03T10:00:00+08:00", "1 working_days", "cal", "2026-10-09T00:00:00+08:00"),
    # year end: 01-01..03 off, 01-04 (Sun) worked -> day 1
    ("2025-12-31T10:00:00+08:00", "1 working_days", "cal", "2026-01-05T00:00:00+08:00"),
    ("2025-12-31T10:00:00+08:00", "2 working_days", "cal", "2026-01-06T00:00:00+08:00"),
    # Spring Festival: 02-14 (Sat) worked, 02-15..23 off
    ("2026-02-13T10:00:00+08:00", "1 working_days", "cal", "2026-02-15T00:00:00+08:00"),
    ("2026-02-13T10:00:00+08:00", "2 working_days", "cal", "2026-02-25T00:00:00+08:00"),
    ("2026-02-12T10:00:00+08:00", "3 working_days", "cal", "2026-02-25T00:00:00+08:00"),
    # 02-24,25,26,27 then 02-28 (Sat) worked: day 5
    ("2026-02-23T10:00:00+08:00", "5 working_days", "cal", "2026-03-01T00:00:00+08:00"),
    # 清明 04-04..06 off
    ("2026-04-03T10:00:00+08:00", "1 working_days", "cal", "2026-04-08T00:00:00+08:00"),
    # 劳动节 05-01..05 off; 05-06,07,08, 05-09 (Sat) worked: day 4
    ("2026-04-30T10:00:00+08:00", "4 working_days", "cal", "2026-05-10T00:00:00+08:00"),
    # 端午 06-19..21 off
    ("2026-06-18T10:00:00+08:00", "1 working_days", "cal", "2026-06-23T00:00:00+08:00"),
    # 09-19 (Sat) off, 09-20 (Sun) worked
    ("2026-09-18T10:00:00+08:00", "1 working_days", "cal", "2026-09-21T00:00:00+08:00"),
    # 09-20,21,22,23,24 -> day 5 is 09-24; 中秋 09-25..27 off; day 6 is 09-28
    ("2026-09-18T10:00:00+08:00", "5 working_days", "cal", "2026-09-25T00:00:00+08:00"),
    ("2026-09-18T10:00:00+08:00", "6 working_days", "cal", "2026-09-29T00:00:00+08:00"),
    ("2026-09-24T10:00:00+08:00", "1 working_days", "cal", "2026-09-29T00:00:00+08:00"),
    # ordinary weekend
    ("2026-03-06T10:00:00+08:00", "1 working_days", "cal", "2026-03-10T00:00:00+08:00"),
    ("2026-03-02T09:00:00+08:00", "2个工作日", "cal", "2026-03-05T00:00:00+08:00"),
    # ---- working_days, elapsed style: keep the start's time of day ----
    ("2026-09-30T16:00:00+08:00", "1 working_days", "elapsed", "2026-10-08T16:00:00+08:00"),
    ("2026-09-30T16:00:00+08:00", "3 working_days", "elapsed", "2026-10-10T16:00:00+08:00"),
    ("2026-02-13T09:15:00+08:00", "2 working_days", "elapsed", "2026-02-24T09:15:00+08:00"),
    # ---- working_days, close of business (09:00-12:00, 13:30-17:30) ----
    ("2026-09-30T16:00:00+08:00", "1 working_days", "cob", "2026-10-08T17:30:00+08:00"),
    ("2026-09-30T16:00:00+08:00", "3 working_days", "cob", "2026-10-10T17:30:00+08:00"),
    ("2025-12-31T10:00:00+08:00", "1 working_days", "cob", "2026-01-04T17:30:00+08:00"),
    # ---- days ----
    ("2026-09-30T16:00:00+08:00", "3 days", "cal", "2026-10-04T00:00:00+08:00"),
    # 10-03 is off: roll to 10-08
    ("2026-09-30T16:00:00+08:00", "3 days", "roll", "2026-10-09T00:00:00+08:00"),
    # 03-05 (Thu) is a working day: no change
    ("2026-03-02T10:00:00+08:00", "3日", "roll", "2026-03-06T00:00:00+08:00"),
    ("2026-03-02T10:00:00+08:00", "3日", "cal", "2026-03-06T00:00:00+08:00"),
    # 03-07 (Sat)
    ("2026-03-04T10:00:00+08:00", "3天", "cal", "2026-03-08T00:00:00+08:00"),
    ("2026-03-04T10:00:00+08:00", "3天", "roll", "2026-03-10T00:00:00+08:00"),
    # 10-10 (Sat) is worked: no roll
    ("2026-10-09T10:00:00+08:00", "1 days", "roll", "2026-10-11T00:00:00+08:00"),
    # 02-20 is in 春节: roll to 02-24
    ("2026-02-13T10:00:00+08:00", "7个自然日", "roll", "2026-02-25T00:00:00+08:00"),
    ("2026-02-13T10:00:00+08:00", "7个自然日", "cal", "2026-02-21T00:00:00+08:00"),
    # close of business on a working last day; 24:00 on a day without office hours
    ("2026-03-02T10:00:00+08:00", "3 days", "cob", "2026-03-05T17:30:00+08:00"),
    ("2026-03-04T10:00:00+08:00", "3 days", "cob", "2026-03-08T00:00:00+08:00"),
    ("2026-09-30T16:00:00+08:00", "3 days", "roll_cob", "2026-10-08T17:30:00+08:00"),
    # ---- same_day ----
    ("2026-09-30T16:00:00+08:00", "same_day", "cal", "2026-10-01T00:00:00+08:00"),
    ("2026-10-03T10:00:00+08:00", "当日", "cal", "2026-10-04T00:00:00+08:00"),
    ("2026-09-30T10:00:00+08:00", "当日", "cob", "2026-09-30T17:30:00+08:00"),
    ("2026-10-03T10:00:00+08:00", "当日", "cob", "2026-10-04T00:00:00+08:00"),
    # ---- minutes, hours: round the clock ----
    ("2026-09-30T23:45:00+08:00", "30 minutes", "cal", "2026-10-01T00:15:00+08:00"),
    ("2026-09-30T23:45:00+08:00", "半小时", "cal", "2026-10-01T00:15:00+08:00"),
    ("2026-09-30T22:00:00+08:00", "4 hours", "cal", "2026-10-01T02:00:00+08:00"),
    ("2026-09-30T22:00:00+08:00", "24小时", "cal", "2026-10-01T22:00:00+08:00"),
    ("2026-10-02T10:00:00+08:00", "2小时", "cal", "2026-10-02T12:00:00+08:00"),
    ("2026-09-30T17:00:00+00:00", "2 hours", "cal", "2026-10-01T03:00:00+08:00"),
    # ---- working_hours, office hours 09:00-12:00, 13:30-17:30 (7 h a day) ----
    # across lunch
    ("2026-03-02T11:00:00+08:00", "2 working_hours", "cal", "2026-03-02T14:30:00+08:00"),
    ("2026-03-02T11:00:00+08:00", "1 working_hours", "cal", "2026-03-02T12:00:00+08:00"),
    ("2026-03-02T12:30:00+08:00", "1 working_hours", "cal", "2026-03-02T14:30:00+08:00"),
    ("2026-03-02T11:00:30+08:00", "1 working_hours", "cal", "2026-03-02T13:30:30+08:00"),
    # whole day
    ("2026-03-02T09:00:00+08:00", "7 working_hours", "cal", "2026-03-02T17:30:00+08:00"),
    ("2026-03-02T09:00:00+08:00", "8 working_hours", "cal", "2026-03-03T10:00:00+08:00"),
    # across a weekend
    ("2026-03-06T16:30:00+08:00", "2 working_hours", "cal", "2026-03-09T10:00:00+08:00"),
    # across 国庆: 16:00-17:30 on 09-30, then 2.5 h on 10-08
    ("2026-09-30T16:00:00+08:00", "4个工作小时", "cal", "2026-10-08T11:30:00+08:00"),
    # before opening, after closing, at closing
    ("2026-03-02T07:00:00+08:00", "2 working_hours", "cal", "2026-03-02T11:00:00+08:00"),
    ("2026-03-02T19:00:00+08:00", "2 working_hours", "cal", "2026-03-03T11:00:00+08:00"),
    ("2026-03-02T17:30:00+08:00", "1 working_hours", "cal", "2026-03-03T10:00:00+08:00"),
    # on a holiday, on a weekend
    ("2026-10-03T10:00:00+08:00", "3 working_hours", "cal", "2026-10-08T12:00:00+08:00"),
    ("2026-10-03T10:00:00+08:00", "4 working_hours", "cal", "2026-10-08T14:30:00+08:00"),
    ("2026-03-07T10:00:00+08:00", "1 working_hours", "cal", "2026-03-09T10:00:00+08:00"),
    # makeup days are worked
    ("2026-10-09T16:30:00+08:00", "2 working_hours", "cal", "2026-10-10T10:00:00+08:00"),
    ("2026-01-03T10:00:00+08:00", "1 working_hours", "cal", "2026-01-04T10:00:00+08:00"),
    # 02-13 16:00-17:30 (1.5 h), 02-14 makeup (7 h), then 1.5 h on 02-24
    ("2026-02-13T16:00:00+08:00", "10 working_hours", "cal", "2026-02-24T10:30:00+08:00"),
    # start given in UTC: 03:00Z is 11:00 in Shanghai
    ("2026-03-02T03:00:00+00:00", "2 working_hours", "cal", "2026-03-02T14:30:00+08:00"),
]


@pytest.mark.parametrize(("start", "duration", "counting", "expected"), HAND_WORKED)
def test_hand_worked(start: str, duration: str, counting: str, expected: str) -> None:
    r = CALC.due(t(start), duration, COUNTINGS[counting])
    assert r.due.isoformat() == expected
    assert r.due == t(expected)
    assert r.due.utcoffset() == EIGHT
    assert r.estimated is False
    assert r.estimated_years == []


def test_enough_hand_worked_cases() -> None:
    assert len(HAND_WORKED) >= 25
    units = {Duration.parse(d).unit for _, d, _, _ in HAND_WORKED}
    assert units == set(Unit)


def test_duration_object_and_text_agree() -> None:
    start = t("2026-09-30T16:00:00+08:00")
    a = CALC.due(start, Duration(3, Unit.WORKING_DAYS))
    b = CALC.due(start, "3个工作日内")
    assert a.due == b.due == t("2026-10-11T00:00:00+08:00")
    assert a.duration == b.duration == Duration(3, Unit.WORKING_DAYS)


# ---- seasonal office hours -----------------------------------------------------------------

SEASONAL = DeadlineCalculator(
    office_hours=OfficeHours(
        default=STANDARD_HOURS,
        seasons=(
            Season.model_validate(
                {
                    "name": "夏季作息",
                    "from": "05-01",
                    "to": "09-30",
                    "default": "08:30-12:00, 14:30-18:00",
                }
            ),
        ),
    )
)


@pytest.mark.parametrize(
    ("start", "duration", "counting", "expected"),
    [
        # 09-29 is in summer: closes 18:00
        ("2026-09-28T10:00:00+08:00", "1 working_days", "cob", "2026-09-29T18:00:00+08:00"),
        # 10-08 is not: closes 17:30
        ("2026-09-30T10:00:00+08:00", "1 working_days", "cob", "2026-10-08T17:30:00+08:00"),
        # 17:00-18:00 on 09-30 (summer), then 09:00-10:00 on 10-08
        ("2026-09-30T17:00:00+08:00", "2 working_hours", "cal", "2026-10-08T10:00:00+08:00"),
        # summer lunch 12:00-14:30: 11:00-12:00, 14:30-15:30
        ("2026-07-01T11:00:00+08:00", "2 working_hours", "cal", "2026-07-01T15:30:00+08:00"),
        # summer opens 08:30
        ("2026-07-01T07:00:00+08:00", "1 working_hours", "cal", "2026-07-01T09:30:00+08:00"),
    ],
)
def test_seasonal_office_hours(start: str, duration: str, counting: str, expected: str) -> None:
    assert SEASONAL.due(t(start), duration, COUNTINGS[counting]).due.isoformat() == expected


# ---- derivation: skipped and counted days ----------------------------------------------------


def _dates(days: list) -> list[str]:  # type: ignore[type-arg]
    return [d.date.isoformat() for d in days]


def test_skipped_national_day() -> None:
    r = CALC.due(t("2026-09-30T16:00:00+08:00"), "1 working_days")
    assert _dates(r.skipped) == [
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    ]
    assert {d.reason for d in r.skipped} == {"国庆节"}
    assert r.counted == []
    assert "跳过 2026-10-01..07 国庆节" in r.steps("zh")
    assert "skipped 2026-10-01..07 National Day" in r.steps("en")
    assert "第1个工作日为 2026-10-08" in r.steps("zh")


def test_counted_makeup_workday() -> None:
    r = CALC.due(t("2026-09-30T16:00:00+08:00"), "3 working_days")
    assert _dates(r.counted) == ["2026-10-10"]
    assert r.counted[0].reason == "调休上班（国庆节）"
    assert _dates(r.skipped) == [
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    ]
    assert "计入 2026-10-10 调休上班（国庆节）" in r.steps("zh")


def test_skipped_includes_ordinary_weekend() -> None:
    r = CALC.due(t("2026-09-30T16:00:00+08:00"), "4 working_days")
    assert _dates(r.skipped) == [
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
        "2026-10-11",
    ]
    assert r.skipped[-1].reason == "周日"


def test_year_end_skipped_and_counted() -> None:
    r = CALC.due(t("2025-12-31T10:00:00+08:00"), "1 working_days")
    assert _dates(r.skipped) == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert {d.reason for d in r.skipped} == {"元旦"}
    assert _dates(r.counted) == ["2026-01-04"]


def test_spring_festival_skipped_and_counted() -> None:
    r = CALC.due(t("2026-02-13T10:00:00+08:00"), "2 working_days")
    assert _dates(r.skipped) == [f"2026-02-{d}" for d in range(15, 24)]
    assert {d.reason for d in r.skipped} == {"春节"}
    assert _dates(r.counted) == ["2026-02-14"]
    r5 = CALC.due(t("2026-02-23T10:00:00+08:00"), "5 working_days")
    assert _dates(r5.counted) == ["2026-02-28"]
    assert r5.skipped == []


def test_rollover_skipped() -> None:
    r = CALC.due(t("2026-09-30T16:00:00+08:00"), "3 days", ROLL)
    # the natural last day 10-03 and the holiday days after it, up to the working day 10-08
    assert _dates(r.skipped) == [
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    ]


# ---- a start in another offset uses the Shanghai date -------------------------------------------


def test_utc_start_uses_shanghai_date() -> None:
    start = t("2026-09-30T17:00:00Z")  # 2026-10-01 01:00 in Shanghai
    r = CALC.due(start, "1 working_days")
    assert r.due.isoformat() == "2026-10-09T00:00:00+08:00"
    # start day is 10-01 (not counted), so skipping begins on 10-02
    assert _dates(r.skipped) == [
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    ]
    assert r.to_dict()["start"] == "2026-09-30T17:00:00+00:00"


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # 10-10 01:00 Shanghai (makeup Sat): next working day 10-12 (a UTC date would give 10-10)
        ("2026-10-09T17:00:00Z", "1 working_days", "2026-10-13T00:00:00+08:00"),
        ("2026-10-09T12:00:00-04:00", "1 working_days", "2026-10-13T00:00:00+08:00"),
        # 10-09 23:59:59 Shanghai: next working day 10-10
        ("2026-10-09T11:59:59-04:00", "1 working_days", "2026-10-11T00:00:00+08:00"),
        ("2026-09-30T17:00:00Z", "same_day", "2026-10-02T00:00:00+08:00"),
        ("2026-09-30T17:00:00Z", "1 days", "2026-10-03T00:00:00+08:00"),
        ("2026-09-30T15:59:59Z", "same_day", "2026-10-01T00:00:00+08:00"),
    ],
)
def test_offset_starts(start: str, duration: str, expected: str) -> None:
    assert CALC.due(t(start), duration).due.isoformat() == expected


# ---- JSON ----------------------------------------------------------------------------------------


def test_to_dict() -> None:
    r = CALC.due(t("2026-09-30T16:00:00+08:00"), "1 working_days")
    d = r.to_dict()
    assert d["start"] == "2026-09-30T16:00:00+08:00"
    assert d["add"] == "1 working_days"
    assert d["add_zh"] == "1个工作日"
    assert d["due"] == "2026-10-09T00:00:00+08:00"
    assert d["estimated"] is False
    assert d["estimated_years"] == []
    assert d["zone"] == "Asia/Shanghai"
    assert d["last_day"] == "2026-10-08"
    assert [{"date": s["date"], "reason": s["reason"]} for s in d["skipped"]] == [
        {"date": "2026-10-01", "reason": "国庆节"},
        {"date": "2026-10-02", "reason": "国庆节"},
        {"date": "2026-10-03", "reason": "国庆节"},
        {"date": "2026-10-04", "reason": "国庆节"},
        {"date": "2026-10-05", "reason": "国庆节"},
        {"date": "2026-10-06", "reason": "国庆节"},
        {"date": "2026-10-07", "reason": "国庆节"},
    ]
    assert d["counted"] == []
    assert d["counting"] == {
        "ends_at": "end_of_day",
        "style": "calendar",
        "rollover": False,
        "inclusive": False,
    }
    assert isinstance(d["steps_zh"], list) and d["steps_zh"]
    # serialisable as JSON, round trip unchanged
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


def test_to_dict_counted_and_hours() -> None:
    d = CALC.due(t("2026-09-30T16:00:00+08:00"), "3 working_days").to_dict()
    assert [(c["date"], c["reason"]) for c in d["counted"]] == [
        ("2026-10-10", "调休上班（国庆节）")
    ]
    h = CALC.due(t("2026-09-30T22:00:00+08:00"), "4 hours").to_dict()
    assert h["due"] == "2026-10-01T02:00:00+08:00"
    assert h["add"] == "4 hours"
    assert h["skipped"] == []
    assert h["estimated"] is False


# ---- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "duration", ["1 working_days", "2 hours", "当日", "3 days", "1 working_hours"]
)
def test_naive_datetime(duration: str) -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        CALC.due(datetime(2026, 9, 30, 16, 0), duration)
    assert info.value.code == "time.naive_datetime"
    assert "2026-09-30T16:00:00" in info.value.message_en


class _NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None


def test_tzinfo_without_offset_is_naive() -> None:
    with pytest.raises(NaiveDatetimeError):
        CALC.due(datetime(2026, 9, 30, 16, 0, tzinfo=_NoOffset()), "1 working_days")


# 20 December of the last announced year: 15 working days always reach into the next one.
YEAR_END = f"{LAST_ANNOUNCED_YEAR}-12-20T10:00:00+08:00"


def test_a_due_at_the_turn_of_the_last_announced_year_needs_no_notice_of_the_next() -> None:
    """Worked from the calendar, not from a named year: the last working day of the last
    announced year ends at 24:00, written as 1 January of the unannounced one, and is certain;
    natural days and hours into the unannounced year ask no calendar at all."""
    y = LAST_ANNOUNCED_YEAR
    last = max(
        d for d in (date(y, 12, 31) - timedelta(days=i) for i in range(14)) if CAL.is_working_day(d)
    )
    before = max(
        d for d in (last - timedelta(days=i) for i in range(1, 14)) if CAL.is_working_day(d)
    )
    start = datetime.combine(before, time(10), tzinfo=SH)
    r = PLAIN.due(start, "1 working_days")
    assert r.due == datetime.combine(last + timedelta(days=1), time(0), tzinfo=SH)
    assert r.estimated is False and r.due.year == (y + 1 if last.day == 31 else y)
    r = PLAIN.due(t(f"{y}-12-30T10:00:00+08:00"), "3 days")
    assert (r.due, r.estimated) == (t(f"{y + 1}-01-03T00:00:00+08:00"), False)
    r = PLAIN.due(t(f"{y}-12-31T23:30:00+08:00"), "2 hours")
    assert (r.due, r.estimated) == (t(f"{y + 1}-01-01T01:30:00+08:00"), False)


def test_unofficial_year_raises() -> None:
    with pytest.raises(UnofficialYearError) as info:
        CALC.due(t(YEAR_END), "15 working_days")
    exc = info.value
    assert exc.years == [UNANNOUNCED_YEAR]
    assert exc.code == "calendar.year_not_official"
    assert str(UNANNOUNCED_YEAR) in exc.message_zh
    assert str(UNANNOUNCED_YEAR) in exc.message_en


def test_unofficial_year_estimated() -> None:
    r = CALC.due(t(YEAR_END), "15 working_days", allow_estimated=True)
    assert r.estimated is True
    assert r.estimated_years == [UNANNOUNCED_YEAR]
    # the 15th working day of the estimate (statutory holidays only), ended at 24:00
    last = CAL.add_working_days(date(LAST_ANNOUNCED_YEAR, 12, 20), 15, allow_estimated=True)
    assert last.year == UNANNOUNCED_YEAR
    assert r.due == datetime.combine(last + timedelta(days=1), time(0), tzinfo=SH)
    d = r.to_dict()
    assert d["estimated"] is True
    assert d["estimated_years"] == [UNANNOUNCED_YEAR]
    # the same through the calculator's default
    r2 = DeadlineCalculator(allow_estimated=True).due(t(YEAR_END), "15 working_days")
    assert r2.estimated_years == [UNANNOUNCED_YEAR]
    assert r2.due == r.due
    # and an explicit False overrides the calculator's default
    with pytest.raises(UnofficialYearError):
        DeadlineCalculator(allow_estimated=True).due(
            t(YEAR_END), "15 working_days", allow_estimated=False
        )


@pytest.mark.parametrize(
    ("start", "duration", "counting"),
    [
        # natural last day 2 January: rollover asks the unannounced year's calendar
        (f"{LAST_ANNOUNCED_YEAR}-12-30T10:00:00+08:00", "3 days", "roll"),
        # close of business asks whether 2 January has office hours
        (f"{LAST_ANNOUNCED_YEAR}-12-30T10:00:00+08:00", "3 days", "cob"),
        # at most 16:00-17:30 on 31 December, then the unannounced year
        (f"{LAST_ANNOUNCED_YEAR}-12-31T16:00:00+08:00", "2 working_hours", "cal"),
        (f"{LAST_ANNOUNCED_YEAR}-12-31T10:00:00+08:00", "1 working_days", "elapsed"),
    ],
)
def test_unofficial_year_other_units(start: str, duration: str, counting: str) -> None:
    with pytest.raises(UnofficialYearError) as info:
        CALC.due(t(start), duration, COUNTINGS[counting])
    assert info.value.years == [UNANNOUNCED_YEAR]


@pytest.mark.parametrize(
    ("duration", "counting"),
    [
        ("1 working_days", COB),
        ("3 days", COB),
        ("3 days", ROLL_COB),
        ("当日", COB),
        ("2 working_hours", CAL_STYLE),
    ],
)
def test_office_hours_missing(duration: str, counting: Counting) -> None:
    with pytest.raises(OfficeHoursError) as info:
        PLAIN.due(t("2026-03-02T10:00:00+08:00"), duration, counting)
    assert info.value.code == "office_hours.missing"
    assert info.value.hint_en


def test_without_office_hours_end_of_day_works() -> None:
    assert PLAIN.due(t("2026-09-30T16:00:00+08:00"), "1 working_days").due.isoformat() == (
        "2026-10-09T00:00:00+08:00"
    )


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Asia/Shanghia", "../etc/passwd", ""])
def test_unknown_zone(zone: str) -> None:
    with pytest.raises(InputError) as info:
        DeadlineCalculator(zone=zone)
    assert info.value.code == "time.unknown_zone"


def test_other_zone() -> None:
    tokyo = DeadlineCalculator(zone="Asia/Tokyo")
    # 2026-09-30T23:30+08:00 is 10-01 00:30 in Tokyo: start day 10-01, 10-08 is day 1
    r = tokyo.due(t("2026-09-30T23:30:00+08:00"), "same_day")
    assert r.due.isoformat() == "2026-10-02T00:00:00+09:00"
    r = tokyo.due(t("2026-09-30T16:00:00+08:00"), "1 working_days")
    assert r.due.isoformat() == "2026-10-09T00:00:00+09:00"


def test_bad_duration_text() -> None:
    with pytest.raises(DurationError) as info:
        CALC.due(t("2026-09-30T16:00:00+08:00"), "3个星期")
    assert info.value.code == "duration.unknown_unit"


def test_parse_instant() -> None:
    assert parse_instant(" 2026-09-30T16:00:00+08:00 ") == datetime(
        2026, 9, 30, 16, tzinfo=timezone(EIGHT)
    )
    with pytest.raises(NaiveDatetimeError):
        parse_instant("2026-09-30T16:00:00")
    with pytest.raises(InputError) as info:
        parse_instant("yesterday")
    assert info.value.code == "time.unparsable"


# ---- properties ------------------------------------------------------------------------------------

EST = DeadlineCalculator(office_hours=OH, allow_estimated=True)
EST_SEASONAL = DeadlineCalculator(office_hours=SEASONAL.office_hours, allow_estimated=True)

ZONES = st.sampled_from(
    [
        SH,
        UTC,
        timezone(EIGHT),
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)
STARTS = st.datetimes(
    min_value=datetime(2004, 1, 1),
    max_value=datetime(LAST_ANNOUNCED_YEAR, 12, 31, 23, 59, 59),
    timezones=ZONES,
)
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _local_day(start: datetime) -> date:
    return start.astimezone(SH).date()


def _is_local_midnight(dt: datetime) -> bool:
    return dt.utcoffset() == EIGHT and dt.astimezone(SH).time() == time(0)


def _slow_count(first_excluded: date, last_included: date) -> int:
    n, d = 0, first_excluded + timedelta(days=1)
    while d <= last_included:
        n += CAL.is_working_day(d, allow_estimated=True)
        d += timedelta(days=1)
    return n


@PROPS
@given(start=STARTS, n=st.integers(1, 60))
def test_prop_working_days_calendar(start: datetime, n: int) -> None:
    r = EST.due(start, Duration(n, Unit.WORKING_DAYS))
    assert _is_local_midnight(r.due)
    last = r.due.astimezone(SH).date() - timedelta(days=1)
    assert CAL.is_working_day(last, allow_estimated=True)
    assert _slow_count(_local_day(start), last) == n
    # every year up to the last announced one is official; the estimate covers the next only
    assert r.estimated_years == ([UNANNOUNCED_YEAR] if last.year == UNANNOUNCED_YEAR else [])
    assert r.estimated is (last.year == UNANNOUNCED_YEAR)
    # rollover does not change working-day counting (and takes the general code path)
    g = EST.due(start, Duration(n, Unit.WORKING_DAYS), ROLL)
    assert g.due == r.due
    assert [d.date for d in g.skipped] == [d.date for d in r.skipped]
    assert [d.date for d in g.counted] == [d.date for d in r.counted]
    assert all(not d.working for d in r.skipped)
    assert len(r.skipped) + n == (last - _local_day(start)).days
    # elapsed style: same last day, the start's time of day
    e = EST.due(start, Duration(n, Unit.WORKING_DAYS), ELAPSED)
    assert e.due.astimezone(SH).date() == last
    assert e.due.astimezone(SH).time() == start.astimezone(SH).time()
    # close of business: the last day's closing time
    c = EST.due(start, Duration(n, Unit.WORKING_DAYS), COB)
    assert c.due == datetime.combine(last, time(17, 30), tzinfo=SH)


@PROPS
@given(a=STARTS, b=STARTS, n=st.integers(1, 60))
def test_prop_working_days_monotone(a: datetime, b: datetime, n: int) -> None:
    a, b = sorted((a, b))
    d = Duration(n, Unit.WORKING_DAYS)
    assert EST.due(a, d).due <= EST.due(b, d).due
    assert EST.due(a, d).due < EST.due(a, Duration(n + 1, Unit.WORKING_DAYS)).due


@PROPS
@given(start=STARTS, n=st.integers(1, 100_000), hours=st.booleans())
def test_prop_elapsed_hours_minutes(start: datetime, n: int, hours: bool) -> None:
    unit = Unit.HOURS if hours else Unit.MINUTES
    r = EST.due(start, Duration(n, unit))
    assert r.due - start == (timedelta(hours=n) if hours else timedelta(minutes=n))
    assert r.due.utcoffset() == EIGHT
    assert r.estimated is False


@PROPS
@given(start=STARTS, n=st.integers(1, 60))
def test_prop_days_and_rollover(start: datetime, n: int) -> None:
    day = _local_day(start)
    plain = EST.due(start, Duration(n, Unit.DAYS))
    assert plain.due == datetime.combine(day + timedelta(days=n + 1), time(0), tzinfo=SH)
    rolled = EST.due(start, Duration(n, Unit.DAYS), ROLL)
    assert _is_local_midnight(rolled.due)
    assert rolled.due >= plain.due
    last = rolled.due.astimezone(SH).date() - timedelta(days=1)
    assert CAL.is_working_day(last, allow_estimated=True)
    # it lands on the first working day on or after the natural last day
    natural = day + timedelta(days=n)
    d = natural
    while d < last:
        assert not CAL.is_working_day(d, allow_estimated=True)
        d += timedelta(days=1)
    if CAL.is_working_day(natural, allow_estimated=True):
        assert rolled.due == plain.due
    same = EST.due(start, Duration(0, Unit.SAME_DAY))
    assert same.due == datetime.combine(day + timedelta(days=1), time(0), tzinfo=SH)


@PROPS
@given(a=STARTS, b=STARTS, n=st.integers(1, 60))
def test_prop_days_monotone(a: datetime, b: datetime, n: int) -> None:
    a, b = sorted((a, b))
    for counting in (CAL_STYLE, ROLL):
        assert (
            EST.due(a, Duration(n, Unit.DAYS), counting).due
            <= EST.due(b, Duration(n, Unit.DAYS), counting).due
        )
    assert EST.due(a, Duration(n, Unit.DAYS)).due < EST.due(a, Duration(n + 1, Unit.DAYS)).due


def _slow_working_hours(oh: OfficeHours, start: datetime, minutes: int) -> datetime:
    """Walk day by day, interval by interval, consuming office time of working days."""
    local = start.astimezone(SH)
    remaining = timedelta(minutes=minutes)
    d = local.date()
    while True:
        if CAL.is_working_day(d, allow_estimated=True):
            midnight = datetime.combine(d, time(0), tzinfo=SH)
            for s, e in oh.intervals(d):
                a = max(midnight + timedelta(minutes=s), local)
                b = midnight + timedelta(minutes=e)
                if a < b:
                    if remaining <= b - a:
                        return a + remaining
                    remaining -= b - a
        d += timedelta(days=1)


MINUTE_STARTS = STARTS.map(lambda dt: dt.replace(second=0, microsecond=0))


@PROPS
@given(start=MINUTE_STARTS, n=st.integers(1, 20), seasonal=st.booleans())
def test_prop_working_hours_reference(start: datetime, n: int, seasonal: bool) -> None:
    calc = EST_SEASONAL if seasonal else EST
    assert calc.office_hours is not None
    r = calc.due(start, Duration(n, Unit.WORKING_HOURS))
    expected = _slow_working_hours(calc.office_hours, start, 60 * n)
    assert r.due == expected
    assert r.due.utcoffset() == EIGHT


@PROPS
@given(start=STARTS, n=st.integers(1, 20))
def test_prop_working_hours_reference_seconds(start: datetime, n: int) -> None:
    # sub-minute starts (seconds, microseconds) are kept exactly
    r = EST.due(start, Duration(n, Unit.WORKING_HOURS))
    assert r.due == _slow_working_hours(OH, start, 60 * n)


@PROPS
@given(a=MINUTE_STARTS, b=MINUTE_STARTS, n=st.integers(1, 20))
def test_prop_working_hours_monotone(a: datetime, b: datetime, n: int) -> None:
    a, b = sorted((a, b))
    d = Duration(n, Unit.WORKING_HOURS)
    assert EST.due(a, d).due <= EST.due(b, d).due
    assert EST.due(a, d).due < EST.due(a, Duration(n + 1, Unit.WORKING_HOURS)).due


def _slow_working_hours_before(oh: OfficeHours, end: datetime, minutes: int) -> datetime:
    """Walk back day by day, interval by interval, consuming office time of working days;
    a boundary stops at the closing time of the earlier day."""
    local = end.astimezone(SH)
    remaining = timedelta(minutes=minutes)
    d = local.date()
    while True:
        if CAL.is_working_day(d, allow_estimated=True):
            midnight = datetime.combine(d, time(0), tzinfo=SH)
            for s, e in reversed(oh.intervals(d)):
                a = midnight + timedelta(minutes=s)
                b = min(midnight + timedelta(minutes=e), local)
                if a < b:
                    if remaining < b - a:
                        return b - remaining
                    remaining -= b - a
                    if not remaining:
                        # exactly used up at an opening: the instant is the previous closing
                        return _previous_closing(oh, a)
        d -= timedelta(days=1)


def _previous_closing(oh: OfficeHours, opening: datetime) -> datetime:
    """The last closing time strictly before ``opening`` (an opening of office hours)."""
    d = opening.astimezone(SH).date()
    while True:
        midnight = datetime.combine(d, time(0), tzinfo=SH)
        if CAL.is_working_day(d, allow_estimated=True):
            for _s, e in reversed(oh.intervals(d)):
                closing = midnight + timedelta(minutes=e)
                if closing < opening:
                    return closing
        d -= timedelta(days=1)


@PROPS
@given(end=MINUTE_STARTS, n=st.integers(1, 20), seasonal=st.booleans())
def test_prop_working_hours_before_reference(end: datetime, n: int, seasonal: bool) -> None:
    """Counting working hours back (warn_before: [2个工作小时]) agrees with a day-by-day walk."""
    calc = EST_SEASONAL if seasonal else EST
    assert calc.office_hours is not None
    back = calc.working_hours_before(end, n)
    assert back == _slow_working_hours_before(calc.office_hours, end, 60 * n)
    # and counting forward again from there ends where we began (or at the same office
    # minute written as the previous closing time)
    forward = calc.due(back, Duration(n, Unit.WORKING_HOURS)).due
    assert forward <= end
    assert forward == end or forward == _slow_working_hours(calc.office_hours, back, 60 * n)


@pytest.mark.parametrize(
    ("end", "hours", "expected"),
    [
        # office hours 09:00-12:00, 13:30-17:30 on working days
        # 10:00 back 1 hour is the opening, 09:00, which is written as the closing before it:
        # from Monday 17:30 on, no more than 1 working hour remains
        ("2026-03-03T10:00:00+08:00", 1, "2026-03-02T17:30:00+08:00"),
        ("2026-03-03T10:00:00+08:00", 2, "2026-03-02T16:30:00+08:00"),
        ("2026-03-03T14:30:00+08:00", 2, "2026-03-03T11:00:00+08:00"),
        # Monday 10:00 back 2 working hours: Friday 16:30 (the weekend skipped)
        ("2026-03-09T10:00:00+08:00", 2, "2026-03-06T16:30:00+08:00"),
        # exactly one day's 7 hours back from Tuesday's opening is Monday's opening, written as
        # the closing before it: Saturday 28 February, a 调休 working day (春节 2026), 17:30
        ("2026-03-03T09:00:00+08:00", 7, "2026-02-28T17:30:00+08:00"),
    ],
)
def test_working_hours_before_by_hand(end: str, hours: int, expected: str) -> None:
    assert EST.working_hours_before(datetime.fromisoformat(end), hours) == datetime.fromisoformat(
        expected
    )


# ---- defects found by an independent oracle, each pinned -------------------------------------


def test_elapsed_with_close_of_business_says_the_time_of_day_is_kept() -> None:
    """style: elapsed keeps the start's time of day: the derivation must not claim the period
    ends at close of business (it said "截止于下班时间 …18:00" for an office closing at 17:30)."""
    counting = Counting(style=Style.ELAPSED, ends_at=EndsAt.CLOSE_OF_BUSINESS)
    r = CALC.due(t("2026-09-29T18:00:00+08:00"), "2 working_days", counting)
    assert r.due.isoformat() == "2026-10-08T18:00:00+08:00"
    zh, en = r.steps("zh"), r.steps("en")
    assert zh[-2:] == [
        "第2个工作日为 2026-10-08，保留起算时刻 18:00",
        "截止时刻 2026-10-08T18:00:00+08:00（保留起算时刻计算，不按下班时间截止）",
    ]
    assert not any("下班时间 2026" in step for step in zh)
    assert en[-1] == (
        "due at 2026-10-08T18:00:00+08:00 (the time of day is kept: close of business does "
        "not apply to this way of counting)"
    )
    # Without close_of_business the last step is the plain due instant.
    plain = CALC.due(t("2026-09-29T18:00:00+08:00"), "2 working_days", ELAPSED)
    assert plain.steps("zh")[-1] == "截止时刻 2026-10-08T18:00:00+08:00"


def test_same_day_close_of_business_started_after_closing_ends_at_24() -> None:
    """当日 + close_of_business with a start after 17:30 gave 17:30 of that day: a due instant
    before the start. No office hours are left that day, so it ends at 24:00."""
    r = CALC.due(t("2026-09-29T18:00:00+08:00"), "当日", COB)
    assert r.due.isoformat() == "2026-09-30T00:00:00+08:00"
    assert r.due >= r.start
    assert r.steps("zh")[1:] == [
        "起算时刻 18:00 已过当日下班时间 17:30，当日已没有办公时间，截止于24时（民法典第二百零三条第二款）",
        "截止于 2026-09-29 24:00，即 2026-09-30T00:00:00+08:00（民法典第二百零三条第二款）",
    ]
    assert CALC.due_instant(t("2026-09-29T18:00:00+08:00"), Duration(0, Unit.SAME_DAY), COB) == (
        r.due,
        False,
    )
    # Before closing time it still ends at closing time.
    early = CALC.due(t("2026-09-29T17:00:00+08:00"), "当日", COB)
    assert early.due.isoformat() == "2026-09-29T17:30:00+08:00"
    assert early.steps("zh")[-1].startswith("截止于下班时间 2026-09-29T17:30:00+08:00")


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2004, 1, 1),
        max_value=datetime(LAST_ANNOUNCED_YEAR, 12, 31, 23, 59),
        timezones=st.just(SH),
    )
)
def test_prop_a_due_instant_is_never_before_its_start(start: datetime) -> None:
    for duration in ("当日", "1 days", "1 working_days"):
        for counting in (CAL_STYLE, COB, ROLL, ELAPSED):
            if counting is ELAPSED and duration != "1 working_days":
                continue
            r = CALC.due(start, duration, counting, allow_estimated=True)
            assert r.due >= start, (duration, counting)
