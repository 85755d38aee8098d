"""The working-day calendar: which days people work, why, and arithmetic over them.

Sources, applied in this order, each overriding the one before:

1. the ``holidays`` package (China, public holidays only): statutory holidays,
   the days off the State Council moved (调休) and the weekend days worked
   instead, for every year it knows from the notices;
2. holiday notice files (``profiles/calendars/*.yaml``): authoritative for
   their year, so a new year's notice can be added the day it is published,
   or a wrong year corrected;
3. local days off and local working days from a profile (a typhoon closure,
   a local festival).

A year is **official** when a notice covers it (from a notice file, or from
the years the ``holidays`` package has checked against the notices). Any
other year is only estimated from the statutory holidays; callers must opt in
to results that depend on it.

Arithmetic does not step day by day: the constructor indexes every day once
(a working flag, the sorted ordinals of working days and prefix counts), and
each query is a few list lookups, whatever the number of days.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib import import_module
from importlib.metadata import version as package_version
from importlib.util import find_spec, module_from_spec
from itertools import accumulate, compress, count
from types import ModuleType
from typing import Any

from holidays.constants import PUBLIC
from pydantic import BaseModel, ConfigDict, Field

from hotline_rules.errors import CalendarRangeError, InputError, UnofficialYearError
from hotline_rules.resources import bundled_calendars_dir
from hotline_rules.time.holiday_cache import cache_key, cached_rows
from hotline_rules.time.notices import NoticeFile, load_notice_files, notice_paths


def _import_china() -> ModuleType:
    """Import ``holidays.countries.china`` without the other countries.

    ``holidays/countries/__init__.py`` imports every one of the package's ~250 countries, about
    0.1 s at every start of the CLI for data never read. The China module itself needs none of
    them: its package is stood in for by an unexecuted module while China loads, then taken out
    of ``sys.modules``, so a later ``import holidays.countries`` (by a program that embeds us)
    runs the real package, which finds this China module already loaded and reuses it.
    """
    name = "holidays.countries.china"
    if name in sys.modules or "holidays.countries" in sys.modules:
        return import_module(name)
    spec = find_spec("holidays.countries")
    if spec is None:  # pragma: no cover - a holidays without countries/ is not a holidays
        return import_module(name)
    sys.modules["holidays.countries"] = module_from_spec(spec)  # __path__ only, not executed
    try:
        return import_module(name)
    finally:
        del sys.modules["holidays.countries"]


_china = _import_china()
China = _china.China
ChinaStaticHolidays = _china.ChinaStaticHolidays

FIRST_CHECKED_YEAR = 2001
"""The first year the ``holidays`` package's China data is checked against a notice."""

HOLIDAYS_VERSION = package_version("holidays")
"""The installed ``holidays`` release, part of every calendar's data version."""

ESTIMATE_YEARS_AHEAD = 10
"""How many years past the last official year the index reaches (estimated data)."""

_WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DayKind(StrEnum):
    """Why a day is, or is not, a working day."""

    WORKDAY = "workday"
    """An ordinary weekday (工作日)."""
    MAKEUP_WORKDAY = "makeup_workday"
    """A weekend day worked because of a holiday arrangement (调休上班)."""
    LOCAL_WORKDAY = "local_workday"
    """A day a profile declares worked locally."""
    WEEKEND = "weekend"
    """An ordinary Saturday or Sunday (休息日)."""
    HOLIDAY = "holiday"
    """A day of a holiday period, weekend days inside the period included (放假)."""
    LOCAL_DAY_OFF = "local_day_off"
    """A day a profile declares off locally (e.g. a typhoon closure)."""


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One day of the calendar and the reason for its status."""

    date: date
    working: bool
    kind: DayKind
    name_zh: str
    name_en: str
    source: str
    """Where the status comes from: a notice title, ``holidays <version>``, ``weekday``, ``profile``."""
    official: bool
    """False when the day lies in a year no notice covers (the status is an estimate)."""

    @property
    def reason(self) -> str:
        """The Chinese reason, as a derivation prints it."""
        return self.name_zh

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form with stable keys."""
        return {
            "date": self.date.isoformat(),
            "working": self.working,
            "kind": self.kind.value,
            "reason": self.name_zh,
            "reason_en": self.name_en,
            "source": self.source,
            "official": self.official,
        }


class LocalDay(BaseModel):
    """A local exception a profile declares: a day off or a working day, with why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: date
    name: str = Field(description="原因，如 台风停工 / why, e.g. typhoon closure")
    name_en: str | None = None
    cite: str | None = Field(None, description="依据 / the decision behind it")


@dataclass(frozen=True, slots=True)
class CalendarVersion:
    """What data a calendar was built from, so any result can be reproduced later."""

    holidays: str
    notices_sha256: str
    notices: tuple[tuple[int, str, str], ...]
    """(year, file name, sha256) of every notice file used."""
    local_sha256: str
    official_years: tuple[int, int] | None
    extra_official_years: tuple[int, ...] = field(default=())

    def __str__(self) -> str:
        years = ", ".join(str(y) for y, _, _ in self.notices) or "none"
        return (
            f"holidays {self.holidays}; notices sha256:{self.notices_sha256[:12]} ({years}); "
            f"local sha256:{self.local_sha256[:12]}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form with stable keys."""
        return {
            "holidays": self.holidays,
            "notices_sha256": self.notices_sha256,
            "notices": [{"year": y, "file": f, "sha256": s} for y, f, s in self.notices],
            "local_sha256": self.local_sha256,
            "official_years": list(self.official_years) if self.official_years else None,
        }


class WorkCalendar:
    """Working days of a jurisdiction, indexed once, answered by lookup.

    Build it with :meth:`default` (the national calendar with the bundled
    notices) or with the constructor. It is immutable once built and safe to
    share between threads.
    """

    __slots__ = (
        "_first",
        "_info",
        "_last",
        "_n",
        "_official_years",
        "_origin",
        "_rank",
        "_version",
        "_work_days",
        "_working",
    )

    def __init__(
        self,
        *,
        notices: Sequence[NoticeFile] = (),
        local_days_off: Sequence[LocalDay] = (),
        local_workdays: Sequence[LocalDay] = (),
        first_year: int = FIRST_CHECKED_YEAR,
        last_year: int | None = None,
        use_holidays_package: bool = True,
    ) -> None:
        both = {d.date for d in local_days_off} & {d.date for d in local_workdays}
        if both:
            shown = ", ".join(sorted(d.isoformat() for d in both))
            raise InputError(
                f"{shown} 既被设为本地休息日，又被设为本地工作日",
                f"{shown} is both a local day off and a local working day",
                code="calendar.local_day_conflict",
                hint_zh="同一天只能保留其中一种设定。",
                hint_en="keep one of the two for that day.",
            )
        known = _holidays_official_years() if use_holidays_package else frozenset()
        notice_years = {nf.notice.year for nf in notices}
        official = known | notice_years
        if last_year is None:
            last_year = max(official | {first_year}) + ESTIMATE_YEARS_AHEAD
        if last_year < first_year:
            raise ValueError(f"last_year {last_year} is before first_year {first_year}")
        first = date(first_year, 1, 1)
        last = date(last_year, 12, 31)
        self._first, self._last = first, last
        self._origin = first.toordinal()
        self._n = last.toordinal() - self._origin + 1
        self._official_years = frozenset(y for y in official if first_year <= y <= last_year)

        # Special days only; an ordinary weekday or weekend day is derived when asked.
        info: dict[int, DayInfo] = {}
        if use_holidays_package:
            info.update(_holidays_days(first_year, last_year, known))
        _apply_notices(info, notices, first, last)
        for local in local_days_off:
            _put(info, first, last, local.date, False, DayKind.LOCAL_DAY_OFF, local, self)
        for local in local_workdays:
            _put(info, first, last, local.date, True, DayKind.LOCAL_WORKDAY, local, self)
        self._info = info

        # Index by whole-array operations (this runs at every start of the CLI): weekdays by a
        # repeated seven-day pattern (date.fromordinal(1) is a Monday, so (o - 1) % 7 is the
        # weekday), then the special days written over it, prefix counts by accumulate.
        n = self._n
        monday_offset = (self._origin - 1) % 7
        week = bytes(1 if (monday_offset + i) % 7 < 5 else 0 for i in range(7))
        working = bytearray((week * (n // 7 + 1))[:n])
        for o, special in info.items():
            if 0 <= o - self._origin < n:
                working[o - self._origin] = special.working
        self._working = bytes(working)
        self._rank = list(accumulate(working, initial=0))  # rank[i]: working days before day i
        # date objects, not ordinals: answering is then a list lookup, no conversion
        self._work_days = list(map(date.fromordinal, compress(count(self._origin), working)))
        self._version = _version(
            notices, local_days_off, local_workdays, known, use_holidays_package
        )

    # ---- construction helpers -------------------------------------------------

    @classmethod
    def default(cls) -> WorkCalendar:
        """The national calendar: ``holidays`` plus the bundled notice files (built once, cached)."""
        return _default_calendar()

    @classmethod
    def from_notice_dirs(
        cls,
        *dirs: str | Any,
        include_bundled: bool = True,
        **kwargs: Any,
    ) -> WorkCalendar:
        """Build from the notice files in ``dirs`` (plus the bundled ones unless told not to).

        A file in ``dirs`` for a year the bundled notices also cover replaces the bundled one.
        """
        by_year: dict[int, NoticeFile] = {}
        if include_bundled:
            for nf in load_notice_files(notice_paths(bundled_calendars_dir())):
                by_year[nf.notice.year] = nf
        own: list[Any] = []
        for d in dirs:
            own.extend(notice_paths(d))
        for nf in load_notice_files(own):
            by_year[nf.notice.year] = nf
        return cls(notices=tuple(by_year[y] for y in sorted(by_year)), **kwargs)

    # ---- facts about days -----------------------------------------------------

    @property
    def first_date(self) -> date:
        """The first day the calendar has indexed."""
        return self._first

    @property
    def last_date(self) -> date:
        """The last day the calendar has indexed."""
        return self._last

    @property
    def official_years(self) -> frozenset[int]:
        """Years covered by a State Council notice (from a file or the ``holidays`` data)."""
        return self._official_years

    @property
    def version(self) -> CalendarVersion:
        """The data this calendar was built from."""
        return self._version

    def is_official_year(self, year: int) -> bool:
        """True when a notice covers ``year``."""
        return year in self._official_years

    @property
    def first_unofficial_year(self) -> int:
        """The first year, from the first official one on, that no notice covers.

        That is the year whose notice is awaited next (usually the year after the last
        official one). Tests and ``calendar status`` ask for it instead of naming a year, so
        that adding a notice changes the answer and nothing else.
        """
        official = self._official_years
        year = min(official) if official else self._first.year
        while year in official:
            year += 1
        return year

    def unofficial_years(self, first: date, last: date) -> list[int]:
        """Years between ``first`` and ``last`` (inclusive) that no notice covers."""
        lo, hi = (first.year, last.year) if first <= last else (last.year, first.year)
        official = self._official_years
        if lo == hi:
            return [] if lo in official else [lo]
        return [y for y in range(lo, hi + 1) if y not in official]

    def is_working_day(self, d: date, *, allow_estimated: bool = False) -> bool:
        """True when people work on ``d``.

        A day in a year no notice covers is only an estimate: it raises
        :class:`UnofficialYearError` unless ``allow_estimated=True`` says the caller accepts
        that (:meth:`day` answers for any day and marks it, ``DayInfo.official``).
        """
        i = self._index(d)
        if not allow_estimated and d.year not in self._official_years:
            raise self._unofficial([d.year])
        return self._working[i] == 1

    def day(self, d: date) -> DayInfo:
        """The status of ``d`` and the reason for it."""
        o = self._ordinal(d)
        special = self._info.get(o)
        if special is not None:
            return special
        wd = d.weekday()
        official = d.year in self._official_years
        if wd < 5:
            return DayInfo(d, True, DayKind.WORKDAY, "工作日", "workday", "weekday", official)
        return DayInfo(
            d, False, DayKind.WEEKEND, _WEEKDAY_ZH[wd], _WEEKDAY_EN[wd], "weekday", official
        )

    def days(self, first: date, last: date) -> list[DayInfo]:
        """Every day from ``first`` to ``last`` inclusive, with reasons."""
        self._ordinal(first)
        self._ordinal(last)
        n = (last - first).days + 1
        return [self.day(first + timedelta(days=i)) for i in range(max(n, 0))]

    def month(self, year: int, month: int) -> list[DayInfo]:
        """Every day of a month, with reasons."""
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return self.days(first, nxt - timedelta(days=1))

    # ---- arithmetic -------------------------------------------------------------

    def add_working_days(self, d: date, n: int, *, allow_estimated: bool = False) -> date:
        """Return the ``n``-th working day after ``d`` (before it when ``n`` < 0).

        ``d`` itself is never counted (民法典 第二百零一条: the start day is not
        counted), whether or not it is a working day. ``n == 0`` returns ``d`` when
        it is a working day, else the next working day. When the days counted over reach
        into a year no notice covers, it raises :class:`UnofficialYearError` unless
        ``allow_estimated=True``.
        """
        found = self._add(d, n)
        if not allow_estimated:
            years = self.unofficial_years(d, found)
            if years:
                raise self._unofficial(years)
        return found

    def _add(self, d: date, n: int) -> date:
        """:meth:`add_working_days` without asking whether the years are official (the
        deadline calculator asks that itself, once per result)."""
        i = d.toordinal() - self._origin  # _index() inlined: this is the hot path
        if not 0 <= i < self._n:
            raise self._range_error(d, n)
        if n > 0:
            k = self._rank[i + 1] + n - 1
        elif n < 0:
            k = self._rank[i] + n
        else:
            k = self._rank[i]
        if not 0 <= k < len(self._work_days):
            raise self._range_error(d, n)
        return self._work_days[k]

    def next_working_day(self, d: date, *, allow_estimated: bool = False) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1, allow_estimated=allow_estimated)

    def previous_working_day(self, d: date, *, allow_estimated: bool = False) -> date:
        """The last working day strictly before ``d``."""
        return self.add_working_days(d, -1, allow_estimated=allow_estimated)

    def roll_forward(self, d: date, *, allow_estimated: bool = False) -> date:
        """``d`` when it is a working day, else the next working day (民法典 第二百零三条)."""
        return self.add_working_days(d, 0, allow_estimated=allow_estimated)

    def working_days_between(self, start: date, end: date, *, allow_estimated: bool = False) -> int:
        """Working days in ``(start, end]``, negative when ``end`` is before ``start``.

        This is the count :meth:`add_working_days` steps over going forward:
        ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n > 0``.
        Going back from a day off, the day off itself is not a working day, so
        ``working_days_between(d, add_working_days(d, -n))`` is ``-(n - 1)`` then.
        A span reaching into a year no notice covers raises :class:`UnofficialYearError`
        unless ``allow_estimated=True``.
        """
        i, j = self._index(start), self._index(end)
        if not allow_estimated:
            years = self.unofficial_years(start, end)
            if years:
                raise self._unofficial(years)
        return self._rank[j + 1] - self._rank[i + 1]

    # ---- internals ----------------------------------------------------------------

    def _is_working(self, d: date) -> bool:
        """:meth:`is_working_day` without asking whether the year is official (for callers
        that account for estimated years themselves, such as the deadline calculator)."""
        return self._working[self._index(d)] == 1

    def _unofficial(self, years: list[int]) -> UnofficialYearError:
        official = sorted(self._official_years)
        return UnofficialYearError(
            years,
            first_official=official[0] if official else 0,
            last_official=official[-1] if official else 0,
        )

    def _ordinal(self, d: date) -> int:
        self._index(d)
        return d.toordinal()

    def _index(self, d: date) -> int:
        i = d.toordinal() - self._origin
        if 0 <= i < self._n:
            return i
        raise CalendarRangeError(
            f"日期 {d} 超出日历范围（{self._first}–{self._last}）",
            f"date {d} is outside the calendar ({self._first}..{self._last})",
            hint_zh="构造 WorkCalendar 时用 first_year / last_year 扩大范围。",
            hint_en="widen the range with WorkCalendar(first_year=..., last_year=...).",
        )

    def _range_error(self, d: date, n: int) -> CalendarRangeError:
        return CalendarRangeError(
            f"从 {d} 起第 {n} 个工作日超出日历范围（{self._first}–{self._last}）",
            f"working day {n} from {d} is outside the calendar ({self._first}..{self._last})",
            hint_zh="构造 WorkCalendar 时用 first_year / last_year 扩大范围。",
            hint_en="widen the range with WorkCalendar(first_year=..., last_year=...).",
        )

    def __repr__(self) -> str:
        return f"WorkCalendar({self._first}..{self._last}, {self._version})"


# ---- building the special days ------------------------------------------------------


def _put(
    info: dict[int, DayInfo],
    first: date,
    last: date,
    d: date,
    working: bool,
    kind: DayKind,
    local: LocalDay,
    cal: WorkCalendar,
) -> None:
    if not first <= d <= last:
        return
    official = d.year in cal._official_years
    info[d.toordinal()] = DayInfo(
        d, working, kind, local.name, local.name_en or local.name, "profile", official
    )


@cache
def _holidays_official_years() -> frozenset[int]:
    """Years the installed ``holidays`` has from State Council notices.

    Every year since 2001 has had substituted days (调休) in the package's
    ``special_public_holidays``; a year enters that table only when its
    notice is published, so its keys are the checked years.
    """
    years = ChinaStaticHolidays.special_public_holidays.keys()
    return frozenset(y for y in years if y >= FIRST_CHECKED_YEAR)


def _substitutions(h: Any) -> list[tuple[date, date]]:
    """(day off, weekend day worked instead) pairs from the package's special holidays."""
    pairs: list[tuple[date, date]] = []
    for year, entries in getattr(h, "special_public_holidays", {}).items():
        if entries and not isinstance(entries[0], tuple):
            entries = (entries,)
        for entry in entries:
            if len(entry) == 4:
                m, d, fm, fd = entry
                pairs.append((date(year, m, d), date(year, fm, fd)))
            elif len(entry) == 5:
                m, d, fm, fd, fy = entry
                pairs.append((date(year, m, d), date(fy, fm, fd)))
    return pairs


_KINDS = {k.value: k for k in DayKind}


def _holidays_days(first_year: int, last_year: int, known: frozenset[int]) -> dict[int, DayInfo]:
    """:func:`_from_holidays_package`, kept on disk per ``holidays`` release (``holiday_cache``)."""

    def compute() -> list[list[Any]]:
        return [
            [o, d.working, d.kind.value, d.name_zh, d.name_en, d.source, d.official]
            for o, d in _from_holidays_package(first_year, last_year, known).items()
        ]

    key = cache_key(HOLIDAYS_VERSION, first_year, last_year, sorted(known))
    try:
        return {
            o: DayInfo(
                date.fromordinal(o), bool(w), DayKind(k), str(zh), str(en), str(s), bool(off)
            )
            for o, w, k, zh, en, s, off in cached_rows(key, compute)
        }
    except (
        TypeError,
        ValueError,
        OverflowError,
        KeyError,
    ):  # a damaged cache file: compute, do not trust
        return _from_holidays_package(first_year, last_year, known)


def _from_holidays_package(
    first_year: int, last_year: int, known: frozenset[int]
) -> dict[int, DayInfo]:
    """Holiday periods and makeup workdays from the ``holidays`` package.

    A holiday period is a run of consecutive non-working days that holds at
    least one holiday of the package; weekend days inside it belong to it, as in
    the notices ("10月1日至7日放假调休"). It is named after the statutory
    holidays in it, the most frequent first.
    """
    years = range(first_year - 1, last_year + 2)
    source = f"holidays {HOLIDAYS_VERSION}"
    zh = China(years=years, categories=PUBLIC, language="zh_CN")
    en = China(years=years, categories=PUBLIC, language="en_US")
    base_zh = China(years=years, categories=PUBLIC, language="zh_CN", observed=False)
    base_en = China(years=years, categories=PUBLIC, language="en_US", observed=False)
    subs = _substitutions(zh)
    substituted_off = {off for off, _ in subs}
    makeup = set(zh.weekend_workdays) | {worked for _, worked in subs}

    def works(d: date) -> bool:
        return d in makeup or (d.weekday() < 5 and d not in zh)

    info: dict[int, DayInfo] = {}
    period_of: dict[date, tuple[str, str]] = {}
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    for hday in sorted(d for d in zh if start <= d <= end):
        if hday in period_of:
            continue
        lo = hday
        while not works(lo - timedelta(days=1)) and lo - timedelta(days=1) >= start:
            lo -= timedelta(days=1)
        hi = hday
        while not works(hi + timedelta(days=1)) and hi + timedelta(days=1) <= end:
            hi += timedelta(days=1)
        run = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
        name_zh = _period_name(run, base_zh, zh, substituted_off, "、")
        name_en = _period_name(run, base_en, en, substituted_off, ", ")
        for d in run:
            period_of[d] = (name_zh, name_en)
            info[d.toordinal()] = DayInfo(
                d, False, DayKind.HOLIDAY, name_zh, name_en, source, d.year in known
            )
    for off, worked in subs:
        if not start <= worked <= end:
            continue
        names = period_of.get(off)
        zh_name = f"调休上班（{names[0]}）" if names else "调休上班"
        en_name = f"makeup workday ({names[1]})" if names else "makeup workday"
        info[worked.toordinal()] = DayInfo(
            worked, True, DayKind.MAKEUP_WORKDAY, zh_name, en_name, source, worked.year in known
        )
    return info


def _period_name(
    run: list[date], base: Any, labelled: Any, substituted: set[date], separator: str
) -> str:
    names = [base[d] for d in run if d in base and d not in substituted]
    if not names:
        names = [labelled[d] for d in run if d in labelled]
    counts = Counter(names)
    ordered = sorted(counts, key=lambda n: (-counts[n], names.index(n)))
    return separator.join(ordered)


def _apply_notices(
    info: dict[int, DayInfo], notices: Sequence[NoticeFile], first: date, last: date
) -> None:
    """Make each notice authoritative for its year, then apply every day it names."""
    for nf in notices:
        y = nf.notice.year
        lo = max(date(y, 1, 1), first).toordinal()
        hi = min(date(y, 12, 31), last).toordinal()
        for o in range(lo, hi + 1):
            info.pop(o, None)
    for nf in notices:
        n = nf.notice
        for entry in n.holidays:
            en = entry.name_en or entry.name
            for d in entry.days_off.days():
                if first <= d <= last:
                    info[d.toordinal()] = DayInfo(
                        d, False, DayKind.HOLIDAY, entry.name, en, n.title, True
                    )
            for d in entry.makeup_workdays:
                if first <= d <= last:
                    info[d.toordinal()] = DayInfo(
                        d,
                        True,
                        DayKind.MAKEUP_WORKDAY,
                        f"调休上班（{entry.name}）",
                        f"makeup workday ({en})",
                        n.title,
                        True,
                    )


def _version(
    notices: Sequence[NoticeFile],
    days_off: Iterable[LocalDay],
    workdays: Iterable[LocalDay],
    known: frozenset[int],
    use_holidays_package: bool,
) -> CalendarVersion:
    combined = hashlib.sha256()
    rows: list[tuple[int, str, str]] = []
    for nf in sorted(notices, key=lambda nf: nf.notice.year):
        combined.update(nf.sha256.encode())
        rows.append((nf.notice.year, nf.file.replace("\\", "/").rsplit("/", 1)[-1], nf.sha256))
    local = hashlib.sha256()
    for tag, days in (("off", days_off), ("work", workdays)):
        for ld in sorted(days, key=lambda x: x.date):
            local.update(f"{tag}:{ld.date.isoformat()}:{ld.name}\n".encode())
    official = sorted(known | {y for y, _, _ in rows})
    return CalendarVersion(
        holidays=HOLIDAYS_VERSION if use_holidays_package else "unused",
        notices_sha256=combined.hexdigest(),
        notices=tuple(rows),
        local_sha256=local.hexdigest(),
        official_years=(official[0], official[-1]) if official else None,
    )


@cache
def _default_calendar() -> WorkCalendar:
    return WorkCalendar.from_notice_dirs()


__all__ = [
    "CalendarVersion",
    "DayInfo",
    "DayKind",
    "LocalDay",
    "WorkCalendar",
]
