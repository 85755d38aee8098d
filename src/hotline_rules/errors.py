"""Every error hotline_rules raises on purpose, in one family.

Each error carries a stable dotted ``code`` (for programs), a message in
Chinese and in English (for people), an optional hint saying how to fix it,
and, when it comes from a file, the file, line, column and field path.
Callers catch :class:`HotlineRulesError`; the CLI prints it and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a source file something is: 1-based line and column."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None  # dotted field path inside the document, e.g. holidays[2].days_off

    def prefix(self) -> str:
        """Render as ``file:line:column: path: `` (only the parts that are known)."""
        parts: list[str] = []
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            parts.append(where)
        if self.path:
            parts.append(self.path)
        return "".join(p + ": " for p in parts)


class HotlineRulesError(Exception):
    """Base of every error raised on purpose; carries code, zh/en messages, location."""

    code: str = "error"

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        code: str | None = None,
        hint_zh: str | None = None,
        hint_en: str | None = None,
        location: Location | None = None,
        source_line: str | None = None,
    ) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        if code is not None:
            self.code = code
        self.hint_zh = hint_zh
        self.hint_en = hint_en
        self.location = location or Location()
        self.source_line = source_line
        super().__init__(self.render())

    def render(self, lang: str = "both") -> str:
        """Format for a person: location, both languages (or one), hint, source line and caret."""
        prefix = self.location.prefix()
        lines: list[str] = []
        if lang in ("zh", "both"):
            lines.append(f"{prefix}错误 [{self.code}]：{self.message_zh}")
            if self.hint_zh:
                lines.append(f"  处理办法：{self.hint_zh}")
        if lang in ("en", "both"):
            lines.append(f"{prefix}error [{self.code}]: {self.message_en}")
            if self.hint_en:
                lines.append(f"  how to fix: {self.hint_en}")
        if self.source_line is not None and self.location.column is not None:
            lines.append("  | " + self.source_line.rstrip("\n"))
            lines.append("  | " + _caret_pad(self.source_line, self.location.column) + "^")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form, stable keys (used by ``--format json``)."""
        loc = self.location
        return {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "hint_zh": self.hint_zh,
            "hint_en": self.hint_en,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "path": loc.path,
        }


def _caret_pad(line: str, column: int) -> str:
    """Spaces that put a caret under ``column`` (1-based), counting wide CJK chars twice."""
    pad = []
    for ch in line[: max(column - 1, 0)]:
        if ch == "\t":
            pad.append("\t")
        elif _is_wide(ch):
            pad.append("  ")
        else:
            pad.append(" ")
    return "".join(pad)


def _is_wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


class InputError(HotlineRulesError, ValueError):
    """Raised when a value given by a caller or a file cannot be used as it is."""

    code = "input.invalid"


class NaiveDatetimeError(InputError):
    """Raised when a datetime without a time zone reaches the engine: it is never guessed."""

    code = "time.naive_datetime"


class DurationError(InputError):
    """Raised when a duration text cannot be parsed, names an unknown unit, or is not positive."""

    code = "duration.invalid"


class OfficeHoursError(InputError):
    """Raised when office hours are malformed, or needed (close of business) but not set."""

    code = "office_hours.invalid"


class CalendarRangeError(InputError):
    """Raised when a date lies outside the years the calendar has indexed."""

    code = "calendar.out_of_range"


class UnofficialYearError(HotlineRulesError):
    """Raised when a result depends on a year no holiday notice covers and estimates were not allowed."""

    code = "calendar.year_not_official"

    def __init__(self, years: list[int], *, first_official: int, last_official: int) -> None:
        self.years = years
        shown = "、".join(str(y) for y in years)
        shown_en = ", ".join(str(y) for y in years)
        super().__init__(
            f"{shown}年的节假日安排尚无国务院办公厅通知可依（已收录通知的年份：{first_official}–{last_official}），"
            "不能据此计算工作日。",
            f"no State Council holiday notice covers {shown_en} (official years known: "
            f"{first_official}-{last_official}), so working days there are not known.",
            hint_zh=(
                f"通知发布后，在 profiles/calendars/ 下新增一个 {years[0]} 年的通知文件（仿照已有文件填写放假与调休上班日期）；"
                "或在命令行加 --allow-estimated（接口参数 allow_estimated=True），按法定节日推算并标注为“推定”。"
            ),
            hint_en=(
                f"when the notice is published, add a notice file for {years[0]} under "
                "profiles/calendars/ (copy an existing one); or pass --allow-estimated "
                "(API: allow_estimated=True) to compute from the statutory holidays, marked estimated."
            ),
        )


class NoticeError(InputError):
    """Raised when a holiday notice file is malformed or contradicts itself."""

    code = "notice.invalid"


class YamlError(InputError):
    """Raised when a YAML file cannot be read safely: syntax, duplicate keys, size, aliases."""

    code = "yaml.invalid"


__all__ = [
    "CalendarRangeError",
    "DurationError",
    "HotlineRulesError",
    "InputError",
    "Location",
    "NaiveDatetimeError",
    "NoticeError",
    "OfficeHoursError",
    "UnofficialYearError",
    "YamlError",
]
