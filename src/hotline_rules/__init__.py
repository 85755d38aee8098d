"""hotline_rules: the regulations of China's 12345 hotlines as executable, testable rules.

The public surface is listed in ``__all__``; everything else is internal. Names are imported on
first use (PEP 562), so ``import hotline_rules`` costs almost nothing and a program that only
counts deadlines never loads the profile language, the engine or the audit.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and editors
    from hotline_rules.engine.engine import Answer, Engine
    from hotline_rules.engine.results import (
        ClockResult,
        ClockState,
        Evaluation,
        Finding,
        Severity,
    )
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
        ProfileError,
        UnofficialYearError,
        YamlError,
    )
    from hotline_rules.profile import Profile, ProfileVersion, ProfileVersions, load_profile
    from hotline_rules.time.calendar import (
        CalendarVersion,
        DayInfo,
        DayKind,
        LocalDay,
        WorkCalendar,
    )
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

_WHERE: dict[str, str] = {
    **dict.fromkeys(
        ("CalendarVersion", "DayInfo", "DayKind", "LocalDay", "WorkCalendar"),
        "hotline_rules.time.calendar",
    ),
    **dict.fromkeys(
        (
            "DEFAULT_ZONE",
            "Counting",
            "DeadlineCalculator",
            "Due",
            "EndsAt",
            "Style",
            "parse_instant",
        ),
        "hotline_rules.time.deadline",
    ),
    **dict.fromkeys(("Duration", "Unit", "parse_duration"), "hotline_rules.time.duration"),
    **dict.fromkeys(("HolidayNotice", "load_notice_file"), "hotline_rules.time.notices"),
    **dict.fromkeys(("OfficeHours", "Season"), "hotline_rules.time.office_hours"),
    **dict.fromkeys(
        (
            "CalendarRangeError",
            "DurationError",
            "HotlineRulesError",
            "InputError",
            "NaiveDatetimeError",
            "NoticeError",
            "OfficeHoursError",
            "ProfileError",
            "UnofficialYearError",
            "YamlError",
        ),
        "hotline_rules.errors",
    ),
    **dict.fromkeys(
        ("Profile", "ProfileVersion", "ProfileVersions", "load_profile"), "hotline_rules.profile"
    ),
    **dict.fromkeys(("Answer", "Engine"), "hotline_rules.engine.engine"),
    **dict.fromkeys(
        ("ClockResult", "ClockState", "Evaluation", "Finding", "Severity"),
        "hotline_rules.engine.results",
    ),
    **dict.fromkeys(
        ("Event", "Ticket", "iter_jsonl", "load_ticket_file", "parse_ticket", "parse_ticket_json"),
        "hotline_rules.engine.ticket",
    ),
}
"""Where each public name lives: the module imported the first time the name is read."""


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("hotline-rules")
        except PackageNotFoundError:  # pragma: no cover - a tree that was never installed
            value = "0.0.0"
    elif name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
    else:
        raise AttributeError(f"module 'hotline_rules' has no attribute {name!r}")
    globals()[name] = value  # read once; later reads are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
