"""Verbs about time: ``calendar``, ``deadline``, ``notice``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from hotline_rules.cli.common import (
    WEEKDAY_ZH,
    AllowEstimatedOpt,
    CalendarsOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    app,
    calendar_from,
    emit_json,
    fail,
    plain,
    shown,
    stdout,
)
from hotline_rules.errors import HotlineRulesError, InputError
from hotline_rules.time.calendar import DayInfo, DayKind, WorkCalendar
from hotline_rules.time.deadline import Counting, DeadlineCalculator, EndsAt, Style, parse_instant
from hotline_rules.time.duration import parse_duration
from hotline_rules.time.notices import load_notice_files
from hotline_rules.time.office_hours import OfficeHours, format_intervals

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
        cal = calendar_from(calendars)
        days, label = _parse_when(when, cal)
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    if fmt is Format.json:
        emit_json(
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


def _print_days(days: list[DayInfo], label: str, cal: WorkCalendar, lang: Lang) -> None:
    from rich.table import Table

    zh = lang is not Lang.en
    console = stdout()
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
        weekday = f"周{WEEKDAY_ZH[d.date.weekday()]}" if zh else d.date.strftime("%a")
        table.add_row(
            d.date.isoformat(), weekday, work, plain(reason), plain(d.source), style=style
        )
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
        str | None,
        typer.Option("--add", help='期限，如 "1 working_days"、"2个工作日"、"30分钟" / time limit'),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", help="按配置的时限规则计算，如 citywide / use a profile's clock"
        ),
    ] = None,
    clock: Annotated[
        str | None,
        typer.Option("--clock", help="时限名称或规则编号，如 completion / clock name or rule id"),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="工单属性，如 kind=consultation、tags=a,b、returns=2 / ticket facts"
        ),
    ] = None,
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
    """计算截止时刻并给出推导过程。 Compute a due instant and show how it was derived.

    With --profile and --clock the limit, counting and citation come from the
    profile's rule that applies to the ticket described by --set.
    """
    rule = None
    hours = None
    try:
        instant = parse_instant(start)
        if profile is not None:
            if clock is None or add is not None:
                raise InputError(
                    "使用 --profile 时请用 --clock 指明时限（不要同时给 --add）",
                    "with --profile, name the clock with --clock (and give no --add)",
                    code="usage.profile_needs_clock",
                )
            from hotline_rules.profile import load_profile  # only with --profile
            from hotline_rules.profile.compiled import CompiledProfile

            compiled = CompiledProfile(load_profile(profile))
            rule = compiled.select_clock(clock, parse_facts(sets or []))
            result = compiled.due(rule, instant, allow_estimated=allow_estimated or None)
            calc = compiled.calculator
        else:
            if add is None:
                raise InputError(
                    "请用 --add 给出期限，或用 --profile 与 --clock 按配置计算",
                    "give the limit with --add, or use --profile with --clock",
                    code="usage.missing_add",
                )
            duration = parse_duration(add)
            hours = OfficeHours.parse(office_hours) if office_hours else None
            calc = DeadlineCalculator(calendar_from(calendars), zone=zone, office_hours=hours)
            counting = Counting(ends_at=ends_at, style=style, rollover=rollover)
            result = calc.due(instant, duration, counting, allow_estimated=allow_estimated)
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    if fmt is Format.json:
        data = result.to_dict()
        data["office_hours"] = format_intervals(hours.intervals(instant.date())) if hours else None
        if rule is not None:
            data["profile"] = profile
            data["rule"] = {
                "id": rule.id,
                "clock": rule.clock,
                "when": dict(rule.when.source),
                "cite": rule.cite.model_dump(mode="json"),
                "note": rule.note,
            }
        emit_json(data)
        return
    # plain print: no markup to interpret in a citation's words, and no 50 ms for rich
    zh = lang is not Lang.en
    local = instant.astimezone(calc.zone)
    due_local = result.due
    if zh:
        print(f"起算：{local.isoformat()}（周{WEEKDAY_ZH[local.weekday()]}）")
        print(f"期限：{result.duration.zh}（{result.duration}）")
        if rule is not None:
            print(shown(f"规则：{rule.id}（{profile}）依据：{rule.cite.label()}“{rule.cite.text}”"))
        print(f"截止：{due_local.isoformat()}（周{WEEKDAY_ZH[due_local.weekday()]}）")
        print(
            f"推定：{'是，依赖尚无通知的年份 ' + '、'.join(map(str, result.estimated_years)) if result.estimated else '否'}"
        )
        print("推导：")
    else:
        print(f"start:     {local.isoformat()} ({local:%a})")
        print(f"limit:     {result.duration} ({result.duration.zh})")
        if rule is not None:
            print(shown(f"rule:      {rule.id} ({profile}), {rule.cite.label()}: {rule.cite.text}"))
        print(f"due:       {due_local.isoformat()} ({due_local:%a})")
        print(
            f"estimated: {'yes, depends on ' + ', '.join(map(str, result.estimated_years)) if result.estimated else 'no'}"
        )
        print("derivation:")
    for i, step in enumerate(result.steps("zh" if zh else "en"), 1):
        print(f"  {i}. {step}")
    if rule is not None and rule.note:
        print(("说明：" if zh else "note: ") + shown(rule.note))
    print(("日历数据：" if zh else "calendar data: ") + str(calc.calendar.version))


def parse_facts(pairs: list[str]) -> dict[str, object]:
    """Read ``--set key=value`` pairs into ticket facts, typed by the fact registry."""
    from hotline_rules.profile.facts import FACTS, FactType

    facts: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        spec = FACTS.get(key)
        if not sep or spec is None:
            raise InputError(
                f"无法识别的工单属性“{pair}”（应为 事实=取值；可用事实：{'、'.join(FACTS)}）",
                f"cannot read the fact '{pair}' (expected fact=value; facts: {', '.join(FACTS)})",
                code="usage.bad_fact",
            )
        value = value.strip()
        if spec.type is FactType.TAGS:
            facts[key] = frozenset(v.strip() for v in value.split(",") if v.strip())
        elif spec.type is FactType.INT:
            try:
                facts[key] = int(value)
            except ValueError:
                raise InputError(
                    f"“{key}”应为整数，实际为“{value}”",
                    f"'{key}' takes an integer, got '{value}'",
                    code="usage.bad_fact",
                ) from None
        elif spec.type is FactType.BOOL:
            if value.lower() not in ("true", "false"):
                raise InputError(
                    f"“{key}”应为 true 或 false，实际为“{value}”",
                    f"'{key}' takes true or false, got '{value}'",
                    code="usage.bad_fact",
                )
            facts[key] = value.lower() == "true"
        else:
            facts[key] = value
    return facts


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
        fail(exc, fmt, lang)
    if fmt is Format.json:
        emit_json(
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
    console = stdout()
    zh = lang is not Lang.en
    for nf in loaded:
        n = nf.notice
        number = f" {n.document_number}" if n.document_number else ""
        from rich.text import Text

        console.print(
            Text.assemble((shown(nf.file), "bold"), shown(f": {n.title}{number} ({n.issued})"))
        )
        for entry in n.holidays:
            span = (entry.days_off.last - entry.days_off.first).days + 1
            makeup = "、".join(d.isoformat() for d in entry.makeup_workdays) or (
                "无" if zh else "none"
            )
            if zh:
                console.print(
                    plain(
                        f"  {entry.name}：{entry.days_off.first} 至 {entry.days_off.last} 放假，共{span}天；调休上班：{makeup}"
                    )
                )
            else:
                console.print(
                    plain(
                        f"  {entry.name_en or entry.name}: off {entry.days_off.first}..{entry.days_off.last} ({span} days); makeup workdays: {makeup}"
                    )
                )
    console.print(f"通过检查：{len(loaded)} 个文件。" if zh else f"OK: {len(loaded)} file(s).")
