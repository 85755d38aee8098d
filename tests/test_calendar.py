"""Mechanism tests for WorkCalendar: the indexed calendar against a day-by-day reference,
arithmetic properties, reasons, official years and versions, notice files and local days."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_years import (
    LAST_ANNOUNCED_YEAR,
    UNANNOUNCED_YEAR,
    MadeUpNotice,
    bundled_notice_files,
    notice_year,
)
from hotline_rules.errors import CalendarRangeError, HotlineRulesError, UnofficialYearError
from hotline_rules.time.calendar import DayKind, LocalDay, WorkCalendar
from reference import (
    BUNDLED_NOTICES,
    RefCalendar,
    ref_add_working_days,
    ref_is_working_day,
    ref_working_days_between,
)

FIRST = date(2004, 1, 1)
LAST = date(LAST_ANNOUNCED_YEAR, 12, 31)
ONE_DAY = timedelta(days=1)
Y = UNANNOUNCED_YEAR  # the first year with no notice: asked of the calendar, never named

TITLE_2026 = "国务院办公厅关于2026年部分节假日安排的通知"


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


_ARITHMETIC = frozenset(
    {
        "is_working_day",
        "add_working_days",
        "next_working_day",
        "previous_working_day",
        "roll_forward",
        "working_days_between",
    }
)


class _AcceptingEstimates:
    """The calendar with ``allow_estimated=True`` on every helper that takes it: the mechanism
    tests below are about arithmetic, and run past the last official year (which the helpers
    refuse by default, see test_helpers_refuse_a_year_without_a_notice)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self._calendar = calendar

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._calendar, name)
        return functools.partial(found, allow_estimated=True) if name in _ARITHMETIC else found


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return cast(WorkCalendar, _AcceptingEstimates(WorkCalendar.default()))


# ---- (1) the indexed calendar agrees with the reference ------------------------------


def test_is_working_day_matches_reference_every_day(cal: WorkCalendar) -> None:
    wrong = [d for d in every_day(FIRST, LAST) if cal.is_working_day(d) != ref_is_working_day(d)]
    assert wrong == []


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 15, -1, -5])
def test_add_working_days_matches_reference_every_day(cal: WorkCalendar, n: int) -> None:
    wrong = [
        (d, cal.add_working_days(d, n), ref_add_working_days(d, n))
        for d in every_day(FIRST, LAST)
        if cal.add_working_days(d, n) != ref_add_working_days(d, n)
    ]
    assert wrong == []


def test_working_days_between_matches_reference_on_a_sample(cal: WorkCalendar) -> None:
    days = every_day(FIRST, LAST)
    starts = days[::97]
    offsets = [-400, -31, -8, -1, 0, 1, 2, 7, 9, 30, 45, 366]
    wrong = []
    for a in starts:
        for k in offsets:
            b = a + timedelta(days=k)
            if cal.working_days_between(a, b) != ref_working_days_between(a, b):
                wrong.append((a, b, cal.working_days_between(a, b), ref_working_days_between(a, b)))
    assert wrong == []
    assert len(starts) * len(offsets) > 1000


def test_reference_knows_some_plain_facts() -> None:
    """Guard the reference itself against being trivially wrong."""
    assert ref_is_working_day(date(2024, 9, 29))  # Sunday worked for 国庆节 2024
    assert not ref_is_working_day(date(2024, 10, 1))
    assert not ref_is_working_day(date(2026, 2, 16))  # 春节 2026, a Monday
    assert ref_is_working_day(date(2026, 1, 4))  # Sunday worked for 元旦 2026
    assert ref_add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert ref_working_days_between(date(2026, 10, 8), date(2026, 9, 30)) == -1


# ---- (2) properties --------------------------------------------------------------------

dates = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=1, max_value=120)


@settings(deadline=None)
@given(d=dates, n=counts)
def test_add_lands_on_a_working_day(cal: WorkCalendar, d: date, n: int) -> None:
    assert cal.is_working_day(cal.add_working_days(d, n))
    assert cal.is_working_day(cal.add_working_days(d, -n))
    assert cal.add_working_days(d, n) > d > cal.add_working_days(d, -n)


@settings(deadline=None)
@given(d=dates, n=counts)
def test_between_counts_what_add_steps_over(cal: WorkCalendar, d: date, n: int) -> None:
    assert cal.working_days_between(d, cal.add_working_days(d, n)) == n
    # Backwards the count is of (add(d, -n), d]: d itself is in it only when it is worked,
    # so from a day off only n - 1 working days lie in that interval.
    back = cal.working_days_between(d, cal.add_working_days(d, -n))
    assert back == (-n if ref_is_working_day(d) else -(n - 1))


@settings(deadline=None)
@given(d1=dates, d2=dates, n=counts)
def test_add_is_monotone_in_the_date(cal: WorkCalendar, d1: date, d2: date, n: int) -> None:
    d1, d2 = min(d1, d2), max(d1, d2)
    assert cal.add_working_days(d1, n) <= cal.add_working_days(d2, n)
    assert cal.add_working_days(d1, -n) <= cal.add_working_days(d2, -n)


@settings(deadline=None)
@given(d=dates, n1=counts, n2=counts)
def test_add_is_strictly_monotone_in_n(cal: WorkCalendar, d: date, n1: int, n2: int) -> None:
    if n1 == n2:
        n2 = n1 + 1
    n1, n2 = min(n1, n2), max(n1, n2)
    assert cal.add_working_days(d, n1) < cal.add_working_days(d, n2)
    assert cal.add_working_days(d, -n2) < cal.add_working_days(d, -n1)


def last_working_on_or_before(d: date) -> date:
    while not ref_is_working_day(d):
        d -= ONE_DAY
    return d


def first_working_on_or_after(d: date) -> date:
    while not ref_is_working_day(d):
        d += ONE_DAY
    return d


@settings(deadline=None)
@given(d=dates, n=counts)
def test_there_and_back(cal: WorkCalendar, d: date, n: int) -> None:
    # Forward n then back n: the working days in (d, add(d, n)] are exactly n, so going
    # back n from there lands on the last working day on or before d (d itself if worked).
    back = cal.add_working_days(cal.add_working_days(d, n), -n)
    assert back <= d
    assert back == last_working_on_or_before(d)
    assert back == (d if cal.is_working_day(d) else cal.previous_working_day(d))
    # Back n then forward n lands on the first working day on or after d.
    forth = cal.add_working_days(cal.add_working_days(d, -n), n)
    assert forth >= d
    assert forth == first_working_on_or_after(d)
    assert forth == cal.roll_forward(d)


@settings(deadline=None)
@given(d=dates)
def test_roll_next_previous(cal: WorkCalendar, d: date) -> None:
    rolled = cal.roll_forward(d)
    assert rolled == first_working_on_or_after(d)
    assert (rolled == d) == ref_is_working_day(d)
    assert cal.add_working_days(d, 0) == rolled

    nxt = cal.next_working_day(d)
    assert nxt == first_working_on_or_after(d + ONE_DAY)
    assert nxt > d
    assert nxt == cal.add_working_days(d, 1)

    prev = cal.previous_working_day(d)
    assert prev == last_working_on_or_before(d - ONE_DAY)
    assert prev < d
    assert prev == cal.add_working_days(d, -1)


def test_roll_next_previous_around_national_day_2026(cal: WorkCalendar) -> None:
    # 2026: 10月1日至7日放假, 10月10日（周六）上班; 10-08 is a Thursday.
    assert cal.roll_forward(date(2026, 10, 3)) == date(2026, 10, 8)
    assert cal.roll_forward(date(2026, 10, 8)) == date(2026, 10, 8)
    assert cal.next_working_day(date(2026, 10, 8)) == date(2026, 10, 9)
    assert cal.next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)
    assert cal.previous_working_day(date(2026, 10, 8)) == date(2026, 9, 30)
    assert cal.previous_working_day(date(2026, 10, 12)) == date(2026, 10, 10)
    assert cal.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3


# ---- (3) reasons -----------------------------------------------------------------------


def test_national_day_2026_comes_from_the_notice(cal: WorkCalendar) -> None:
    for d in every_day(date(2026, 10, 1), date(2026, 10, 7)):
        info = cal.day(d)
        assert info.date == d
        assert info.working is False
        assert info.kind is DayKind.HOLIDAY
        assert info.name_zh == "国庆节"
        assert info.name_en == "National Day"
        assert info.reason == "国庆节"
        assert info.source == TITLE_2026
        assert info.official is True
    assert cal.day(date(2026, 10, 8)).kind is DayKind.WORKDAY


def test_makeup_workday_2026_10_10(cal: WorkCalendar) -> None:
    info = cal.day(date(2026, 10, 10))
    assert info.working is True
    assert info.kind is DayKind.MAKEUP_WORKDAY
    assert info.name_zh == "调休上班（国庆节）"
    assert info.source == TITLE_2026
    assert info.to_dict() == {
        "date": "2026-10-10",
        "working": True,
        "kind": "makeup_workday",
        "reason": "调休上班（国庆节）",
        "reason_en": "makeup workday (National Day)",
        "source": TITLE_2026,
        "official": True,
    }


def test_makeup_workday_from_the_holidays_package(cal: WorkCalendar) -> None:
    # 2024 notice: 国庆节 10月1日至7日放假调休, 9月29日（周日）、10月12日（周六）上班.
    info = cal.day(date(2024, 9, 29))
    assert info.working is True
    assert info.kind is DayKind.MAKEUP_WORKDAY
    assert info.name_zh == "调休上班（国庆节）"
    assert info.source == f"holidays {holidays.__version__}"
    assert info.official is True


def test_plain_saturday_and_weekday(cal: WorkCalendar) -> None:
    sat = cal.day(date(2026, 3, 7))
    assert (sat.working, sat.kind, sat.name_zh, sat.name_en) == (
        False,
        DayKind.WEEKEND,
        "周六",
        "Saturday",
    )
    sun = cal.day(date(2026, 3, 8))
    assert (sun.working, sun.kind, sun.name_zh) == (False, DayKind.WEEKEND, "周日")
    wed = cal.day(date(2026, 3, 11))
    assert (wed.working, wed.kind, wed.name_zh) == (True, DayKind.WORKDAY, "工作日")


def test_makeup_day_in_the_year_before(cal: WorkCalendar) -> None:
    # 2006 notice: 元旦 1月1日至3日放假, 2005年12月31日（周六）上班.
    d = date(2005, 12, 31)
    assert d.weekday() == 5
    assert cal.is_working_day(d)
    info = cal.day(d)
    assert info.kind is DayKind.MAKEUP_WORKDAY
    assert "元旦" in info.name_zh
    assert not cal.is_working_day(date(2006, 1, 2))
    assert not cal.is_working_day(date(2006, 1, 3))


def test_english_reasons_are_english(cal: WorkCalendar) -> None:
    # 2023: 国庆节、中秋节 9月29日至10月6日 (from the holidays package).
    info = cal.day(date(2023, 10, 1))
    assert "National Day" in info.name_en and "Mid-Autumn Festival" in info.name_en
    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    wrong = sorted(
        {
            (cal.day(d).name_en, d.year)
            for d in every_day(FIRST, LAST)
            if cjk.search(cal.day(d).name_en)
        }
    )
    assert wrong == []


def test_days_and_month_list_reasons(cal: WorkCalendar) -> None:
    october = cal.month(2026, 10)
    assert [i.date for i in october] == every_day(date(2026, 10, 1), date(2026, 10, 31))
    off = [i.date.day for i in october if not i.working]
    # 1-7 holiday, then weekends 11, 17, 18, 24, 25, 31 (10 is worked).
    assert off == [1, 2, 3, 4, 5, 6, 7, 11, 17, 18, 24, 25, 31]
    assert cal.days(date(2026, 10, 5), date(2026, 10, 4)) == []


# ---- (4) official years and version --------------------------------------------------


def test_official_years(cal: WorkCalendar) -> None:
    assert cal.is_official_year(2026)  # announced: stays so whatever is added later
    assert cal.is_official_year(2004)
    assert cal.first_unofficial_year == Y
    assert set(range(2001, Y)) <= cal.official_years
    assert not cal.is_official_year(Y)
    assert Y not in cal.official_years
    assert cal.unofficial_years(date(Y - 1, 3, 1), date(Y, 2, 1)) == [Y]
    assert cal.unofficial_years(date(Y, 2, 1), date(Y - 1, 3, 1)) == [Y]
    assert cal.unofficial_years(date(Y - 1, 1, 1), date(Y - 1, 12, 31)) == []
    assert cal.unofficial_years(date(Y, 5, 1), date(Y, 5, 1)) == [Y]
    assert cal.unofficial_years(date(Y - 2, 1, 1), date(Y + 2, 1, 1)) == [Y, Y + 1, Y + 2]
    assert cal.day(date(Y, 3, 3)).official is False
    assert cal.day(date(Y - 1, 3, 3)).official is True


def test_helpers_refuse_a_year_without_a_notice() -> None:
    """Every helper that answers about working days refuses a year no notice covers, unless
    the caller accepts an estimate; ``day()`` answers and marks the day as not official."""
    cal = WorkCalendar.default()
    in_y, before = date(Y, 3, 3), date(Y - 1, 12, 30)
    calls = {
        "is_working_day": lambda **kw: cal.is_working_day(in_y, **kw),
        "add_working_days": lambda **kw: cal.add_working_days(before, 5, **kw),
        "add_working_days back": lambda **kw: cal.add_working_days(date(Y, 1, 20), -30, **kw),
        "next_working_day": lambda **kw: cal.next_working_day(date(Y - 1, 12, 31), **kw),
        "previous_working_day": lambda **kw: cal.previous_working_day(in_y, **kw),
        "roll_forward": lambda **kw: cal.roll_forward(in_y, **kw),
        "working_days_between": lambda **kw: cal.working_days_between(before, in_y, **kw),
    }
    for name, call in calls.items():
        with pytest.raises(UnofficialYearError) as info:
            call()
        assert info.value.years == [Y], name
        assert info.value.code == "calendar.year_not_official"
        call(allow_estimated=True)  # an estimate, asked for by name
    assert cal.day(in_y).official is False
    # A year with a notice needs no permission, up to its last day.
    assert cal.add_working_days(date(Y - 1, 12, 1), 3) < date(Y, 1, 1)
    assert cal.is_working_day(date(Y - 1, 12, 31)) in (True, False)


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version_names_holidays_and_notice_hashes(cal: WorkCalendar) -> None:
    v = cal.version
    assert v.holidays == holidays.__version__
    assert f"holidays {holidays.__version__}" in str(v)
    assert re.fullmatch(r"[0-9a-f]{64}", v.notices_sha256)
    assert v.notices == tuple(
        (notice_year(p), p.name, _file_sha(p)) for p in bundled_notice_files()
    )
    assert v.notices[:2] == (
        (2025, "cn-2025.yaml", _file_sha(BUNDLED_NOTICES / "cn-2025.yaml")),
        (2026, "cn-2026.yaml", _file_sha(BUNDLED_NOTICES / "cn-2026.yaml")),
    )
    assert v.notices_sha256[:12] in str(v)
    assert v.to_dict()["holidays"] == holidays.__version__


def test_version_sha_changes_with_one_byte(cal: WorkCalendar, tmp_path: Path) -> None:
    same = tmp_path / "same"
    changed = tmp_path / "changed"
    same.mkdir()
    changed.mkdir()
    for path in bundled_notice_files():
        shutil.copy(path, same / path.name)
        shutil.copy(path, changed / path.name)
    target = changed / "cn-2026.yaml"
    raw = target.read_bytes()
    assert b"# One file per notice" in raw
    target.write_bytes(raw.replace(b"# One file", b"# one file", 1))  # a comment: still valid

    copy = WorkCalendar.from_notice_dirs(same, include_bundled=False)
    edited = WorkCalendar.from_notice_dirs(changed, include_bundled=False)
    assert copy.version.notices_sha256 == cal.version.notices_sha256
    assert edited.version.notices_sha256 != cal.version.notices_sha256
    assert dict((y, s) for y, _, s in edited.version.notices)[2026] == _file_sha(target)
    assert dict((y, s) for y, _, s in edited.version.notices)[2025] == _file_sha(
        BUNDLED_NOTICES / "cn-2025.yaml"
    )
    assert edited.version.notices_sha256[:12] in str(edited.version)
    # The days themselves did not change.
    assert [edited.is_working_day(d) for d in every_day(date(2026, 1, 1), LAST)] == [
        cal.is_working_day(d) for d in every_day(date(2026, 1, 1), LAST)
    ]


def test_version_local_sha_changes_with_local_days() -> None:
    plain = WorkCalendar(first_year=2026, last_year=2026)
    local = WorkCalendar(
        first_year=2026,
        last_year=2026,
        local_days_off=[LocalDay(date=date(2026, 7, 15), name="台风停工")],
    )
    assert plain.version.local_sha256 == hashlib.sha256(b"").hexdigest()
    assert local.version.local_sha256 != plain.version.local_sha256


# ---- (5) notice files and local days ---------------------------------------------------

FAKE = MadeUpNotice(Y)  # a made-up notice for the first year that has none


def test_a_notice_file_makes_a_new_year_official(tmp_path: Path) -> None:
    (tmp_path / f"cn-{Y}.yaml").write_text(FAKE.yaml(), encoding="utf-8")
    base = WorkCalendar.default()
    cal = WorkCalendar.from_notice_dirs(tmp_path)
    assert not base.is_official_year(Y)
    assert cal.is_official_year(Y)
    assert cal.is_official_year(Y - 1)
    assert cal.first_unofficial_year == Y + 1
    assert cal.unofficial_years(date(Y - 1, 1, 1), date(Y, 12, 31)) == []
    assert [y for y, _, _ in cal.version.notices] == [
        *(y for y, _, _ in base.version.notices),
        Y,
    ]

    # Its days take effect.
    for d in FAKE.b_days:
        info = cal.day(d)
        assert (info.working, info.kind, info.name_zh) == (False, DayKind.HOLIDAY, "测试假期乙")
        assert info.source == FAKE.title
        assert info.official is True
    for d in FAKE.b_makeup:  # Saturday and Sunday worked
        info = cal.day(d)
        assert (info.working, info.kind) == (True, DayKind.MAKEUP_WORKDAY)
        assert info.name_zh == "调休上班（测试假期乙）"
    # The notice is authoritative for its year: the statutory National Day and Spring
    # Festival (estimated days off before) are ordinary days under this notice.
    national = next(date(Y, 10, d) for d in (1, 2, 3) if date(Y, 10, d).weekday() < 5)
    assert not base.is_working_day(national, allow_estimated=True)
    assert cal.is_working_day(national)
    assert cal.day(national).kind is DayKind.WORKDAY
    spring = next(
        d
        for d, name in sorted(holidays.China(years=Y, language="zh_CN").items())
        if "春节" in name and d.weekday() < 5 and d not in FAKE.b_days
    )
    assert not base.is_working_day(spring, allow_estimated=True)
    assert cal.is_working_day(spring)
    # A day it names in the year before applies too.
    assert not cal.is_working_day(FAKE.a_days[0])
    assert cal.day(FAKE.a_days[0]).name_zh == "测试假期甲"
    # Arithmetic runs over the new days.
    monday = FAKE.b_days[0]
    assert cal.add_working_days(monday - timedelta(days=3), 1) == monday + timedelta(days=3)
    assert cal.add_working_days(monday + timedelta(days=4), 1) == FAKE.b_makeup[0]
    after_new_year = date(Y, 1, 2)
    while after_new_year.weekday() >= 5:
        after_new_year += ONE_DAY
    assert cal.add_working_days(date(Y - 1, 12, 30), 1) == after_new_year

    ref = RefCalendar(notice_dirs=(BUNDLED_NOTICES, tmp_path))
    days = every_day(date(Y - 2, 1, 1), date(Y + 1, 12, 31))
    wrong = [
        d for d in days if cal.is_working_day(d, allow_estimated=True) != ref.is_working_day(d)
    ]
    assert wrong == []


CORRECTED_2024 = """\
kind: holiday_notice
year: 2024
title: 测试用更正通知（2024）
issued: 2023-10-25
holidays:
  - name: 国庆节
    name_en: National Day
    days_off: {from: 2024-10-01, to: 2024-10-07}
    total_days: 7
    makeup_workdays: [2024-10-12]
"""


def test_a_notice_file_corrects_a_year_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "cn-2024.yaml").write_text(CORRECTED_2024, encoding="utf-8")
    base = WorkCalendar.default()
    cal = WorkCalendar.from_notice_dirs(tmp_path)
    # Package: 2024-09-29 (Sunday) worked, 2024-02-12 (Monday) off for 春节, 2024-05-01 off.
    assert base.is_working_day(date(2024, 9, 29))
    assert not base.is_working_day(date(2024, 2, 12))
    assert not base.is_working_day(date(2024, 5, 1))
    # The correcting notice says only what it says.
    assert not cal.is_working_day(date(2024, 9, 29))
    assert cal.day(date(2024, 9, 29)).kind is DayKind.WEEKEND
    assert cal.is_working_day(date(2024, 2, 12))
    assert cal.is_working_day(date(2024, 5, 1))
    assert cal.is_working_day(date(2024, 10, 12))
    assert cal.day(date(2024, 10, 1)).source == "测试用更正通知（2024）"
    # Other years keep the package's data.
    assert not cal.is_working_day(date(2023, 10, 2))
    assert cal.day(date(2023, 10, 2)).source == f"holidays {holidays.__version__}"

    ref = RefCalendar(notice_dirs=(BUNDLED_NOTICES, tmp_path))
    days = every_day(date(2023, 1, 1), date(2025, 12, 31))
    assert [d for d in days if cal.is_working_day(d) != ref.is_working_day(d)] == []


def test_a_directory_notice_replaces_the_bundled_one(tmp_path: Path) -> None:
    text = (BUNDLED_NOTICES / "cn-2026.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "makeup_workdays: [2026-09-20, 2026-10-10]", "makeup_workdays: [2026-10-10]"
    )
    (tmp_path / "my-2026.yaml").write_text(text, encoding="utf-8")
    cal = WorkCalendar.from_notice_dirs(tmp_path)
    assert not cal.is_working_day(date(2026, 9, 20))
    assert WorkCalendar.default().is_working_day(date(2026, 9, 20))
    assert [f for _, f, _ in cal.version.notices] == [
        "my-2026.yaml" if p.name == "cn-2026.yaml" else p.name for p in bundled_notice_files()
    ]


def test_local_days_override_notice_and_package(tmp_path: Path) -> None:
    (tmp_path / f"cn-{Y}.yaml").write_text(FAKE.yaml(), encoding="utf-8")
    off = [
        # 2026-10-10 is a makeup day of the bundled notice.
        LocalDay(date=date(2026, 10, 10), name="台风停工", name_en="typhoon closure"),
        LocalDay(date=FAKE.b_makeup[0], name="台风停工"),  # fake-notice makeup
        LocalDay(date=date(2024, 9, 29), name="台风停工"),  # package makeup
        LocalDay(date=date(2026, 7, 15), name="台风停工"),  # a plain Wednesday
    ]
    work = [
        LocalDay(date=date(2026, 10, 3), name="本地加班", cite="某决定"),  # notice holiday
        LocalDay(date=date(2024, 10, 2), name="本地加班"),  # package holiday
        LocalDay(date=FAKE.b_days[1], name="本地加班"),  # fake-notice holiday
        LocalDay(date=date(2026, 7, 18), name="本地加班"),  # a plain Saturday
    ]
    cal = WorkCalendar.from_notice_dirs(tmp_path, local_days_off=off, local_workdays=work)
    for ld in off:
        info = cal.day(ld.date)
        assert (info.working, info.kind, info.name_zh, info.source) == (
            False,
            DayKind.LOCAL_DAY_OFF,
            "台风停工",
            "profile",
        )
        assert not cal.is_working_day(ld.date)
    assert cal.day(date(2026, 10, 10)).name_en == "typhoon closure"
    assert cal.day(date(2026, 7, 15)).name_en == "台风停工"
    for ld in work:
        info = cal.day(ld.date)
        assert (info.working, info.kind, info.name_zh, info.source) == (
            True,
            DayKind.LOCAL_WORKDAY,
            "本地加班",
            "profile",
        )
        assert cal.is_working_day(ld.date)
    # Arithmetic sees them: from 2026-07-14 (Tue) the next working day skips the 15th.
    assert cal.next_working_day(date(2026, 7, 14)) == date(2026, 7, 16)
    assert cal.next_working_day(date(2026, 7, 17)) == date(2026, 7, 18)
    assert cal.add_working_days(date(2026, 10, 2), 1) == date(2026, 10, 3)

    ref = RefCalendar(
        notice_dirs=(BUNDLED_NOTICES, tmp_path),
        local_days_off=[ld.date for ld in off],
        local_workdays=[ld.date for ld in work],
    )
    days = every_day(date(2024, 1, 1), date(Y, 12, 31))
    assert [d for d in days if cal.is_working_day(d) != ref.is_working_day(d)] == []


def test_local_days_outside_the_range_are_ignored() -> None:
    cal = WorkCalendar(
        first_year=2026,
        last_year=2026,
        local_days_off=[LocalDay(date=date(2030, 1, 2), name="台风停工")],
    )
    assert cal.is_working_day(date(2026, 7, 15))


# ---- (6) range errors ------------------------------------------------------------------


def test_range_errors_name_the_range_in_both_languages() -> None:
    cal = WorkCalendar(first_year=2010, last_year=2012)
    assert cal.first_date == date(2010, 1, 1)
    assert cal.last_date == date(2012, 12, 31)
    assert cal.is_working_day(date(2010, 1, 4))
    assert cal.is_working_day(date(2012, 12, 31))
    calls = [
        lambda: cal.is_working_day(date(2009, 12, 31)),
        lambda: cal.is_working_day(date(2013, 1, 1)),
        lambda: cal.day(date(2013, 1, 1)),
        lambda: cal.days(date(2012, 12, 1), date(2013, 1, 5)),
        lambda: cal.working_days_between(date(2011, 1, 1), date(2013, 1, 1)),
        lambda: cal.add_working_days(date(2013, 1, 1), 1),
    ]
    for call in calls:
        with pytest.raises(CalendarRangeError) as info:
            call()
        err = info.value
        assert isinstance(err, HotlineRulesError)
        assert isinstance(err, ValueError)
        assert err.code == "calendar.out_of_range"
        assert "超出日历范围" in err.message_zh
        assert "outside the calendar" in err.message_en
        assert "2010-01-01" in err.message_zh and "2012-12-31" in err.message_zh
        assert "2010-01-01" in err.message_en and "2012-12-31" in err.message_en
        text = err.render()
        assert "超出日历范围" in text and "outside the calendar" in text
        assert "first_year" in text  # the hint says how to widen the range
        assert str(err) == text


def test_arithmetic_off_the_end_is_a_range_error() -> None:
    cal = WorkCalendar(first_year=2010, last_year=2012)
    # 2012-12-31 is a Monday and the last working day indexed.
    assert cal.add_working_days(date(2012, 12, 28), 1) == date(2012, 12, 31)
    with pytest.raises(CalendarRangeError) as info:
        cal.add_working_days(date(2012, 12, 31), 1)
    assert "2012-12-31" in info.value.message_zh and "2012-12-31" in info.value.message_en
    assert "个工作日" in info.value.message_zh
    assert "working day" in info.value.message_en
    with pytest.raises(CalendarRangeError):
        cal.add_working_days(date(2010, 1, 4), -3)
    with pytest.raises(CalendarRangeError):
        cal.next_working_day(date(2012, 12, 31))
    with pytest.raises(CalendarRangeError):
        cal.add_working_days(date(2012, 6, 1), 10_000)


def test_default_calendar_range() -> None:
    cal = WorkCalendar.default()
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(date(1999, 6, 1))
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(date(2100, 6, 1))
    # It reaches well past the last official year, for estimates.
    assert cal.last_date.year >= Y + 5
    assert cal.first_date <= FIRST


def test_last_year_before_first_year_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(first_year=2020, last_year=2019)
