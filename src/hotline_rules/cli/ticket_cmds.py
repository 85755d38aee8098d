"""Verbs about work orders: ``check`` (clocks and findings) and ``explain`` (the timeline in Chinese).

The order is a ticket JSON file, ``-`` (a ticket on standard input), or one order of an export
(JSON Lines, CSV, Excel; ``-`` too) named by ``--id``, read through ``--mapping`` as ``audit``
reads it. The export readers are imported only then: checking one ticket file stays quick.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from hotline_rules.cli.common import (
    EXIT_VIOLATIONS,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    app,
    emit_json,
    fail,
    plain,
    shown,
    stdout,
)
from hotline_rules.cli.plain_text import screen_width, table_lines
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import (
    after_as_of_en,
    after_as_of_zh,
    events_after,
    explain_lines,
    shown_time,
    version_line,
)
from hotline_rules.engine.results import Evaluation, Finding
from hotline_rules.engine.ticket import Rejected, Ticket, load_ticket_file, parse_ticket_json
from hotline_rules.errors import HotlineRulesError, InputError, Location
from hotline_rules.time.deadline import parse_instant
from hotline_rules.vocabulary import CLOCK_STATES, SEVERITIES

TicketArg = Annotated[
    Path,
    typer.Argument(
        help="工单 JSON 文件，或导出文件（配合 --id、--mapping），- 为标准输入"
        " / a ticket JSON file, or an export with --id (and --mapping); - reads stdin"
    ),
]
IdOpt = Annotated[
    str | None,
    typer.Option("--id", help="导出中要查看的工单编号 / the order of the export to look at"),
]
MappingOpt = Annotated[
    Path | None,
    typer.Option("--mapping", help="导出的列名与取值的映射文件（YAML）/ the export's mapping"),
]
SheetOpt = Annotated[
    str | None,
    typer.Option("--sheet", help="Excel 的工作表：名称或序号 / the Excel sheet: name or index"),
]
_EXPORTS = frozenset({".jsonl", ".ndjson", ".csv", ".xlsx", ".xls", ".ods"})
ProfileOpt = Annotated[
    str, typer.Option("--profile", "-p", help="配置名称或路径 / profile name or path")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="评估时刻（默认现在），ISO 8601 带时区 / evaluate as of"),
]


def load_order(
    source: Path, ticket_id: str | None, mapping: Path | None, sheet: str | None
) -> Ticket:
    """The order to look at: a ticket file, a ticket on stdin, or ``--id`` of an export."""
    if ticket_id is None and mapping is None and source.suffix.lower() not in _EXPORTS:
        if str(source) == "-":
            return parse_ticket_json(sys.stdin.buffer.read(), file="<stdin>")
        return load_ticket_file(source)
    if ticket_id is None:
        raise InputError(
            "这是一份导出：请用 --id 指明要查看哪一张工单",
            "this is an export: say which order to look at with --id",
            code="usage.id_required",
            location=Location(str(source)),
        )
    from hotline_rules.audit.exports import Mapping, open_export

    columns = Mapping.load(mapping) if mapping is not None else None
    with open_export(source, columns, sheet=sheet) as reader:
        for item in reader:
            if isinstance(item, Ticket) and item.id == ticket_id:
                return item
            if isinstance(item, Rejected) and item.ticket_id == ticket_id:
                raise InputError(
                    f"导出中的工单 {ticket_id} 无法读取：{item.reason_zh}",
                    f"the order {ticket_id} of the export cannot be read: {item.reason_en}",
                    code=item.code,
                    location=Location(str(source), item.line),
                )
    raise InputError(
        f"导出中没有编号为 {ticket_id} 的工单",
        f"the export has no order with the id {ticket_id}",
        code="ticket.not_in_export",
        location=Location(str(source)),
    )


def _evaluate(
    ticket: Path,
    profile: str,
    as_of: str | None,
    fmt: Format,
    lang: Lang,
    order: tuple[str | None, Path | None, str | None] = (None, None, None),
) -> tuple[Engine, Evaluation, Ticket]:
    try:
        engine = Engine(profile)
        t = load_order(ticket, *order)
        when = parse_instant(as_of) if as_of else None
        return engine, engine.evaluate(t, when), t
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)


def _platform(engine: Engine, ev: Evaluation, t: Ticket) -> list[Finding]:
    """The ``platform.deadline_differs`` findings of an order whose export gives the platform's due."""
    if not t.platform_due:
        return []
    from hotline_rules.audit.platform import durations_of, findings

    return findings(t, ev, durations_of(engine.engine_for(t, ev.as_of).profile))


@app.command("check")
def check_cmd(
    ticket: TicketArg,
    profile: ProfileOpt,
    as_of: AsOfOpt = None,
    ticket_id: IdOpt = None,
    mapping: MappingOpt = None,
    sheet: SheetOpt = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """评估一张工单：各时限状态与发现的问题。 Evaluate a ticket; exit 5 when it has violations."""
    engine, ev, t = _evaluate(ticket, profile, as_of, fmt, lang, (ticket_id, mapping, sheet))
    extra = _platform(engine, ev, t)
    if fmt is Format.json:
        out = {**ev.to_dict(), **_after_as_of(engine, ev, t)}
        out["findings"] += [f.to_dict() for f in extra]
        if t.platform_due:
            out["platform_due"] = {k: v.isoformat() for k, v in sorted(t.platform_due.items())}
        emit_json(out)
    else:
        lines = _check_lines(engine, ev, t, lang, defaulted=as_of is None)
        if extra and lines[-1] == "没有发现问题。 No findings.":
            lines.pop()
        print("\n".join(lines + [shown(_finding_line(f)) for f in extra]))
    if ev.violations:
        raise typer.Exit(EXIT_VIOLATIONS)


def _check_lines(
    engine: Engine, ev: Evaluation, t: Ticket, lang: Lang, *, defaulted: bool
) -> list[str]:
    """``check``'s text: the heading, the clocks as a table and the findings. Printed without
    rich (cli/plain_text.py): this is the verb run once per work order, where start-up counts."""
    judge = engine.engine_for(t, ev.as_of)
    names = judge.profile.word_names()
    zone = judge.calc.zone
    out = [
        f"工单 {ev.ticket_id}（{judge.profile.meta.name_zh}），评估时刻 {shown_time(ev.as_of, zone)}"
    ]
    which = version_line(engine, ev, t)
    if which:
        out.append(which)
    out += _after_as_of_lines(engine, ev, t, lang, defaulted=defaulted)
    # every time carries its offset: in the column's title when all of them share one
    # (a table of one zone stays narrow enough to keep rule ids whole), else in each cell
    times = [d for c in ev.clocks for d in (c.start, c.due) if d is not None]
    offsets = {shown_time(d, zone)[16:] for d in times}
    shared = offsets.pop() if len(offsets) == 1 else None

    def when(d: datetime | None) -> str:
        text = shown_time(d, zone)
        return text[:16] if shared is not None and d is not None else text

    suffix = f"（{shared}）" if shared is not None else ""
    rows = [
        (
            c.rule_id,
            names.get(c.clock, c.clock),
            c.unit or "—",
            CLOCK_STATES[c.state] + ("（预警）" if c.warning else ""),
            when(c.start),
            when(c.due) + ("（推定）" if c.estimated else ""),
            c.cite.label(),
        )
        for c in ev.clocks
    ]
    headers = ("规则", "时限", "单位", "状态", f"起算{suffix}", f"截止{suffix}", "依据")
    out += table_lines("时限 / clocks", headers, rows, screen_width())
    if not ev.findings:
        out.append("没有发现问题。 No findings.")
    out += [_finding_line(f) for f in ev.findings]
    return [shown(line) for line in out]


def _finding_line(f: Finding) -> str:
    cite = f"（{f.cite.label()}）" if f.cite else ""
    return f"[{SEVERITIES[f.severity]}] {f.code}：{f.message_zh}{cite}"


def _after_as_of(engine: Engine, ev: Evaluation, ticket: Ticket) -> dict[str, Any]:
    """The JSON members about events later than as-of: how many, and the sentence in zh and en."""
    return {
        "events_after_as_of": len(events_after(ev, ticket)),
        "events_after_as_of_zh": after_as_of_zh(engine, ev, ticket),
        "events_after_as_of_en": after_as_of_en(engine, ev, ticket),
    }


_DEFAULTED_ZH = "评估时刻默认为现在；要计入这些事件，请用 --as-of 指定更晚的时刻。"
_DEFAULTED_EN = "As-of defaults to now: pass a later --as-of to consider them."


def _after_as_of_lines(
    engine: Engine, ev: Evaluation, ticket: Ticket, lang: Lang, *, defaulted: bool, zh: bool = True
) -> list[str]:
    """Lines saying that events after as-of were not considered (``zh=False``: the Chinese one
    is printed elsewhere), with a hint when as-of was not given."""
    in_zh, in_en = after_as_of_zh(engine, ev, ticket), after_as_of_en(engine, ev, ticket)
    if in_zh is None or in_en is None:
        return []
    out = []
    if lang is not Lang.en:
        out += ([in_zh] if zh else []) + ([_DEFAULTED_ZH] if defaulted else [])
    if lang is not Lang.zh:
        out += [in_en] + ([_DEFAULTED_EN] if defaulted else [])
    return out


@app.command("explain")
def explain_cmd(
    ticket: TicketArg,
    profile: ProfileOpt,
    as_of: AsOfOpt = None,
    ticket_id: IdOpt = None,
    mapping: MappingOpt = None,
    sheet: SheetOpt = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """按时间顺序讲述一张工单：每一步启动、满足或超过了哪个时限，依据哪一条。 The ticket's timeline, read aloud."""
    engine, ev, t = _evaluate(ticket, profile, as_of, fmt, lang, (ticket_id, mapping, sheet))
    lines = explain_lines(engine, ev, t) + ["  " + f.message_zh for f in _platform(engine, ev, t)]
    if fmt is Format.json:
        emit_json(
            {
                "ticket_id": ev.ticket_id,
                "profile": ev.profile_id,
                "profile_version": ev.profile_version,
                "timeline": lines,
                **_after_as_of(engine, ev, t),
            }
        )
        return
    console = stdout()
    for line in lines:
        console.print(plain(line))
    # the timeline holds the Chinese sentence about later events; add the hint and the English
    for line in _after_as_of_lines(engine, ev, t, lang, defaulted=as_of is None, zh=False):
        console.print(plain("  " + line))


__all__: list[str] = []
