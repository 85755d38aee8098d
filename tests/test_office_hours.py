"""Office hours: interval syntax, per-weekday hours, seasons (incl. wrapping the year end)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from hotline_rules.errors import InputError, OfficeHoursError
from hotline_rules.time.office_hours import OfficeHours, Season, format_intervals, parse_intervals

STANDARD = ((540, 720), (810, 1050))  # 09:00-12:00, 13:30-17:30


def _code(exc: ValidationError) -> str:
    return str(exc.errors()[0]["type"])


# ---- parse_intervals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-12:00, 13:30-17:30", STANDARD),
        ("09:00-12:00,13:30-17:30", STANDARD),
        ("09:00-12:00，13:30-17:30", STANDARD),
        ("09:00-12:00、13:30-17:30", STANDARD),
        ("09:00-12:00; 13:30-17:30", STANDARD),
        ("09:00-12:00；13:30-17:30", STANDARD),
        ("09:00–12:00, 13:30–17:30", STANDARD),
        ("09:00—12:00, 13:30—17:30", STANDARD),
        ("09:00~12:00, 13:30～17:30", STANDARD),
        ("09:00至12:00，13:30至17:30", STANDARD),
        ("09：00-12：00，13：30-17：30", STANDARD),
        ("9:00-12:00, 13:30-17:30", STANDARD),
        ("09:00 - 12:00 , 13:30 - 17:30", STANDARD),
        ("13:30-17:30, 09:00-12:00", STANDARD),  # sorted
        ("09:00-12:00, 13:30-17:30,", STANDARD),  # trailing separator ignored
        ("09:00-17:00", ((540, 1020),)),
        ("08:30-12:00, 14:30-18:00", ((510, 720), (870, 1080))),
        ("00:00-24:00", ((0, 1440),)),
        ("20:00-24:00", ((1200, 1440),)),
        ("09:00-12:00, 12:00-13:00", ((540, 720), (720, 780))),  # touching is not overlapping
        ("08:00-09:00, 10:00-11:00, 14:00-15:00", ((480, 540), (600, 660), (840, 900))),
    ],
)
def test_parse_intervals_forms(text: str, expected: tuple[tuple[int, int], ...]) -> None:
    assert parse_intervals(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "office_hours.empty"),
        ("   ", "office_hours.empty"),
        ("12:00-09:00", "office_hours.interval_reversed"),
        ("09:00-09:00", "office_hours.interval_reversed"),
        ("09:00-12:00, 17:30-13:30", "office_hours.interval_reversed"),
        ("24:00-24:00", "office_hours.interval_reversed"),
        ("09:00-12:00, 11:00-13:00", "office_hours.overlap"),
        ("09:00-17:00, 12:00-13:00", "office_hours.overlap"),
        ("13:00-15:00, 09:00-13:30", "office_hours.overlap"),
        ("25:00-26:00", "office_hours.bad_interval"),
        ("09:60-10:00", "office_hours.bad_interval"),
        ("09:00-24:30", "office_hours.bad_interval"),
        ("09:00-24:01", "office_hours.bad_interval"),
        ("9-17", "office_hours.bad_interval"),
        ("0900-1200", "office_hours.bad_interval"),
        ("09:00", "office_hours.bad_interval"),
        ("09:00-10:00-11:00", "office_hours.bad_interval"),
        ("morning", "office_hours.bad_interval"),
        ("09:0-12:00", "office_hours.bad_interval"),
    ],
)
def test_parse_intervals_errors(text: str, code: str) -> None:
    with pytest.raises(OfficeHoursError) as info:
        parse_intervals(text)
    exc = info.value
    assert exc.code == code
    assert exc.message_zh and exc.message_en
    assert exc.message_zh != exc.message_en
    assert isinstance(exc, InputError)


@pytest.mark.parametrize("text", [",", "，、", " ; "])
def test_parse_intervals_only_separators_is_an_error(text: str) -> None:
    # Nothing but separators names no interval at all: office hours cannot be empty.
    with pytest.raises(OfficeHoursError) as info:
        parse_intervals(text)
    assert info.value.code in ("office_hours.empty", "office_hours.bad_interval")


def test_parse_intervals_not_text() -> None:
    with pytest.raises(OfficeHoursError) as info:
        parse_intervals(None)  # type: ignore[arg-type]
    assert info.value.code == "office_hours.empty"


@pytest.mark.parametrize(
    ("intervals", "text"),
    [
        (STANDARD, "09:00-12:00, 13:30-17:30"),
        (((0, 1440),), "00:00-24:00"),
        (((485, 1199),), "08:05-19:59"),
    ],
)
def test_format_intervals(intervals: tuple[tuple[int, int], ...], text: str) -> None:
    assert format_intervals(intervals) == text
    assert parse_intervals(text) == intervals


# ---- OfficeHours: default and weekdays -----------------------------------------------------

MON, FRI, SAT, SUN = date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)


def test_parse_same_every_day() -> None:
    oh = OfficeHours.parse("09:00-12:00, 13:30-17:30")
    for d in (MON, date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5), FRI, SAT, SUN):
        assert oh.intervals(d) == STANDARD
        assert oh.closing(d) == 1050


def test_parse_raises_office_hours_error_not_validation_error() -> None:
    with pytest.raises(OfficeHoursError) as info:
        OfficeHours.parse("17:30-09:00")
    assert info.value.code == "office_hours.interval_reversed"


@pytest.mark.parametrize("key", ["周五", "星期五", "friday", "Friday", "FRI", "fri", " friday "])
def test_weekday_keys_friday(key: str) -> None:
    oh = OfficeHours(default="09:00-12:00, 13:30-17:30", weekdays={key: "09:00-12:00, 13:30-17:00"})
    assert oh.intervals(FRI) == ((540, 720), (810, 1020))
    assert oh.closing(FRI) == 1020
    assert oh.intervals(MON) == STANDARD
    assert oh.intervals(date(2026, 3, 5)) == STANDARD  # Thursday


@pytest.mark.parametrize(
    ("key", "day"),
    [
        ("周一", MON),
        ("monday", MON),
        ("mon", MON),
        ("星期一", MON),
        ("周二", date(2026, 3, 3)),
        ("tuesday", date(2026, 3, 3)),
        ("周三", date(2026, 3, 4)),
        ("wed", date(2026, 3, 4)),
        ("周四", date(2026, 3, 5)),
        ("thu", date(2026, 3, 5)),
        ("周六", SAT),
        ("saturday", SAT),
        ("星期六", SAT),
        ("周日", SUN),
        ("星期日", SUN),
        ("星期天", SUN),
        ("周天", SUN),
        ("sunday", SUN),
        ("sun", SUN),
    ],
)
def test_weekday_keys(key: str, day: date) -> None:
    oh = OfficeHours(default="09:00-17:00", weekdays={key: "10:00-11:00"})
    assert oh.intervals(day) == ((600, 660),)
    # the six other weekdays keep the default
    others = [
        d
        for d in (MON, date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5), FRI, SAT, SUN)
        if d != day
    ]
    assert len(others) == 6
    for d in others:
        assert oh.intervals(d) == ((540, 1020),)


def test_makeup_saturday_uses_default_unless_named() -> None:
    oh = OfficeHours(default="09:00-17:00", weekdays={"周六": "09:00-12:00"})
    assert oh.intervals(date(2026, 10, 10)) == ((540, 720),)  # 2026-10-10 is a makeup Saturday
    oh2 = OfficeHours(default="09:00-17:00")
    assert oh2.intervals(date(2026, 10, 10)) == ((540, 1020),)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"default": "12:00-09:00"}, "office_hours.interval_reversed"),
        ({"default": "09:00-12:00, 11:00-13:00"}, "office_hours.overlap"),
        ({"default": "9h-17h"}, "office_hours.bad_interval"),
        ({"default": ""}, "office_hours.empty"),
        (
            {"default": "09:00-17:00", "weekdays": {"funday": "09:00-12:00"}},
            "office_hours.bad_weekday",
        ),
        (
            {"default": "09:00-17:00", "weekdays": {"周八": "09:00-12:00"}},
            "office_hours.bad_weekday",
        ),
        (
            {
                "default": "09:00-17:00",
                "weekdays": {"周五": "09:00-12:00", "friday": "09:00-11:00"},
            },
            "office_hours.duplicate_weekday",
        ),
        (
            {"default": "09:00-17:00", "weekdays": {"周五": "17:00-09:00"}},
            "office_hours.interval_reversed",
        ),
    ],
)
def test_office_hours_validation_errors(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as info:
        OfficeHours(**kwargs)
    assert _code(info.value) == code
    ctx = info.value.errors()[0].get("ctx") or {}
    if code.startswith("office_hours.") and "zh" in ctx:
        assert ctx["zh"] and ctx["en"]


def test_unknown_field_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        OfficeHours(default="09:00-17:00", lunch="12:00-13:00")  # type: ignore[call-arg]
    assert _code(info.value) == "extra_forbidden"


def test_frozen() -> None:
    oh = OfficeHours.parse("09:00-17:00")
    with pytest.raises(ValidationError):
        oh.default = "10:00-11:00"  # type: ignore[misc]


# ---- seasons --------------------------------------------------------------------------------

SUMMER = {"name": "夏季作息", "from": "05-01", "to": "09-30", "default": "08:30-12:00, 14:30-18:00"}
WINTER = {"name": "冬季作息", "from": "11-15", "to": "03-15", "default": "09:00-12:00, 13:00-17:00"}
SUMMER_HOURS = ((510, 720), (870, 1080))
WINTER_HOURS = ((540, 720), (780, 1020))


def _with(*seasons: dict[str, Any], **extra: Any) -> OfficeHours:
    return OfficeHours(default="09:00-12:00, 13:30-17:30", seasons=seasons, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 30), STANDARD),
        (date(2026, 5, 1), SUMMER_HOURS),
        (date(2026, 7, 15), SUMMER_HOURS),
        (date(2026, 9, 30), SUMMER_HOURS),
        (date(2026, 10, 1), STANDARD),
        (date(2026, 11, 14), STANDARD),
        (date(2026, 11, 15), WINTER_HOURS),
        (date(2026, 12, 31), WINTER_HOURS),
        (date(2027, 1, 1), WINTER_HOURS),
        (date(2026, 2, 10), WINTER_HOURS),
        (date(2024, 2, 29), WINTER_HOURS),
        (date(2026, 3, 15), WINTER_HOURS),
        (date(2026, 3, 16), STANDARD),
    ],
)
def test_intervals_picks_the_season(day: date, expected: tuple[tuple[int, int], ...]) -> None:
    oh = _with(SUMMER, WINTER)
    assert oh.intervals(day) == expected
    assert oh.closing(day) == expected[-1][1]


def test_season_with_weekday_override() -> None:
    summer = dict(SUMMER, weekdays={"周五": "08:30-12:00"})
    oh = _with(summer, weekdays={"friday": "09:00-12:00, 13:30-16:00"})
    assert oh.intervals(date(2026, 7, 10)) == ((510, 720),)  # summer Friday
    assert oh.intervals(date(2026, 7, 9)) == SUMMER_HOURS  # summer Thursday
    assert oh.intervals(date(2026, 3, 6)) == ((540, 720), (810, 960))  # Friday outside summer
    assert oh.intervals(date(2026, 3, 5)) == STANDARD


def test_season_contains_wrapping_and_plain() -> None:
    winter = Season.model_validate(WINTER)
    assert winter.contains(date(2026, 12, 1))
    assert winter.contains(date(2026, 1, 31))
    assert not winter.contains(date(2026, 6, 1))
    assert not winter.contains(date(2026, 3, 16))
    summer = Season.model_validate(SUMMER)
    assert summer.contains(date(2026, 5, 1)) and summer.contains(date(2026, 9, 30))
    assert not summer.contains(date(2026, 4, 30)) and not summer.contains(date(2026, 10, 1))


def test_month_day_normalised() -> None:
    s = Season.model_validate({"name": "x", "from": "5-1", "to": "9-30", "default": "09:00-17:00"})
    assert (s.start, s.end) == ("05-01", "09-30")
    s2 = Season(name="y", start="02-29", end="03-01", default="09:00-17:00")
    assert (s2.start, s2.end) == ("02-29", "03-01")


@pytest.mark.parametrize("md", ["13-01", "02-30", "00-10", "04-31", "0501", "May 1", "05/01"])
def test_bad_month_day(md: str) -> None:
    with pytest.raises(ValidationError) as info:
        _with({"name": "x", "from": md, "to": "09-30", "default": "09:00-17:00"})
    assert _code(info.value) == "office_hours.bad_month_day"


@pytest.mark.parametrize(
    "seasons",
    [
        # plain overlap
        (SUMMER, {"name": "秋季", "from": "09-01", "to": "10-31", "default": "09:00-17:00"}),
        # one shared day
        (SUMMER, {"name": "秋季", "from": "09-30", "to": "10-31", "default": "09:00-17:00"}),
        # wrapping season overlapping a plain one
        (WINTER, {"name": "春季", "from": "03-01", "to": "04-30", "default": "09:00-17:00"}),
        # wrapping season overlapping a plain one across the year end
        (WINTER, {"name": "元旦前后", "from": "12-20", "to": "12-31", "default": "09:00-17:00"}),
        # two wrapping seasons
        (WINTER, {"name": "深冬", "from": "12-01", "to": "01-31", "default": "09:00-17:00"}),
        # the same season twice
        (SUMMER, SUMMER),
    ],
)
def test_overlapping_seasons_rejected(seasons: tuple[dict[str, Any], ...]) -> None:
    with pytest.raises(ValidationError) as info:
        _with(*seasons)
    assert _code(info.value) == "office_hours.seasons_overlap"
    ctx = info.value.errors()[0]["ctx"]
    assert "重叠" in ctx["zh"]
    assert "overlap" in ctx["en"]


def test_adjacent_seasons_covering_the_year_accepted() -> None:
    rest = {"name": "其余", "from": "10-01", "to": "04-30", "default": "09:00-17:00"}
    oh = _with(SUMMER, rest)
    assert oh.intervals(date(2026, 9, 30)) == SUMMER_HOURS
    assert oh.intervals(date(2026, 10, 1)) == ((540, 1020),)
    assert oh.intervals(date(2026, 4, 30)) == ((540, 1020),)
    assert oh.intervals(date(2026, 5, 1)) == SUMMER_HOURS


def test_season_hours_validated() -> None:
    with pytest.raises(ValidationError) as info:
        _with({"name": "x", "from": "05-01", "to": "09-30", "default": "18:00-08:30"})
    assert _code(info.value) == "office_hours.interval_reversed"
