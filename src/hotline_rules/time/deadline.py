"""From a start instant and a time limit to the instant it falls due.

The conventions (DESIGN.md, "Time: the conventions"), with their law:

- 民法典 第二百零一条: for periods in days, the start day is not counted; for
  periods in hours, counting starts at the start instant.
- 民法典 第二百零三条: the last day ends at 24:00, or where there are business
  hours, at close of business; a last day that is a legal holiday moves to the
  day after the holiday (``rollover``, opt-in for natural days, see
  :class:`Counting`).

24:00 of a day is written as the next day's 00:00. An action is on time when
it happens at or before the due instant.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field

from hotline_rules.errors import (
    CalendarRangeError,
    InputError,
    NaiveDatetimeError,
    OfficeHoursError,
    UnofficialYearError,
)
from hotline_rules.time.calendar import DayInfo, DayKind, WorkCalendar
from hotline_rules.time.duration import Duration, Unit, parse_duration
from hotline_rules.time.office_hours import OfficeHours
from hotline_rules.time.zones import fixed_zone

DEFAULT_ZONE = "Asia/Shanghai"

_MIDNIGHT = time(0)
_ONE_DAY = timedelta(days=1)
_WORKING_DAYS = Unit.WORKING_DAYS  # enum member lookups cost more than a global on the hot path
_MINUTES = Unit.MINUTES
_HOURS = Unit.HOURS
_DAYS = Unit.DAYS
_SAME_DAY = Unit.SAME_DAY
_FIXED_TYPES = (ZoneInfo, timezone)  # tzinfo types whose utcoffset() is never None
_WORKING_KINDS = (DayKind.MAKEUP_WORKDAY, DayKind.LOCAL_WORKDAY)


class EndsAt(StrEnum):
    """When the last day of a period ends."""

    END_OF_DAY = "end_of_day"
    """24:00 of the last day (民法典 第二百零三条第二款, first clause). The default."""
    CLOSE_OF_BUSINESS = "close_of_business"
    """Office closing time of the last day (第二百零三条第二款: 有业务时间的，停止业务活动的时间为截止时间)."""


class Style(StrEnum):
    """How working days are counted."""

    CALENDAR = "calendar"
    """Whole days: the start day is not counted, the Nth working day ends the period (第二百零一条)."""
    ELAPSED = "elapsed"
    """Keep the time of day: due at the start's clock time on the Nth working day (some platforms)."""


class Counting(BaseModel):
    """Counting options of one time limit; each default follows 民法典 第二百零一条、第二百零三条.

    ``rollover`` is off by default: a regulation that says "3个自然日" chose natural
    days and means them (民法典 第二百零四条: 法律另有规定的除外). Turn it on where the
    text leaves 第二百零三条第一款 in force (期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    ends_at: EndsAt = Field(
        EndsAt.END_OF_DAY,
        description="截止于最后一日24时（end_of_day）或下班时间（close_of_business）",
    )
    style: Style = Field(
        Style.CALENDAR,
        description="工作日按整日计（calendar）或保留起算时刻（elapsed）",
    )
    rollover: bool = Field(
        False,
        description="自然日期限的最后一日不是工作日时，顺延至下一个工作日",
    )
    inclusive: bool = Field(
        False,
        description="含本数：起算日（是工作日时）计为第一日，如“10日内（指工作日，含本数）”；"
        "只用于 days、working_days / the start day counts as day one (days and working days only)",
    )


DEFAULT_COUNTING = Counting()
_ELAPSED: dict[int, timedelta] = {}  # minutes -> timedelta, for the common short limits
_END_OF_DAY = EndsAt.END_OF_DAY
_CALENDAR = Style.CALENDAR


class Due:
    """A due instant and how it was found: days skipped, estimates, the steps in words.

    The derivation (:attr:`skipped`, :attr:`counted`, :meth:`steps`) is worked out
    only when read, so computing many deadlines stays cheap.
    """

    __slots__ = (
        "_calculator",
        "_last_day",
        "_note",
        "_skip_from",
        "_skip_to",
        "counting",
        "due",
        "duration",
        "estimated",
        "estimated_years",
        "start",
    )

    def __init__(
        self,
        calculator: DeadlineCalculator,
        start: datetime,
        duration: Duration,
        counting: Counting,
        due: datetime,
        estimated_years: list[int],
        skip_from: date | None,
        skip_to: date | None,
        last_day: date | None,
        note: str | None = None,
    ) -> None:
        self._calculator = calculator
        self.start = start
        """The start instant as given."""
        self.duration = duration
        self.counting = counting
        self.due = due
        """The due instant, aware, in the calculator's zone."""
        self.estimated_years = estimated_years
        """Years the result depends on that no notice covers (empty when official)."""
        self.estimated = bool(estimated_years)
        self._skip_from = skip_from
        self._skip_to = skip_to
        self._last_day = last_day
        self._note = note

    @property
    def skipped(self) -> list[DayInfo]:
        """Non-working days passed over while counting, each with its reason."""
        if self._skip_from is None or self._skip_to is None or self._skip_to < self._skip_from:
            return []
        days = self._calculator.calendar.days(self._skip_from, self._skip_to)
        return [d for d in days if not d.working]

    @property
    def counted(self) -> list[DayInfo]:
        """Weekend days that were counted because people work them (调休上班, local workdays)."""
        if self._skip_from is None or self._last_day is None or self._last_day < self._skip_from:
            return []
        days = self._calculator.calendar.days(self._skip_from, self._last_day)
        return [d for d in days if d.kind in _WORKING_KINDS]

    def steps(self, lang: str = "zh") -> list[str]:
        """The derivation as sentences a person can check by hand."""
        return _steps(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form with stable keys (the CLI's ``--format json``)."""
        return {
            "start": self.start.isoformat(),
            "add": str(self.duration),
            "add_zh": self.duration.zh,
            "counting": self.counting.model_dump(mode="json"),
            "zone": str(self._calculator.zone),
            "due": self.due.isoformat(),
            "last_day": self._last_day.isoformat() if self._last_day else None,
            "estimated": self.estimated,
            "estimated_years": self.estimated_years,
            "skipped": [
                {
                    "date": d.date.isoformat(),
                    "reason": d.name_zh,
                    "reason_en": d.name_en,
                    "kind": d.kind.value,
                    "official": d.official,
                }
                for d in self.skipped
            ],
            "counted": [
                {
                    "date": d.date.isoformat(),
                    "reason": d.name_zh,
                    "reason_en": d.name_en,
                    "kind": d.kind.value,
                }
                for d in self.counted
            ],
            "steps_zh": self.steps("zh"),
            "steps_en": self.steps("en"),
            "calendar": self._calculator.calendar.version.to_dict(),
        }

    def __repr__(self) -> str:
        return (
            f"Due(start={self.start.isoformat()!r}, duration={self.duration!r}, "
            f"due={self.due.isoformat()!r}, estimated={self.estimated})"
        )


class DeadlineCalculator:
    """Turns start instants and durations into due instants for one jurisdiction.

    Holds the calendar, the time zone and the office hours; built once (from a
    profile) and asked many times. ``allow_estimated`` sets the default for
    results that depend on a year no notice covers.
    """

    __slots__ = (
        "_allow_estimated",
        "_fixed",
        "_fixed_years",
        "_midnights",
        "_office_cum",
        "_stamps",
        "calendar",
        "office_hours",
        "zone",
    )

    def __init__(
        self,
        calendar: WorkCalendar | None = None,
        *,
        zone: str | tzinfo = DEFAULT_ZONE,
        office_hours: OfficeHours | None = None,
        allow_estimated: bool = False,
    ) -> None:
        self.calendar = calendar if calendar is not None else WorkCalendar.default()
        self.zone = _zone(zone)
        self.office_hours = office_hours
        self._allow_estimated = allow_estimated
        self._midnights: dict[int, datetime] = {}
        self._fixed = _constant_offset(self.zone, self.calendar)
        self._fixed_years: dict[int, bool] = {}
        self._stamps: dict[int, datetime] = {}
        self._office_cum: list[int] | None = None
        if office_hours is not None:
            self._office_cum = _office_prefix(self.calendar, office_hours)

    def due(
        self,
        start: datetime,
        duration: Duration | str,
        counting: Counting = DEFAULT_COUNTING,
        *,
        allow_estimated: bool | None = None,
    ) -> Due:
        """Return when a limit of ``duration`` that starts at ``start`` falls due.

        ``start`` must be timezone-aware (a naive datetime raises
        :class:`NaiveDatetimeError`). A result depending on a year no holiday
        notice covers raises :class:`UnofficialYearError` unless estimates are
        allowed, in which case it is marked ``estimated``.
        """
        tz = start.tzinfo
        if tz is None or (type(tz) not in _FIXED_TYPES and start.utcoffset() is None):
            raise _naive(start)
        if type(duration) is not Duration:
            duration = parse_duration(duration)
        allow = self._allow_estimated if allow_estimated is None else allow_estimated
        local = start.astimezone(self.zone)
        day = local.date()
        unit = duration.unit
        cal = self.calendar
        if counting.inclusive and (unit is _WORKING_DAYS or unit is Unit.DAYS):
            # 含本数: count as if from the day before, so the start day (when it is a working
            # day, for working days) is day one; a day off is still never counted
            if day.toordinal() <= 1:
                raise _too_far(start, duration)
            day -= _ONE_DAY

        if unit is _WORKING_DAYS and (
            counting is DEFAULT_COUNTING
            or (counting.ends_at is _END_OF_DAY and counting.style is _CALENDAR)
        ):
            # The common case, kept short: 24:00 of the Nth working day after the start day.
            last = cal._add(day, duration.amount)
            official = cal._official_years
            if day.year == last.year and last.year in official:
                years: list[int] = []
            else:
                years = cal.unofficial_years(day, last)
                if years and not allow:
                    raise self._unofficial(years)
            due = self._midnight(last.toordinal() + 1)
            return Due(self, start, duration, counting, due, years, day + _ONE_DAY, last, last)

        if unit is _MINUTES or unit is _HOURS:
            # elapsed time, round the clock, independent of the calendar: adding to the
            # UTC instant is exact whatever the zone's offsets do
            minutes = duration.amount * (60 if unit is _HOURS else 1)
            try:
                due = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(self.zone)
            except OverflowError:
                raise _too_far(start, duration) from None
            if due.year > LAST_YEAR:
                raise _too_far(start, duration)
            return Due(self, start, duration, counting, due, [], None, None, None)

        if unit is Unit.WORKING_DAYS:
            last = cal._add(day, duration.amount)
            if counting.style is Style.ELAPSED:
                # the start's wall-clock time on the last day (a time the zone skips that day
                # moves on by the gap, as zoneinfo's fold=0 reads it); close_of_business does
                # not apply to this way of counting
                due = _canonical(datetime.combine(last, local.time(), tzinfo=self.zone))
                return self._result(start, duration, counting, due, day, last, allow)
            return self._result(
                start, duration, counting, self._end_of(last, counting), day, last, allow
            )

        if unit is Unit.DAYS:
            if duration.amount > date.max.toordinal() - day.toordinal():
                raise _too_far(start, duration)
            natural = day + timedelta(days=duration.amount)
            if natural.year > LAST_YEAR:
                raise _too_far(start, duration)
            if counting.rollover:
                last = cal._add(natural, 0)
                years = cal.unofficial_years(natural, last)
                return self._finish(
                    start,
                    duration,
                    counting,
                    self._end_of(last, counting),
                    years,
                    allow,
                    natural,
                    last - timedelta(days=1),
                    last,
                )
            years = self._closing_years(natural, counting)
            return self._finish(
                start,
                duration,
                counting,
                self._end_of(natural, counting),
                years,
                allow,
                None,
                None,
                natural,
            )

        if unit is Unit.SAME_DAY:
            years = self._closing_years(day, counting)
            due = self._end_of(day, counting)
            note = None
            if due < start:
                # started after closing time: no business hours are left that day, so, as on a
                # day without office hours, the day ends at 24:00 (never a due before the start)
                due = self._midnight(day.toordinal() + 1)
                note = "after_closing"
            return self._finish(start, duration, counting, due, years, allow, None, None, day, note)

        if unit is Unit.WORKING_HOURS:
            return self._working_hours(start, local, duration, counting, allow)

        raise AssertionError(f"unhandled unit {unit}")  # pragma: no cover - every Unit is handled

    def due_instant(
        self, start: datetime, duration: Duration, counting: Counting = DEFAULT_COUNTING
    ) -> tuple[datetime, bool]:
        """Only ``(due instant, estimated)``: what the engine needs, without the derivation.

        Estimates are allowed (the engine reports them as findings instead of failing a
        whole batch). The common cases skip building a :class:`Due`.
        """
        unit = duration.unit
        plain = (
            counting.ends_at is _END_OF_DAY
            and counting.style is _CALENDAR
            and not counting.inclusive
        )
        if unit is _WORKING_DAYS and plain:
            day = self._local_date(start)
            cal = self.calendar
            last = cal._add(day, duration.amount)
            official = cal._official_years
            estimated = not (day.year in official and last.year in official)
            if estimated and last.year - day.year > 1:  # a year between them
                estimated = bool(cal.unofficial_years(day, last))
            return self._stamp_midnight(last.toordinal() + 1), estimated
        if unit is _MINUTES or unit is _HOURS:
            minutes = duration.amount * (60 if unit is _HOURS else 1)
            elapsed = _ELAPSED.get(minutes)
            if elapsed is None:
                elapsed = _ELAPSED[minutes] = timedelta(minutes=minutes)
            if (
                self._fixed is not None
                and start.utcoffset() == self._fixed
                and self._fixed_year(start.year)
            ):
                # one constant offset: adding elapsed time to the start instant is exact, and
                # keeping its (equal) offset object makes later comparisons cheap
                return start + elapsed, False
            return (start.astimezone(UTC) + elapsed).astimezone(self.zone), False
        if plain and (unit is _SAME_DAY or (unit is _DAYS and not counting.rollover)):
            # natural days end at 24:00 whatever the calendar says: never estimated
            return (
                self._stamp_midnight(self._local_date(start).toordinal() + duration.amount + 1),
                False,
            )
        result = self.due(start, duration, counting, allow_estimated=True)
        return result.due, result.estimated

    # ---- pieces ------------------------------------------------------------------

    def _result(
        self,
        start: datetime,
        duration: Duration,
        counting: Counting,
        due: datetime,
        day: date,
        last: date,
        allow: bool,
    ) -> Due:
        years = self.calendar.unofficial_years(day, last)
        return self._finish(
            start, duration, counting, due, years, allow, day + timedelta(days=1), last, last
        )

    def _finish(
        self,
        start: datetime,
        duration: Duration,
        counting: Counting,
        due: datetime,
        years: list[int],
        allow: bool,
        skip_from: date | None,
        skip_to: date | None,
        last: date | None,
        note: str | None = None,
    ) -> Due:
        if years and not allow:
            raise self._unofficial(years)
        return Due(self, start, duration, counting, due, years, skip_from, skip_to, last, note)

    def _unofficial(self, years: list[int]) -> UnofficialYearError:
        return self.calendar._unofficial(years)

    def _fixed_year(self, year: int) -> bool:
        """Whether the zone's offset is :attr:`_fixed` through the whole (local) ``year``.

        Checked once per year, at every local noon and at both ends of the year (a period
        of another offset shorter than a day would go unseen; tzdata has none since 1970),
        and remembered: a year outside the calendar, or one with daylight saving time, is
        then converted through the zone, never stamped with an offset it did not have.
        """
        known = self._fixed_years.get(year)
        if known is None:
            known = _offset_through_year(self.zone, year) == self._fixed
            self._fixed_years[year] = known
        return known

    def _local_date(self, start: datetime) -> date:
        """The date of ``start`` in the zone; no conversion when the offset already matches."""
        if (
            self._fixed is not None
            and start.utcoffset() == self._fixed
            and self._fixed_year(start.year)
        ):
            return start.date()
        return start.astimezone(self.zone).date()

    def _stamp_midnight(self, ordinal: int) -> datetime:
        """00:00 of a day for the engine: in the shared fixed-offset zone when the zone's
        offset does not change that year (cheap comparisons with event times), else in the zone."""
        if self._fixed is None:
            return self._midnight(ordinal)
        cached = self._stamps.get(ordinal)
        if cached is None:
            day = date.fromordinal(ordinal)
            if self._fixed_year(day.year):
                cached = datetime.combine(day, _MIDNIGHT, tzinfo=fixed_zone(self._fixed))
            else:
                cached = self._midnight(ordinal)
            self._stamps[ordinal] = cached
        return cached

    def _midnight(self, ordinal: int) -> datetime:
        """The first instant of the day ``ordinal`` in the zone, memoised.

        00:00 read with zoneinfo's rules: where the zone skips midnight (a gap) the day
        begins at the transition, written in the offset that follows it (e.g. 01:00);
        where midnight occurs twice (a fold) the earlier one. Always a wall time the zone
        shows, so it compares equal to the same instant in any other zone (but inside a fold,
        where Python calls an ambiguous wall time equal to no time of another zone).
        """
        cached = self._midnights.get(ordinal)
        if cached is None:
            cached = _canonical(
                datetime.combine(date.fromordinal(ordinal), _MIDNIGHT, tzinfo=self.zone)
            )
            self._midnights[ordinal] = cached
        return cached

    def _wall(self, day: date, minute: float) -> datetime:
        """The instant the zone's clocks show ``minute`` minutes after 00:00 on ``day``."""
        return _canonical(
            datetime.combine(day, _MIDNIGHT, tzinfo=self.zone) + timedelta(minutes=minute)
        )

    def _end_of(self, last: date, counting: Counting) -> datetime:
        """The instant the period ends on its last day ``last``."""
        if counting.ends_at is EndsAt.CLOSE_OF_BUSINESS and self.calendar._is_working(last):
            return self._wall(last, self._hours().closing(last))
        # 24:00 of the last day is written as 00:00 of the next day
        return self._midnight(last.toordinal() + 1)

    def _closing_years(self, last: date, counting: Counting) -> list[int]:
        """Whether ``last`` has business hours depends on the calendar only for close_of_business."""
        if counting.ends_at is EndsAt.CLOSE_OF_BUSINESS:
            self._hours()
            return self.calendar.unofficial_years(last, last)
        return []

    def _hours(self) -> OfficeHours:
        if self.office_hours is None:
            raise OfficeHoursError(
                "按下班时间截止或按工作小时计时，需要先设定办公时间",
                "close_of_business and working_hours need office hours, and none are set",
                code="office_hours.missing",
                hint_zh="在配置的 calendar.office_hours 中设定，或在命令行加 "
                '--office-hours "09:00-12:00, 13:30-17:30"。',
                hint_en="set calendar.office_hours in the profile, or pass "
                '--office-hours "09:00-12:00, 13:30-17:30".',
            )
        return self.office_hours

    def working_hours_before(
        self, end: datetime, amount: int, *, allow_estimated: bool | None = None
    ) -> datetime:
        """The instant ``amount`` working hours before ``end``, counted inside office hours.

        The mirror of counting working hours forward (used for warnings such as
        ``warn_before: [2个工作小时]``): the earliest instant from which no more than
        ``amount`` working hours remain until ``end``; a boundary falls on the closing
        time of the earlier day rather than the opening of the next. Days in a year no
        notice covers raise :class:`UnofficialYearError` unless estimates are allowed
        (``allow_estimated``, by default the calculator's setting).
        """
        if end.tzinfo is None or end.utcoffset() is None:
            raise _naive(end)
        day = end.astimezone(self.zone).date()
        target = self._office_minute(end.astimezone(self.zone)) - amount * 60
        if target <= 0:
            raise self.calendar._range_error(day, -amount)
        found, first = self._at_office_minute(target, day, amount)
        allow = self._allow_estimated if allow_estimated is None else allow_estimated
        if not allow:
            years = self.calendar.unofficial_years(first, day)
            if years:
                raise self._unofficial(years)
        return found

    def _office_minute(self, local: datetime) -> float:
        """Office minutes on the calendar from its first day up to ``local`` (prefix sums)."""
        hours = self._hours()
        cum = self._office_cum
        assert cum is not None
        cal = self.calendar
        day = local.date()
        minute_of_day = (
            local.hour * 60 + local.minute + (local.second + local.microsecond / 1e6) / 60
        )
        before = 0.0
        if cal._is_working(day):
            for s, e in hours.intervals(day):
                if minute_of_day >= e:
                    before += e - s
                elif minute_of_day > s:
                    before += minute_of_day - s
        return cum[cal._index(day)] + before

    def _at_office_minute(self, target: float, day: date, amount: int) -> tuple[datetime, date]:
        """The instant of office minute ``target`` and its day; a boundary is the earlier
        day's closing."""
        hours = self._hours()
        cum = self._office_cum
        assert cum is not None
        cal = self.calendar
        j = bisect_left(cum, target) - 1  # the day whose office hours hold the target minute
        if j >= len(cum) - 1:
            raise cal._range_error(day, amount)
        found = date.fromordinal(cal.first_date.toordinal() + j)
        remaining = target - cum[j]
        at = 0.0
        for s, e in hours.intervals(found):
            if remaining <= e - s:
                at = s + remaining
                break
            remaining -= e - s
        return self._wall(found, at), found

    def _working_hours(
        self, start: datetime, local: datetime, duration: Duration, counting: Counting, allow: bool
    ) -> Due:
        """Count minutes inside office hours only, by lookup in per-day prefix sums."""
        day = local.date()
        target = self._office_minute(local) + duration.amount * 60
        due, last = self._at_office_minute(target, day, duration.amount)
        cal = self.calendar
        years = cal.unofficial_years(day, last)
        return self._finish(start, duration, counting, due, years, allow, day, last, last)


def _constant_offset(zone: tzinfo, cal: WorkCalendar) -> timedelta | None:
    """The zone's UTC offset when it looks the same over the whole calendar (Asia/Shanghai
    since 1991), else None.

    A candidate only, from four instants a year: a start instant carrying that offset needs
    no conversion to find its local date in a year where :meth:`DeadlineCalculator._fixed_year`
    confirms it, day by day; any other year is converted through the zone.
    """
    first = None
    for year in range(cal.first_date.year, cal.last_date.year + 1):
        for month in (1, 4, 7, 10):
            offset = datetime(year, month, 1, 12, tzinfo=zone).utcoffset()
            if first is None:
                first = offset
            elif offset != first:
                return None
    return first


def _offset_through_year(zone: tzinfo, year: int) -> timedelta | None:
    """The zone's offset when it is one and the same through ``year`` and the days around it
    (sampled at every noon, UTC), else None."""
    if isinstance(zone, timezone):
        return zone.utcoffset(None)
    if not 1 < year < 9999:  # no room for the days around it: convert through the zone
        return None
    noon = datetime(year, 1, 1, 12, tzinfo=zone).astimezone(UTC) - timedelta(days=1)
    first = noon.astimezone(zone).utcoffset()
    for _ in range(368):
        noon += _ONE_DAY
        if noon.astimezone(zone).utcoffset() != first:
            return None
    return first


def _canonical(instant: datetime) -> datetime:
    """The same instant as a wall time the zone really shows (gap and fold resolved)."""
    if isinstance(instant.tzinfo, timezone):
        return instant
    return instant.astimezone(UTC).astimezone(instant.tzinfo)


def _office_prefix(cal: WorkCalendar, hours: OfficeHours) -> list[int]:
    """cum[i] = office minutes on the calendar's days before day index i."""
    first = cal.first_date.toordinal()
    n = cal.last_date.toordinal() - first + 1
    cum = [0] * (n + 1)
    total = 0
    for i in range(n):
        cum[i] = total
        d = date.fromordinal(first + i)
        if cal._is_working(d):
            total += sum(e - s for s, e in hours.intervals(d))
    cum[n] = total
    return cum


def _zone(zone: str | tzinfo) -> tzinfo:
    if not isinstance(zone, str):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"未知时区“{zone}”",
            f"unknown time zone '{zone}'",
            code="time.unknown_zone",
            hint_zh="使用 IANA 时区名，如 Asia/Shanghai。",
            hint_en="use an IANA zone name such as Asia/Shanghai.",
        ) from None


LAST_YEAR = 9998
"""The last year a due instant may fall in: one more and 24:00 of its last day, or the instant
in another zone, would leave ``datetime``'s years."""


def _too_far(start: datetime, duration: Duration) -> CalendarRangeError:
    """A limit that falls due after :data:`LAST_YEAR` (a duration of thousands of years)."""
    return CalendarRangeError(
        f"从 {start.isoformat()} 起 {duration.zh} 的截止时刻在 {LAST_YEAR} 年以后，无法计算",
        f"{duration} from {start.isoformat()} falls due after {LAST_YEAR}, which cannot be"
        " computed",
        code="deadline.out_of_range",
        hint_zh="检查时长的数量是否多写了位数。",
        hint_en="check the duration's amount for extra digits.",
    )


def _naive(start: datetime) -> NaiveDatetimeError:
    return NaiveDatetimeError(
        f"时间 {start.isoformat()} 没有时区，不能猜测",
        f"the datetime {start.isoformat()} has no time zone; it is never guessed",
        hint_zh="带上时区偏移，如 2026-09-30T16:00:00+08:00。",
        hint_en="include the offset, e.g. 2026-09-30T16:00:00+08:00.",
    )


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant that must carry its offset (``2026-09-30T16:00:00+08:00``)."""
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"无法识别的时间“{text}”",
            f"cannot read the instant '{text}'",
            code="time.unparsable",
            hint_zh="写成 ISO 8601 并带时区，如 2026-09-30T16:00:00+08:00。",
            hint_en="write ISO 8601 with an offset, e.g. 2026-09-30T16:00:00+08:00.",
        ) from None
    if dt.tzinfo is None:
        raise _naive(dt)
    return dt


def _ranges(days: list[DayInfo]) -> list[tuple[date, date, str, str]]:
    """Group consecutive days with the same reason: (first, last, zh, en)."""
    out: list[tuple[date, date, str, str]] = []
    for d in days:
        zh, en = ("周末", "weekend") if d.kind is DayKind.WEEKEND else (d.name_zh, d.name_en)
        if out and out[-1][2] == zh and (d.date - out[-1][1]).days == 1:
            out[-1] = (out[-1][0], d.date, zh, en)
        else:
            out.append((d.date, d.date, zh, en))
    return out


def format_range(first: date, last: date) -> str:
    """``2026-10-01..07``, ``2026-09-30..10-08``, or one date."""
    if first == last:
        return first.isoformat()
    if first.year != last.year:
        return f"{first.isoformat()}..{last.isoformat()}"
    if first.month != last.month:
        return f"{first.isoformat()}..{last:%m-%d}"
    return f"{first.isoformat()}..{last:%d}"


def _hhmm(minute: float) -> str:
    return f"{int(minute) // 60:02d}:{int(minute) % 60:02d}"


def _steps(r: Due, lang: str) -> list[str]:
    zh = lang == "zh"
    d = r.duration
    unit = d.unit
    c = r.counting
    local_start = r.start.astimezone(r._calculator.zone)
    out: list[str] = []
    if unit in (Unit.MINUTES, Unit.HOURS):
        out.append(
            f"按{d.zh}自起算时刻 {local_start.isoformat()} 连续计算（民法典第二百零一条第二款）"
            if zh
            else f"{d} elapsed from {local_start.isoformat()}, round the clock (Civil Code art. 201(2))"
        )
    elif unit is Unit.WORKING_HOURS:
        out.append(
            f"按{d.zh}计算，只计工作日办公时间内的时间，自 {local_start.isoformat()} 起"
            if zh
            else f"{d}: only time inside office hours of working days counts, from {local_start.isoformat()}"
        )
    elif unit is Unit.SAME_DAY:
        out.append(
            f"当日办结：截止于 {local_start.date()} 当日"
            if zh
            else f"same day: ends on {local_start.date()}"
        )
    elif c.inclusive:
        out.append(
            f"含本数：起算日 {local_start.date()} 计入（是工作日时为第1日）"
            if zh
            else f"inclusive: start day {local_start.date()} is counted (as day one when it is a working day)"
        )
    else:
        out.append(
            f"起算日 {local_start.date()} 不计入，自次日开始计算（民法典第二百零一条第一款）"
            if zh
            else f"start day {local_start.date()} is not counted; counting begins the next day (Civil Code art. 201(1))"
        )
    for first, last, name_zh, name_en in _ranges(r.skipped):
        span = format_range(first, last)
        out.append(f"跳过 {span} {name_zh}" if zh else f"skipped {span} {name_en}")
    for info in r.counted:
        out.append(
            f"计入 {info.date} {info.name_zh}" if zh else f"counted {info.date} {info.name_en}"
        )
    last_day = r._last_day
    if unit is Unit.WORKING_DAYS and last_day is not None:
        if c.style is Style.ELAPSED:
            out.append(
                f"第{d.amount}个工作日为 {last_day}，保留起算时刻 {local_start:%H:%M}"
                if zh
                else f"working day {d.amount} is {last_day}; the start's time of day {local_start:%H:%M} is kept"
            )
        else:
            out.append(
                f"第{d.amount}个工作日为 {last_day}"
                if zh
                else f"working day {d.amount} is {last_day}"
            )
    elif unit is Unit.DAYS and last_day is not None:
        natural = local_start.date() + timedelta(days=d.amount - (1 if c.inclusive else 0))
        out.append(f"第{d.amount}日为 {natural}" if zh else f"day {d.amount} is {natural}")
        if last_day != natural:
            out.append(
                f"最后一日不是工作日，顺延至 {last_day}（民法典第二百零三条第一款）"
                if zh
                else f"the last day is not a working day; moved to {last_day} (Civil Code art. 203(1))"
            )
    calc = r._calculator
    elapsed_days = unit is Unit.WORKING_DAYS and c.style is Style.ELAPSED
    at_24 = (
        last_day is not None
        and unit not in (Unit.MINUTES, Unit.HOURS, Unit.WORKING_HOURS)
        and not elapsed_days
        and r.due == calc._midnight(last_day.toordinal() + 1)
    )
    if at_24:
        assert last_day is not None
        end_day = last_day
        if r._note == "after_closing":
            closing = _hhmm(calc._hours().closing(end_day))
            out.append(
                f"起算时刻 {local_start:%H:%M} 已过当日下班时间 {closing}，当日已没有办公时间，"
                "截止于24时（民法典第二百零三条第二款）"
                if zh
                else f"the start {local_start:%H:%M} is after closing time {closing}: no office "
                "hours are left that day, so it ends at 24:00 (art. 203(2))"
            )
        elif c.ends_at is EndsAt.CLOSE_OF_BUSINESS:
            out.append(
                f"{end_day} 不是工作日，没有办公时间，截止于24时（民法典第二百零三条第二款）"
                if zh
                else f"{end_day} is not a working day and has no office hours, so it ends at 24:00 (art. 203(2))"
            )
        out.append(
            f"截止于 {end_day} 24:00，即 {r.due.isoformat()}（民法典第二百零三条第二款）"
            if zh
            else f"ends at 24:00 of {end_day}, written {r.due.isoformat()} (Civil Code art. 203(2))"
        )
    elif elapsed_days and c.ends_at is EndsAt.CLOSE_OF_BUSINESS:
        out.append(
            f"截止时刻 {r.due.isoformat()}（保留起算时刻计算，不按下班时间截止）"
            if zh
            else f"due at {r.due.isoformat()} (the time of day is kept: close of business does "
            "not apply to this way of counting)"
        )
    elif elapsed_days:
        out.append(f"截止时刻 {r.due.isoformat()}" if zh else f"due at {r.due.isoformat()}")
    elif c.ends_at is EndsAt.CLOSE_OF_BUSINESS and unit not in (
        Unit.MINUTES,
        Unit.HOURS,
        Unit.WORKING_HOURS,
    ):
        out.append(
            f"截止于下班时间 {r.due.isoformat()}（民法典第二百零三条第二款：有业务时间的，停止业务活动的时间为截止时间）"
            if zh
            else f"ends at close of business, {r.due.isoformat()} (Civil Code art. 203(2))"
        )
    else:
        out.append(f"截止时刻 {r.due.isoformat()}" if zh else f"due at {r.due.isoformat()}")
    if r.estimated:
        years = "、".join(str(y) for y in r.estimated_years)
        out.append(
            f"注意：{years}年尚无放假通知，结果按法定节日推定（estimated）"
            if zh
            else f"note: no holiday notice covers {', '.join(map(str, r.estimated_years))}; "
            "the result is estimated from the statutory holidays"
        )
    return out


__all__ = [
    "DEFAULT_COUNTING",
    "DEFAULT_ZONE",
    "Counting",
    "DeadlineCalculator",
    "Due",
    "EndsAt",
    "Style",
    "format_range",
    "parse_instant",
]
