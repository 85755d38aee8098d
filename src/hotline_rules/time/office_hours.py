"""Office hours (办公时间): per weekday, with breaks, and by season.

They decide when "close of business" is (民法典 第二百零三条第二款: 有业务时间的，
停止业务活动的时间为截止时间) and which hours count as working hours. Many
cities keep summer and winter hours, so a season can replace the default.

Written in a profile as text a policy officer reads at a glance::

    office_hours:
      default: "09:00-12:00, 13:30-17:30"
      weekdays: {周五: "09:00-12:00, 13:30-17:00"}
      seasons:
        - name: 夏季作息
          from: "05-01"
          to: "09-30"
          default: "08:30-12:00, 14:30-18:00"

Office hours apply to working days only (a makeup Saturday uses the default
hours, unless ``weekdays`` names Saturday).
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from hotline_rules.errors import OfficeHoursError
from hotline_rules.yaml_source import bilingual

Intervals = tuple[tuple[int, int], ...]
"""Office intervals of one day, in minutes after midnight, sorted, disjoint."""

_WEEKDAY_KEYS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("monday", "mon", "周一", "星期一"),
        ("tuesday", "tue", "周二", "星期二"),
        ("wednesday", "wed", "周三", "星期三"),
        ("thursday", "thu", "周四", "星期四"),
        ("friday", "fri", "周五", "星期五"),
        ("saturday", "sat", "周六", "星期六"),
        ("sunday", "sun", "周日", "星期日", "星期天", "周天"),
    )
):
    for _n in _names:
        _WEEKDAY_KEYS[_n] = _i

_TIME_RE = re.compile(r"^([01]?\d|2[0-4])[:：]([0-5]\d)$")
_MONTH_DAY_RE = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def parse_intervals(text: str) -> Intervals:
    """Parse ``"09:00-12:00, 13:30-17:30"`` (also ``，`` ``、`` and ``–``) into minute pairs."""
    if not isinstance(text, str) or not text.strip():
        raise OfficeHoursError(
            "办公时间不能为空",
            "office hours cannot be empty",
            code="office_hours.empty",
            hint_zh="写成“09:00-12:00, 13:30-17:30”。",
            hint_en="write '09:00-12:00, 13:30-17:30'.",
        )
    out: list[tuple[int, int]] = []
    for part in re.split(r"[,，、;；]", text):
        part = part.strip()
        if not part:
            continue
        pieces = re.split(r"\s*(?:-|–|—|~|～|至)\s*", part)
        if len(pieces) != 2:
            raise _bad_interval(text, part)
        start, end = (_minutes(p, text) for p in pieces)
        if end <= start:
            raise OfficeHoursError(
                f"时段 “{part}” 的结束时间不晚于开始时间",
                f"interval '{part}' does not end after it starts",
                code="office_hours.interval_reversed",
            )
        out.append((start, end))
    if not out:
        raise OfficeHoursError(
            f"办公时间“{text}”中没有时段",
            f"no interval in the office hours '{text}'",
            code="office_hours.empty",
            hint_zh="写成“09:00-12:00, 13:30-17:30”。",
            hint_en="write '09:00-12:00, 13:30-17:30'.",
        )
    out.sort()
    for (_, e1), (s2, _) in pairwise(out):
        if s2 < e1:
            raise OfficeHoursError(
                f"办公时段重叠：“{text}”",
                f"office intervals overlap: '{text}'",
                code="office_hours.overlap",
            )
    return tuple(out)


def _minutes(text: str, whole: str) -> int:
    m = _TIME_RE.match(text.strip())
    if not m:
        raise _bad_interval(whole, text)
    h, mi = int(m.group(1)), int(m.group(2))
    if h == 24 and mi != 0:
        raise _bad_interval(whole, text)
    return h * 60 + mi


def _bad_interval(whole: str, part: str) -> OfficeHoursError:
    return OfficeHoursError(
        f"无法识别的办公时段“{part}”（在“{whole}”中）",
        f"cannot read the office interval '{part}' in '{whole}'",
        code="office_hours.bad_interval",
        hint_zh="每段写成“HH:MM-HH:MM”，多段用逗号分隔，如“09:00-12:00, 13:30-17:30”。",
        hint_en="write each interval as HH:MM-HH:MM, separated by commas: '09:00-12:00, 13:30-17:30'.",
    )


def format_intervals(intervals: Intervals) -> str:
    """Render minute pairs back as ``09:00-12:00, 13:30-17:30``."""
    return ", ".join(f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}" for s, e in intervals)


def _weekday_key(key: str) -> int:
    k = str(key).strip().lower()
    if k not in _WEEKDAY_KEYS:
        raise bilingual(
            "office_hours.bad_weekday",
            f"不认识的星期“{key}”（应为 周一…周日 或 monday…sunday）",
            f"unknown weekday '{key}' (expected monday..sunday or 周一..周日)",
        )
    return _WEEKDAY_KEYS[k]


class _WeeklyHours(BaseModel):
    """Default hours plus per-weekday replacements; compiled to minute pairs at load."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    default: str = Field(
        description="工作日的办公时间，如 09:00-12:00, 13:30-17:30 / hours of a working day"
    )
    weekdays: dict[str, str] = Field(
        default_factory=dict,
        description="按星期替换，如 {周五: 09:00-12:00} / per-weekday replacement",
    )
    _week: tuple[Intervals, ...] = PrivateAttr()

    @field_validator("default")
    @classmethod
    def _check_default(cls, v: str) -> str:
        _validate(v)
        return v

    @field_validator("weekdays")
    @classmethod
    def _check_weekdays(cls, v: dict[str, str]) -> dict[str, str]:
        seen: set[int] = set()
        for key, hours in v.items():
            wd = _weekday_key(key)
            if wd in seen:
                raise bilingual(
                    "office_hours.duplicate_weekday",
                    f"星期“{key}”重复设置",
                    f"weekday '{key}' is set twice",
                )
            seen.add(wd)
            _validate(hours)
        return v

    def model_post_init(self, _context: object) -> None:
        week = [parse_intervals(self.default)] * 7
        for key, hours in self.weekdays.items():
            week[_weekday_key(key)] = parse_intervals(hours)
        self._week = tuple(week)

    def for_weekday(self, weekday: int) -> Intervals:
        """Office intervals of a working day falling on ``weekday`` (0 = Monday)."""
        return self._week[weekday]


def _validate(text: str) -> None:
    try:
        parse_intervals(text)
    except OfficeHoursError as exc:
        raise bilingual(exc.code, exc.message_zh, exc.message_en) from None


class Season(_WeeklyHours):
    """Hours that replace the default between two month-days each year (inclusive; may wrap)."""

    name: str = Field(description="名称，如 夏季作息 / name, e.g. summer hours")
    start: str = Field(alias="from", description="开始月-日，如 05-01 / first month-day")
    end: str = Field(
        alias="to", description="结束月-日（含），如 09-30 / last month-day, inclusive"
    )

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("start", "end")
    @classmethod
    def _month_day(cls, v: str) -> str:
        m = _MONTH_DAY_RE.match(str(v).strip())
        if not m:
            raise bilingual(
                "office_hours.bad_month_day",
                f"“{v}”不是“月-日”，应写作 05-01",
                f"'{v}' is not a month-day like 05-01",
            )
        month, day = int(m.group(1)), int(m.group(2))
        try:
            date(2024, month, day)  # a leap year, so 02-29 is accepted
        except ValueError:
            raise bilingual(
                "office_hours.bad_month_day",
                f"“{v}”不是有效的月-日",
                f"'{v}' is not a valid month-day",
            ) from None
        return f"{month:02d}-{day:02d}"

    def contains(self, d: date) -> bool:
        """True when ``d`` falls in this season (which may wrap past the year's end)."""
        md = f"{d.month:02d}-{d.day:02d}"
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end


class OfficeHours(_WeeklyHours):
    """Office hours of a jurisdiction: default, per weekday, and by season."""

    seasons: tuple[Season, ...] = Field((), description="季节作息 / seasonal hours")

    @model_validator(mode="after")
    def _seasons_disjoint(self) -> OfficeHours:
        for d_ord in range(date(2024, 1, 1).toordinal(), date(2024, 12, 31).toordinal() + 1):
            d = date.fromordinal(d_ord)
            hits = [s.name for s in self.seasons if s.contains(d)]
            if len(hits) > 1:
                raise bilingual(
                    "office_hours.seasons_overlap",
                    f"季节作息“{hits[0]}”与“{hits[1]}”在 {d:%m-%d} 重叠",
                    f"seasons '{hits[0]}' and '{hits[1]}' overlap on {d:%m-%d}",
                )
        return self

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Office hours that are the same every working day: ``"09:00-12:00, 13:30-17:30"``."""
        parse_intervals(text)  # raises OfficeHoursError with its own message
        return cls(default=text)

    def intervals(self, d: date) -> Intervals:
        """Office intervals of ``d``, assuming it is a working day."""
        for season in self.seasons:
            if season.contains(d):
                return season.for_weekday(d.weekday())
        return self.for_weekday(d.weekday())

    def closing(self, d: date) -> int:
        """Minute of the day when offices close on ``d`` (a working day)."""
        return self.intervals(d)[-1][1]


__all__ = ["Intervals", "OfficeHours", "Season", "format_intervals", "parse_intervals"]
