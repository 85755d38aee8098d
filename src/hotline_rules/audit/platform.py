"""The platform checked, and orders nobody judged: what an audit of a real export must also say.

- **The platform's own deadline.** A platform computes 办结时限 with its own holiday table; one
  that forgot a 调休 Saturday misjudges every unit for a week. A mapped ``platform_due`` column
  (per clock) is compared with the due instant the profile gives (before any extension, as the
  platform's column is the original limit); each difference is a ``platform.deadline_differs``
  finding with both instants and the derivation, and the audit counts how many orders the
  platform judged earlier or later than the regulation.
- **Not judged.** An order to which no completion clock applies (a fact the rules need is
  unknown), or whose clock never started, is counted by reason, never as compliant.
- **A snapshot.** An export of open orders audited a month later makes every open order
  overdue; the audit counts open orders (a completion clock not stopped) overdue by the day their deadline passed, and the day
  of each order's last event, so it can say how many were overdue only after the export was made.

Every counter is a plain dict of ints (merged by addition across workers and partitions).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Final, Protocol

from hotline_rules.engine.results import ClockResult, ClockState, Evaluation, Finding, Severity
from hotline_rules.engine.ticket import Ticket

JUDGED_CLOCK: Final = "completion"
"""The clock an order must have to be judged at all (办结: every regulation has one)."""

DIFFERS: Final = "platform.deadline_differs"
SNAPSHOT_DAYS: Final = 7
"""As-of this many days after the newest time in the export makes it look like a snapshot."""

_ATTRIBUTES: Final = ("kind", "urgency", "requester", "channel", "handling", "complexity")


class _Counts(Protocol):
    """What this module reads and counts of an audit result (``AuditResult``, which imports
    this module, so it is named by its shape)."""

    export_checks: dict[str, int]
    open_overdue_by_due: dict[str, int]
    last_event_days: dict[str, int]


class _Result(_Counts, Protocol):
    as_of: datetime


def _bump(counts: dict[str, int], key: str, n: int = 1) -> None:
    counts[key] = counts.get(key, 0) + n


def compared(ticket: Ticket, ev: Evaluation) -> list[tuple[str, datetime, ClockResult | None]]:
    """Each platform deadline of the ticket with the clock it is compared with (None: no such clock)."""
    out: list[tuple[str, datetime, ClockResult | None]] = []
    for clock, platform in (ticket.platform_due or {}).items():
        found = next(
            (c for c in ev.clocks if c.clock == clock and c.original_due is not None), None
        )
        out.append((clock, platform, found))
    return out


def starting_events(profile: Any) -> frozenset[str]:
    """The events that start a completion clock in ``profile`` (``dispatched`` in most)."""
    return frozenset(
        rule.starts_on for rule in getattr(profile, "clocks", ()) if rule.clock == JUDGED_CLOCK
    )


def not_judged(
    ticket: Ticket, ev: Evaluation, starts: frozenset[str] | None = None
) -> tuple[str, str, str] | None:
    """Why no completion clock judges this order: (code, zh, en), or None when one does.

    ``starts`` (:func:`starting_events`): an order with none of them never started its clock
    (``not_judged.not_started``); otherwise no completion rule applied to it."""
    clocks = [c for c in ev.clocks if c.clock == JUDGED_CLOCK]
    types = {e.type for e in ticket.events}
    if not clocks and starts and types.isdisjoint(starts):
        shown = "、".join(sorted(starts))
        return (
            "not_judged.not_started",
            f"办结时限没有起算（工单没有起算的事件：{shown}），未作判定",
            f"the completion clock never started (the order has none of its starting events:"
            f" {', '.join(sorted(starts))}); not judged",
        )
    if not clocks:
        unknown = [a for a in _ATTRIBUTES if getattr(ticket, a) is None]
        shown = "、".join(unknown) or "（无）"
        return (
            "not_judged.no_completion_clock",
            f"没有适用于该工单的办结时限（规则所看的字段可能未知：{shown}），未作判定，不计为按时",
            f"no completion clock applies (fields the rules read may be unknown: {', '.join(unknown)});"
            " not judged, not counted as on time",
        )
    if all(c.state is ClockState.NOT_STARTED for c in clocks):
        return (
            "not_judged.not_started",
            "办结时限没有起算（缺少起算的事件，如转办），未作判定",
            "the completion clock never started (its starting event, e.g. dispatch, is missing);"
            " not judged",
        )
    return None


def observe(result: _Counts, ticket: Ticket, ev: Evaluation, judge: Any = None) -> None:
    """Count one evaluated order: platform deadlines compared, not judged, open and overdue.

    ``judge``: the engine that judged it (its profile says which events start the clock)."""
    checks = result.export_checks
    for _, platform, clock in compared(ticket, ev):
        if clock is None or clock.original_due is None:
            _bump(checks, "platform.not_compared")
            continue
        _bump(checks, "platform.compared")
        if platform != clock.original_due:
            _bump(checks, "platform.differs")
            _bump(checks, "platform.later" if platform > clock.original_due else "platform.earlier")
    profile = getattr(judge, "profile", None)
    why = not_judged(ticket, ev, _starts(profile) if profile is not None else None)
    if why is not None:
        _bump(checks, why[0])
    open_overdue: ClockResult | None = None
    is_open = False
    for c in ev.clocks:
        if c.clock != JUDGED_CLOCK or c.stopped_at is not None:
            continue
        if c.state in (ClockState.RUNNING, ClockState.PAUSED):
            is_open = True
        elif c.state is ClockState.BREACHED and c.due is not None:
            is_open = True
            if open_overdue is None or (open_overdue.due is not None and c.due < open_overdue.due):
                open_overdue = c
    if is_open:
        _bump(checks, "open_orders")
    if open_overdue is not None and open_overdue.due is not None:
        _bump(checks, "open_overdue")
        _bump(result.open_overdue_by_due, open_overdue.due.date().isoformat())
    if ticket.events:
        _bump(result.last_event_days, ticket.events[-1].at.date().isoformat())


_STARTS: dict[int, tuple[Any, frozenset[str]]] = {}


def _starts(profile: Any) -> frozenset[str]:
    """:func:`starting_events`, worked out once per profile object."""
    found = _STARTS.get(id(profile))
    if found is None or found[0] is not profile:
        found = _STARTS[id(profile)] = (profile, starting_events(profile))
    return found[1]


def findings(
    ticket: Ticket, ev: Evaluation, durations: dict[str, str] | None = None
) -> list[Finding]:
    """The ``platform.deadline_differs`` findings of one order: both instants and the derivation.

    ``durations``: rule id -> its limit as written (``5个工作日``), to name in the message.
    """
    out: list[Finding] = []
    for clock, platform, c in compared(ticket, ev):
        if c is None or c.original_due is None or platform == c.original_due:
            continue
        law = c.original_due
        diff = platform - law
        later = diff > timedelta(0)
        limit = (durations or {}).get(c.rule_id, "")
        start = c.start.isoformat() if c.start is not None else "—"
        how_zh = f"自 {start} 起 {limit}" if limit else f"自 {start} 起算"
        how_en = f"{limit} from {start}" if limit else f"counted from {start}"
        word_zh = "晚" if later else "早"
        word_en = "later" if later else "earlier"
        span = _span(abs(diff))
        out.append(
            Finding(
                DIFFERS,
                Severity.WARNING,
                f"平台给出的“{clock}”截止时刻 {platform.isoformat()} 比本办法算出的 {law.isoformat()}"
                f"（{c.cite.label()}，{how_zh}，规则 {c.rule_id}）{word_zh} {span[0]}",
                f"the platform's '{clock}' deadline {platform.isoformat()} is {span[1]} {word_en}"
                f" than the regulation's {law.isoformat()} ({c.cite.label()}, {how_en}, rule {c.rule_id})",
                rule_id=c.rule_id,
                cite=c.cite,
                details={
                    "clock": clock,
                    "platform_due": platform.isoformat(),
                    "due": law.isoformat(),
                    "difference_seconds": diff.total_seconds(),
                    "direction": word_en,
                    "start": start,
                    "limit": limit,
                },
            )
        )
    return out


def _span(d: timedelta) -> tuple[str, str]:
    if d.seconds == 0 and d.microseconds == 0:
        return f"{d.days} 天", f"{d.days} day{'s' if d.days != 1 else ''}"
    hours = d.total_seconds() / 3600
    return f"{hours:g} 小时", f"{hours:g} hours"


def durations_of(profile: Any) -> dict[str, str]:
    """Rule id -> its limit as written (``5个工作日``), for the findings' messages."""
    out: dict[str, str] = {}
    for rule in getattr(profile, "clocks", ()):
        duration = getattr(rule, "duration", None)
        if duration is not None:
            out[rule.id] = duration.zh
    return out


def summary(result: _Result) -> dict[str, Any]:
    """What the counters say, for the JSON and the text report: platform, not judged, snapshot."""
    checks = result.export_checks
    out: dict[str, Any] = {
        "platform": {
            "compared": checks.get("platform.compared", 0),
            "differs": checks.get("platform.differs", 0),
            "platform_later": checks.get("platform.later", 0),
            "platform_earlier": checks.get("platform.earlier", 0),
            "not_compared": checks.get("platform.not_compared", 0),
        },
        "not_judged": {
            k.removeprefix("not_judged."): v
            for k, v in sorted(checks.items())
            if k.startswith("not_judged.")
        },
        "open_orders": checks.get("open_orders", 0),
        "open_overdue": checks.get("open_overdue", 0),
        "snapshot": snapshot(result),
    }
    return out


def snapshot(result: _Result) -> dict[str, Any] | None:
    """When as-of is much later than the newest time in the export: the newest day, the gap, and
    how many open orders are overdue only because of it (their deadline after that day)."""
    days = result.last_event_days
    if not days:
        return None
    newest = max(d for d, n in days.items() if n)
    as_of: datetime = result.as_of
    gap = (as_of.date() - date.fromisoformat(newest)).days
    if gap < SNAPSHOT_DAYS:
        return None
    overdue = result.open_overdue_by_due
    after = sum(n for d, n in overdue.items() if d > newest)
    return {"newest_day": newest, "days_after": gap, "overdue_after_export": after}


def snapshot_zh(result: _Result) -> str | None:
    """The snapshot warning in one Chinese sentence (None when the export does not look like one)."""
    s = snapshot(result)
    if s is None:
        return None
    as_of: datetime = result.as_of
    then = date.fromisoformat(s["newest_day"]) + timedelta(days=1)
    offset = as_of.isoformat()[19:] or "+00:00"
    n = s["overdue_after_export"]
    told = f"有 {n} 张未办结的工单是在导出之后才超期的；" if n else "未办结的工单没有因此超期的；"
    return (
        f"导出中最新的时间在 {s['newest_day']}，评估时刻晚了 {s['days_after']} 天：这份导出像是某一时刻的快照。"
        f"{told}如要按导出当时评估，请加 --as-of {then.isoformat()}T00:00:00{offset}。"
    )


def snapshot_en(result: _Result) -> str | None:
    """The snapshot warning in English."""
    s = snapshot(result)
    if s is None:
        return None
    return (
        f"The newest time in the export is on {s['newest_day']}, {s['days_after']} days before"
        f" as-of: the export looks like a snapshot. {s['overdue_after_export']} open orders became"
        " overdue only after it was made; pass --as-of the export's date to judge it as of then."
    )


def notes(result: _Result) -> list[tuple[str, str]]:
    """The platform check, the orders not judged and the snapshot warning, one (Chinese, English)
    sentence each, for the terminal and the HTML report; nothing when all is quiet."""
    s = summary(result)
    out: list[tuple[str, str]] = []
    p = s["platform"]
    if p["compared"] or p["not_compared"]:
        out.append(
            (
                f"平台截止时间：核对 {p['compared']} 张，与本办法不一致 {p['differs']} 张"
                f"（平台偏晚 {p['platform_later']} 张、偏早 {p['platform_earlier']} 张）"
                + (f"，另有 {p['not_compared']} 张无对应时限未核对" if p["not_compared"] else "")
                + "；明细见 --tickets 或 --format json。",
                f"Platform deadlines: {p['compared']} compared, {p['differs']} differ from the"
                f" regulation's ({p['platform_later']} later, {p['platform_earlier']} earlier).",
            )
        )
    judged = s["not_judged"]
    if judged:
        names = {"no_completion_clock": "没有适用的办结时限", "not_started": "办结时限没有起算"}
        parts = "、".join(f"{names.get(k, k)} {n} 张" for k, n in judged.items())
        out.append(
            (
                f"未作判定（不计为按时）：{parts}。",
                "Not judged (not counted as on time): "
                + ", ".join(f"{k} {n}" for k, n in judged.items())
                + ".",
            )
        )
    zh, en = snapshot_zh(result), snapshot_en(result)
    if zh and en:
        out.append((zh, en))
    return out


def report_lines(result: Any, warnings: Any = None) -> list[str]:
    """:func:`notes` and the reading warnings, one line each (Chinese, then English), for the
    terminal report; nothing when all is quiet."""
    out = [line for pair in notes(result) for line in pair]
    counts = getattr(warnings, "counts", None) or {}
    if counts:
        total = sum(counts.values())
        shown = "；".join(f"{k} {n}" for k, n in sorted(counts.items()))
        out.append(f"读取时有 {total} 处警告（{shown}），见 --format json 的 reading_warnings。")
        out.append(f"{total} reading warning(s) ({shown}): see reading_warnings in --format json.")
        for w in getattr(warnings, "examples", [])[:3]:
            out.append(f"  {w['message_zh']}")
    return out


__all__ = [
    "DIFFERS",
    "JUDGED_CLOCK",
    "SNAPSHOT_DAYS",
    "compared",
    "durations_of",
    "findings",
    "not_judged",
    "notes",
    "observe",
    "report_lines",
    "snapshot",
    "snapshot_en",
    "snapshot_zh",
    "starting_events",
    "summary",
]
