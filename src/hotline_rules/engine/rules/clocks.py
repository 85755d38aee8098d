"""Clocks (时限): start, stop, pause, extend, and judge each one, unit by unit.

A clock rule applies to a ticket when its condition holds for the ticket's
attributes. It starts at its ``starts_on`` event (a re-dispatch counts as a
dispatch), stops at any of its ``stops_on`` events (or, with ``stops_when: all``,
when the last of them has happened), and is met when it stops
at or before the due instant. A re-dispatch either restarts it for the next
unit or lets it run on (``on_redispatch``); an approved return ends the
returning unit's clock. Approved extensions move the due instant on from the
due instant itself (not from the day of approval); an extension the
regulation does not allow (asked too late, one too many, too long) is
reported and does not move it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from hotline_rules.engine.results import ClockResult, ClockState, EventRef, Finding, Severity
from hotline_rules.engine.rules import extensions
from hotline_rules.engine.rules.common import finding
from hotline_rules.engine.ticket import Event
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile.schema import ClockRule, ExtensionRule, Rework
from hotline_rules.time.deadline import DeadlineCalculator, EndsAt, Style
from hotline_rules.time.duration import Duration, Unit

# Enum members looked up once: attribute access on an Enum class is slow on the hot path.
_RUNNING = ClockState.RUNNING
_PAUSED = ClockState.PAUSED
_MET = ClockState.MET
_BREACHED = ClockState.BREACHED
_VIOLATION = Severity.VIOLATION
_WARNING = Severity.WARNING
_EPS = timedelta(microseconds=1)
_new_tuple = tuple.__new__  # builds named tuples without NamedTuple's argument handling
_EXTENSION_EVENTS = frozenset({"extension_requested", "extension_approved", "extension_rejected"})


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the hot loops read of a clock rule, as plain slots.

    Profile rules are pydantic models, and reading a ``BaseModel`` field is several
    times slower than reading a slot (see ticket.Event); a plan is made once per rule
    and engine (kept in the engine's cache) and read for every ticket.
    """

    rule: ClockRule
    id: str
    clock: str
    starts_on: str
    stops_on: tuple[str, ...]
    stop_all: frozenset[str] | None
    """The events that must all have happened to stop it (``stops_when: all``), else None."""
    relevant: frozenset[str]
    per_unit: bool
    restarts: bool
    pausable: bool
    duration: Duration
    counting: Any
    warn_before: tuple[Duration, ...]
    binding: bool
    cite: Any
    rework_event: str | None
    """The event that sends the order back (a profile's ``rework``) for a clock it restarts."""
    rework_duration: Duration

    @classmethod
    def of(cls, rule: ClockRule, rework: Rework | None = None) -> _Plan:
        reworked = rework is not None and rule.clock in rework.clocks
        relevant = rule.relevant_events
        if reworked:
            relevant = relevant | {rework.event}  # type: ignore[union-attr]
        return cls(
            rule,
            rule.id,
            rule.clock,
            rule.starts_on,
            rule.stops_on,
            frozenset(rule.stops_on) if rule.stops_when == "all" else None,
            relevant,
            rule.starts_on == "dispatched",
            rule.on_redispatch == "restart",
            rule.pausable,
            rule.duration,
            rule.counting,
            rule.warn_before,
            rule.binding,
            rule.cite,
            rework.event if reworked else None,  # type: ignore[union-attr]
            (rework.duration or rule.duration) if reworked else rule.duration,  # type: ignore[union-attr]
        )


@dataclass(slots=True)
class _Instance:
    rule: _Plan
    unit: str | None
    start: datetime
    started_by: EventRef
    due: datetime
    original_due: datetime
    estimated: bool
    state: ClockState = _RUNNING
    paused_at: datetime | None = None
    stopped_at: datetime | None = None
    stopped_by: EventRef | None = None
    lengths: list[Duration] = field(default_factory=list)
    stops_seen: set[str] | None = None
    """Stop events seen so far, for a clock that stops when all have happened."""


@dataclass(slots=True)
class ClockRun:
    """What running the clocks produced."""

    results: list[ClockResult]
    findings: list[Finding]


_CACHE_MAX = 4_096
_USED_KEY = ("\x00facts used",)  # where a cache keeps the facts its keys are made of
_PLANS_KEY = ("\x00plans",)  # ... and the plans of the rules, by id (the rules live as long)


def applicable(
    rules: Sequence[ClockRule],
    facts: Mapping[str, Any],
    cache: dict[tuple[Any, ...], list[_Plan]] | None = None,
) -> list[ClockRule]:
    """The rules that apply, keeping for each clock name only the highest priority that matches."""
    return [plan.rule for plan in _plans(rules, facts, cache)]


def _plans(
    rules: Sequence[ClockRule],
    facts: Mapping[str, Any],
    cache: dict[tuple[Any, ...], list[_Plan]] | None = None,
    rework: Rework | None = None,
) -> list[_Plan]:
    """The plans of the rules that apply (see :func:`applicable`).

    Clock conditions read only a ticket's attributes (``engine.facts.static_facts``), and
    tickets share a few combinations of them, so an engine passes a ``cache`` that
    remembers the answer per combination (bounded, emptied when full).
    """
    if cache is None:
        return [_Plan.of(r, rework) for r in _applicable(rules, facts)]
    try:
        # key on the facts the clock conditions read, so the cache stays small (a few
        # combinations) however many tags and repeat counts the tickets carry
        used: Any = cache.get(_USED_KEY)
        if used is None:  # computed once per cache (one cache per engine, hence per profile)
            used = tuple(sorted({f for r in rules for f in r.when.facts_used}))
            cache[_USED_KEY] = used
        key = tuple([facts.get(f) for f in used])
        found = cache.get(key)
    except TypeError:  # an unhashable attribute value: compute without the cache
        return [_Plan.of(r, rework) for r in _applicable(rules, facts)]
    if found is None:
        if len(cache) >= _CACHE_MAX:
            cache.clear()
            cache[_USED_KEY] = used
        plans = cache.get(_PLANS_KEY)
        if plans is None:  # one plan per rule, shared by every combination
            plans = cache[_PLANS_KEY] = {id(r): _Plan.of(r, rework) for r in rules}  # type: ignore[assignment]
        found = cache[key] = [plans[id(r)] for r in _applicable(rules, facts)]  # type: ignore[index]
    return found


def _applicable(rules: Sequence[ClockRule], facts: Mapping[str, Any]) -> list[ClockRule]:
    best: dict[str, int] = {}
    matching = [r for r in rules if r.when.test(facts)]
    for r in matching:
        if r.priority > best.get(r.clock, -(10**9)):
            best[r.clock] = r.priority
    return [r for r in matching if r.priority == best[r.clock]]


def run(
    rules: Sequence[ClockRule],
    events: Sequence[Event],
    as_of: datetime,
    calc: DeadlineCalculator,
    extension_rules: Sequence[ExtensionRule],
    facts: Mapping[str, Any],
    allow_estimated: bool,
    cache: dict[tuple[Any, ...], list[_Plan]] | None = None,
    event_types: set[str] | None = None,
    rework: Rework | None = None,
) -> ClockRun:
    """Run every applicable clock over the events (already cut at ``as_of``).

    ``rework`` (a profile's): its event starts a new round of the clocks it names, once the
    previous round has stopped; the earlier rounds keep their own results.
    """
    out = ClockRun([], [])
    checked_extensions: set[int] = set()
    if event_types is None:
        event_types = {e.type for e in events}
    extended = bool(extension_rules) and not _EXTENSION_EVENTS.isdisjoint(event_types)
    for plan in _plans(rules, facts, cache, rework):
        ext_rule = None
        if extended:
            ext_rule = next(
                (x for x in extension_rules if plan.clock in x.clocks and x.when.test(facts)), None
            )
        for inst in _instances(plan, events, calc, ext_rule, out, checked_extensions, facts):
            out.results.append(_result(inst, as_of, calc))
    for res in out.results:
        if res.state is _BREACHED:
            out.findings.append(
                Finding(
                    "deadline.breached",
                    _VIOLATION if res.binding else _WARNING,
                    partial(_breach_zh, res),
                    partial(_breach_en, res),
                    res.rule_id,
                    res.cite,
                    tuple(r for r in (res.started_by, res.stopped_by) if r is not None),
                    {"clock": res.clock, "unit": res.unit},
                )
            )
        if res.estimated and not allow_estimated:
            out.findings.append(
                Finding(
                    "calendar.estimated",
                    Severity.WARNING,
                    f"{res.rule_id} 的截止时刻依赖尚无放假通知的年份，为推定结果",
                    f"the due instant of {res.rule_id} depends on a year no holiday notice covers; estimated",
                    res.rule_id,
                    res.cite,
                )
            )
    return out


def _instances(
    rule: _Plan,
    events: Sequence[Event],
    calc: DeadlineCalculator,
    ext_rule: ExtensionRule | None,
    out: ClockRun,
    checked_extensions: set[int],
    facts: Mapping[str, Any],
) -> list[_Instance]:
    done: list[_Instance] = []
    cur: _Instance | None = None
    pending: tuple[datetime, Duration | None, EventRef] | None = None
    restarts = rule.restarts
    per_unit = rule.per_unit
    relevant = rule.relevant
    stops = rule.stops_on
    starts_on = rule.starts_on
    rework_event = rule.rework_event
    for i, e in enumerate(events):
        t = e.type
        if t not in relevant:
            continue
        if t == rework_event:
            if cur is None and done:  # sent back after the round stopped: a new round
                cur = _start(rule, e, i, calc, out, rule.rework_duration)
                if cur is not None and cur.unit is None:
                    cur.unit = done[-1].unit
                pending = None
            continue
        if (t == "dispatched" or t == "redispatched") and per_unit and e.role == "co":
            continue  # a co-handling unit (协办) joins; the lead unit's clock goes on
        if (
            cur is not None
            and t in stops
            and (not per_unit or e.unit is None or cur.unit is None or e.unit == cur.unit)
        ):
            # a unit's clock (one started by dispatch) is not stopped by an event that
            # names another unit, such as one taken off the ticket
            stop_all = rule.stop_all
            if stop_all is not None:  # stops_when: all: only when the last of them happens
                seen = cur.stops_seen
                if seen is None:
                    seen = cur.stops_seen = set()
                seen.add(t)
                if len(seen) < len(stop_all):
                    continue
            _close(cur, e, i)
            done.append(cur)
            cur = None
            pending = None
            continue
        if cur is not None and t == "return_approved" and restarts and per_unit:
            _close(cur, e, i)  # the returning unit's duty ends with the approved return
            done.append(cur)
            cur = None
            pending = None  # a request of the returning unit is not the next unit's
            continue
        starts = t == starts_on or (t == "redispatched" and per_unit)
        if starts:
            if cur is None:
                cur = _start(rule, e, i, calc, out)
            elif t == "redispatched" or (per_unit and e.unit and cur.unit and e.unit != cur.unit):
                # a second "dispatched" to another unit is a re-dispatch in all but name
                if restarts:
                    _close(cur, e, i)
                    done.append(cur)
                    cur = _start(rule, e, i, calc, out)
                    pending = None
                else:
                    cur.unit = e.unit or cur.unit
            continue
        if cur is None:
            continue
        if rule.pausable and t == "paused" and cur.paused_at is None:
            cur.paused_at = e.at
            cur.state = _PAUSED
        elif rule.pausable and t == "resumed" and cur.paused_at is not None:
            cur.due += e.at - cur.paused_at
            cur.paused_at = None
            cur.state = _RUNNING
        elif t == "extension_requested":
            pending = (e.at, e.length, EventRef.of(i, e))
        elif t == "extension_approved" and ext_rule is not None:
            _extend(cur, rule.rule, ext_rule, e, i, pending, calc, out, checked_extensions, facts)
            pending = None
        elif t == "extension_rejected" and ext_rule is not None and pending is not None:
            # A refused request is still judged: asking too late is reported (as a warning,
            # the office having refused it), and the due instant stays.
            if i not in checked_extensions:
                checked_extensions.add(i)
                try:
                    problems = _check(
                        ext_rule,
                        rule.rule,
                        cur,
                        calc,
                        pending[0],
                        pending[1],
                        pending,
                        EventRef.of(i, e),
                    )
                except HotlineRulesError as exc:
                    problems = [_uncountable(ext_rule, exc, EventRef.of(i, e))]
                out.findings.extend(_softened(p) for p in problems)
            pending = None
    if cur is not None:
        done.append(cur)
    return done


def _check(
    ext_rule: ExtensionRule,
    rule: ClockRule,
    cur: _Instance,
    calc: DeadlineCalculator,
    asked_at: datetime,
    length: Duration | None,
    pending: tuple[datetime, Duration | None, EventRef] | None,
    ref: EventRef,
) -> list[Finding]:
    return extensions.check_request(
        ext_rule,
        calc=calc,
        at=asked_at,
        length=length,
        due=cur.due,
        original=rule.duration,
        counting=rule.counting,
        approved_so_far=len(cur.lengths),
        total_so_far=list(cur.lengths),
        evidence=(pending[2], ref) if pending else (ref,),
        start=cur.start,
    )


def _softened(f: Finding) -> Finding:
    """The same finding as a warning (for a request the office refused)."""
    return Finding(f.code, Severity.WARNING, f._zh, f._en, f.rule_id, f.cite, f.evidence, f.details)


def _start(
    rule: _Plan,
    e: Event,
    i: int,
    calc: DeadlineCalculator,
    out: ClockRun,
    duration: Duration | None = None,
) -> _Instance | None:
    try:
        due, estimated = calc.due_instant(e.at, duration or rule.duration, rule.counting)
    except HotlineRulesError as exc:  # e.g. a date outside the calendar: report, go on
        out.findings.append(_uncountable(rule.rule, exc, EventRef.of(i, e)))
        return None
    ref = _new_tuple(EventRef, (i, e.type, e.at, e.unit))  # EventRef.of, inlined
    return _Instance(rule, e.unit, e.at, ref, due, due, estimated)


def _uncountable(rule: ClockRule | ExtensionRule, exc: HotlineRulesError, ref: EventRef) -> Finding:
    return finding(
        "clock.uncountable",
        f"无法计算时限：{exc.message_zh}",
        f"the time limit cannot be counted: {exc.message_en}",
        rule,
        severity=Severity.WARNING,
        evidence=(ref,),
    )


def _close(cur: _Instance, e: Event, i: int) -> None:
    at = e.at
    if cur.paused_at is not None:  # stopped while paused: the pause ends here
        cur.due += at - cur.paused_at
        cur.paused_at = None
    cur.stopped_at = at
    cur.stopped_by = _new_tuple(EventRef, (i, e.type, e.at, e.unit))  # EventRef.of, inlined
    cur.state = _MET if at <= cur.due else _BREACHED


def _extend(
    cur: _Instance,
    rule: ClockRule,
    ext_rule: ExtensionRule,
    e: Event,
    i: int,
    pending: tuple[datetime, Duration | None, EventRef] | None,
    calc: DeadlineCalculator,
    out: ClockRun,
    checked: set[int],
    facts: Mapping[str, Any],
) -> None:
    ref = EventRef.of(i, e)
    length = e.length or (pending[1] if pending else None)
    first_check = i not in checked
    checked.add(i)
    if first_check and pending is None:
        out.findings.append(
            finding(
                "extension.approved_without_request",
                "延期获批，但此前没有延期申请记录",
                "an extension was approved but never requested",
                ext_rule,
                severity=Severity.WARNING,
                evidence=(ref,),
            )
        )
    asked_at = pending[0] if pending else e.at
    try:
        problems = _check(ext_rule, rule, cur, calc, asked_at, length, pending, ref)
    except HotlineRulesError as exc:
        if first_check:
            out.findings.append(_uncountable(ext_rule, exc, ref))
        return
    if first_check:
        out.findings.extend(problems)
    if any(p.severity is Severity.VIOLATION for p in problems):
        # An extension the regulation does not allow (asked after the limit expired, one
        # too many, too long...) does not move the due instant, even if it was approved.
        return
    if length is None:
        if first_check:
            out.findings.append(
                finding(
                    "extension.length_missing",
                    "延期获批，但没有写明延期多久，截止时刻未调整",
                    "an extension was approved without a length; the due instant is unchanged",
                    ext_rule,
                    severity=Severity.WARNING,
                    evidence=(ref,),
                )
            )
        return
    try:
        cur.due = extensions.apply(calc, cur.due, length, rule.counting)
    except HotlineRulesError as exc:  # e.g. working hours without office hours: due unchanged
        if first_check:
            out.findings.append(_uncountable(ext_rule, exc, ref))
        return
    cur.lengths.append(length)


def _result(inst: _Instance, as_of: datetime, calc: DeadlineCalculator) -> ClockResult:
    state = inst.state
    if state in (_RUNNING, _PAUSED) and as_of > inst.due and inst.paused_at is None:
        state = _BREACHED
    warning = False
    plan = inst.rule
    if state is _RUNNING and plan.warn_before:
        warning = any(as_of >= _warn_at(calc, inst.due, w, plan.rule) for w in plan.warn_before)
    return _new_tuple(  # tuple.__new__: this runs for every clock of every ticket
        ClockResult,
        (
            plan.id,
            plan.clock,
            inst.unit,
            state,
            inst.start,
            inst.due,
            inst.original_due,
            inst.stopped_at,
            as_of,
            warning,
            inst.estimated,
            plan.binding,
            plan.cite,
            tuple(str(d) for d in inst.lengths) if inst.lengths else (),
            inst.started_by,
            inst.stopped_by,
        ),
    )


def _warn_at(
    calc: DeadlineCalculator, due: datetime, window: Duration, rule: ClockRule
) -> datetime:
    """The instant ``window`` before ``due`` (working days counted back on the calendar)."""
    if window.unit is Unit.WORKING_DAYS:
        zone = calc.zone
        end_of_day = (
            rule.counting.ends_at is EndsAt.END_OF_DAY and rule.counting.style is Style.CALENDAR
        )
        last = (due.astimezone(zone) - (_EPS if end_of_day else timedelta(0))).date()
        day = calc.calendar.add_working_days(last, -window.amount, allow_estimated=True)
        if end_of_day:
            return calc._midnight(day.toordinal() + 1)
        return datetime.combine(day, due.astimezone(zone).time(), tzinfo=zone)
    return extensions.extend_back(calc, due, window)


def _breach_zh(res: ClockResult) -> str:
    late = res.overdue_by
    return (
        f"{res.clock}（{res.rule_id}）超时：应于 {_iso(res.due)} 前完成"
        + (f"，实际 {_iso(res.stopped_at)}" if res.stopped_at else "，至今未完成")
        + (f"，逾期 {_span_zh(late)}" if late is not None else "")
    )


def _breach_en(res: ClockResult) -> str:
    late = res.overdue_by
    return (
        f"{res.clock} ({res.rule_id}) breached: due {_iso(res.due)}"
        + (f", done {_iso(res.stopped_at)}" if res.stopped_at else ", still open")
        + (f", late by {late}" if late is not None else "")
    )


def _iso(d: datetime | None) -> str:
    return d.isoformat() if d else "—"


def _span_zh(span: timedelta) -> str:
    days, secs = span.days, span.seconds
    hours, minutes = secs // 3600, secs % 3600 // 60
    parts = []
    if days:
        parts.append(f"{days}天")
    if hours:
        parts.append(f"{hours}小时")
    if minutes or not parts:
        parts.append(f"{minutes}分钟")
    return "".join(parts)


__all__ = ["ClockRun", "applicable", "run"]
