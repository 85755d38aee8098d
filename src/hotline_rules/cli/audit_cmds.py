"""``hotline-rules audit``: KPIs and accountability of a whole export, per unit and period."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from hotline_rules.audit import exports
from hotline_rules.audit.auditor import (
    Auditor,
    AuditResult,
    LineTracker,
    Tally,
    check_period,
    unit_of,
)
from hotline_rules.audit.exports import Mapping
from hotline_rules.audit.platform import report_lines
from hotline_rules.audit.platform import summary as platform_summary
from hotline_rules.audit.report import render_html
from hotline_rules.audit.summary import look_again, previous_period
from hotline_rules.audit.ticket_lines import TicketLines
from hotline_rules.audit.workers import worker_count
from hotline_rules.cli.common import (
    EXIT_BAD_INPUT,
    Format,
    Lang,
    LangOpt,
    app,
    csv_cell,
    emit_json,
    fail,
    json_text,
    plain,
    shown,
    stdout,
    table_format,
)
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import explain_lines
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket
from hotline_rules.errors import HotlineRulesError, InputError, Location
from hotline_rules.time.deadline import parse_instant


@app.command("audit")
def audit_cmd(
    export: Annotated[
        Path,
        typer.Argument(
            help="工单导出：.jsonl、.csv、.xlsx、.xls（每行一张工单或一个事件），- 为标准输入"
            " / export: JSON Lines, CSV, Excel (one row per order or per event); - reads stdin"
        ),
    ],
    profile: Annotated[str, typer.Option("--profile", "-p", help="配置名称或路径 / profile")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="只统计该月、该季度或该年受理的工单，写成 YYYY-MM、YYYY-Qn 或 YYYY，如 2026-10、2026-Q1；"
            "季度、年度指标按配置 assessment.combine 由各月得出 / only this month (YYYY-MM), quarter (YYYY-Qn)"
            " or year (YYYY), its figures made of the months as the profile's assessment says",
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
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            help="另存一份 Excel 报告（每张表一个工作表；需安装 [excel]）/ also write an Excel workbook",
        ),
    ] = None,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail",
            help="列出各单位各月的完整明细表（默认只印一屏摘要）/ print the full tables, not the one-screen summary",
        ),
    ] = False,
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
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="导出文件的编码，如 gb18030、utf-16（默认自动识别）/ the export's encoding (default: detected)",
        ),
    ] = None,
    exclude_estimated: Annotated[
        bool,
        typer.Option(
            "--exclude-estimated",
            help="裁定依赖尚无放假通知年份（推定）的工单不计入统计（另行计数）/ leave out tickets judged on an estimated calendar year",
        ),
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            help="把每一行无法读取的行（行号、原因代码、原因）写入该文件（JSON Lines）/ write every rejected row here",
        ),
    ] = None,
    tickets: Annotated[
        Path | None,
        typer.Option(
            "--tickets",
            help="每张工单写一行（各时限的截止、状态、规则，平台截止时间，问题）：.jsonl 或 .csv"
            " / one line per order: .jsonl or .csv",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", help="Excel 的工作表：名称或序号（从 0 起）/ the Excel sheet: name or index"
        ),
    ] = None,
    header_row: Annotated[
        int | None,
        typer.Option(
            "--header-row",
            min=1,
            help="表头所在的行号（默认自动找）/ the header's line (default: found)",
        ),
    ] = None,
    workers: Annotated[
        str,
        typer.Option(
            "--workers",
            help="用几个进程审计（auto 为本机可用的核数；结果与单进程完全相同）/ worker processes (auto: the cores), same result",
        ),
    ] = "1",
    lang: LangOpt = Lang.both,
) -> None:
    """统计一份工单导出：各单位各月的指标与问责情形。 Audit an export: KPIs and accountability per unit and month."""
    out_format = table_format(fmt, lang)
    try:
        check_period(period)
        n_workers = worker_count(workers)
        engine = Engine(profile)
        when = parse_instant(as_of) if as_of else None
        columns = Mapping.load(mapping) if mapping is not None else None
        if header_row is not None:
            columns = replace(columns or Mapping(), header_row=header_row)
        total = export.stat().st_size if str(export) != "-" else 0
        reader = open_reader(export, columns, encoding, sheet=sheet)
        lines_out = TicketLines.open(tickets, engine.profile) if tickets is not None else None
        rejects_out = rejects.open("w", encoding="utf-8") if rejects is not None else None
    except OSError as exc:
        fail(
            InputError(
                f"无法读取导出文件：{exc.strerror}",
                f"cannot read the export: {exc.strerror}",
                code="audit.unreadable",
                location=Location(str(exc.filename or export)),
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
        exclude_estimated=exclude_estimated,
        on_reject=_writer(rejects_out) if rejects_out is not None else None,
        source=str(export),
    )
    if lines_out is not None:
        auditor.on_counted = lines_out.write
    show = not quiet and sys.stderr.isatty()
    if n_workers > 1:
        _audit_on_workers(
            auditor, reader, export, profile, n_workers, show, total, out_format, lang, lines_out
        )
    try:
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
            for n, item in enumerate(_located(reader, export) if n_workers == 1 else (), 1):
                auditor.feed(*item)
                if show and n % 1000 == 0:
                    progress.update(task, completed=n)
    except HotlineRulesError as exc:
        fail(exc, out_format, lang)
    finally:
        if rejects_out is not None:
            rejects_out.close()
        if lines_out is not None:
            lines_out.close()
            print(
                f"每张工单一行，已写入 {shown(tickets)}（{lines_out.count} 张）"
                f" / {lines_out.count} orders written to {shown(tickets)}",
                file=sys.stderr,
            )
        close = getattr(reader, "close", None)
        if callable(close):
            close()
    result = auditor.finish()
    result.encoding = getattr(reader, "encoding", None)
    result.source_format = getattr(reader, "format", None)
    personal = (
        {t.id: dict(t.personal) for t, _ in auditor.flagged if t.personal}
        if include_personal_data
        else {}
    )
    previous, behind = None, {t.id: (t, ev) for t, ev in auditor.flagged}
    trend = (fmt == "text" and not detail) or html is not None or xlsx is not None
    before = previous_period(period) if trend else None
    reports = html is not None or xlsx is not None
    if (before is not None or reports) and str(export) != "-":
        # a second reading: the period before (its trend), the tickets behind the figures
        previous, found = look_again(
            lambda: open_reader(export, columns, encoding, sheet=sheet),
            engine,
            result,
            before,
            want_tickets=reports,
        )
        behind.update(found)
    if html is not None:
        timelines = {tid: explain_lines(engine, ev, t) for tid, (t, ev) in behind.items()}
        for tid, details in personal.items():
            timelines[tid] = [
                f"诉求人：{'，'.join(f'{k} {v}' for k, v in details.items())}",
                *timelines.get(tid, []),
            ]
        units = {tid: unit_of(t) for tid, (t, _) in behind.items()}
        page = render_html(result, engine, timelines, previous=previous, units=units)
        _save(html, "HTML", lambda: html.write_text(page, encoding="utf-8"), out_format, lang)
    if xlsx is not None:
        from hotline_rules.audit.xlsx_report import write_xlsx

        def workbook() -> None:
            write_xlsx(xlsx, result, engine, behind, previous=previous)

        _save(xlsx, "Excel", workbook, out_format, lang)
    if fmt == "json":
        full = result.to_dict()
        if include_personal_data:
            full["personal_data_of_flagged_tickets"] = personal
        if result.all_rejected:
            full["error"] = _all_rejected(result).to_dict()
        elif _no_record(result):
            full["error"] = _nothing_read(export).to_dict()
        full["export_checks"] = platform_summary(result)
        warned = getattr(reader, "warnings", None)
        full["reading_warnings"] = warned.to_dict() if warned is not None else None
        emit_json(full)
    elif fmt == "csv":
        sys.stdout.write(to_csv(result, engine))
    else:
        print_result(result, engine, detail=detail, previous=previous)
        for line in report_lines(result, getattr(reader, "warnings", None)):
            stdout().print(plain(line))
        if detail:  # quarters and years per unit: as long as the monthly tables
            from hotline_rules.cli.figures import print_figures

            print_figures(result, engine)
    if result.all_rejected:
        print(_all_rejected(result).render(lang.value), file=sys.stderr)
        raise typer.Exit(EXIT_BAD_INPUT)
    if _no_record(result):  # an empty export, or blank and comment lines only: nothing audited
        print(_nothing_read(export).render(lang.value), file=sys.stderr)
        raise typer.Exit(EXIT_BAD_INPUT)
    if result.rows_rejected:
        n = result.rows_rejected
        kept = len(result.rejected)
        where_zh = "见 --format json 的 rejected" + (f"，列出前 {kept} 行" if kept < n else "")
        where_en = "listed under 'rejected' in --format json" + (
            f", the first {kept}" if kept < n else ""
        )
        print(
            f"有 {n} 行无法读取（{where_zh}）。 {n} row(s) rejected ({where_en}).",
            file=sys.stderr,
        )
        if strict:
            raise typer.Exit(EXIT_BAD_INPUT)


def _audit_on_workers(
    auditor: Auditor,
    reader: Iterable[Any],
    export: Path,
    profile: str,
    workers: int,
    show: bool,
    total: int,
    out_format: Format,
    lang: Lang,
    lines_out: TicketLines | None = None,
) -> None:
    """Audit on ``workers`` processes (``audit/workers.py``); the outcome goes into ``auditor``
    (its result and flagged tickets), as if it had read every row itself. ``lines_out``'s lines
    are made in the workers; the parent only writes them."""
    from hotline_rules.audit.workers import Settings, audit_parallel

    settings = Settings(
        as_of=auditor.result.as_of,
        period=auditor.result.period,
        exclude_estimated=auditor.result.exclude_estimated,
        keep_flagged=auditor.keep_flagged,
        source=auditor.source,
        file=str(export),
    )
    progress = Progress(
        TextColumn("[bold]审计 audit[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("行 rows"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not show,
        transient=True,
    )
    task = progress.add_task("audit", total=max(1, total // 900))
    try:
        done = audit_parallel(
            reader,
            auditor.engine,
            settings,
            workers=workers,
            path=export,
            profile=profile,
            on_reject=auditor.on_reject,
            on_evaluated=auditor.on_evaluated,
            render=lines_out.render if lines_out is not None else None,
            on_rendered=lines_out.add if lines_out is not None else None,
            on_progress=(lambda n: progress.update(task, completed=n)) if show else None,
            on_start=progress.start,  # its thread starts after the fork
        )
    except HotlineRulesError as exc:
        progress.stop()
        fail(exc, out_format, lang)
    progress.stop()
    auditor.result = done.result
    auditor.flagged = done.flagged


def open_reader(
    path: Path, mapping: Mapping | None, encoding: str | None, *, sheet: str | None = None
) -> Iterable[Any]:
    """The export's reader: ``open_export`` (which knows its encoding and format, the line of
    each record, and yields blank and comment lines) where the readers have it, else
    ``read_export``. Shared with ``diff --replay``."""
    opener = getattr(exports, "open_export", None)
    if opener is not None:
        reader: Iterable[Any] = opener(path, mapping, encoding=encoding, sheet=sheet)
        return reader
    if encoding is not None:
        raise InputError(
            "这一版本的导出读取不支持 --encoding（请把文件存为 UTF-8）",
            "this version's export readers do not take --encoding (save the file as UTF-8)",
            code="usage.encoding_unsupported",
        )
    return exports.read_export(path, mapping)


def _located(
    reader: Iterable[Ticket | Rejected | Skipped], path: Path
) -> Iterator[tuple[Ticket | Rejected | Skipped, int | None]]:
    """Each item of the reader with its line (a ticket's: the reader's ``line`` if it keeps one,
    else inferred for JSON Lines, one record a line; unknown in a CSV export)."""
    per_line = str(getattr(reader, "format", "") or path.suffix.lower().lstrip(".")) != "csv"
    lines = LineTracker(per_line=per_line)
    for item in reader:
        known = getattr(reader, "line", None)
        yield item, lines.line_of(item, known if isinstance(known, int) else None)


def _writer(out: IO[str]) -> Any:
    def write(rejected: Rejected) -> None:
        out.write(json_text(rejected.to_dict(), indent=None) + "\n")

    return write


def _all_rejected(result: AuditResult) -> InputError:
    n = result.rows_rejected
    codes = "、".join(f"{c} {k}" for c, k in sorted(result.rejected_by_code.items()))
    codes_en = ", ".join(f"{c} {k}" for c, k in sorted(result.rejected_by_code.items()))
    return InputError(
        f"导出的 {n} 行全部无法读取，没有评估任何工单（原因：{codes}）；"
        "请检查文件格式、编码和 --mapping，或用 --format json 查看每一行的原因",
        f"all {n} rows of the export were rejected and no ticket was evaluated ({codes_en}); "
        "check the file's format, encoding and --mapping, or see each row's reason with --format json",
        code="audit.all_rejected",
    )


def _save(
    path: Path, kind: str, write: Callable[[], object], out_format: Format, lang: Lang
) -> None:
    """Write a report with ``write()``; a file that cannot be written is a clean error (exit 2)."""
    try:
        write()
    except OSError as exc:
        fail(
            InputError(
                f"无法写入 {kind} 报告：{exc.strerror}",
                f"cannot write the {kind} report: {exc.strerror}",
                code="audit.unwritable",
                location=Location(str(exc.filename or path)),
            ),
            out_format,
            lang,
        )
    except HotlineRulesError as exc:
        fail(exc, out_format, lang)
    print(
        f"{kind} 报告已写入 {shown(path)} / {kind} report written to {shown(path)}", file=sys.stderr
    )


def _no_record(result: AuditResult) -> bool:
    """Not one record in the export (empty, or blank and comment lines only)."""
    return result.rows_read - result.blank_lines - result.comment_lines == 0


def _nothing_read(export: Path) -> InputError:
    return InputError(
        f"导出文件“{shown(export)}”里没有一条工单记录（空文件，或只有空行、注释行），没有评估任何工单；"
        "请检查导出的文件是否选对、是否导出完整",
        f"the export '{shown(export)}' holds no record (it is empty, or blank and comment lines only)"
        " and no ticket was evaluated; check that the right file was exported, and in full",
        code="audit.nothing_read",
        location=Location(str(export)),
    )


def _rate(num: int, den: int) -> str:
    return f"{num}/{den} = {num / den:.1%}" if den else "—"


def _tally(t: Tally | None) -> str:
    if t is None:
        return "—"
    cell = _rate(t.numerator, t.denominator)
    if t.estimated_denominator:
        cell += f"（推定 {t.estimated_numerator}/{t.estimated_denominator}）"
    return cell


def accounting_zh(result: AuditResult) -> str:
    """Where every row went, in one Chinese sentence whose parts add up to the rows read."""
    parts = [
        f"评估 {result.tickets_evaluated} 张",
        f"不在期间内 {result.outside_period} 张",
    ]
    if result.exclude_estimated:
        parts.append(f"推定而排除 {result.estimated_excluded} 张")
    parts += [
        f"无法读取 {result.rows_rejected} 行",
        f"空行 {result.blank_lines} 行",
        f"注释 {result.comment_lines} 行",
    ]
    return f"读取 {result.rows_read} 行：" + "，".join(parts) + "。"


UNITS_SHOWN = 15
"""How many units the summary ranks on screen (the rest: ``--detail``, HTML, Excel)."""
FIRED_SHOWN = 10
DUTIES_SHOWN = 5


def print_result(
    result: AuditResult,
    engine: Engine,
    *,
    detail: bool = False,
    previous: AuditResult | None = None,
) -> None:
    """The terminal report: a summary that fits a screen, or with ``detail`` the full tables.

    Every value read from the export or the profile is printed as written (:func:`shown`):
    never read as markup, control characters escaped.
    """
    if detail:
        _print_detail(result, engine)
        return
    console = stdout()
    for line in summary_lines(result, engine, previous=previous):
        console.print(plain(line))


def _pad(text: str, width: int) -> str:
    from hotline_rules.cli.plain_text import display_width

    return text + " " * max(0, width - display_width(text))


def summary_lines(
    result: AuditResult, engine: Engine, *, previous: AuditResult | None = None
) -> list[str]:
    """The summary, one string a line (at most about 60 lines whatever the export's size):
    period, accounting, overall rates with their trend and article, units ranked worst first,
    circumstances that reached their thresholds, the office's duties, rejected rows by reason."""
    from hotline_rules.audit.summary import local_time, summarize

    p = engine.profile
    zone = engine.calc.zone
    s = summarize(result, p, zone, previous=previous)
    out = [
        f"{p.meta.name_zh} 审计摘要",
        f"评估时刻 {local_time(result.as_of, zone)} · 期间 {s.period_label}"
        + f" · 配置 {p.meta.id}"
        + (f" · 编码 {result.encoding}" if _worth_naming(result.encoding) else ""),
        accounting_zh(result),
        f"工单 {s.tickets} 张，违规 {s.violations} 项，其中超时 {s.overdue} 项；"
        f"达到门槛的问责情形 {len(s.fired)} 项。",
    ]
    if result.tickets_estimated:
        out.append(
            f"其中 {result.tickets_estimated} 张的截止时刻依赖尚无放假通知的年份，为推定结果，"
            "各比率注明推定的件数；加 --exclude-estimated 可不计入。"
        )
    if result.exclude_estimated and result.estimated_excluded:
        out.append(
            f"另有 {result.estimated_excluded} 张依赖尚无放假通知的年份，已按 --exclude-estimated 不计入下表。"
        )
    if s.kpis:
        out += ["", f"总体指标（分子/分母 = 比率；趋势：{s.trend_zh}）"]
        name_w = max(len(k.name_zh) for k in s.kpis) * 2
        for k in s.kpis:
            missing = k.overall.rate is None
            figure = "—" if missing else k.overall.shown()
            trend = "" if missing or k.trend is None else k.trend.shown()
            out.append(
                f"  {_pad(k.name_zh, name_w)}  {_pad(figure, 24)}  {_pad(trend, 22)}  {k.article}".rstrip()
            )
            if missing:  # never 0% or 100%: the reason instead
                out.append(f"  {_pad('', name_w)}  {k.overall.reason_zh}")
    if s.units:
        names = {k.id: k.name_zh for k in s.kpis}
        overall = {k.id: k.overall for k in s.kpis}
        out += ["", "各单位排名（最差在前：违规、超时、各项指标）"]
        unit_w = min(24, max(8, *(len(u.unit) * 2 for u in s.units[:UNITS_SHOWN])))
        out.append(
            f"  名次  {_pad('单位', unit_w)}  {'工单':>4}  {'违规':>4}  {'超时':>4}  落后最多的指标"
        )
        for u in s.units[:UNITS_SHOWN]:
            behind = ""
            if u.worst_kpi is not None:
                behind = (
                    f"{names[u.worst_kpi]} {u.kpis[u.worst_kpi].percent()}"
                    f"（全部 {overall[u.worst_kpi].percent()}）"
                )
            tickets = f"{u.tickets}" + (f"（推定 {u.estimated}）" if u.estimated else "")
            out.append(
                f"  {u.rank:>4}  {_pad(u.unit, unit_w)}  {tickets:>6}  {u.violations:>6}  {u.overdue:>6}  {behind}".rstrip()
            )
        if len(s.units) > UNITS_SHOWN:
            out.append(
                f"  ……另有 {len(s.units) - UNITS_SHOWN} 个单位（--detail、--html、--xlsx 列出全部）"
            )
    out.append("")
    if s.no_accountability:
        out.append("本办法没有规定问责情形。")
    elif not s.fired:
        out.append("没有达到门槛的问责情形。")
    else:
        out.append(f"达到门槛的问责情形（{len(s.fired)} 项；件数按受理时间所在的期间统计）")
        for f in s.fired[:FIRED_SHOWN]:
            threshold = f"（门槛 {f.threshold}）" if f.threshold else ""
            out.append(
                f"  {f.period}  {f.unit}  {f.name_zh}  {f.count} 件{threshold}  {f.tier_zh}  {f.article}"
            )
        if len(s.fired) > FIRED_SHOWN:
            out.append(f"  ……另有 {len(s.fired) - FIRED_SHOWN} 项（--detail 列出全部）")
    if s.duties:
        out.append(f"应由热线办督办、认定的工单（{sum(d.count for d in s.duties)} 张次）")
        for d in s.duties[:DUTIES_SHOWN]:
            out.append(f"  {d.name_zh}  {d.count} 张  {d.article}")
        if len(s.duties) > DUTIES_SHOWN:
            out.append(f"  ……另有 {len(s.duties) - DUTIES_SHOWN} 条规则（--detail 列出全部）")
    if s.rows_rejected:
        by_code = "；".join(f"{c} {k} 行" for c, k in list(s.rejected_by_code.items())[:6])
        more = "；……" if len(s.rejected_by_code) > 6 else ""
        out.append(f"无法读取的行，按原因：{by_code}{more}（逐行见 --rejects 或 --format json）。")
    if s.grades_unset:
        out.append("考核等次：本办法未规定各等次的分数线，不评定等次。")
    out.append("各单位各月的明细：--detail；另存报告：--html 报告.html、--xlsx 报告.xlsx。")
    return out


def _print_detail(result: AuditResult, engine: Engine) -> None:
    """The full tables: counts, KPI table per unit and month, accountability that fires.

    Every value read from the export or the profile is printed as written (:func:`plain`):
    never read as markup, control characters escaped.
    """
    console = stdout()
    p = engine.profile
    names = p.word_names()
    zone = engine.calc.zone
    head = Text.assemble(
        (shown(p.meta.name_zh), "bold"),
        f" 审计，评估时刻 {result.as_of.astimezone(zone).isoformat()}",
        f"，期间 {result.period}" if result.period else "",
        f"，编码 {shown(result.encoding)}" if _worth_naming(result.encoding) else "",
    )
    console.print(head)
    console.print(accounting_zh(result), markup=False)
    if result.tickets_estimated:
        console.print(
            f"其中 {result.tickets_estimated} 张的截止时刻依赖尚无放假通知的年份，为推定结果：下表以“推定”注明"
            "（工单数及各指标分子/分母中推定的件数）；加 --exclude-estimated 可不计入。",
            markup=False,
        )
    if result.exclude_estimated and result.estimated_excluded:
        console.print(
            f"另有 {result.estimated_excluded} 张的截止时刻依赖尚无放假通知的年份，已按 --exclude-estimated 不计入下表。",
            markup=False,
        )
    table = Table(title="各单位指标 / KPIs by unit")
    table.add_column("单位", overflow="fold")
    table.add_column("月份")
    table.add_column("工单", justify="right")
    table.add_column("违规", justify="right")
    for kpi in p.kpis:
        table.add_column(plain(kpi.name_zh), justify="right")
    for (unit, period), up in sorted(result.units.items()):
        tickets = f"{up.tickets}（推定 {up.estimated}）" if up.estimated else str(up.tickets)
        cells = [plain(unit), plain(period), plain(tickets), plain(up.violations)]
        for kpi in p.kpis:
            cells.append(plain(_tally(up.kpis.get(kpi.id))))
        table.add_row(*cells)
    console.print(table)
    if result.duties:
        duties = Table(title="督办与认定 / supervision and rulings due")
        for col in ("规则", "件数", "依据", "工单（示例）"):
            duties.add_column(col, overflow="fold")
        for rule_id, m in sorted(result.duties.items(), key=lambda kv: -kv[1].count):
            rule = p.rule(rule_id)
            duties.add_row(
                plain(rule_id),
                plain(m.count),
                plain(rule.cite.label() if rule else ""),
                plain("、".join(m.sample[:5]) + ("…" if m.count > 5 else "")),
            )
        console.print(duties)
    if result.rows_rejected:
        by_code = "；".join(f"{c} {k} 行" for c, k in sorted(result.rejected_by_code.items()))
        console.print(plain(f"无法读取的行，按原因：{by_code}。"))
        for r in result.rejected[:5]:
            who = f"（工单 {r.ticket_id}）" if r.ticket_id else ""
            at = f"第 {r.line} 行" if r.line else "一条记录"
            console.print(plain(f"  {at}{who}：{r.reason_zh}"))
        if result.rows_rejected > 5:
            console.print(plain(f"  ……另有 {result.rows_rejected - 5} 行。"))
    if p.assessment is not None and not p.assessment.thresholds_set:
        console.print("考核等次：本办法未规定各等次的分数线，不评定等次。")
    if not p.accountability.circumstances and not p.accountability.vetoes:
        console.print("本办法没有规定问责情形。")
        return
    if not result.fired:
        console.print("没有触发问责情形。")
        return
    from hotline_rules.audit.summary import short_name

    acc = p.accountability
    circumstance_names = {r.id: short_name(r) for r in (*acc.circumstances, *acc.vetoes)}
    fired = Table(title="问责情形 / accountability")
    for col in ("单位", "期间", "情形", "件数", "门槛", "等次", "依据", "工单（示例）"):
        fired.add_column(col, overflow="fold")
    for f in result.fired:
        fired.add_row(
            plain(f.unit),
            plain(f.period),
            plain(circumstance_names.get(f.rule_id, f.rule_id)),
            plain(f.count),
            plain(f.threshold if f.threshold is not None else "—"),
            plain(names.get(f.tier, f.tier) if f.tier else "条文未规定"),
            plain(f.article),
            plain("、".join(f.tickets[:5]) + ("…" if len(f.tickets) > 5 else "")),
        )
    console.print(fired)


def _worth_naming(encoding: str | None) -> bool:
    """An encoding to name in the report: one the reader found, other than plain UTF-8."""
    if not encoding:
        return False
    return encoding.lower().replace("_", "-") not in ("utf-8", "ascii")


def to_csv(result: AuditResult, engine: Engine) -> str:
    """One row per unit and month: counts and every KPI's numerator, denominator, rate and status.

    ``status`` says why a rate cell is empty, so that a program never reads an empty cell as 0:
    ``ok``; ``no_denominator`` (no ticket of that unit and month counts below the line);
    ``not_computable`` (the profile cannot compute the KPI, ``kpi_gaps``: numerator and
    denominator are empty too, never 0/0). ``estimated`` columns: of each count, the tickets
    judged on an estimated calendar year. Text cells are made safe for spreadsheets
    (:func:`csv_cell`).
    """
    from hotline_rules.profile.kpis import kpi_gaps

    buf = io.StringIO()
    kpis = engine.profile.kpis
    gaps = kpi_gaps(engine.profile)
    writer = csv.writer(buf)
    header = ["unit", "period", "tickets", "violations"]
    for k in kpis:
        header += [f"{k.id}.numerator", f"{k.id}.denominator", f"{k.id}.rate", f"{k.id}.status"]
    header.append("estimated_tickets")
    for k in kpis:
        header += [f"{k.id}.estimated_numerator", f"{k.id}.estimated_denominator"]
    writer.writerow([csv_cell(h) for h in header])
    for (unit, period), up in sorted(result.units.items()):
        row: list[object] = [unit, period, up.tickets, up.violations]
        estimated: list[object] = [up.estimated]
        for k in kpis:
            t = up.kpis.get(k.id)
            if k.id in gaps:
                row += ["", "", "", "not_computable"]
                estimated += ["", ""]
            elif t is None or t.rate is None:
                row += [t.numerator if t else 0, t.denominator if t else 0, "", "no_denominator"]
                estimated += [
                    t.estimated_numerator if t else 0,
                    t.estimated_denominator if t else 0,
                ]
            else:
                row += [t.numerator, t.denominator, f"{t.rate:.6f}", "ok"]
                estimated += [t.estimated_numerator, t.estimated_denominator]
        writer.writerow([csv_cell(v) for v in row + estimated])
    return buf.getvalue()


__all__ = ["accounting_zh", "open_reader", "print_result", "summary_lines", "to_csv"]


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
    from hotline_rules.audit.demo import demo_tickets
    from hotline_rules.profile import load_profile

    try:
        p = load_profile(profile).profile
    except HotlineRulesError as exc:
        fail(exc, Format.text, lang)
    stream = out.open("w", encoding="utf-8") if out is not None else sys.stdout
    try:
        for data, _ in demo_tickets(p, tickets, seed=seed):
            stream.write(json_text(data, indent=None) + "\n")
    finally:
        if out is not None:
            stream.close()
    if out is not None:
        print(f"已写入 {tickets} 张工单：{out} / wrote {tickets} tickets to {out}", file=sys.stderr)
