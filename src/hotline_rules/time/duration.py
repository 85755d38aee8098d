"""Durations as regulations write them: ``2个工作日``, ``30分钟``, ``当日``, ``2 working_days``.

A :class:`Duration` is an amount and a :class:`Unit`. Units mean different
things (a working day is not a day), so durations of different units never
add up by accident: ``Duration(1, "days") + Duration(1, "working_days")``
raises ``TypeError``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from hotline_rules.errors import DurationError


class Unit(StrEnum):
    """How a time limit is counted; see DESIGN.md, "Time: the conventions"."""

    MINUTES = "minutes"
    """Elapsed minutes, round the clock (民法典 第二百零一条第二款)."""
    HOURS = "hours"
    """Elapsed hours, round the clock (民法典 第二百零一条第二款)."""
    WORKING_HOURS = "working_hours"
    """Hours that elapse only inside office hours of working days."""
    DAYS = "days"
    """Natural days: start day not counted, ends at 24:00 of the Nth day."""
    WORKING_DAYS = "working_days"
    """Working days: start day not counted, ends at 24:00 of the Nth working day."""
    SAME_DAY = "same_day"
    """当日: ends at 24:00 of the start day."""


_ZH_UNIT_NAME = {
    Unit.MINUTES: "分钟",
    Unit.HOURS: "小时",
    Unit.WORKING_HOURS: "个工作小时",
    Unit.DAYS: "个自然日",
    Unit.WORKING_DAYS: "个工作日",
    Unit.SAME_DAY: "当日",
}


MAX_YEARS = 100
"""No time limit is longer: a duration beyond it is refused where it is read (a profile, a
ticket's extension), before date arithmetic would overflow (``bench/fuzz.py`` found an extension
of ``999999999999999999999日`` ending an audit in a traceback)."""

_MOST = {
    Unit.MINUTES: MAX_YEARS * 366 * 24 * 60,
    Unit.HOURS: MAX_YEARS * 366 * 24,
    Unit.WORKING_HOURS: MAX_YEARS * 366 * 24,
    Unit.DAYS: MAX_YEARS * 366,
    Unit.WORKING_DAYS: MAX_YEARS * 366,
    Unit.SAME_DAY: 0,
}
"""The largest amount of each unit: :data:`MAX_YEARS` years of it (of round-the-clock time)."""


@dataclass(frozen=True, slots=True)
class Duration:
    """A time limit: ``amount`` of ``unit`` (``same_day`` has amount 0)."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        try:
            unit = Unit(self.unit)
        except ValueError:
            raise _unknown_unit(str(self.unit), str(self.unit)) from None
        object.__setattr__(self, "unit", unit)
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise DurationError(
                f"时长的数量应为整数，实际为 {self.amount!r}",
                f"a duration's amount must be an integer, got {self.amount!r}",
                code="duration.amount_not_integer",
            )
        if unit is Unit.SAME_DAY:
            if self.amount != 0:
                raise DurationError(
                    "“当日”不带数量",
                    "same_day takes no amount",
                    code="duration.same_day_amount",
                    hint_zh="写“当日”，或改用“1个自然日”。",
                    hint_en="write 'same_day', or use '1 days'.",
                )
        elif self.amount <= 0:
            raise DurationError(
                f"时长必须为正数，实际为 {self.amount}",
                f"a duration must be positive, got {self.amount}",
                code="duration.not_positive",
                hint_zh="时限至少为 1，例如“1个工作日”。",
                hint_en="a time limit is at least 1, e.g. '1 working_days'.",
            )
        elif self.amount > _MOST[unit]:
            raise DurationError(
                f"时长 {self.amount}{_ZH_UNIT_NAME[unit]}超过 {MAX_YEARS} 年，不是办理时限",
                f"a duration of {self.amount} {unit.value} is longer than {MAX_YEARS} years:"
                " no time limit is",
                code="duration.too_long",
                hint_zh="检查数量是否多写了位数。",
                hint_en="check the amount for extra digits.",
            )

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse English or Chinese text; see :func:`parse_duration`."""
        return parse_duration(text)

    def __str__(self) -> str:
        return "same_day" if self.unit is Unit.SAME_DAY else f"{self.amount} {self.unit.value}"

    def __repr__(self) -> str:
        return f"Duration(amount={self.amount}, unit={self.unit.value!r})"

    @property
    def zh(self) -> str:
        """Chinese form, as a regulation writes it: ``2个工作日``."""
        if self.unit is Unit.SAME_DAY:
            return "当日"
        return f"{self.amount}{_ZH_UNIT_NAME[self.unit]}"

    def __add__(self, other: object) -> Duration:
        if not isinstance(other, Duration):
            return NotImplemented
        if other.unit is not self.unit or self.unit is Unit.SAME_DAY:
            raise TypeError(
                f"cannot add {other} to {self}: different units do not add up "
                "(a working day is not a day); convert explicitly"
            )
        return Duration(self.amount + other.amount, self.unit)

    def __mul__(self, factor: int) -> Duration:
        if not isinstance(factor, int) or isinstance(factor, bool):
            return NotImplemented
        return Duration(self.amount * factor, self.unit)

    __rmul__ = __mul__


# Every spelling accepted, normalised: lowercase, NFKC (full-width digits become ASCII).
_EN_UNITS: dict[str, Unit] = {}
for _unit, _words in {
    Unit.MINUTES: ("minute", "minutes", "min", "mins"),
    Unit.HOURS: ("hour", "hours", "h", "hr", "hrs"),
    Unit.WORKING_HOURS: (
        "working_hour",
        "working_hours",
        "working hour",
        "working hours",
        "work_hours",
        "business_hours",
        "business hours",
    ),
    Unit.DAYS: (
        "day",
        "days",
        "natural_day",
        "natural_days",
        "natural day",
        "natural days",
        "calendar_day",
        "calendar_days",
        "calendar days",
    ),
    Unit.WORKING_DAYS: (
        "working_day",
        "working_days",
        "working day",
        "working days",
        "workday",
        "workdays",
        "business_day",
        "business_days",
        "business day",
        "business days",
    ),
}.items():
    for _w in _words:
        _EN_UNITS[_w] = _unit

_ZH_UNITS: dict[str, Unit] = {
    "分钟": Unit.MINUTES,
    "分": Unit.MINUTES,
    "小时": Unit.HOURS,
    "钟头": Unit.HOURS,
    "工作小时": Unit.WORKING_HOURS,
    "工作时": Unit.WORKING_HOURS,
    "工作日": Unit.WORKING_DAYS,
    "自然日": Unit.DAYS,
    "日": Unit.DAYS,
    "天": Unit.DAYS,
    "自然天": Unit.DAYS,
}
_SAME_DAY = {"当日", "当天", "same_day", "same day", "sameday"}

_EN_RE = re.compile(r"^\s*([+-]?\d+)\s*([a-z_ ]+?)\s*$")
_ZH_RE = re.compile(r"^\s*([+-]?[0-9]+|[零〇一二两三四五六七八九十百]+)\s*个?\s*([^\s0-9]+?)\s*$")
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


_ZH_NUMBER_RE = re.compile(
    r"^(?:(?P<hundreds>[一二两三四五六七八九])百)?"
    r"(?P<zero>[零〇])?"
    r"(?:(?P<tens>[一二两三四五六七八九])?(?P<ten>十))?"
    r"(?P<units>[一二两三四五六七八九])?$"
)


def chinese_number(text: str) -> int:
    """Read a Chinese numeral from 0 to 999: ``十五`` = 15, ``两`` = 2, ``一百零五`` = 105.

    Only well-formed numerals are read (``十十`` or ``一二三`` raise ``ValueError``):
    a time limit is never guessed from a typo.
    """
    if text in ("零", "〇"):
        return 0  # read, so that "零个工作日" is refused as not positive, not as unreadable
    m = _ZH_NUMBER_RE.match(text)
    if not text or not m:
        raise ValueError(text)
    hundreds, zero, tens, ten, units = m.group("hundreds", "zero", "tens", "ten", "units")
    if zero and (not hundreds or ten or not units):
        raise ValueError(text)  # 零 only between hundreds and units: 一百零五
    value = _ZH_DIGITS[hundreds] * 100 if hundreds else 0
    if ten:
        value += (_ZH_DIGITS[tens] if tens else 1) * 10
    if units:
        value += _ZH_DIGITS[units]
    if value == 0:
        raise ValueError(text)
    return value


@lru_cache(maxsize=1024)
def parse_duration(text: str) -> Duration:
    """Parse a duration written in English or Chinese.

    Accepted: ``2 working_days``, ``2 working days``, ``30 minutes``, ``2 hours``,
    ``3 days``, ``4 working_hours``, ``same_day``; ``2个工作日``, ``两个工作日``,
    ``30分钟``, ``半小时``, ``2小时``, ``3个自然日``, ``3日``, ``3天``, ``当日``,
    ``4个工作小时``. A trailing ``内``/``以内`` (as in "2个工作日内") is allowed.
    """
    if not isinstance(text, str):
        raise DurationError(
            f"时长应为文字，实际为 {text!r}",
            f"a duration must be text, got {text!r}",
            code="duration.not_text",
        )
    raw = text
    s = unicodedata.normalize("NFKC", text).strip()
    if "含本数" in s:
        raise DurationError(
            f"时长“{raw}”中写了“含本数”：时长只写数量和单位，“含本数”写在计法里",
            f"the duration '{raw}' says 含本数 (inclusive): write the amount and unit only, "
            "and the inclusive counting under counting",
            code="duration.inclusive_in_text",
            hint_zh="写成 duration: 10个工作日 和 counting: {inclusive: true}。",
            hint_en="write duration: 10 working_days and counting: {inclusive: true}.",
        )
    for suffix in ("以内", "之内", "内"):
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)].rstrip()
            break
    low = s.lower()
    if low in _SAME_DAY:
        return Duration(0, Unit.SAME_DAY)
    if s in ("半小时", "半个小时"):
        return Duration(30, Unit.MINUTES)
    m = _EN_RE.match(low)
    if m and m.group(2).strip() in _EN_UNITS:
        return Duration(_amount(m.group(1), raw), _EN_UNITS[m.group(2).strip()])
    m = _ZH_RE.match(s)
    if m:
        unit = _ZH_UNITS.get(m.group(2))
        if unit is None:
            raise _unknown_unit(raw, m.group(2))
        return Duration(_amount(m.group(1), raw), unit)
    if m := _EN_RE.match(low):
        raise _unknown_unit(raw, m.group(2).strip())
    raise DurationError(
        f"无法识别的时长：“{raw}”",
        f"cannot read the duration '{raw}'",
        code="duration.unparsable",
        hint_zh="写成“数量+单位”，如 2个工作日、30分钟、2小时、3个自然日、当日、4个工作小时。",
        hint_en="write an amount and a unit: 2 working_days, 30 minutes, 2 hours, 3 days, "
        "same_day, 4 working_hours.",
    )


def _amount(text: str, raw: str) -> int:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return chinese_number(text)
    except ValueError:
        raise DurationError(
            f"无法识别的数量：“{text}”（在“{raw}”中）",
            f"cannot read the amount '{text}' in '{raw}'",
            code="duration.bad_amount",
        ) from None


def _unknown_unit(raw: str, unit: str) -> DurationError:
    return DurationError(
        f"无法识别的时间单位“{unit}”（在“{raw}”中）",
        f"unknown time unit '{unit}' in '{raw}'",
        code="duration.unknown_unit",
        hint_zh="可用单位：分钟、小时、个工作小时、个工作日、个自然日（日、天）、当日。",
        hint_en="known units: minutes, hours, working_hours, working_days, days, same_day.",
    )


def _parse_duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError(
            "duration.missing_unit",
            "{en}",
            {
                "zh": f"时限 {value} 缺少单位",
                "en": f"the time limit {value} has no unit",
                "at": (),
            },
        )
    if not isinstance(value, str):
        raise PydanticCustomError(
            "duration.not_text",
            "{en}",
            {
                "zh": f"时限应写成文字，如“2个工作日”，而不是 {value!r}",
                "en": f"a time limit is text such as '2 working_days', not {value!r}",
                "at": (),
            },
        )
    try:
        return parse_duration(value)
    except DurationError as exc:
        hint_zh = f"（{exc.hint_zh}）" if exc.hint_zh else ""
        hint_en = f" ({exc.hint_en})" if exc.hint_en else ""
        raise PydanticCustomError(
            exc.code,
            "{en}",
            {"zh": exc.message_zh + hint_zh, "en": exc.message_en + hint_en, "at": ()},
        ) from None


DurationText = Annotated[
    Duration,
    PlainValidator(_parse_duration),
    PlainSerializer(lambda d: d.zh, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "时限：数量+单位，如 2个工作日、30分钟、2小时、3个自然日、当日、4个工作小时 / "
            "a time limit: 2 working_days, 30 minutes, 2 hours, 3 days, same_day, 4 working_hours",
            "examples": ["2个工作日", "30分钟", "2小时", "3个自然日", "当日", "4个工作小时"],
        }
    ),
]
"""A duration written as text (in a profile, a ticket or a test case), parsed when read."""

__all__ = ["MAX_YEARS", "Duration", "DurationText", "Unit", "chinese_number", "parse_duration"]
