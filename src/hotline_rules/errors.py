"""Every error hotline_rules raises on purpose, in one family.

Each error carries a stable dotted ``code`` (for programs), a message in
Chinese and in English (for people), an optional hint saying how to fix it,
and, when it comes from a file, the file, line, column and field path.
Callers catch :class:`HotlineRulesError`; the CLI prints it and exits 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self, TypeVar


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
    """Base of every error raised on purpose; carries code, zh/en messages, location.

    A file with several mistakes raises one error: the first mistake is the error's own
    code, location and messages, and the others follow in ``more`` (each a located error
    of its own), so a person fixes them all in one round instead of one per run.
    """

    code: str = "error"
    more: tuple[HotlineRulesError, ...] = ()
    """The other errors found in the same file, in the order they are shown."""
    more_omitted: int = 0
    """Errors found but not listed in ``more`` (the list is capped)."""

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
        lines.extend(other.render(lang) for other in self.more)
        if self.more_omitted:
            if lang in ("zh", "both"):
                lines.append(f"……另有 {self.more_omitted} 处错误未列出（改正以上错误后再检查）")
            if lang in ("en", "both"):
                lines.append(
                    f"... {self.more_omitted} more not shown (fix the above and check again)"
                )
        return "\n".join(lines)

    def with_more(self, more: tuple[HotlineRulesError, ...], omitted: int = 0) -> Self:
        """Attach the other errors of the same file (see ``more``); return this error."""
        self.more = more
        self.more_omitted = omitted
        self.args = (self.render(),)
        return self

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form, stable keys (used by ``--format json``).

        ``more`` (the other errors, same keys) and ``more_omitted`` appear only when the
        file has more than one error.
        """
        loc = self.location
        out: dict[str, Any] = {
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
        if self.more or self.more_omitted:
            out["more"] = [other.to_dict() for other in self.more]
            out["more_omitted"] = self.more_omitted
        return out


MAX_ERRORS = 20
"""How many errors of one file are shown at once (the others are counted, not listed)."""

E = TypeVar("E", bound=HotlineRulesError)


def gather(errors: Sequence[E], limit: int = MAX_ERRORS) -> E:
    """One error for all those found in one file: the first, saying how many follow, and the others.

    The first keeps its code and location (callers and tests that read only it keep working);
    its messages gain "（另有 N 处错误）"; at most ``limit`` errors are listed in all.
    """
    first, *rest = errors
    if not rest:
        return first
    first.message_zh += f"（另有 {len(rest)} 处错误）"
    first.message_en += f" (and {len(rest)} more)"
    shown = tuple(rest[: max(limit - 1, 0)])
    return first.with_more(shown, len(rest) - len(shown))


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


class ProfileError(HotlineRulesError):
    """Raised when a profile file is invalid: syntax, schema, conditions, ``extends``."""

    code = "profile.invalid"


class YamlError(InputError):
    """Raised when a YAML file cannot be read safely: syntax, duplicate keys, size, aliases."""

    code = "yaml.invalid"


__all__ = [
    "MAX_ERRORS",
    "CalendarRangeError",
    "DurationError",
    "HotlineRulesError",
    "InputError",
    "Location",
    "NaiveDatetimeError",
    "NoticeError",
    "OfficeHoursError",
    "ProfileError",
    "UnofficialYearError",
    "YamlError",
    "gather",
]
