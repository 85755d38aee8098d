"""``hotline-rules audit``: KPIs and accountability of a whole export, per unit and period."""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hotline_rules.audit.auditor import Auditor, AuditResult
from hotline_rules.audit.exports import Mapping, read_export
from hotline_rules.audit.report import render_html
from hotline_rules.cli.common import (
    EXIT_BAD_INPUT,
    Format,
    Lang,
    LangOpt,
    app,
    emit_json,
    fail,
    stdout,
)
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import explain_lines
from hotline_rules.engine.ticket import Ticket
from hotline_rules.errors import HotlineRulesError, InputError, Location
from hotline_rules.time.deadline import parse_instant


@app.command("audit")
def audit_cmd(
    export: Annotated[
        Path,
        typer.Argument(
            help="工单导出：.jsonl（每行一张工单）或 .csv（每行一张工单或一个事件）/ export"
        ),
    ],
    profile: Annotated[str, typer.Option("--profile", "-p", help="配置名称或路径 / profile")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="只统计该月或该年受理的工单，如 2026-10 / only this month or year"
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="评估时刻（默认现在）/ evaluate as of (default: now)"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json | csv")] = "text",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="有无法读取的行即以退出码 2 结束 / fail on any rejected row"),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="不显示进度条 / no progress bar")
    ] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="另存一份 HTML 报告 / also write an HTML report")
    ] = None,
    include_personal_data: Annotated[
        bool,
        typer.Option(
            "--include-personal-data",
            help="在 JSON 与 HTML 中列出问题工单诉求人的个人信息（默认绝不输出）/ include requesters' personal data",
        ),
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", help="CSV 列名与取值的映射文件（YAML）/ column and value mapping for CSV"
        ),
    ] = None,
    lang: LangOpt = Lang.both,
) -> None:
    """统计一份工单导出：各单位各月的指标与问责情形。 Audit an export: KPIs and accountability per unit and month."""
    out_format = Format.json if fmt == "json" else Format.text
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
    try:
        engine = Engine(profile)
        when = parse_instant(as_of) if as_of else None
        columns = Mapping.load(mapping) if mapping is not None else None
        total = export.stat().st_size
    except OSError as exc:
        fail(
            InputError(
                f"无法读取导出文件：{exc.strerror}",
                f"cannot read the export: {exc.strerror}",
                code="audit.unreadable",
                location=Location(str(export)),
            ),
            out_format,
            lang,
        )
    except HotlineRulesError as exc:
        fail(exc, out_format, lang)
    auditor = Auditor(
        engine,
        as_of=when or datetime.now(UTC),
        period=period,
        keep_flagged=10 if (html or include_personal_data) else 0,
    )
    show = not quiet and sys.stderr.isatty()
    with Progress(
        TextColumn("[bold]审计 audit[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("行 rows"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not show,
        transient=True,
    ) as progress:
        # rows are counted against a rough estimate from the file size (the bar is a guide)
        task = progress.add_task("audit", total=max(1, total // 900))
        for n, item in enumerate(read_export(export, columns), 1):
            if isinstance(item, Ticket):
                auditor.add(item)
            else:
                auditor.reject(item)
            if show and n % 1000 == 0:
                progress.update(task, completed=n)
    result = auditor.finish()
    personal = (
        {t.id: dict(t.personal) for t, _ in auditor.flagged if t.personal}
        if include_personal_data
        else {}
    )
    if html is not None:
        timelines = {t.id: explain_lines(engine, ev, t) for t, ev in auditor.flagged}
        for tid, details in personal.items():
            timelines[tid] = [
                f"诉求人：{'，'.join(f'{k} {v}' for k, v in details.items())}",
                *timelines[tid],
            ]
        html.write_text(render_html(result, engine, timelines), encoding="utf-8")
        print(f"HTML 报告已写入 {html} / HTML report written to {html}", file=sys.stderr)
    if fmt == "json":
        full = result.to_dict()
        if include_personal_data:
            full["personal_data_of_flagged_tickets"] = personal
        emit_json(full)
    elif fmt == "csv":
        sys.stdout.write(to_csv(result, engine))
    else:
        print_result(result, engine)
    if result.rejected:
        print(
            f"有 {len(result.rejected)} 行无法读取（见 --format json 的 rejected）。"
            f" {len(result.rejected)} row(s) rejected (listed under 'rejected' in --format json).",
            file=sys.stderr,
        )
        if strict:
            raise typer.Exit(EXIT_BAD_INPUT)


def _rate(num: int, den: int) -> str:
    return f"{num}/{den} = {num / den:.1%}" if den else "—"


def print_result(result: AuditResult, engine: Engine) -> None:
    """The terminal report: counts, KPI table per unit and month, accountability that fires."""
    console = stdout()
    p = engine.profile
    names = p.word_names()
    console.print(
        f"[bold]{p.meta.name_zh}[/bold] 审计，评估时刻 {result.as_of.isoformat()}"
        + (f"，期间 {result.period}" if result.period else "")
    )
    console.print(
        f"读取 {result.rows_read} 行：评估 {result.tickets_evaluated} 张，不在期间内 {result.outside_period} 张，"
        f"无法读取 {len(result.rejected)} 行。"
    )
    table = Table(title="各单位指标 / KPIs by unit")
    table.add_column("单位", overflow="fold")
    table.add_column("月份")
    table.add_column("工单", justify="right")
    table.add_column("违规", justify="right")
    for kpi in p.kpis:
        table.add_column(kpi.name_zh, justify="right")
    for (unit, period), up in sorted(result.units.items()):
        cells = [unit, period, str(up.tickets), str(up.violations)]
        for kpi in p.kpis:
            t = up.kpis.get(kpi.id)
            cells.append(_rate(t.numerator, t.denominator) if t else "—")
        table.add_row(*cells)
    console.print(table)
    if result.duties:
        duties = Table(title="督办与认定 / supervision and rulings due")
        for col in ("规则", "件数", "依据", "工单（示例）"):
            duties.add_column(col, overflow="fold")
        for rule_id, m in sorted(result.duties.items(), key=lambda kv: -kv[1].count):
            rule = p.rule(rule_id)
            duties.add_row(
                rule_id,
                str(m.count),
                rule.cite.label() if rule else "",
                "、".join(m.sample[:5]) + ("…" if m.count > 5 else ""),
            )
        console.print(duties)
    if p.assessment is not None and not p.assessment.thresholds_set:
        console.print("考核等次：本办法未规定各等次的分数线，不评定等次。")
    if not p.accountability.circumstances and not p.accountability.vetoes:
        console.print("本办法没有规定问责情形。")
        return
    if not result.fired:
        console.print("没有触发问责情形。")
        return
    fired = Table(title="问责情形 / accountability")
    for col in ("单位", "期间", "情形", "件数", "门槛", "等次", "依据", "工单（示例）"):
        fired.add_column(col, overflow="fold")
    for f in result.fired:
        fired.add_row(
            f.unit,
            f.period,
            f.rule_id,
            str(f.count),
            str(f.threshold) if f.threshold is not None else "—",
            names.get(f.tier, f.tier) if f.tier else "条文未规定",
            f.article,
            "、".join(f.tickets[:5]) + ("…" if len(f.tickets) > 5 else ""),
        )
    console.print(fired)


def to_csv(result: AuditResult, engine: Engine) -> str:
    """One row per unit and month: counts and every KPI's numerator, denominator and rate."""
    buf = io.StringIO()
    kpis = engine.profile.kpis
    writer = csv.writer(buf)
    header = ["unit", "period", "tickets", "violations"]
    for k in kpis:
        header += [f"{k.id}.numerator", f"{k.id}.denominator", f"{k.id}.rate"]
    writer.writerow(header)
    for (unit, period), up in sorted(result.units.items()):
        row: list[object] = [unit, period, up.tickets, up.violations]
        for k in kpis:
            t = up.kpis.get(k.id)
            if t is None:
                row += [0, 0, ""]
            else:
                row += [t.numerator, t.denominator, f"{t.rate:.6f}" if t.rate is not None else ""]
        writer.writerow(row)
    return buf.getvalue()


__all__ = ["print_result", "to_csv"]


@app.command("demo")
def demo_cmd(
    profile: Annotated[str, typer.Option("--profile", "-p", help="配置名称或路径 / profile")],
    tickets: Annotated[
        int, typer.Option("--tickets", "-n", min=1, help="工单数 / how many tickets")
    ] = 2000,
    seed: Annotated[
        int, typer.Option("--seed", help="随机种子（同一种子输出相同）/ seed")
    ] = 20250101,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="输出文件（默认标准输出）/ output file, default stdout"),
    ] = None,
    lang: LangOpt = Lang.both,
) -> None:
    """生成一份演示用的工单导出（JSON Lines）。 Write a demo export of varied work orders (JSON Lines)."""
    import json

    from hotline_rules.audit.demo import demo_tickets
    from hotline_rules.profile import load_profile

    try:
        p = load_profile(profile).profile
    except HotlineRulesError as exc:
        fail(exc, Format.text, lang)
    stream = out.open("w", encoding="utf-8") if out is not None else sys.stdout
    try:
        for data, _ in demo_tickets(p, tickets, seed=seed):
            stream.write(json.dumps(data, ensure_ascii=False) + "\n")
    finally:
        if out is not None:
            stream.close()
    if out is not None:
        print(f"已写入 {tickets} 张工单：{out} / wrote {tickets} tickets to {out}", file=sys.stderr)
