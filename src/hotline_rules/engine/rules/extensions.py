"""Extensions (延期): whether a request is allowed, and where the due instant moves."""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline_rules.engine.results import EventRef, Finding
from hotline_rules.engine.rules.common import extend_from, finding, longer
from hotline_rules.profile.schema import ExtensionRule
from hotline_rules.time.deadline import Counting, DeadlineCalculator
from hotline_rules.time.duration import Duration, Unit

_EPS = timedelta(microseconds=1)


def check_request(
    rule: ExtensionRule,
    *,
    calc: DeadlineCalculator,
    at: datetime,
    length: Duration | None,
    due: datetime,
    original: Duration,
    counting: Counting,
    approved_so_far: int,
    total_so_far: list[Duration],
    evidence: tuple[EventRef, ...] = (),
    start: datetime | None = None,
) -> list[Finding]:
    """Everything wrong with asking, at ``at``, for ``length`` more on a clock due at ``due``
    (and started at ``start``, for a cap on the whole limit)."""
    out: list[Finding] = []
    if rule.max_count is not None and approved_so_far >= rule.max_count:
        out.append(
            finding(
                "extension.too_many",
                f"已延期 {approved_so_far} 次，按规定最多 {rule.max_count} 次",
                f"already extended {approved_so_far} time(s); at most {rule.max_count} allowed",
                rule,
                evidence=evidence,
            )
        )
    if rule.request_within_limit and at > due:
        out.append(
            finding(
                "extension.too_late",
                f"延期申请于 {at.isoformat()} 提出，已超过办理时限 {due.isoformat()}",
                f"extension asked at {at.isoformat()}, after the due instant {due.isoformat()}",
                rule,
                evidence=evidence,
            )
        )
    elif rule.no_request_within is not None and _within(calc, at, due, rule.no_request_within):
        out.append(
            finding(
                "extension.too_late",
                f"延期申请于 {at.isoformat()} 提出，距到期（{due.isoformat()}）已不足"
                f"{rule.no_request_within.zh}，不再办理",
                f"extension asked at {at.isoformat()}, within {rule.no_request_within} of the due "
                f"instant {due.isoformat()}",
                rule,
                evidence=evidence,
            )
        )
    if length is None:
        return out
    if rule.choices and length not in rule.choices:
        shown = "、".join(c.zh for c in rule.choices)
        out.append(
            finding(
                "extension.not_a_choice",
                f"延期长度 {length.zh} 不在可选范围（{shown}）内",
                f"extension of {length} is not one of the allowed lengths ({', '.join(map(str, rule.choices))})",
                rule,
                evidence=evidence,
            )
        )
    if rule.max_each is not None and longer(calc, due, length, rule.max_each, counting):
        out.append(_too_long(rule, length, rule.max_each, evidence))
    if rule.max_each_factor is not None:
        cap = factor_cap(rule.max_each_factor, original)
        if original.unit is not Unit.SAME_DAY and longer(calc, due, length, cap, counting):
            out.append(_too_long(rule, length, cap, evidence))
    if rule.max_overall is not None and start is not None:
        cap_due = calc.due(start, rule.max_overall, counting, allow_estimated=True).due
        new_due = extend_from(calc, due, length, counting)
        if new_due > cap_due:
            out.append(
                finding(
                    "extension.beyond_cap",
                    f"延期后截止于 {new_due.isoformat()}，超过自起算时起 {rule.max_overall.zh}"
                    f"的总时限（{cap_due.isoformat()}）",
                    f"extended, the clock would end at {new_due.isoformat()}, past the whole limit "
                    f"of {rule.max_overall} from its start ({cap_due.isoformat()})",
                    rule,
                    evidence=evidence,
                    limit=str(rule.max_overall),
                    cap_due=cap_due.isoformat(),
                )
            )
    if (
        rule.max_total_factor is not None
        and original.unit is not Unit.SAME_DAY
        and start is not None
    ):
        over = _beyond_total_factor(
            rule.max_total_factor, calc, [*total_so_far, length], original, counting, start
        )
        if over is not None:
            cap, reached, cap_due = over
            out.append(
                finding(
                    "extension.too_long",
                    f"累计延期超过原时限的 {rule.max_total_factor:g} 倍（合计至多 {cap.zh}）："
                    f"延期后截止于 {reached.isoformat()}，晚于 {cap_due.isoformat()}",
                    f"extensions add up to more than {rule.max_total_factor:g} times the original "
                    f"limit (at most {cap} in total): the clock would end at {reached.isoformat()}, "
                    f"after {cap_due.isoformat()}",
                    rule,
                    evidence=evidence,
                    limit=str(cap),
                    cap_due=cap_due.isoformat(),
                )
            )
    if rule.max_total is not None:
        total = [*total_so_far, length]
        same = [d for d in total if d.unit is rule.max_total.unit]
        if len(same) == len(total) and sum(d.amount for d in same) > rule.max_total.amount:
            out.append(
                finding(
                    "extension.too_long",
                    f"累计延期超过 {rule.max_total.zh}",
                    f"extensions add up to more than {rule.max_total}",
                    rule,
                    evidence=evidence,
                )
            )
    return out


def factor_cap(factor: float, original: Duration) -> Duration:
    """``factor`` times ``original``, in its unit, rounded down but at least one: the cap of
    ``max_each_factor`` (each extension) and of ``max_total_factor`` (all of them together)."""
    return Duration(max(1, int(original.amount * factor)), original.unit)


def _beyond_total_factor(
    factor: float,
    calc: DeadlineCalculator,
    lengths: list[Duration],
    original: Duration,
    counting: Counting,
    start: datetime,
) -> tuple[Duration, datetime, datetime] | None:
    """(cap, where the extensions reach, where the cap reaches) when all ``lengths`` together
    go past ``factor`` times the original limit; else None.

    Measured on the calendar, not by adding amounts: each extension is counted on from the
    due it extends (as they are applied), starting from the clock's original due; the cap
    is the same count from the original due. So with 5个工作日 and factor 1, the extended due
    may be at most the 24:00 of the 5th working day after the original due's last day,
    whatever units the extensions were asked in. Like ``max_overall``, it needs the clock's
    start (every clock that can be extended has one).
    """
    cap = factor_cap(factor, original)
    base = calc.due(start, original, counting, allow_estimated=True).due
    reached = base
    for d in lengths:
        reached = extend_from(calc, reached, d, counting)
    cap_due = extend_from(calc, base, cap, counting)
    return (cap, reached, cap_due) if reached > cap_due else None


def _too_long(
    rule: ExtensionRule, length: Duration, cap: Duration, evidence: tuple[EventRef, ...]
) -> Finding:
    return finding(
        "extension.too_long",
        f"延期 {length.zh} 超过每次上限 {cap.zh}",
        f"extension of {length} exceeds the limit of {cap} per extension",
        rule,
        evidence=evidence,
        requested=str(length),
        limit=str(cap),
    )


def _within(calc: DeadlineCalculator, at: datetime, due: datetime, window: Duration) -> bool:
    """True when ``at`` falls inside the last ``window`` before ``due``.

    For working days: the request day and every working day after it up to the
    last day of the period number at most ``window`` (so with 5 working days, the
    Monday of a week whose Friday is the last day is already too late).
    """
    zone = calc.zone
    if window.unit is Unit.WORKING_DAYS:
        day = at.astimezone(zone).date()
        last = (due.astimezone(zone) - _EPS).date()
        cal = calc.calendar
        # the engine accepts estimated years here (its clocks mark them, not this window)
        days = cal.working_days_between(day, last, allow_estimated=True) + (
            1 if cal.is_working_day(day, allow_estimated=True) else 0
        )
        return days <= window.amount
    cutoff_from = extend_back(calc, due, window)
    return at > cutoff_from


def extend_back(calc: DeadlineCalculator, due: datetime, window: Duration) -> datetime:
    """The instant ``window`` before ``due``.

    Minutes, hours and natural days count straight back; working hours count back
    inside office hours; "当日" is the start of the due's own day. (Working days are
    counted back on the calendar by the callers, who know how the period ends.)
    """
    unit = window.unit
    if unit is Unit.MINUTES:
        return due - timedelta(minutes=window.amount)
    if unit is Unit.HOURS:
        return due - timedelta(hours=window.amount)
    if unit is Unit.WORKING_HOURS:
        return calc.working_hours_before(due, window.amount, allow_estimated=True)
    if unit is Unit.SAME_DAY:
        day = (due.astimezone(calc.zone) - _EPS).date()
        return datetime.combine(day, datetime.min.time(), tzinfo=calc.zone)
    if unit is Unit.WORKING_DAYS:
        zone = calc.zone
        last = (due.astimezone(zone) - _EPS).date()
        first = calc.calendar.add_working_days(last, -window.amount, allow_estimated=True)
        return datetime.combine(first, datetime.min.time(), tzinfo=zone) + timedelta(days=1)
    return due - timedelta(days=window.amount)


def apply(
    calc: DeadlineCalculator, due: datetime, length: Duration, counting: Counting
) -> datetime:
    """The due instant after an approved extension of ``length``: counted on from ``due``."""
    return extend_from(calc, due, length, counting)


__all__ = ["apply", "check_request", "factor_cap"]
