"""Holiday notice files: the bundled years checked against the notices' own words, written
out by hand, and every validation error pinned by its code and the line it reports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from hotline_rules.errors import HotlineRulesError, NoticeError, YamlError
from hotline_rules.time.calendar import DayKind, WorkCalendar
from hotline_rules.time.notices import load_notice_file, load_notice_files, notice_paths
from reference import BUNDLED_NOTICES


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def span(first: date, last: date) -> list[date]:
    return every_day(first, last)


# ---- the bundled notices, day by day -----------------------------------------------------

# 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号), as its text reads:
# 一、元旦：1月1日（周三）放假1天，不调休。
# 二、春节：1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
# 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
# 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
# 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
# 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
OFF_2025 = {
    "元旦": [date(2025, 1, 1)],
    "春节": [
        date(2025, 1, 28),
        date(2025, 1, 29),
        date(2025, 1, 30),
        date(2025, 1, 31),
        date(2025, 2, 1),
        date(2025, 2, 2),
        date(2025, 2, 3),
        date(2025, 2, 4),
    ],
    "清明节": [date(2025, 4, 4), date(2025, 4, 5), date(2025, 4, 6)],
    "劳动节": [
        date(2025, 5, 1),
        date(2025, 5, 2),
        date(2025, 5, 3),
        date(2025, 5, 4),
        date(2025, 5, 5),
    ],
    "端午节": [date(2025, 5, 31), date(2025, 6, 1), date(2025, 6, 2)],
    "国庆节、中秋节": [
        date(2025, 10, 1),
        date(2025, 10, 2),
        date(2025, 10, 3),
        date(2025, 10, 4),
        date(2025, 10, 5),
        date(2025, 10, 6),
        date(2025, 10, 7),
        date(2025, 10, 8),
    ],
}
WORKED_2025 = {
    date(2025, 1, 26): "春节",
    date(2025, 2, 8): "春节",
    date(2025, 4, 27): "劳动节",
    date(2025, 9, 28): "国庆节、中秋节",
    date(2025, 10, 11): "国庆节、中秋节",
}

# 国务院办公厅关于2026年部分节假日安排的通知, as its text reads:
# 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
# 二、春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
# 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
# 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
# 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
# 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
# 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
OFF_2026 = {
    "元旦": [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)],
    "春节": [
        date(2026, 2, 15),
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
        date(2026, 2, 21),
        date(2026, 2, 22),
        date(2026, 2, 23),
    ],
    "清明节": [date(2026, 4, 4), date(2026, 4, 5), date(2026, 4, 6)],
    "劳动节": [
        date(2026, 5, 1),
        date(2026, 5, 2),
        date(2026, 5, 3),
        date(2026, 5, 4),
        date(2026, 5, 5),
    ],
    "端午节": [date(2026, 6, 19), date(2026, 6, 20), date(2026, 6, 21)],
    "中秋节": [date(2026, 9, 25), date(2026, 9, 26), date(2026, 9, 27)],
    "国庆节": [
        date(2026, 10, 1),
        date(2026, 10, 2),
        date(2026, 10, 3),
        date(2026, 10, 4),
        date(2026, 10, 5),
        date(2026, 10, 6),
        date(2026, 10, 7),
    ],
}
WORKED_2026 = {
    date(2026, 1, 4): "元旦",
    date(2026, 2, 14): "春节",
    date(2026, 2, 28): "春节",
    date(2026, 5, 9): "劳动节",
    date(2026, 9, 20): "国庆节",
    date(2026, 10, 10): "国庆节",
}


def _check_year(year: int, off: dict[str, list[date]], worked: dict[date, str]) -> None:
    nf = load_notice_file(BUNDLED_NOTICES / f"cn-{year}.yaml")
    notice_only = WorkCalendar(notices=(nf,), use_holidays_package=False, last_year=year + 1)
    default = WorkCalendar.default()
    day_off = {d: name for name, days in off.items() for d in days}
    assert len(day_off) == sum(len(days) for days in off.values())  # no day listed twice
    assert not set(day_off) & set(worked)
    for d in worked:  # a makeup day is always a weekend day
        assert d.weekday() >= 5, d
    assert [e.name for e in nf.notice.holidays] == list(off)

    for cal in (notice_only, default):
        wrong = []
        for d in every_day(date(year, 1, 1), date(year, 12, 31)):
            expected = (d.weekday() < 5 and d not in day_off) or d in worked
            if cal.is_working_day(d) != expected:
                wrong.append((d, expected))
            info = cal.day(d)
            if d in day_off:
                assert (info.kind, info.name_zh) == (DayKind.HOLIDAY, day_off[d]), d
                assert info.source == nf.notice.title
            elif d in worked:
                assert info.kind is DayKind.MAKEUP_WORKDAY, d
                assert info.name_zh == f"调休上班（{worked[d]}）"
            else:
                assert info.kind is (DayKind.WORKDAY if d.weekday() < 5 else DayKind.WEEKEND), d
        assert wrong == []


def test_notice_2025_every_day() -> None:
    nf = load_notice_file(BUNDLED_NOTICES / "cn-2025.yaml")
    assert nf.notice.year == 2025
    assert nf.notice.document_number == "国办发明电〔2024〕12号"
    assert nf.notice.issued == date(2024, 11, 12)
    _check_year(2025, OFF_2025, WORKED_2025)
    # 261 weekdays - 18 weekdays off (1 + 6 + 1 + 3 + 1 + 6) + 5 makeup days.
    cal = WorkCalendar.default()
    assert cal.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248


def test_notice_2026_every_day() -> None:
    nf = load_notice_file(BUNDLED_NOTICES / "cn-2026.yaml")
    assert nf.notice.year == 2026
    assert nf.notice.issued == date(2025, 11, 4)
    assert nf.notice.issuer == "国务院办公厅"
    _check_year(2026, OFF_2026, WORKED_2026)
    # 261 weekdays - 19 weekdays off (2 + 6 + 1 + 3 + 1 + 1 + 5) + 6 makeup days.
    cal = WorkCalendar.default()
    assert cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


@pytest.mark.parametrize("year", [2025, 2026])
def test_notices_and_holidays_package_agree(year: int) -> None:
    package_only = WorkCalendar(notices=())
    default = WorkCalendar.default()
    assert year in package_only.official_years
    for d in every_day(date(year, 1, 1), date(year, 12, 31)):
        p, n = package_only.day(d), default.day(d)
        assert (p.working, p.kind) == (n.working, n.kind), d
        # The package may name a period more fully (春节、农历除夕), never differently.
        for part in n.name_zh.removeprefix("调休上班（").removesuffix("）").split("、"):
            assert part in p.name_zh, (d, p.name_zh, n.name_zh)


# ---- validation errors, pinned by code and line ------------------------------------------

VALID = [
    "kind: holiday_notice",  # 1
    "year: 2027",  # 2
    "title: 测试通知（虚构）",  # 3
    "issued: 2026-11-01",  # 4
    "holidays:",  # 5
    "  - name: 元旦",  # 6
    "    name_en: New Year's Day",  # 7
    "    days_off: {from: 2027-01-01, to: 2027-01-03}",  # 8
    "    total_days: 3",  # 9
    "    makeup_workdays: [2027-01-09]",  # 10
    "  - name: 劳动节",  # 11
    "    days_off: {from: 2027-05-01, to: 2027-05-05}",  # 12
    "    total_days: 5",  # 13
    "    makeup_workdays: [2027-04-25]",  # 14
]


def write(tmp_path: Path, lines: list[str], name: str = "cn-2027.yaml") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def replaced(line_no: int, text: str) -> list[str]:
    lines = list(VALID)
    lines[line_no - 1] = text
    return lines


def inserted(after: int, text: str) -> list[str]:
    lines = list(VALID)
    lines.insert(after, text)
    return lines


def assert_located(err: HotlineRulesError, path: Path, line: int, zh: str, en: str) -> None:
    assert err.location.file == str(path)
    assert err.location.line == line
    assert err.to_dict()["line"] == line
    assert zh in err.message_zh
    assert en in err.message_en
    text = err.render()
    assert str(path) in text
    assert f"{path}:{line}:" in text
    assert zh in text and en in text
    assert "错误" in text and "error" in text


def test_the_valid_template_loads(tmp_path: Path) -> None:
    nf = load_notice_file(write(tmp_path, VALID))
    assert nf.notice.year == 2027
    assert [e.name for e in nf.notice.holidays] == ["元旦", "劳动节"]
    assert nf.notice.holidays[1].makeup_workdays == (date(2027, 4, 25),)


# (case id, file lines, expected code, expected line, zh fragment, en fragment)
CASES = [
    (
        "makeup_on_a_weekday",
        replaced(14, "    makeup_workdays: [2027-04-26]"),  # a Monday
        "notice.makeup_not_weekend",
        14,  # the makeup_workdays line
        "不是周末",
        "not a weekend day",
    ),
    (
        "reversed_range",
        replaced(12, "    days_off: {from: 2027-05-05, to: 2027-05-01}"),
        "notice.range_reversed",
        12,
        "放假区间颠倒",
        "range is reversed",
    ),
    (
        "day_both_off_and_worked",
        replaced(14, "    makeup_workdays: [2027-05-01]"),  # a Saturday inside the days off
        "notice.day_both_off_and_worked",
        14,
        "既在放假区间内",
        "both a day off and a makeup workday",
    ),
    (
        "total_days_mismatch",
        replaced(13, "    total_days: 4"),
        "notice.total_days_mismatch",
        13,
        "total_days 写的是 4",
        "but total_days says 4",
    ),
    (
        "duplicate_key",
        inserted(2, "year: 2028"),
        "yaml.duplicate_key",
        3,
        "重复的键",
        "first at line 2",
    ),
    (
        "unquoted_time",
        replaced(3, "title: 9:00"),
        "yaml.sexagesimal_number",
        3,
        "六十进制",
        "base-60 number 540",
    ),
    (
        "NO_as_a_value",
        inserted(3, "document_number: NO"),
        "yaml.ambiguous_boolean",
        4,
        "是/否",
        "boolean false",
    ),
    (
        "unknown_field",
        replaced(13, "    totl_days: 5"),
        "notice.extra_forbidden",
        13,
        "不认识的字段",
        "Extra inputs are not permitted",
    ),
    (
        "alias_bomb",
        [
            *VALID[:2],
            "bomb: [&a [x,x,x,x,x,x,x,x,x,x], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], "
            "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c], "
            "&e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d], &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]]",
            *VALID[2:],
        ],
        "yaml.too_many_nodes",
        3,
        "锚点/别名",
        "alias bomb",
    ),
]


@pytest.mark.parametrize(
    ("lines", "code", "line", "zh", "en"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_validation_error(
    tmp_path: Path, lines: list[str], code: str, line: int, zh: str, en: str
) -> None:
    path = write(tmp_path, lines)
    with pytest.raises(HotlineRulesError) as info:
        load_notice_file(path)
    err = info.value
    assert err.code == code
    assert isinstance(err, YamlError if code.startswith("yaml.") else NoticeError)
    assert_located(err, path, line, zh, en)
    # A calendar built from that directory fails the same way.
    with pytest.raises(HotlineRulesError) as again:
        WorkCalendar.from_notice_dirs(tmp_path)
    assert again.value.code == code
    assert again.value.location.line == line


def test_unknown_field_names_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, replaced(13, "    totl_days: 5"))
    with pytest.raises(NoticeError) as info:
        load_notice_file(path)
    assert info.value.location.path == "holidays[1].totl_days"
    assert "holidays[1].totl_days" in info.value.render()
    assert "    totl_days: 5" in info.value.render()  # the source line is shown


def test_two_files_for_the_same_year(tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "a-2027.yaml")
    second = write(tmp_path, VALID, "b-2027.yaml")
    with pytest.raises(NoticeError) as info:
        load_notice_files(notice_paths(tmp_path))
    err = info.value
    assert err.code == "notice.duplicate_year"
    assert str(first) in err.message_zh and str(second) in err.message_zh
    assert str(first) in err.message_en and str(second) in err.message_en
    # Points at the `year:` line (line 2) of the second file.
    assert_located(err, second, 2, "2027 年有两份通知文件", "two notice files for 2027")
    with pytest.raises(NoticeError) as again:
        WorkCalendar.from_notice_dirs(tmp_path)
    assert again.value.code == "notice.duplicate_year"


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "cn-2027.yaml"
    body = "\n".join(VALID) + "\n"
    padding = "# " + "x" * 1000 + "\n"
    path.write_text(body + padding * (2 * 1024 * 1024 // len(padding) + 1), encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024
    with pytest.raises(YamlError) as info:
        load_notice_file(path)
    err = info.value
    assert err.code == "yaml.too_large"
    assert err.location.file == str(path)
    # The file is refused before it is parsed, so there is no line to report.
    assert err.location.line is None
    assert "文件过大" in err.message_zh
    assert "file too large" in err.message_en
    text = err.render()
    assert text.startswith(f"{path}: ")
    assert "文件过大" in text and "file too large" in text
