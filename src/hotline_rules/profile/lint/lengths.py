"""Durations compared across units, roughly: lint has no calendar, only a sense of scale."""

from __future__ import annotations

from hotline_rules.time.duration import Duration, Unit


def working_days(d: Duration) -> float:
    """A duration in working days, roughly (5 working days a week, 8 office hours a day)."""
    amount = float(d.amount)
    return {
        Unit.WORKING_DAYS: amount,
        Unit.DAYS: amount * 5 / 7,
        Unit.HOURS: amount / 24 * 5 / 7,
        Unit.MINUTES: amount / 1440 * 5 / 7,
        Unit.WORKING_HOURS: amount / 8,
        Unit.SAME_DAY: 5 / 7,
    }[d.unit]


def not_shorter(a: Duration, b: Duration) -> bool:
    """True when ``a`` is at least as long as ``b`` (exact in one unit, rough across units)."""
    if a.unit is b.unit:
        return a.amount >= b.amount
    return working_days(a) >= working_days(b)


__all__ = ["not_shorter", "working_days"]
