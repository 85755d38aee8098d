"""First contact (先行联系): spacing of retries, and the SMS when nobody answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from itertools import pairwise
from typing import Any

from hotline_rules.engine.results import ClockResult, ClockState, EventRef, Finding, Severity
from hotline_rules.engine.rules.common import finding
from hotline_rules.engine.ticket import Event
from hotline_rules.profile.schema import FirstContactRule
from hotline_rules.time.duration import Unit


def check(
    rules: Sequence[FirstContactRule],
    events: Sequence[Event],
    clocks: Sequence[ClockResult],
    facts: Mapping[str, Any],
) -> list[Finding]:
    """Findings on contact attempts, unit by unit, for every first-contact rule that applies.

    Each unit's attempts are judged within its own first-contact clock: a unit
    that returned the ticket owes no SMS, and two units' attempts are not one
    unit's retries.
    """
    out: list[Finding] = []
    if not rules or not any(e.type == "contact_attempted" for e in events):
        return out  # nothing to judge without attempts
    for rule in rules:
        if not rule.when.test(facts):
            continue
        severity = Severity.VIOLATION if rule.binding else Severity.WARNING
        own = [c for c in clocks if c.clock == rule.clock and c.start is not None]
        windows: list[ClockResult | None] = [*own] if own else [None]
        for c in windows:
            attempts: list[tuple[int, Event]] = []
            contacted = sms = completed = False
            unit = c.unit if c is not None else None
            lo = c.start if c is not None else None
            hi = (c.stopped_at or c.as_of) if c is not None else None
            for i, e in enumerate(events):  # one pass per unit's window
                if unit is not None and e.unit is not None and e.unit != unit:
                    continue
                if lo is not None and not (lo <= e.at <= hi):  # type: ignore[operator]
                    continue
                t = e.type
                if t == "contact_attempted":
                    attempts.append((i, e))
                elif t == "contacted":
                    contacted = True
                elif t == "sms_sent":
                    sms = True
                elif t == "completed":
                    completed = True
            out += _spacing(rule, attempts, severity)
            if rule.fallback != "sms" or not attempts:
                continue
            if (
                c is not None
                and c.stopped_by is not None
                and c.stopped_by.type == "return_approved"
            ):
                continue  # the unit returned the ticket: no SMS is owed by it
            over = c is None or c.state in (ClockState.BREACHED, ClockState.MET)
            if not contacted and not sms and (over or completed):
                out.append(
                    finding(
                        "contact.sms_missing",
                        "始终未能联系上诉求人，但没有发送短信告知",
                        "the requester was never reached and no SMS was sent",
                        rule,
                        evidence=tuple(EventRef.of(i, e) for i, e in attempts),
                        unit=unit,
                    )
                )
    return out


def _spacing(
    rule: FirstContactRule, attempts: list[tuple[int, Event]], severity: Severity
) -> list[Finding]:
    gap = rule.retry_min_interval
    if gap is None or gap.unit not in (Unit.MINUTES, Unit.HOURS):
        return []
    minimum = timedelta(minutes=gap.amount * (60 if gap.unit is Unit.HOURS else 1))
    out: list[Finding] = []
    for (i, a), (j, b) in pairwise(attempts):
        if b.at - a.at < minimum:
            out.append(
                finding(
                    "contact.retry_too_soon",
                    f"两次尝试联系相隔 {_minutes(b.at - a.at)} 分钟，少于{gap.zh}"
                    + ("（条文为建议）" if not rule.binding else ""),
                    f"contact attempts {_minutes(b.at - a.at)} minutes apart, less than {gap}",
                    rule,
                    severity=severity,
                    evidence=(EventRef.of(i, a), EventRef.of(j, b)),
                )
            )
    return out


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


__all__ = ["check"]
