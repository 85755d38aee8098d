"""Duty roster (值班): which windows cover an instant.

A window runs from ``from`` to ``to`` on each day it applies to (every day, or
working days only); ``next_day`` (or a ``to`` not after ``from``) makes it end
on the following day, and ``24:00`` is the end of its day. A window that
started yesterday and runs overnight still covers this morning, so both the
instant's day and the day before are looked at. The day a window belongs to
is the day it starts: an overnight working-day window that starts on Friday
covers Saturday morning too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from hotline_rules.profile.schema import DutyWindow

_ONE_DAY = timedelta(days=1)


def _clock(text: str) -> timedelta:
    """``"08:30"`` as the time since midnight (``"24:00"`` is a whole day)."""
    hours, minutes = text.split(":")
    return timedelta(hours=int(hours), minutes=int(minutes))


def span(window: DutyWindow, day: date, zone: object) -> tuple[datetime, datetime]:
    """The instants a window of ``day`` starts and ends, in ``zone`` (a tzinfo)."""
    midnight = datetime.combine(day, time(0), tzinfo=zone)  # type: ignore[arg-type]
    start, end = _clock(window.start), _clock(window.end)
    if window.next_day or end <= start:
        end += _ONE_DAY
    return midnight + start, midnight + end


def covering(
    windows: Iterable[DutyWindow],
    at: datetime,
    is_working_day: Callable[[date], bool],
) -> tuple[DutyWindow, ...]:
    """The windows on duty at ``at`` (aware, in the roster's zone), in roster order."""
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    today = at.date()
    out: list[DutyWindow] = []
    for w in windows:
        for day in (today - _ONE_DAY, today):
            if w.days == "working_days" and not is_working_day(day):
                continue
            begin, end = span(w, day, at.tzinfo)
            if begin <= at < end:
                out.append(w)
                break
    return tuple(out)


__all__ = ["covering", "span"]
