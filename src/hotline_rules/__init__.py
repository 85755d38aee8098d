"""hotline_rules: the regulations of China's 12345 hotlines as executable, testable rules.

The public surface is listed in ``__all__``; everything else is internal.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from hotline_rules.engine.engine import Answer, Engine
from hotline_rules.engine.results import ClockResult, ClockState, Evaluation, Finding, Severity
from hotline_rules.engine.ticket import (
    Event,
    Ticket,
    iter_jsonl,
    load_ticket_file,
    parse_ticket,
    parse_ticket_json,
)
from hotline_rules.errors import (
    CalendarRangeError,
    DurationError,
    HotlineRulesError,
    InputError,
    NaiveDatetimeError,
    NoticeError,
    OfficeHoursError,
    UnofficialYearError,
    YamlError,
)
from hotline_rules.profile import (
    Profile,
    ProfileError,
    ProfileVersion,
    ProfileVersions,
    load_profile,
)
from hotline_rules.time.calendar import CalendarVersion, DayInfo, DayKind, LocalDay, WorkCalendar
from hotline_rules.time.deadline import (
    DEFAULT_ZONE,
    Counting,
    DeadlineCalculator,
    Due,
    EndsAt,
    Style,
    parse_instant,
)
from hotline_rules.time.duration import Duration, Unit, parse_duration
from hotline_rules.time.notices import HolidayNotice, load_notice_file
from hotline_rules.time.office_hours import OfficeHours, Season

try:
    __version__ = version("hotline-rules")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "DEFAULT_ZONE",
    "Answer",
    "CalendarRangeError",
    "CalendarVersion",
    "ClockResult",
    "ClockState",
    "Counting",
    "DayInfo",
    "DayKind",
    "DeadlineCalculator",
    "Due",
    "Duration",
    "DurationError",
    "EndsAt",
    "Engine",
    "Evaluation",
    "Event",
    "Finding",
    "HolidayNotice",
    "HotlineRulesError",
    "InputError",
    "LocalDay",
    "NaiveDatetimeError",
    "NoticeError",
    "OfficeHours",
    "OfficeHoursError",
    "Profile",
    "ProfileError",
    "ProfileVersion",
    "ProfileVersions",
    "Season",
    "Severity",
    "Style",
    "Ticket",
    "Unit",
    "UnofficialYearError",
    "WorkCalendar",
    "YamlError",
    "__version__",
    "iter_jsonl",
    "load_notice_file",
    "load_profile",
    "load_ticket_file",
    "parse_duration",
    "parse_instant",
    "parse_ticket",
    "parse_ticket_json",
]
