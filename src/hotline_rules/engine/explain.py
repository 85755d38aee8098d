"""A work order's timeline told in Chinese: one sentence per event or deadline, with its article.

Used by ``explain`` on the command line, the audit report's ticket timelines and the suites'
``explain`` cases; it reads only an evaluation and the profile that judged.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import ClockResult, ClockState, Evaluation
from hotline_rules.engine.ticket import Event, Ticket
from hotline_rules.profile.schema import ClockRule, OwnershipRule, Profile
from hotline_rules.vocabulary import SEVERITIES, UNIT_ROLES

ATTRIBUTES_ZH = (
    ("kind", "诉求类型"),
    ("urgency", "紧急程度"),
    ("complexity", "复杂程度"),
    ("channel", "来源"),
    ("requester", "诉求人"),
    ("handling", "办理方式"),
)
"""The ticket's attributes that select its time limits, as ``explain`` names them."""


def version_line(engine: Engine, ev: Evaluation, ticket: Ticket) -> str | None:
    """Which version of the profile judged, when there was a choice (several versions, or ``@``)."""
    if len(engine.versions) < 2 and not engine.versions.pinned:
        return None
    v = engine.engine_for(ticket, ev.as_of).version
    return f"版本 / version：{v.name}（{v.span_zh()}，{v.loaded.path.name}）"


def shown_time(d: datetime | None, zone: tzinfo) -> str:
    """An instant as a person reads it: in ``zone`` (the profile's), to the minute, with its
    offset (``2026-03-02 10:00+08:00``), whatever zone it was written in (``Z`` included)."""
    if d is None:
        return "—"
    return d.astimezone(zone).isoformat(sep=" ", timespec="minutes")


def events_after(ev: Evaluation, ticket: Ticket) -> list[Event]:
    """The ticket's events later than ``as_of``: the evaluation did not consider them."""
    return [e for e in ticket.events if e.at > ev.as_of]


def after_as_of_zh(engine: Engine, ev: Evaluation, ticket: Ticket) -> str | None:
    """A sentence naming the events after ``as_of`` (None when there are none)."""
    later = events_after(ev, ticket)
    if not later:
        return None
    names = engine.profile.word_names()
    first = later[0]
    return (
        f"另有 {len(later)} 个事件晚于评估时刻 {shown_time(ev.as_of, engine.calc.zone)}，未予考虑"
        f"（最早的是 {shown_time(first.at, engine.calc.zone)} {names.get(first.type, first.type)}）。"
    )


def after_as_of_en(engine: Engine, ev: Evaluation, ticket: Ticket) -> str | None:
    """The same in English (None when there are none)."""
    later = events_after(ev, ticket)
    if not later:
        return None
    zone = engine.calc.zone
    return (
        f"{len(later)} event(s) after as-of {shown_time(ev.as_of, zone)} were not considered "
        f"(the first: {later[0].type} at {shown_time(later[0].at, zone)})."
    )


def explain_lines(engine: Engine, ev: Evaluation, ticket: Ticket) -> list[str]:
    """The timeline as Chinese sentences, one per event or deadline, with the articles behind them."""
    which = version_line(engine, ev, ticket)
    engine = engine.engine_for(ticket, ev.as_of)  # the rules of the version that judged
    p = engine.profile
    names = p.word_names()
    zone = engine.calc.zone

    def _t(d: datetime | None) -> str:
        return shown_time(d, zone)

    events = [e for e in ticket.events if e.at <= ev.as_of]
    out = [
        f"工单 {ev.ticket_id}，依据{_book(p.meta.document.title)}（{p.meta.id}），截至 {_t(ev.as_of)}：",
    ]
    if which:
        out.append("  " + which)
    later = after_as_of_zh(engine, ev, ticket)
    if later:
        out.append("  " + later)
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
        role = f"，{UNIT_ROLES[e.role]}" if e.role else ""
        who = f"（{e.unit}{role}）" if e.unit else ""
        parts = [f"{_t(e.at)} {names.get(e.type, e.type)}{who}"]
        if e.satisfaction is not None:
            parts.append(f"，{names.get(e.satisfaction, e.satisfaction)}")
        if e.resolved is not None:
            parts.append("，已解决" if e.resolved else "，未解决")
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
            # the due in force right after this approval, not the final one (several extensions)
            then = _dues(engine, ticket, events[: i + 1], e.at)
            before = _dues(engine, ticket, events[:i], e.at)
            for c in ev.clocks:
                due = then.get((c.rule_id, c.unit), c.due)
                if (
                    c.extensions
                    and c.start is not None
                    and c.start <= e.at
                    and (c.stopped_at is None or c.stopped_at >= e.at)
                    and due != before.get((c.rule_id, c.unit), due)
                ):
                    parts.append(
                        f"。“{names.get(c.clock, c.clock)}”时限（{c.unit or '—'}）延长后截止 {_t(due)}"
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
            if c.stopped_at is None:
                tail = "，至今未完成"
            elif c.stopped_by is not None and c.stopped_by.type not in _stops(p, c):
                # ended by a return or a re-dispatch: nothing was completed, late or not
                ended = names.get(c.stopped_by.type, c.stopped_by.type)
                tail = f"，到 {_t(c.stopped_at)} {ended}、本单位时限结束时仍未完成"
            else:
                tail = f"，实际 {_t(c.stopped_at)} 才完成"
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


def _book(title: str) -> str:
    """A title in 书名号, once: a title that already opens with 《 (several documents) is kept."""
    return title if title.startswith("《") else f"《{title}》"


def _dues(
    engine: Engine, ticket: Ticket, events: list[Event], as_of: datetime
) -> dict[tuple[str, str | None], datetime | None]:
    """Each clock's due instant with only ``events`` known, judged at ``as_of``."""
    then = engine.evaluate(ticket.model_copy(update={"events": tuple(events)}), as_of)
    return {(c.rule_id, c.unit): c.due for c in then.clocks}


def _stops(p: Profile, c: ClockResult) -> tuple[str, ...]:
    rule = p.rule(c.rule_id)
    return rule.stops_on if isinstance(rule, (ClockRule, OwnershipRule)) else ()


def _rule_limit(p: Profile, c: ClockResult) -> str:
    rule = p.rule(c.rule_id)
    duration = getattr(rule, "duration", None)
    return duration.zh if duration is not None else ""


__all__ = [
    "ATTRIBUTES_ZH",
    "after_as_of_en",
    "after_as_of_zh",
    "events_after",
    "explain_lines",
    "shown_time",
    "version_line",
]
