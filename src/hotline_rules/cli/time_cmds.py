"""Verbs about time: ``calendar`` (a month or a day, ``calendar status``) and ``deadline``.
(``notice`` is in ``notice_cmds``.)"""

from __future__ import annotations

from datetime import date
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
    default_command_group,
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
from hotline_rules.time.office_hours import OfficeHours, format_intervals

# ---- calendar ---------------------------------------------------------------------


calendar_app = typer.Typer(
    cls=default_command_group("show"),
    help="工作日历：一个月或一天（calendar 2026-10），或各年份状态（calendar status）。 "
    "The working calendar: a month or a day, or which years are official.",
    no_args_is_help=True,
)
app.add_typer(calendar_app, name="calendar")


@calendar_app.command("show")
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


# ---- calendar status -------------------------------------------------------------------


def _spans(years: list[int]) -> str:
    """``2001–2026`` or ``2001–2020、2022`` for sorted years."""
    runs: list[list[int]] = []
    for y in years:
        if runs and runs[-1][1] == y - 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return "、".join(f"{a}–{b}" if a != b else str(a) for a, b in runs)


@calendar_app.command("status")
def calendar_status_cmd(
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="以这一天为今天，如 2026-11-15（默认今天）/ the day to judge from"
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
    calendars: CalendarsOpt = None,
) -> None:
    """哪些年份有通知可依、哪些是推定，数据版本；11月1日起明年尚无通知时提醒。
    Which years are official and which estimated, the data versions; from 1 November on, a
    warning when next year has no notice."""
    try:
        cal = calendar_from(calendars)
        now = date.today() if today is None else _parse_day(today)
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    official = sorted(cal.official_years)
    version = cal.version
    from hotline_rules.time.calendar import _holidays_official_years

    from_package = sorted(_holidays_official_years()) if version.holidays != "unused" else []
    first_estimated = cal.first_unofficial_year
    estimated = list(range(first_estimated, cal.last_date.year + 1))
    warn = now.month >= 11 and not cal.is_official_year(now.year + 1)
    late = not cal.is_official_year(now.year)
    warning_zh = warning_en = None
    if late or warn:
        year = now.year if late else now.year + 1
        warning_zh = (
            f"{year}年的放假通知尚未收录：在此之前，跨入{year}年的截止时刻不能计算（或只能推定）。"
            f"通知发布后，用 hotline-rules notice import 导入。"
        )
        warning_en = (
            f"no notice for {year} yet: deadlines reaching into {year} are refused (or estimated) "
            "until it is added; import it with hotline-rules notice import when it is published."
        )
    if fmt is Format.json:
        emit_json(
            {
                "today": now.isoformat(),
                "official_years": official,
                "first_unofficial_year": first_estimated,
                "estimated_years": estimated,
                "range": {"first": cal.first_date.isoformat(), "last": cal.last_date.isoformat()},
                "holidays": version.holidays,
                "holidays_years": from_package,
                "notices": [{"year": y, "file": f, "sha256": s} for y, f, s in version.notices],
                "notices_sha256": version.notices_sha256,
                "warning": (
                    {
                        "code": "calendar.next_year_missing",
                        "message": warning_zh,
                        "message_en": warning_en,
                    }
                    if warning_zh
                    else None
                ),
            }
        )
        return
    zh = lang is not Lang.en
    files = "、".join(f"{f}（{y}）" for y, f, _ in version.notices) or "无"
    files_en = ", ".join(f"{f} ({y})" for y, f, _ in version.notices) or "none"
    if zh:
        print(f"日历状态（今天：{now.isoformat()}）")
        print(f"正式年份（有国务院办公厅通知可依）：{_spans(official)}")
        print(f"  holidays {version.holidays} 收录的通知：{_spans(from_package) or '无'}")
        print(f"  通知文件：{shown(files)}")
        print(f"推定年份（尚无通知，只按法定节日推算）：{_spans(estimated)}")
        print(f"日历范围：{cal.first_date} 至 {cal.last_date}")
        print(f"日历数据：{version}")
    else:
        print(f"Calendar status (today: {now.isoformat()})")
        print(f"official years (a State Council notice covers them): {_spans(official)}")
        print(f"  from holidays {version.holidays}: {_spans(from_package) or 'none'}")
        print(f"  notice files: {shown(files_en)}")
        print(f"estimated years (no notice yet, statutory holidays only): {_spans(estimated)}")
        print(f"range: {cal.first_date} to {cal.last_date}")
        print(f"calendar data: {version}")
    if warning_zh:
        print(f"[警告] {warning_zh}" if zh else f"[warning] {warning_en}")


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"无法识别的日期“{text}”",
            f"cannot read the date '{text}'",
            code="calendar.bad_period",
            hint_zh="写成 2026-11-15。",
            hint_en="write 2026-11-15.",
        ) from None
