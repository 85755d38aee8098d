"""Ownership rulings (承办主体争议认定): after N returns, who owns the ticket is ruled on in time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from hotline_rules.engine.results import ClockResult, ClockState, EventRef, Finding, Severity
from hotline_rules.engine.rules.common import finding
from hotline_rules.engine.ticket import Event
from hotline_rules.profile.schema import OwnershipRule
from hotline_rules.time.deadline import DeadlineCalculator


def check(
    rules: Sequence[OwnershipRule],
    events: Sequence[Event],
    as_of: datetime,
    calc: DeadlineCalculator,
    facts: Mapping[str, Any],
) -> tuple[list[ClockResult], list[Finding]]:
    """The ruling clock and an ``ownership.ruling_due`` finding once returns reach the threshold."""
    clocks: list[ClockResult] = []
    out: list[Finding] = []
    for rule in rules:
        count = 0
        trigger: int | None = None
        for i, e in enumerate(events):
            if e.type == "return_approved":  # a refused return request returns nothing
                count += 1
                if count == rule.after_returns:
                    trigger = i
                    break
        if trigger is None:
            continue
        start_i = trigger
        if rule.starts_on != "return_approved":
            start_i = next(
                (i for i in range(trigger, len(events)) if events[i].type == rule.starts_on), -1
            )
            if start_i < 0:
                continue
        start = events[start_i]
        ref = EventRef.of(start_i, start)
        out.append(
            finding(
                "ownership.ruling_due",
                f"已退单 {rule.after_returns} 次（含），应通过{rule.forum}认定承办主体",
                f"{rule.after_returns} returns: ownership is to be ruled by {rule.forum}",
                rule,
                severity=Severity.INFO,
                evidence=(ref,),
            )
        )
        if rule.duration is None:
            continue
        due = calc.due(start.at, rule.duration, allow_estimated=True)
        stop = next(
            ((i, e) for i, e in enumerate(events) if i > start_i and e.type in rule.stops_on), None
        )
        state = ClockState.RUNNING
        stopped_at = None
        stopped_by = None
        if stop is not None:
            stopped_at = stop[1].at
            stopped_by = EventRef.of(*stop)
            state = ClockState.MET if stopped_at <= due.due else ClockState.BREACHED
        elif as_of > due.due:
            state = ClockState.BREACHED
        result = ClockResult(
            rule_id=rule.id,
            clock="ownership_ruling",
            unit=None,
            state=state,
            start=start.at,
            due=due.due,
            original_due=due.due,
            stopped_at=stopped_at,
            as_of=as_of,
            warning=False,
            estimated=due.estimated,
            binding=True,
            cite=rule.cite,
            started_by=ref,
            stopped_by=stopped_by,
        )
        clocks.append(result)
        if state is ClockState.BREACHED:
            out.append(
                finding(
                    "deadline.breached",
                    f"承办主体认定超时：应于 {due.due.isoformat()} 前反馈认定结果",
                    f"ownership ruling late: due {due.due.isoformat()}",
                    rule,
                    evidence=(ref, *((stopped_by,) if stopped_by else ())),
                    clock="ownership_ruling",
                )
            )
    return clocks, out


__all__ = ["check"]
