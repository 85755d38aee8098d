"""A slow, obvious reference for the working-day calendar, used only by tests.

Built directly from the ``holidays`` package and the notice YAML files read with
plain ``yaml.safe_load``; it shares no code with ``hotline_rules``. Every answer is
found by looking at one day at a time, so it is easy to check by eye:

* the ``holidays`` package decides a day unless a notice file says otherwise
  (``holidays.China(categories=PUBLIC).is_working_day``: a weekday that is not a
  holiday, or a weekend day listed in ``weekend_workdays``);
* a notice is authoritative for its year: every day of that year is a working day
  when it is Monday to Friday and a day off otherwise, then the notice's
  ``days_off`` ranges are off and its ``makeup_workdays`` are worked; days a notice
  names in an adjacent year (a makeup Sunday late in December) apply as well;
* local days off and local working days, when given, override everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import holidays
import yaml
from holidays.constants import PUBLIC

BUNDLED_NOTICES = Path(__file__).resolve().parent.parent / "profiles" / "calendars"

ONE_DAY = timedelta(days=1)


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def read_notices(directories: Iterable[Path]) -> list[dict]:
    """Every notice in ``directories`` as plain data, a later directory replacing a year."""
    by_year: dict[int, dict] = {}
    for directory in directories:
        for path in sorted(Path(directory).iterdir()):
            if path.suffix in (".yaml", ".yml"):
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                by_year[int(data["year"])] = data
    return [by_year[y] for y in sorted(by_year)]


class RefCalendar:
    """The reference calendar: one question about one day at a time."""

    def __init__(
        self,
        notice_dirs: Iterable[Path] = (BUNDLED_NOTICES,),
        local_days_off: Iterable[date] = (),
        local_workdays: Iterable[date] = (),
        use_holidays_package: bool = True,
    ) -> None:
        self.package = holidays.China(years=range(1999, 2041), categories=PUBLIC)
        self.use_holidays_package = use_holidays_package
        self.notice_years: set[int] = set()
        self.named: dict[date, bool] = {}  # day named by a notice -> worked?
        for notice in read_notices(notice_dirs):
            self.notice_years.add(int(notice["year"]))
            for entry in notice["holidays"]:
                first = _as_date(entry["days_off"]["from"])
                last = _as_date(entry["days_off"]["to"])
                day = first
                while day <= last:
                    self.named[day] = False
                    day += ONE_DAY
                for worked in entry.get("makeup_workdays") or ():
                    self.named[_as_date(worked)] = True
        self.local_days_off = set(local_days_off)
        self.local_workdays = set(local_workdays)
        self._memo: dict[date, bool] = {}

    def is_working_day(self, d: date) -> bool:
        if d not in self._memo:
            self._memo[d] = self._decide(d)
        return self._memo[d]

    def _decide(self, d: date) -> bool:
        if d in self.local_workdays:
            return True
        if d in self.local_days_off:
            return False
        if d in self.named:
            return self.named[d]
        if d.year in self.notice_years or not self.use_holidays_package:
            return d.weekday() < 5
        return self.package.is_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (before it when n < 0); ``d`` is never counted."""
        step = ONE_DAY if n > 0 else -ONE_DAY
        left = abs(n)
        day = d
        while left > 0:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; minus the working days in (b, a] when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + ONE_DAY
        while day <= b:
            if self.is_working_day(day):
                count += 1
            day += ONE_DAY
        return count


_DEFAULT: RefCalendar | None = None


def default_reference() -> RefCalendar:
    """The reference for the national calendar with the bundled notices (built once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RefCalendar()
    return _DEFAULT


def ref_is_working_day(d: date) -> bool:
    return default_reference().is_working_day(d)


def ref_add_working_days(d: date, n: int) -> date:
    return default_reference().add_working_days(d, n)


def ref_working_days_between(a: date, b: date) -> int:
    return default_reference().working_days_between(a, b)
