"""What every verb of the ``hotline-rules`` command shares: the app, options, output, exit codes."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from hotline_rules.errors import HotlineRulesError, ProfileError

if TYPE_CHECKING:
    from rich.console import Console

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


def fail(exc: HotlineRulesError, fmt: Format, lang: Lang = Lang.both) -> NoReturn:
    if fmt is Format.json:
        print(json.dumps({"error": exc.to_dict()}, ensure_ascii=False, indent=2))
    print(exc.render(lang.value), file=sys.stderr)
    raise typer.Exit(EXIT_INVALID_PROFILE if isinstance(exc, ProfileError) else EXIT_BAD_INPUT)


def calendar_from(dirs: list[Path] | None) -> WorkCalendar:
    from hotline_rules.time.calendar import WorkCalendar

    if not dirs:
        return WorkCalendar.default()
    return WorkCalendar.from_notice_dirs(*dirs)


def emit_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


WEEKDAY_ZH = ("一", "二", "三", "四", "五", "六", "日")
