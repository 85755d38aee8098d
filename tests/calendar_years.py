"""Which year has no holiday notice yet: asked of the calendar, never written into a test.

Every November or December the State Council announces the next year. A test that wrote "2027
has no notice" would turn red the day the 2027 notice is added to ``profiles/calendars/``; so
tests ask the calendar instead (:data:`UNANNOUNCED_YEAR`), or run against a calendar pinned to
the notices of one release (:func:`pin_bundled_notices`, for the docs and the example files,
which show one moment in time), and adding a notice turns nothing red. ``test_next_year.py``
proves it: it adds a made-up notice for :data:`UNANNOUNCED_YEAR` (:func:`made_up_notice`) to a
copy of the checkout and runs the calendar-dependent tests there.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from hotline_rules.time.calendar import WorkCalendar

UNANNOUNCED_YEAR = WorkCalendar.default().first_unofficial_year
"""The first year the bundled calendar has no notice for (2027 while 2026 is the last one)."""

LAST_ANNOUNCED_YEAR = UNANNOUNCED_YEAR - 1

DOCS_LAST_NOTICE_YEAR = 2026
"""The docs, README and ``examples/`` were written when the State Council had announced up to
this year: their examples show the next year as "no notice yet" and print the data version of the
notices up to it. Their tests run against the bundled notices up to this year
(:func:`pin_bundled_notices`), so they stay true when a later notice is added; a release that
updates the docs for the new year raises this number with them."""

BUNDLED_NOTICES = Path(__file__).resolve().parent.parent / "profiles" / "calendars"


def notice_year(path: Path) -> int:
    """The ``year:`` of a notice file (read plainly, not by the code under test)."""
    return int(yaml.safe_load(path.read_text(encoding="utf-8"))["year"])


def bundled_notice_files(up_to: int | None = None) -> list[Path]:
    """The bundled notice files, sorted by name, those for years after ``up_to`` left out."""
    files = sorted([*BUNDLED_NOTICES.glob("*.yaml"), *BUNDLED_NOTICES.glob("*.yml")])
    return [p for p in files if up_to is None or notice_year(p) <= up_to]


def _first_weekday(d: date, weekday: int) -> date:
    while d.weekday() != weekday:
        d += timedelta(days=1)
    return d


class MadeUpNotice:
    """The days of :func:`made_up_notice` for ``year``, for tests to assert on."""

    def __init__(self, year: int, *, reaches_back: bool = True) -> None:
        self.year = year
        self.title = f"测试用虚构通知（{year}）"
        # 测试假期甲: 31 Dec of the year before (as 2019's and 2023's 元旦 did) and 1 Jan; or
        # 1 Jan only, a notice that changes nothing of the years before it (the usual case).
        first = date(year - 1, 12, 31) if reaches_back else date(year, 1, 1)
        self.a_days = (first, date(year, 1, 1)) if reaches_back else (first,)
        # 测试假期乙: Monday to Wednesday of the first full week of March, the weekend after worked.
        monday = _first_weekday(date(year, 3, 1), 0)
        self.b_days = tuple(monday + timedelta(days=i) for i in range(3))
        self.b_makeup = (monday + timedelta(days=5), monday + timedelta(days=6))

    def yaml(self) -> str:
        a, b, m = self.a_days, self.b_days, self.b_makeup
        return (
            "# 测试用的虚构通知，不是真实安排。A made-up schedule for tests only.\n"
            "kind: holiday_notice\n"
            f"year: {self.year}\n"
            f"title: {self.title}\n"
            f"issued: {self.year - 1}-11-01\n"
            "holidays:\n"
            "  - name: 测试假期甲\n"
            "    name_en: Test holiday A\n"
            f"    days_off: {{from: {a[0]}, to: {a[-1]}}}\n"
            f"    total_days: {len(a)}\n"
            "  - name: 测试假期乙\n"
            "    name_en: Test holiday B\n"
            f"    days_off: {{from: {b[0]}, to: {b[-1]}}}\n"
            "    total_days: 3\n"
            f"    makeup_workdays: [{m[0]}, {m[1]}]\n"
        )


def made_up_notice(year: int, *, reaches_back: bool = False) -> str:
    """A valid notice file for ``year`` that no State Council ever published (for tests).

    By default it names no day of the year before. A real notice may (元旦 from 31 December):
    that changes the facts of a day of an announced year, and the tests that pin such a day
    (the hand-worked deadline over 31 December, the day-by-day checks of the year before) then
    change with it, rightly.
    """
    return MadeUpNotice(year, reaches_back=reaches_back).yaml()


@contextmanager
def pin_bundled_notices(directory: Path, up_to: int = DOCS_LAST_NOTICE_YEAR) -> Iterator[Path]:
    """Within the block, the bundled notices are the files for the years up to ``up_to`` only.

    They are copied (same names, same bytes, so the same data version) into ``directory``,
    which then stands in for ``profiles/calendars/``; the default calendar and what was
    derived from it are rebuilt on entering and again on leaving.
    """
    from hotline_rules.engine.ticket import calendar_years
    from hotline_rules.time import calendar as calendar_module

    directory.mkdir(parents=True, exist_ok=True)
    for path in bundled_notice_files(up_to):
        shutil.copy2(path, directory / path.name)

    def forget() -> None:
        calendar_module._default_calendar.cache_clear()
        calendar_years.cache_clear()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(calendar_module, "bundled_calendars_dir", lambda: directory)
        forget()
        try:
            yield directory
        finally:
            forget()
    forget()
