"""Durations as regulations write them: parsing, errors, arithmetic, Chinese numerals."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_rules.errors import DurationError, InputError
from hotline_rules.time.duration import Duration, Unit, chinese_number, parse_duration

CJK = re.compile(r"[\u4e00-\u9fff]")


# ---- accepted forms ----------------------------------------------------------------------

ACCEPTED = [
    # English
    ("2 working_days", 2, Unit.WORKING_DAYS),
    ("2 working days", 2, Unit.WORKING_DAYS),
    ("2 Working Days", 2, Unit.WORKING_DAYS),
    ("2working_days", 2, Unit.WORKING_DAYS),
    ("  2   working_days  ", 2, Unit.WORKING_DAYS),
    ("1 working_day", 1, Unit.WORKING_DAYS),
    ("5 workdays", 5, Unit.WORKING_DAYS),
    ("5 business days", 5, Unit.WORKING_DAYS),
    ("30 minutes", 30, Unit.MINUTES),
    ("30 min", 30, Unit.MINUTES),
    ("1 minute", 1, Unit.MINUTES),
    ("2 hours", 2, Unit.HOURS),
    ("2 h", 2, Unit.HOURS),
    ("1 hour", 1, Unit.HOURS),
    ("3 days", 3, Unit.DAYS),
    ("3 natural days", 3, Unit.DAYS),
    ("3 calendar_days", 3, Unit.DAYS),
    ("4 working_hours", 4, Unit.WORKING_HOURS),
    ("4 working hours", 4, Unit.WORKING_HOURS),
    ("4 business_hours", 4, Unit.WORKING_HOURS),
    ("+2 working_days", 2, Unit.WORKING_DAYS),
    ("same_day", 0, Unit.SAME_DAY),
    ("same day", 0, Unit.SAME_DAY),
    ("SAME_DAY", 0, Unit.SAME_DAY),
    # Chinese
    ("2个工作日", 2, Unit.WORKING_DAYS),
    ("2工作日", 2, Unit.WORKING_DAYS),
    ("2 个 工作日", 2, Unit.WORKING_DAYS),
    ("两个工作日", 2, Unit.WORKING_DAYS),
    ("二个工作日", 2, Unit.WORKING_DAYS),
    ("十五个工作日", 15, Unit.WORKING_DAYS),
    ("二十个工作日", 20, Unit.WORKING_DAYS),
    ("一百二十个自然日", 120, Unit.DAYS),
    ("30分钟", 30, Unit.MINUTES),
    ("三十分钟", 30, Unit.MINUTES),
    ("半小时", 30, Unit.MINUTES),
    ("半个小时", 30, Unit.MINUTES),
    ("2小时", 2, Unit.HOURS),
    ("24小时", 24, Unit.HOURS),
    ("两个小时", 2, Unit.HOURS),
    ("3个自然日", 3, Unit.DAYS),
    ("3日", 3, Unit.DAYS),
    ("3天", 3, Unit.DAYS),
    ("七天", 7, Unit.DAYS),
    ("当日", 0, Unit.SAME_DAY),
    ("当天", 0, Unit.SAME_DAY),
    ("4个工作小时", 4, Unit.WORKING_HOURS),
    ("四个工作小时", 4, Unit.WORKING_HOURS),
    # full-width digits (NFKC)
    ("２个工作日", 2, Unit.WORKING_DAYS),
    ("１５个工作日", 15, Unit.WORKING_DAYS),
    ("３０分钟", 30, Unit.MINUTES),
    ("２ working_days", 2, Unit.WORKING_DAYS),
    # trailing 内 / 以内
    ("2个工作日内", 2, Unit.WORKING_DAYS),
    ("2个工作日以内", 2, Unit.WORKING_DAYS),
    ("两个工作日内", 2, Unit.WORKING_DAYS),
    ("30分钟内", 30, Unit.MINUTES),
    ("半小时内", 30, Unit.MINUTES),
    ("半小时以内", 30, Unit.MINUTES),
    ("24小时以内", 24, Unit.HOURS),
    ("3日内", 3, Unit.DAYS),
    ("当日内", 0, Unit.SAME_DAY),
    ("4个工作小时内", 4, Unit.WORKING_HOURS),
    ("２个工作日以内", 2, Unit.WORKING_DAYS),
]


@pytest.mark.parametrize(("text", "amount", "unit"), ACCEPTED)
def test_parse_accepted_forms(text: str, amount: int, unit: Unit) -> None:
    d = parse_duration(text)
    assert d.amount == amount
    assert d.unit is unit
    assert d == Duration(amount, unit)


@pytest.mark.parametrize(("text", "amount", "unit"), ACCEPTED[:6])
def test_duration_parse_classmethod(text: str, amount: int, unit: Unit) -> None:
    assert Duration.parse(text) == Duration(amount, unit)


def test_unit_string_is_coerced() -> None:
    d = Duration(2, "working_days")  # type: ignore[arg-type]
    assert d.unit is Unit.WORKING_DAYS
    assert d == Duration(2, Unit.WORKING_DAYS)


# ---- errors ------------------------------------------------------------------------------


def _check_bilingual(exc: DurationError) -> None:
    assert CJK.search(exc.message_zh), exc.message_zh
    # the English message may quote the input; outside the quotes it is English only
    assert not CJK.search(re.sub(r"'[^']*'", "", exc.message_en)), exc.message_en
    assert re.search(r"[a-z]{3,}", exc.message_en), exc.message_en
    rendered = str(exc)
    assert exc.message_zh in rendered
    assert exc.message_en in rendered
    assert exc.code in rendered


@pytest.mark.parametrize(
    ("text", "unit_shown"),
    [
        ("3个星期", "星期"),
        ("3周", "周"),
        ("2个月", "月"),
        ("2 fortnights", "fortnights"),
        ("3 weeks", "weeks"),
        ("5 seconds", "seconds"),
        ("2 working_weeks", "working_weeks"),
    ],
)
def test_unknown_unit(text: str, unit_shown: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    exc = info.value
    assert exc.code == "duration.unknown_unit"
    assert unit_shown in exc.message_zh
    assert unit_shown in exc.message_en
    assert "unknown time unit" in exc.message_en
    assert "无法识别的时间单位" in exc.message_zh
    assert exc.hint_zh and CJK.search(exc.hint_zh)
    assert exc.hint_en and "working_days" in exc.hint_en
    _check_bilingual(exc)


def test_unknown_unit_in_constructor() -> None:
    with pytest.raises(DurationError) as info:
        Duration(1, "weeks")  # type: ignore[arg-type]
    assert info.value.code == "duration.unknown_unit"
    _check_bilingual(info.value)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("0个工作日", "0"),
        ("零个工作日", "0"),
        ("0 working_days", "0"),
        ("0分钟", "0"),
        ("-1 days", "-1"),
        ("-2个工作日", "-2"),
        ("-30 minutes", "-30"),
    ],
)
def test_not_positive(text: str, shown: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    exc = info.value
    assert exc.code == "duration.not_positive"
    assert shown in exc.message_zh
    assert shown in exc.message_en
    assert "正数" in exc.message_zh
    assert "positive" in exc.message_en
    _check_bilingual(exc)


@pytest.mark.parametrize("amount", [0, -1, -100])
def test_not_positive_constructor(amount: int) -> None:
    with pytest.raises(DurationError) as info:
        Duration(amount, Unit.HOURS)
    assert info.value.code == "duration.not_positive"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "2", "working days", "个工作日", "内", "以内", "two working days x1"],
)
def test_unparsable(text: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    exc = info.value
    assert exc.code == "duration.unparsable"
    assert "无法识别的时长" in exc.message_zh
    assert "cannot read the duration" in exc.message_en
    assert f"'{text}'" in exc.message_en
    _check_bilingual(exc)


def test_duration_error_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse_duration("abc")
    with pytest.raises(ValueError):
        parse_duration("abc")


def test_not_text() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(2)  # type: ignore[arg-type]
    assert info.value.code == "duration.not_text"


@pytest.mark.parametrize("amount", ["2", 2.0, True, None])
def test_amount_must_be_int(amount: object) -> None:
    with pytest.raises(DurationError) as info:
        Duration(amount, Unit.DAYS)  # type: ignore[arg-type]
    assert info.value.code == "duration.amount_not_integer"


def test_same_day_takes_no_amount() -> None:
    with pytest.raises(DurationError) as info:
        Duration(1, Unit.SAME_DAY)
    assert info.value.code == "duration.same_day_amount"


def test_malformed_chinese_amount_is_not_guessed() -> None:
    # "两三个工作日" means "two or three working days": there is no single amount to read.
    with pytest.raises(DurationError) as info:
        parse_duration("两三个工作日")
    assert info.value.code == "duration.bad_amount"
    _check_bilingual(info.value)


@pytest.mark.parametrize("text", ["十十", "两三", "一二三", "千", "abc", "十五x"])
def test_chinese_number_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        chinese_number(text)


# ---- arithmetic and rendering -----------------------------------------------------------


def test_add_same_units() -> None:
    assert Duration(2, Unit.DAYS) + Duration(3, Unit.DAYS) == Duration(5, Unit.DAYS)
    assert parse_duration("2个工作日") + parse_duration("3 working_days") == Duration(
        5, Unit.WORKING_DAYS
    )
    assert parse_duration("半小时") + parse_duration("30分钟") == Duration(60, Unit.MINUTES)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Duration(1, Unit.DAYS), Duration(1, Unit.WORKING_DAYS)),
        (Duration(1, Unit.WORKING_DAYS), Duration(1, Unit.DAYS)),
        (Duration(1, Unit.HOURS), Duration(60, Unit.MINUTES)),
        (Duration(1, Unit.HOURS), Duration(1, Unit.WORKING_HOURS)),
        (Duration(0, Unit.SAME_DAY), Duration(1, Unit.DAYS)),
        (Duration(0, Unit.SAME_DAY), Duration(0, Unit.SAME_DAY)),
    ],
)
def test_add_different_units_raises_type_error(a: Duration, b: Duration) -> None:
    with pytest.raises(TypeError):
        _ = a + b


def test_add_non_duration_raises_type_error() -> None:
    with pytest.raises(TypeError):
        _ = Duration(1, Unit.DAYS) + 1  # type: ignore[operator]


def test_multiply() -> None:
    assert Duration(2, Unit.HOURS) * 3 == Duration(6, Unit.HOURS)
    assert 3 * Duration(2, Unit.HOURS) == Duration(6, Unit.HOURS)


@pytest.mark.parametrize(
    ("d", "text_repr", "text_str", "text_zh"),
    [
        (
            Duration(2, Unit.WORKING_DAYS),
            "Duration(amount=2, unit='working_days')",
            "2 working_days",
            "2个工作日",
        ),
        (Duration(30, Unit.MINUTES), "Duration(amount=30, unit='minutes')", "30 minutes", "30分钟"),
        (Duration(2, Unit.HOURS), "Duration(amount=2, unit='hours')", "2 hours", "2小时"),
        (Duration(3, Unit.DAYS), "Duration(amount=3, unit='days')", "3 days", "3个自然日"),
        (
            Duration(4, Unit.WORKING_HOURS),
            "Duration(amount=4, unit='working_hours')",
            "4 working_hours",
            "4个工作小时",
        ),
        (Duration(0, Unit.SAME_DAY), "Duration(amount=0, unit='same_day')", "same_day", "当日"),
    ],
)
def test_repr_str_zh(d: Duration, text_repr: str, text_str: str, text_zh: str) -> None:
    assert repr(d) == text_repr
    assert str(d) == text_str
    assert d.zh == text_zh
    # both renderings parse back to the same duration
    assert parse_duration(text_str) == d
    assert parse_duration(text_zh) == d


def test_repr_round_trips_by_inspection() -> None:
    d = parse_duration("十五个工作日")
    m = re.fullmatch(r"Duration\(amount=(\d+), unit='([a-z_]+)'\)", repr(d))
    assert m is not None
    assert Duration(int(m.group(1)), Unit(m.group(2))) == d
    assert m.groups() == ("15", "working_days")


def test_frozen() -> None:
    d = Duration(2, Unit.DAYS)
    with pytest.raises(AttributeError):
        d.amount = 3  # type: ignore[misc]


# ---- Chinese numerals ---------------------------------------------------------------------

ZH_TABLE = {
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
    "十": 10,
    "一十": 10,
    "十一": 11,
    "十二": 12,
    "十五": 15,
    "一十五": 15,
    "十九": 19,
    "二十": 20,
    "二十一": 21,
    "二十九": 29,
    "三十": 30,
    "三十三": 33,
    "四十五": 45,
    "五十": 50,
    "六十": 60,
    "六十八": 68,
    "七十二": 72,
    "八十": 80,
    "九十": 90,
    "九十一": 91,
    "九十九": 99,
    "一百": 100,
    "一百零五": 105,
    "一百〇五": 105,
    "一百一十": 110,
    "一百二十": 120,
    "二百": 200,
    "两百": 200,
    "三百六十五": 365,
    "九百九十九": 999,
}


@pytest.mark.parametrize(("text", "value"), sorted(ZH_TABLE.items(), key=lambda kv: kv[1]))
def test_chinese_number_table(text: str, value: int) -> None:
    assert chinese_number(text) == value


_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int, *, liang: bool = False, ling: str = "零", yi_shi: bool = False) -> str:
    """Our own formatter for 1..999: 十五, 二十, 一百零五, 一百一十, 九百九十九."""
    assert 1 <= n <= 999
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = ""
    if hundreds:
        out += ("两" if liang and hundreds == 2 else _DIGITS[hundreds]) + "百"
    if tens:
        if tens == 1 and not hundreds and not yi_shi:
            out += "十"
        else:
            out += _DIGITS[tens] + "十"
    elif hundreds and units:
        out += ling
    if units:
        out += "两" if liang and units == 2 and not out else _DIGITS[units]
    return out


def test_own_formatter_matches_table() -> None:
    # the formatter itself is checked against hand-written literals
    assert to_chinese(1) == "一"
    assert to_chinese(10) == "十"
    assert to_chinese(15) == "十五"
    assert to_chinese(20) == "二十"
    assert to_chinese(99) == "九十九"
    assert to_chinese(100) == "一百"
    assert to_chinese(105) == "一百零五"
    assert to_chinese(110) == "一百一十"
    assert to_chinese(2, liang=True) == "两"
    assert to_chinese(205, liang=True, ling="〇") == "两百〇五"
    assert to_chinese(15, yi_shi=True) == "一十五"


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 999),
    liang=st.booleans(),
    ling=st.sampled_from(["零", "〇"]),
    yi_shi=st.booleans(),
)
def test_chinese_number_parses_back(n: int, liang: bool, ling: str, yi_shi: bool) -> None:
    text = to_chinese(n, liang=liang, ling=ling, yi_shi=yi_shi)
    assert chinese_number(text) == n
    assert parse_duration(f"{text}个工作日") == Duration(n, Unit.WORKING_DAYS)
    assert parse_duration(f"{text}个工作日内") == Duration(n, Unit.WORKING_DAYS)
    assert parse_duration(f"{text}小时") == Duration(n, Unit.HOURS)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10_000), unit=st.sampled_from([u for u in Unit if u is not Unit.SAME_DAY]))
def test_str_and_zh_round_trip(n: int, unit: Unit) -> None:
    d = Duration(n, unit)
    assert parse_duration(str(d)) == d
    assert parse_duration(d.zh) == d
    full_width = str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_duration(d.zh.replace(str(n), full_width, 1)) == d
