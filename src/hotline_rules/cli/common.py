"""What every verb of the ``hotline-rules`` command shares: the app, options, output, exit codes."""

from __future__ import annotations

import json
import os
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from hotline_rules.errors import HotlineRulesError, InputError, ProfileError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from hotline_rules.time.calendar import WorkCalendar

EXIT_OK = 0
EXIT_INTERNAL = 1  # an uncaught exception: a bug, reported with its traceback
EXIT_BAD_INPUT = 2
EXIT_INVALID_PROFILE = 3
EXIT_VIOLATIONS = 5

app = typer.Typer(
    name="hotline-rules",
    help="12345 热线规则引擎：工作日日历、办理时限。 Rules engine for China's 12345 hotlines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Keep ``hotline-rules VERB`` a group even when a run loads the module of one verb only.

    (typer runs a lone command without its name; ``cli.main`` may register just one.)
    """


class DefaultCommandGroup(TyperGroup):
    """A group whose first argument, when it names none of its commands, goes to ``default``.

    ``notice FILE...`` stays ``notice check FILE...`` and ``calendar 2026-10`` stays
    ``calendar show 2026-10`` for the users and scripts written before the groups had
    sub-verbs (``notice import``, ``calendar status``).
    """

    default = ""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


def default_command_group(default: str) -> type[DefaultCommandGroup]:
    """A :class:`DefaultCommandGroup` class sending unknown first arguments to ``default``."""
    return type(f"Default{default.title()}Group", (DefaultCommandGroup,), {"default": default})


class Format(StrEnum):
    text = "text"
    json = "json"


class Lang(StrEnum):
    zh = "zh"
    en = "en"
    both = "both"


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="输出格式 text|json / output format")
]
LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang", help="语言 zh|en|both：报表用中文（both 时），错误信息默认中英双语 / language"
    ),
]
CalendarsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--calendars",
        help="另加放假通知文件目录（覆盖内置的同年通知）/ extra notice directory, overrides bundled years",
        exists=True,
        file_okay=False,
    ),
]
AllowEstimatedOpt = Annotated[
    bool,
    typer.Option(
        "--allow-estimated",
        help="允许按法定节日推算尚无通知的年份，结果标注 estimated / allow years no notice covers, marked estimated",
    ),
]


FILE_WIDTH = 160
"""Table width when output goes to a file or a pipe and ``COLUMNS`` is not set.

rich falls back to 80 columns there, which folds rule ids and dates inside table
cells ("completion.citi / zen"): a saved report can then not be searched for a
rule id and is hard to read. A file has no screen to fit, so it gets room enough
for the widest tables; ``COLUMNS=N`` still decides when given.
"""


def stdout() -> Console:
    """The console for a command's output: the terminal's width, or :data:`FILE_WIDTH` in a file."""
    from rich.console import Console  # rich costs 50 ms: only verbs that print tables pay it

    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = FILE_WIDTH
    return console


def table_format(fmt: str, lang: Lang) -> Format:
    """``--format`` of the verbs that also write CSV (``audit``, ``merge``): text, json or csv.
    Returns how errors are printed (JSON only for ``json``); anything else is exit 2."""
    if fmt not in ("text", "json", "csv"):
        fail(
            InputError(
                f"不支持的输出格式“{fmt}”（可用 text、json、csv）",
                f"unknown format '{fmt}' (text, json or csv)",
                code="usage.bad_format",
            ),
            Format.text,
            lang,
        )
    return Format.json if fmt == "json" else Format.text


def fail(exc: HotlineRulesError, fmt: Format, lang: Lang = Lang.both) -> NoReturn:
    if fmt is Format.json:
        emit_json({"error": exc.to_dict()})
    print(shown(exc.render(lang.value), keep_newlines=True), file=sys.stderr)
    raise typer.Exit(EXIT_INVALID_PROFILE if isinstance(exc, ProfileError) else EXIT_BAD_INPUT)


def calendar_from(dirs: list[Path] | None) -> WorkCalendar:
    from hotline_rules.time.calendar import WorkCalendar

    if not dirs:
        return WorkCalendar.default()
    return WorkCalendar.from_notice_dirs(*dirs)


# Output safety: a value read from an export, a ticket or a profile is printed as itself, never
# as an instruction to the terminal (escape sequences, bidi overrides), never as rich markup, and
# never as a lone surrogate (which no encoding can write: UnicodeEncodeError). audit/report.py
# escapes the same characters in HTML.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNPRINTABLE_BUT_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object, *, keep_newlines: bool = False) -> str:
    """``value`` as text that prints as itself: control and bidi characters and lone surrogates
    are written as escapes (``\\x1b``, ``\\udc00``), so a terminal or a file shows them and no
    encoding fails on them. ``keep_newlines``: line breaks and tabs of a message stay as they are."""
    pattern = _UNPRINTABLE_BUT_LINES if keep_newlines else _UNPRINTABLE
    return pattern.sub(_escape, str(value))


def plain(value: object, *, keep_newlines: bool = False) -> Text:
    """``value`` for a rich table cell or ``console.print``: :func:`shown`, and never read as
    markup (an id ``[/]`` or ``[bold]`` prints as written)."""
    from rich.text import Text

    return Text(shown(value, keep_newlines=keep_newlines))


def csv_cell(value: object) -> object:
    """A value for a CSV cell that a spreadsheet shows and never runs: text starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP, CSV injection);
    control characters and lone surrogates are escaped as in :func:`shown`. Numbers pass."""
    if not isinstance(value, str):
        return value
    text = _UNPRINTABLE.sub(lambda m: m.group() if m.group() in "\t\r\n" else _escape(m), value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON, readable Chinese (``ensure_ascii=False``), but lone surrogates, DEL, C1
    controls and U+2028/2029 written as ``\\uXXXX`` escapes: the same value when read back, and
    text that any UTF-8 writer can write."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit_json(data: Any) -> None:
    print(json_text(data))


WEEKDAY_ZH = ("一", "二", "三", "四", "五", "六", "日")
