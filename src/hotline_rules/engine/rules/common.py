"""Small pieces the rule modules share: building findings, comparing durations."""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline_rules.engine.results import EventRef, Finding, Severity
from hotline_rules.profile.fields import Rule
from hotline_rules.time.deadline import Counting, DeadlineCalculator
from hotline_rules.time.duration import Duration, Unit

_TINY = timedelta(microseconds=1)


def finding(
    code: str,
    zh: str,
    en: str,
    rule: Rule | None,
    *,
    severity: Severity = Severity.VIOLATION,
    evidence: tuple[EventRef, ...] = (),
    **details: object,
) -> Finding:
    """A finding citing ``rule``."""
    return Finding(
        code,
        severity,
        zh,
        en,
        rule.id if rule else None,
        rule.cite if rule else None,
        evidence,
        dict(details),
    )


def extend_from(
    calc: DeadlineCalculator, due: datetime, length: Duration, counting: Counting
) -> datetime:
    """A due instant moved on by ``length``, counted from the due instant (not from today).

    A period ending at 24:00 is written as the next day's 00:00; the extension is
    counted from the last day of the period, so one instant earlier is the base.
    """
    if (
        counting.inclusive
    ):  # 含本数 counts the clock's own start day; an extension goes on from the due
        counting = counting.model_copy(update={"inclusive": False})
    base = due if counting.style.value == "elapsed" else due - _TINY
    if length.unit in (Unit.MINUTES, Unit.HOURS):
        base = due
    return calc.due(base, length, counting, allow_estimated=True).due


def longer(
    calc: DeadlineCalculator, due: datetime, a: Duration, b: Duration, counting: Counting
) -> bool:
    """True when ``a`` reaches further than ``b`` from the same due instant."""
    if a.unit is b.unit:
        return a.amount > b.amount
    return extend_from(calc, due, a, counting) > extend_from(calc, due, b, counting)


__all__ = ["extend_from", "finding", "longer"]
