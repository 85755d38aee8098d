"""Returns (退单/退件): window, limits, reasons, forbidden cases, evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from hotline_rules.engine.results import EventRef, Finding, Severity
from hotline_rules.engine.rules.common import finding
from hotline_rules.engine.ticket import Event
from hotline_rules.profile.schema import ReturnRule
from hotline_rules.time.deadline import DeadlineCalculator


def check_requests(
    rules: Sequence[ReturnRule],
    calc: DeadlineCalculator,
    events: Sequence[Event],
    facts: Mapping[str, Any],
) -> list[Finding]:
    """Every return asked in ``events``, judged by the first rule whose condition holds."""
    out: list[Finding] = []
    approved = 0
    for i, e in enumerate(events):
        if e.type == "return_approved":
            approved += 1
        if e.type != "return_requested":
            continue
        rule = next((r for r in rules if r.when(facts)), None)
        if rule is None:
            continue
        out += check_request(
            rule,
            facts=facts,
            at=e.at,
            reason=e.reason,
            evidence_given=e.evidence,
            window_due=window_due(rule, calc, events[:i], e.unit),
            returns_so_far=approved,
            evidence=(EventRef.of(i, e),),
        )
    return out


def window_due(
    rule: ReturnRule, calc: DeadlineCalculator, before: Sequence[Event], unit: str | None
) -> datetime | None:
    """When the window to ask for a return closes: counted from the unit's last (re)dispatch.

    None when the rule sets no window or the unit was never dispatched the ticket.
    """
    if rule.window is None:
        return None
    starts = {rule.window_starts_on}
    if rule.window_starts_on == "dispatched":
        starts.add("redispatched")
    opened = next(
        (
            e
            for e in reversed(before)
            if e.type in starts and (unit is None or e.unit in (None, unit))
        ),
        None,
    )
    if opened is None:
        return None
    return calc.due_instant(opened.at, rule.window)[0]  # no derivation needed here


def check_request(
    rule: ReturnRule,
    *,
    facts: Mapping[str, Any],
    at: datetime,
    reason: str | None,
    evidence_given: tuple[str, ...],
    window_due: datetime | None,
    returns_so_far: int,
    evidence: tuple[EventRef, ...] = (),
) -> list[Finding]:
    """Everything wrong with a return asked at ``at`` (``returns_so_far`` approved before it)."""
    out: list[Finding] = []
    soft = Severity.WARNING if rule.in_principle else Severity.VIOLATION
    if window_due is not None and at > window_due:
        deemed = rule.missed_window == "deemed_accepted"
        out.append(
            finding(
                "return.window_missed",
                f"退单申请于 {at.isoformat()} 提出，已过申请期限 {window_due.isoformat()}"
                + ("；逾期不退，视作接单" if deemed else ""),
                f"return asked at {at.isoformat()}, after the window closed at {window_due.isoformat()}"
                + ("; a missed window counts as acceptance" if deemed else ""),
                rule,
                evidence=evidence,
                deemed_accepted=deemed,
            )
        )
    if rule.max_returns is not None and returns_so_far >= rule.max_returns:
        limit = "原则上不得退回" if rule.max_returns == 0 else f"最多退单 {rule.max_returns} 次"
        out.append(
            finding(
                "return.not_allowed",
                f"已退单 {returns_so_far} 次，{limit}",
                f"{returns_so_far} return(s) already; "
                + (
                    "returns are not allowed in principle"
                    if rule.max_returns == 0
                    else f"at most {rule.max_returns}"
                ),
                rule,
                severity=soft,
                evidence=evidence,
            )
        )
    for case in rule.forbidden:
        if case.when(facts):
            out.append(
                finding(
                    "return.not_allowed",
                    f"不得退单：{case.text}",
                    f"return not allowed: {case.text}",
                    rule,
                    evidence=evidence,
                    case=case.id,
                )
            )
    if rule.allowed_reasons:
        allowed = {r.id for r in rule.allowed_reasons}
        if reason is None or reason not in allowed:
            shown = "、".join(r.id for r in rule.allowed_reasons)
            out.append(
                finding(
                    "return.reason_not_allowed",
                    f"退单理由“{reason or '未填写'}”不在可退单情形（{shown}）之内",
                    f"return reason '{reason or 'none'}' is not one of the allowed reasons ({', '.join(sorted(allowed))})",
                    rule,
                    evidence=evidence,
                )
            )
    missing = [e for e in rule.evidence if e.required and e.id not in evidence_given]
    if missing:
        out.append(
            finding(
                "return.evidence_missing",
                "退单缺少材料：" + "、".join(e.text for e in missing),
                "return lacks evidence: " + ", ".join(e.id for e in missing),
                rule,
                evidence=evidence,
                missing=[e.id for e in missing],
            )
        )
    return out


__all__ = ["check_request", "check_requests", "window_due"]
