"""The ``hotline-rules`` command.

Every verb takes ``--format text|json``. With ``json``, stdout holds exactly
one JSON document and nothing else. Bad input exits 2 with the error in
Chinese and English on stderr (and as ``{"error": ...}`` on stdout under
``--format json``); it never shows a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from .calendar import DayInfo, DayKind, WorkCalendar
from .clock import Counting, DeadlineCalculator, EndsAt, Style, parse_instant
from .duration import parse_duration
from .errors import HotlineRulesError, InputError
from .notices import load_notice_files
from .office_hours import OfficeHours, format_intervals

EXIT_BAD_INPUT = 2

app = typer.Typer(
    name="hotline-rules",
    help="12345 热线规则引擎：工作日日历、办理时限。 Rules engine for China's 12345 hotlines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


def _stdout() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _fail(exc: HotlineRulesError, fmt: Format, lang: Lang = Lang.both) -> NoReturn:
    if fmt is Format.json:
        print(json.dumps({"error": exc.to_dict()}, ensure_ascii=False, indent=2))
    print(exc.render(lang.value), file=sys.stderr)
    raise typer.Exit(EXIT_BAD_INPUT)


def _calendar(dirs: list[Path] | None) -> WorkCalendar:
    if not dirs:
        return WorkCalendar.default()
    return WorkCalendar.from_notice_dirs(*dirs)


def _emit_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# ---- calendar ---------------------------------------------------------------------


@app.command("calendar")
def calendar_cmd(
    when: Annotated[str, typer.Argument(help="月份 2026-10 或日期 2026-10-10 / a month or a day")],
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
    calendars: CalendarsOpt = None,
) -> None:
    """打印一个月（或一天）：是否上班，以及原因。 Print a month (or a day): working or not, and why."""
    try:
        cal = _calendar(calendars)
        days, label = _parse_when(when, cal)
    except HotlineRulesError as exc:
        _fail(exc, fmt, lang)
    if fmt is Format.json:
        _emit_json(
            {
                "period": label,
                "days": [d.to_dict() for d in days],
                "working_days": sum(d.working for d in days),
                "official": all(d.official for d in days),
                "calendar": cal.version.to_dict(),
            }
        )
        return
    _print_days(days, label, cal, lang)


def _parse_when(when: str, cal: WorkCalendar) -> tuple[list[DayInfo], str]:
    text = when.strip()
    try:
        if len(text) <= 7:
            year, month = (int(p) for p in text.split("-"))
            date(year, month, 1)
            return cal.month(year, month), f"{year:04d}-{month:02d}"
        d = date.fromisoformat(text)
        return [cal.day(d)], d.isoformat()
    except ValueError:
        raise InputError(
            f"无法识别的月份或日期“{when}”",
            f"cannot read the month or date '{when}'",
            code="calendar.bad_period",
            hint_zh="写成 2026-10（一个月）或 2026-10-10（一天）。",
            hint_en="write 2026-10 (a month) or 2026-10-10 (a day).",
        ) from None


_WEEKDAY_ZH = ("一", "二", "三", "四", "五", "六", "日")


def _print_days(days: list[DayInfo], label: str, cal: WorkCalendar, lang: Lang) -> None:
    zh = lang is not Lang.en
    console = _stdout()
    table = Table(
        title=f"{label} 工作日历" if zh else f"{label} working calendar",
        show_lines=False,
    )
    for col in (
        ("日期", "date"),
        ("星期", "weekday"),
        ("上班", "working"),
        ("原因", "reason"),
        ("依据", "source"),
    ):
        table.add_column(col[0] if zh else col[1])
    for d in days:
        work = ("上班" if zh else "work") if d.working else ("休息" if zh else "off")
        style = "" if d.working else "bold red"
        if d.kind is DayKind.MAKEUP_WORKDAY:
            style = "bold yellow"
        reason = d.name_zh if zh else d.name_en
        if not d.official:
            reason += "（推定）" if zh else " (estimated)"
        weekday = f"周{_WEEKDAY_ZH[d.date.weekday()]}" if zh else d.date.strftime("%a")
        table.add_row(d.date.isoformat(), weekday, work, reason, d.source, style=style)
    console.print(table)
    n_work = sum(d.working for d in days)
    if zh:
        console.print(f"工作日 {n_work} 天，休息 {len(days) - n_work} 天。日历数据：{cal.version}")
    else:
        console.print(
            f"{n_work} working days, {len(days) - n_work} days off. Calendar data: {cal.version}"
        )
    if not all(d.official for d in days):
        console.print(
            "注意：含尚无放假通知的年份，标“推定”的日期按法定节日推算。"
            if zh
            else "Note: a year no notice covers; days marked estimated follow the statutory holidays."
        )


# ---- deadline ---------------------------------------------------------------------


@app.command("deadline")
def deadline_cmd(
    start: Annotated[
        str, typer.Option("--start", help="起算时刻，ISO 8601 带时区 / start instant with offset")
    ],
    add: Annotated[
        str,
        typer.Option("--add", help='期限，如 "1 working_days"、"2个工作日"、"30分钟" / time limit'),
    ],
    ends_at: Annotated[
        EndsAt,
        typer.Option("--ends-at", help="截止于 end_of_day（24时）或 close_of_business（下班）"),
    ] = EndsAt.END_OF_DAY,
    style: Annotated[
        Style, typer.Option("--style", help="工作日计法 calendar（整日）或 elapsed（保留时刻）")
    ] = Style.CALENDAR,
    rollover: Annotated[
        bool, typer.Option("--rollover", help="自然日期限末日遇休息日顺延（民法典第二百零三条）")
    ] = False,
    allow_estimated: AllowEstimatedOpt = False,
    office_hours: Annotated[
        str | None,
        typer.Option(
            "--office-hours", help='办公时间，如 "09:00-12:00, 13:30-17:30" / office hours'
        ),
    ] = None,
    zone: Annotated[str, typer.Option("--zone", help="时区 / IANA time zone")] = "Asia/Shanghai",
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
    calendars: CalendarsOpt = None,
) -> None:
    """计算截止时刻并给出推导过程。 Compute a due instant and show how it was derived."""
    try:
        instant = parse_instant(start)
        duration = parse_duration(add)
        hours = OfficeHours.parse(office_hours) if office_hours else None
        calc = DeadlineCalculator(_calendar(calendars), zone=zone, office_hours=hours)
        counting = Counting(ends_at=ends_at, style=style, rollover=rollover)
        result = calc.due(instant, duration, counting, allow_estimated=allow_estimated)
    except HotlineRulesError as exc:
        _fail(exc, fmt, lang)
    if fmt is Format.json:
        data = result.to_dict()
        data["office_hours"] = format_intervals(hours.intervals(instant.date())) if hours else None
        _emit_json(data)
        return
    console = _stdout()
    zh = lang is not Lang.en
    local = instant.astimezone(calc.zone)
    due_local = result.due
    if zh:
        console.print(f"起算：{local.isoformat()}（周{_WEEKDAY_ZH[local.weekday()]}）")
        console.print(f"期限：{result.duration.zh}（{result.duration}）")
        console.print(
            f"截止：[bold]{due_local.isoformat()}[/bold]（周{_WEEKDAY_ZH[due_local.weekday()]}）"
        )
        console.print(
            f"推定：{'是，依赖尚无通知的年份 ' + '、'.join(map(str, result.estimated_years)) if result.estimated else '否'}"
        )
        console.print("推导：")
    else:
        console.print(f"start:     {local.isoformat()} ({local:%a})")
        console.print(f"limit:     {result.duration} ({result.duration.zh})")
        console.print(f"due:       [bold]{due_local.isoformat()}[/bold] ({due_local:%a})")
        console.print(
            f"estimated: {'yes, depends on ' + ', '.join(map(str, result.estimated_years)) if result.estimated else 'no'}"
        )
        console.print("derivation:")
    for i, step in enumerate(result.steps("zh" if zh else "en"), 1):
        console.print(f"  {i}. {step}")
    console.print(("日历数据：" if zh else "calendar data: ") + str(calc.calendar.version))


# ---- notice -----------------------------------------------------------------------


@app.command("notice")
def notice_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(help="放假通知文件 / notice files to check", exists=True, dir_okay=False),
    ],
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """检查放假通知文件并列出其内容。 Check holiday notice files and summarise them."""
    try:
        loaded = load_notice_files(files)
    except HotlineRulesError as exc:
        _fail(exc, fmt, lang)
    if fmt is Format.json:
        _emit_json(
            [
                {
                    "file": nf.file,
                    "sha256": nf.sha256,
                    "notice": nf.notice.model_dump(mode="json", by_alias=True),
                }
                for nf in loaded
            ]
        )
        return
    console = _stdout()
    zh = lang is not Lang.en
    for nf in loaded:
        n = nf.notice
        number = f" {n.document_number}" if n.document_number else ""
        console.print(f"[bold]{nf.file}[/bold]: {n.title}{number} ({n.issued})")
        for entry in n.holidays:
            span = (entry.days_off.last - entry.days_off.first).days + 1
            makeup = "、".join(d.isoformat() for d in entry.makeup_workdays) or (
                "无" if zh else "none"
            )
            if zh:
                console.print(
                    f"  {entry.name}：{entry.days_off.first} 至 {entry.days_off.last} 放假，共{span}天；调休上班：{makeup}"
                )
            else:
                console.print(
                    f"  {entry.name_en or entry.name}: off {entry.days_off.first}..{entry.days_off.last} ({span} days); makeup workdays: {makeup}"
                )
    console.print(f"通过检查：{len(loaded)} 个文件。" if zh else f"OK: {len(loaded)} file(s).")


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]


if __name__ == "__main__":  # python -m hotline_rules.cli
    main()
