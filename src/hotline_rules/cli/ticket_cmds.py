"""Verbs about work orders: ``check`` (clocks and findings) and ``explain`` (the timeline in Chinese)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hotline_rules.cli.common import (
    EXIT_VIOLATIONS,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    app,
    emit_json,
    fail,
    stdout,
)
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import explain_lines, version_line
from hotline_rules.engine.results import Evaluation, Finding
from hotline_rules.engine.ticket import load_ticket_file
from hotline_rules.errors import HotlineRulesError
from hotline_rules.time.deadline import parse_instant
from hotline_rules.vocabulary import CLOCK_STATES, SEVERITIES

TicketArg = Annotated[Path, typer.Argument(help="工单 JSON 文件 / ticket JSON file")]
ProfileOpt = Annotated[
    str, typer.Option("--profile", "-p", help="配置名称或路径 / profile name or path")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="评估时刻（默认现在），ISO 8601 带时区 / evaluate as of"),
]


def _t(d: datetime | None) -> str:
    return d.strftime("%Y-%m-%d %H:%M") if d else "—"


def _evaluate(
    ticket: Path, profile: str, as_of: str | None, fmt: Format, lang: Lang
) -> tuple[Engine, Evaluation]:
    try:
        engine = Engine(profile)
        t = load_ticket_file(ticket)
        when = parse_instant(as_of) if as_of else None
        return engine, engine.evaluate(t, when)
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)


@app.command("check")
def check_cmd(
    ticket: TicketArg,
    profile: ProfileOpt,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """评估一张工单：各时限状态与发现的问题。 Evaluate a ticket; exit 5 when it has violations."""
    engine, ev = _evaluate(ticket, profile, as_of, fmt, lang)
    if fmt is Format.json:
        emit_json(ev.to_dict())
    else:
        console = stdout()
        t = load_ticket_file(ticket)
        judge = engine.engine_for(t, ev.as_of)
        names = judge.profile.word_names()
        console.print(
            f"工单 {ev.ticket_id}（{judge.profile.meta.name_zh}），评估时刻 {ev.as_of.isoformat()}"
        )
        which = version_line(engine, ev, t)
        if which:
            console.print(which, markup=False)
        table = Table(title="时限 / clocks")
        for col in ("规则", "时限", "单位", "状态", "起算", "截止", "依据"):
            table.add_column(col, overflow="fold")
        for c in ev.clocks:
            state = CLOCK_STATES[c.state] + ("（预警）" if c.warning else "")
            table.add_row(
                c.rule_id,
                names.get(c.clock, c.clock),
                c.unit or "—",
                state,
                _t(c.start),
                _t(c.due) + ("（推定）" if c.estimated else ""),
                c.cite.label(),
            )
        console.print(table)
        if not ev.findings:
            console.print("没有发现问题。 No findings.")
        for f in ev.findings:
            console.print(_finding_line(f))
    if ev.violations:
        raise typer.Exit(EXIT_VIOLATIONS)


def _finding_line(f: Finding) -> str:
    cite = f"（{f.cite.label()}）" if f.cite else ""
    return f"[{SEVERITIES[f.severity]}] {f.code}：{f.message_zh}{cite}"


@app.command("explain")
def explain_cmd(
    ticket: TicketArg,
    profile: ProfileOpt,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """按时间顺序讲述一张工单：每一步启动、满足或超过了哪个时限，依据哪一条。 The ticket's timeline, read aloud."""
    engine, ev = _evaluate(ticket, profile, as_of, fmt, lang)
    t = load_ticket_file(ticket)
    lines = explain_lines(engine, ev, t)
    if fmt is Format.json:
        emit_json(
            {
                "ticket_id": ev.ticket_id,
                "profile": ev.profile_id,
                "profile_version": ev.profile_version,
                "timeline": lines,
            }
        )
        return
    console = stdout()
    for line in lines:
        console.print(line, markup=False)


__all__: list[str] = []
