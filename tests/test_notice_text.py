"""Reading a notice as published (time/notice_text.py): the notices of 2015-2026, as published and
as reposts write them, agree day by day with the calendar; mistakes are refused at their line.

The texts are in ``tests/data/notices/`` (each with the address it was read from). The copies
read write ASCII punctuation (``,:()``); the full-width form (``，：（）``) the State Council prints,
and traditional characters (OpenCC's s2t, s2hk and s2tw: an independent converter, not the
importer's own table) are made from them here.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import opencc
import pytest

from hotline_rules.errors import NoticeError
from hotline_rules.time.calendar import WorkCalendar
from hotline_rules.time.notice_text import import_notice, normalise
from hotline_rules.time.notices import load_notice_file

DATA = Path(__file__).resolve().parent / "data" / "notices"
BUNDLED = Path(__file__).resolve().parent.parent / "profiles" / "calendars"
YEARS = list(range(2015, 2027))
# Notices published later in the year that changed it (merged into the year's notice file).
SUPPLEMENTS = {
    2015: ["2015-victory-day.txt"],
    2019: ["2019-labour-day.txt"],
    2020: ["2020-extension.txt"],
}

FULL_WIDTH = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）"})
CONVERTERS = {cfg: opencc.OpenCC(cfg) for cfg in ("s2t", "s2hk", "s2tw")}


def variant(text: str, how: str) -> str:
    if how == "as read":
        return text
    if how == "full-width":
        return text.translate(FULL_WIDTH)
    return CONVERTERS[how].convert(text.translate(FULL_WIDTH) if how == "s2hk" else text)


def imported(year: int, how: str = "as read"):  # type: ignore[no-untyped-def]
    main = variant((DATA / f"{year}.txt").read_text(encoding="utf-8"), how)
    sups = [
        (variant((DATA / name).read_text(encoding="utf-8"), how), name)
        for name in SUPPLEMENTS.get(year, [])
    ]
    return import_notice(main, file=f"{year}.txt", supplements=sups)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.default()


def working_by_notice(year: int, how: str = "as read") -> dict[date, bool]:
    """Every day of ``year`` as the notices say: weekdays work, weekends not, then the year's
    notice and the next year's (元旦 may begin in December: 2019's on 2018-12-30)."""
    days = {}
    d = date(year, 1, 1)
    while d.year == year:
        days[d] = d.weekday() < 5
        d += timedelta(days=1)
    for y in (year, year + 1):
        if y not in YEARS:
            continue
        n = imported(y, how).notice()
        for h in n.holidays:
            for off in h.days_off.days():
                if off.year == year:
                    days[off] = False
            for worked in h.makeup_workdays:
                if worked.year == year:
                    days[worked] = True
    return days


@pytest.mark.parametrize("how", ["as read", "full-width", "s2t", "s2hk", "s2tw"])
@pytest.mark.parametrize("year", YEARS)
def test_every_day_of_the_year_agrees_with_the_calendar(
    cal: WorkCalendar, year: int, how: str
) -> None:
    read = imported(year, how)
    assert read.errors == [], [p.message_zh for p in read.errors]
    wrong = [
        (d.isoformat(), said, cal.day(d).reason)
        for d, said in working_by_notice(year, how).items()
        if cal.is_working_day(d) != said
    ]
    assert wrong == []


@pytest.mark.parametrize("year", YEARS)
def test_title_number_date_and_source_are_read(year: int) -> None:
    read = imported(year)
    n = read.notice()
    assert n.year == year
    assert n.title.endswith("通知") and str(year) in n.title
    assert n.issuer == "国务院办公厅"
    assert n.issued.year in (year - 1, year) and n.issued.month >= 10
    assert n.source is not None and n.source.startswith("http")
    if year != 2026:  # the 2026 text as Xinhua carried it has no number
        assert n.document_number is not None and n.document_number.startswith("国办发明电〔")


def test_2026_reads_as_the_bundled_notice_file(tmp_path: Path) -> None:
    """What policy staff wrote by hand for 2026 is what the importer reads from the text."""
    n = imported(2026, "full-width").notice()
    bundled = load_notice_file(BUNDLED / "cn-2026.yaml").notice

    def days(notice):  # type: ignore[no-untyped-def]
        return [(h.name, h.days_off, h.total_days, h.makeup_workdays) for h in notice.holidays]

    assert days(n) == days(bundled)
    # English names come from the holidays package ("Chinese New Year (Spring Festival)")
    assert all(h.name_en for h in n.holidays)
    assert [h.text for h in n.holidays] == [h.text for h in bundled.holidays]
    assert (n.title, n.issued) == (bundled.title, bundled.issued)


@pytest.mark.parametrize("year", YEARS)
def test_the_notice_file_written_reads_back(year: int, tmp_path: Path) -> None:
    read = imported(year, "s2t")
    path = tmp_path / f"cn-{year}.yaml"
    path.write_text(read.to_yaml(), encoding="utf-8")
    assert load_notice_file(path).notice == read.notice()


def test_supplements_are_merged_into_the_year() -> None:
    n2019 = {h.name: h for h in imported(2019).notice().holidays}
    labour = n2019["劳动节"]
    assert (labour.days_off.first, labour.days_off.last) == (date(2019, 5, 1), date(2019, 5, 4))
    assert labour.makeup_workdays == (date(2019, 4, 28), date(2019, 5, 5))
    assert labour.text is not None and labour.text.startswith("国务院办公厅关于调整2019年劳动节")
    spring = {h.name: h for h in imported(2020).notice().holidays}["春节"]
    assert (spring.days_off.first, spring.days_off.last) == (date(2020, 1, 24), date(2020, 2, 2))
    assert spring.makeup_workdays == (date(2020, 1, 19),)  # 2月1日 became a day off
    victory = imported(2015).notice().holidays[-1]
    assert victory.name == "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    assert (victory.days_off.first, victory.days_off.last) == (date(2015, 9, 3), date(2015, 9, 5))
    assert victory.makeup_workdays == (date(2015, 9, 6),)


def test_a_date_outside_the_arrangement_is_a_warning() -> None:
    read = imported(2024)
    assert [(w.code, w.line) for w in read.warnings] == [("notice_text.date_not_arranged", 9)]


def test_normalising_keeps_every_position() -> None:
    text = "國務院辦公廳關於2026年部分節假日安排的通知:1月4日(週日)上班，１０月"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == "国务院办公厅关于2026年部分节假日安排的通知：1月4日（周日）上班，10月"


# ---- mistakes are refused at their line ---------------------------------------------------------

TEXT_2026 = (DATA / "2026.txt").read_text(encoding="utf-8")


def refused(text: str) -> NoticeError:
    read = import_notice(text, file="2026.txt")
    with pytest.raises(NoticeError) as info:
        read.notice()
    return info.value


def test_a_wrong_weekday_is_refused_at_its_place() -> None:
    err = refused(TEXT_2026.replace("1月4日(周日)上班", "1月4日(周六)上班"))
    assert err.code == "notice_text.weekday_mismatch"
    assert (err.location.file, err.location.line, err.location.column) == ("2026.txt", 6, 35)
    assert err.message_zh == "1月4日写的是周六，但2026-01-04是周日（日期或星期抄错了？）"
    assert (
        err.message_en
        == "2026-01-04 is said to be a Saturday, but it is a Sunday (a typo in the date or the weekday?)"
    )


def test_a_missing_statutory_holiday_is_refused() -> None:
    lines = [line for line in TEXT_2026.splitlines() if not line.startswith("六、中秋节")]
    err = refused("\n".join(lines))
    assert err.code == "notice_text.statutory_missing"
    assert err.message_zh == "通知中没有法定节假日中秋节（2026-09-25，周五）的放假安排"
    assert err.location.line == 5  # where the introduction names it


def test_a_makeup_workday_on_a_weekday_is_refused() -> None:
    err = refused(TEXT_2026.replace("10月10日(周六)上班", "10月12日(周一)上班"))
    assert err.code == "notice_text.makeup_not_weekend"
    assert err.location.line == 12
    assert "2026-10-12 是周一，不是周末" in err.message_zh


def test_a_wrong_number_of_days_is_refused() -> None:
    err = refused(TEXT_2026.replace("放假调休,共7天", "放假调休,共8天"))
    assert err.code == "notice_text.total_days_mismatch"
    assert err.location.line == 12
    assert err.message_zh == "国庆节：10月1日至10月7日是7天，通知写的是共8天"


def test_the_year_of_the_title_against_the_text() -> None:
    err = refused(TEXT_2026.replace("现将2026年元旦", "现将2025年元旦"))
    assert err.code == "notice_text.year_mismatch"
    assert (err.location.line, err.location.column) == (5, 10)


def test_a_repost_with_the_wrong_year_is_refused() -> None:
    """A real repost (tests/data/notices/bad/) printed 2014's dates under the year 2022: the
    weekdays give it away."""
    text = (DATA / "bad" / "2022-misdated-repost.txt").read_text(encoding="utf-8")
    read = import_notice(text, file="repost.txt")
    codes = {p.code for p in read.errors}
    assert "notice_text.weekday_mismatch" in codes
    with pytest.raises(NoticeError):
        read.notice()
