"""Verbs about work orders: ``check`` (clocks and findings) and ``explain`` (the timeline in Chinese)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..clock import parse_instant
from ..engine import Engine
from ..errors import HotlineRulesError
from ..profile.schema import ClockRule, Profile
from ..results import ClockResult, ClockState, Evaluation, Finding
from ..ticket import Ticket, load_ticket_file
from ..vocabulary import CLOCK_STATES, SEVERITIES
from .common import EXIT_VIOLATIONS, Format, FormatOpt, Lang, LangOpt, app, emit_json, fail, stdout

TicketArg = Annotated[Path, typer.Argument(help="工单 JSON 文件 / ticket JSON file")]
ProfileOpt = Annotated[
    str, typer.Option("--profile", "-p", help="配置名称或路径 / profile name or path")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="评估时刻（默认现在），ISO 8601 带时区 / evaluate as of"),
]

ATTRIBUTES_ZH = (
    ("kind", "诉求类型"),
    ("urgency", "紧急程度"),
    ("complexity", "复杂程度"),
    ("channel", "来源"),
    ("requester", "诉求人"),
    ("handling", "办理方式"),
)
"""The ticket's attributes that select its time limits, as ``explain`` names them."""


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


def version_line(engine: Engine, ev: Evaluation, ticket: Ticket) -> str | None:
    """Which version of the profile judged, when there was a choice (several versions, or ``@``)."""
    if len(engine.versions) < 2 and not engine.versions.pinned:
        return None
    v = engine.engine_for(ticket, ev.as_of).version
    return f"版本 / version：{v.name}（{v.span_zh()}，{v.loaded.path.name}）"


def _t(d: datetime | None) -> str:
    return d.strftime("%Y-%m-%d %H:%M") if d else "—"


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


def explain_lines(engine: Engine, ev: Evaluation, ticket: Ticket) -> list[str]:
    """The timeline as Chinese sentences, one per event or deadline, with the articles behind them."""
    which = version_line(engine, ev, ticket)
    engine = engine.engine_for(ticket, ev.as_of)  # the rules of the version that judged
    p = engine.profile
    names = p.word_names()
    events = [e for e in ticket.events if e.at <= ev.as_of]
    out = [
        f"工单 {ev.ticket_id}，依据《{p.meta.document.title}》（{p.meta.id}），截至 {_t(ev.as_of)}：",
    ]
    if which:
        out.append("  " + which)
    read = {fact for rule in p.clocks for fact in rule.when.facts_used}
    attrs: list[str] = []
    for attr, label in ATTRIBUTES_ZH:
        value = getattr(ticket, attr)
        if value:
            attrs.append(f"{label} {names.get(str(value), str(value))}")
        elif attr in read:  # unset, and a time limit depends on it: say so
            attrs.append(f"{label} 未填")
    tags = f"标记：{'、'.join(names.get(t, t) for t in sorted(ticket.tags))}" if ticket.tags else ""
    if attrs or tags:
        out.append("  属性：" + "；".join(x for x in ("，".join(attrs), tags) if x))
    # a return reason by the regulation's words (the id as the platform recorded it if unknown)
    reasons = {
        item.id: f"“{item.text}”（{item.id}）" for r in p.returns for item in r.allowed_reasons
    }
    # entries: (instant, order, text)
    entries: list[tuple[datetime, int, str]] = []
    for i, e in enumerate(events):
        who = f"（{e.unit}）" if e.unit else ""
        parts = [f"{_t(e.at)} {names.get(e.type, e.type)}{who}"]
        if e.length is not None:
            parts.append(f"，延期 {e.length.zh}")
        if e.reason:
            parts.append(f"，理由 {reasons.get(e.reason, e.reason)}")
        for c in ev.clocks:
            if c.started_by is not None and c.started_by.index == i:
                parts.append(
                    f"。开始计算“{names.get(c.clock, c.clock)}”时限 {_rule_limit(p, c)}，截止 {_t(c.original_due)}（{c.cite.label()}）"
                )
            if c.stopped_by is not None and c.stopped_by.index == i:
                if e.type not in _stops(p, c):  # ended by a return or re-dispatch, not met
                    parts.append(
                        f"。本单位“{names.get(c.clock, c.clock)}”时限随之结束（原截止 {_t(c.due)}）"
                    )
                else:
                    verdict = "按时完成" if c.state is ClockState.MET else "已超时"
                    parts.append(
                        f"。“{names.get(c.clock, c.clock)}”时限{verdict}（截止 {_t(c.due)}，{c.cite.label()}）"
                    )
        if e.type == "extension_approved":
            for c in ev.clocks:
                if (
                    c.extensions
                    and c.start is not None
                    and c.start <= e.at
                    and (c.stopped_at is None or c.stopped_at >= e.at)
                ):
                    parts.append(
                        f"。“{names.get(c.clock, c.clock)}”时限（{c.unit or '—'}）延长后截止 {_t(c.due)}"
                    )
        for f in ev.findings:
            if f.code != "deadline.breached" and any(r.index == i for r in f.evidence):
                parts.append(
                    f"。{SEVERITIES[f.severity]}：{f.message_zh}"
                    + (f"（{f.cite.label()}）" if f.cite else "")
                )
        entries.append((e.at, 0, "".join(parts) + "。"))
    for c in ev.clocks:
        if c.state is ClockState.BREACHED and c.due is not None:
            tail = f"，实际 {_t(c.stopped_at)} 才完成" if c.stopped_at else "，至今未完成"
            entries.append(
                (
                    c.due,
                    1,
                    f"{_t(c.due)} “{names.get(c.clock, c.clock)}”时限（{c.unit or '—'}）到期{tail}，超时（{c.cite.label()}：“{c.cite.text}”）。",
                )
            )
        elif c.state is ClockState.RUNNING and c.due is not None:
            entries.append(
                (
                    c.due,
                    2,
                    f"{_t(c.due)} “{names.get(c.clock, c.clock)}”时限（{c.unit or '—'}）将到期，目前计时中"
                    + ("，已进入预警" if c.warning else "")
                    + "。",
                )
            )
    entries.sort(key=lambda x: (x[0], x[1]))
    out += ["  " + text for _, _, text in entries]
    others = [f for f in ev.findings if not f.evidence and f.code != "deadline.breached"]
    for f in others:
        out.append(
            f"  {SEVERITIES[f.severity]}：{f.message_zh}"
            + (f"（{f.cite.label()}）" if f.cite else "")
        )
    n = len(ev.violations)
    out.append(f"  结论：{'有 ' + str(n) + ' 项违规' if n else '没有违规'}。")
    return out


def _stops(p: Profile, c: ClockResult) -> tuple[str, ...]:
    if c.clock == "ownership_ruling":
        return ("redispatched",)  # the ruling is carried out by dispatching (rules/ownership.py)
    rule = p.rule(c.rule_id)
    return rule.stops_on if isinstance(rule, ClockRule) else ()


def _rule_limit(p: Profile, c: ClockResult) -> str:
    rule = p.rule(c.rule_id)
    duration = getattr(rule, "duration", None)
    return duration.zh if duration is not None else ""


__all__ = ["explain_lines", "version_line"]
