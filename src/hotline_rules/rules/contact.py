"""First contact (先行联系): spacing of retries, and the SMS when nobody answers."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from ..duration import Unit
from ..profile.schema import FirstContactRule
from ..results import ClockResult, ClockState, EventRef, Finding, Severity
from ..ticket import Event
from .common import finding


def check(
    rules: Sequence[FirstContactRule],
    events: Sequence[Event],
    clocks: Sequence[ClockResult],
    facts: Mapping[str, Any],
) -> list[Finding]:
    """Findings on contact attempts for every first-contact rule that applies."""
    out: list[Finding] = []
    for rule in rules:
        if not rule.when(facts):
            continue
        severity = Severity.VIOLATION if rule.binding else Severity.WARNING
        attempts = [(i, e) for i, e in enumerate(events) if e.type == "contact_attempted"]
        gap = rule.retry_min_interval
        if gap is not None and gap.unit in (Unit.MINUTES, Unit.HOURS):
            minimum = timedelta(minutes=gap.amount * (60 if gap.unit is Unit.HOURS else 1))
            for (i, a), (j, b) in itertools.pairwise(attempts):
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
        if rule.fallback == "sms" and attempts:
            contacted = any(e.type == "contacted" for e in events)
            sms = any(e.type == "sms_sent" for e in events)
            clock_over = any(
                c.clock == rule.clock and c.state in (ClockState.BREACHED, ClockState.MET)
                for c in clocks
            )
            completed = any(e.type == "completed" for e in events)
            if not contacted and not sms and (clock_over or completed):
                out.append(
                    finding(
                        "contact.sms_missing",
                        "始终未能联系上诉求人，但没有发送短信告知",
                        "the requester was never reached and no SMS was sent",
                        rule,
                        evidence=tuple(EventRef.of(i, e) for i, e in attempts),
                    )
                )
    return out


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


__all__ = ["check"]
