"""One shared ``timezone`` object per UTC offset, and instants read straight into it.

CPython compares two aware datetimes much faster when their ``tzinfo`` is the
same object (no ``utcoffset`` calls): parsed event times and the engine's due
instants use these shared objects so that the many comparisons of an audit
stay cheap.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_ZONES: dict[timedelta, timezone] = {}


def fixed_zone(offset: timedelta) -> timezone:
    """The shared ``timezone`` for ``offset``."""
    zone = _ZONES.get(offset)
    if zone is None:
        zone = _ZONES.setdefault(offset, timezone(offset))
    return zone


def in_shared_zone(at: datetime) -> datetime:
    """``at`` with the shared ``timezone`` of its offset (the same instant, the same offset)."""
    offset = at.utcoffset()
    if offset is None:
        return at
    zone = fixed_zone(offset)
    if at.tzinfo is zone:
        return at
    return datetime(
        at.year,
        at.month,
        at.day,
        at.hour,
        at.minute,
        at.second,
        at.microsecond,
        zone,
        fold=at.fold,
    )


_OFFSET = re.compile(r"[+-]([01]\d|2[0-3]):[0-5]\d", re.ASCII)
_DAY = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d", re.ASCII)
_CACHE_LIMIT = 100_000
_suffixes: dict[str, timezone] = {"Z": fixed_zone(timedelta(0))}
_midnights: dict[str, dict[str, datetime]] = {}
"""Offset suffix (``+08:00``) -> day (``2026-09-30``) -> 00:00 of that day in the shared zone."""
_times: dict[str, timedelta] = {}
"""``HH:MM:SS`` -> time since midnight (at most 86,400 of them)."""


def _zone(suffix: str) -> timezone | None:
    zone = _suffixes.get(suffix)
    if zone is None and _OFFSET.fullmatch(suffix):
        sign = -1 if suffix[0] == "-" else 1
        zone = fixed_zone(sign * timedelta(hours=int(suffix[1:3]), minutes=int(suffix[4:6])))
        _suffixes[suffix] = zone
    return zone


def _midnight(day: str, suffix: str) -> datetime | None:
    """00:00 of ``day`` in the shared zone of ``suffix``, remembered; None if either is wrong."""
    zone = _zone(suffix)
    if zone is None or not _DAY.fullmatch(day):
        return None
    try:
        found = datetime.fromisoformat(day).replace(tzinfo=zone)
    except ValueError:  # 2026-02-30 and the like: the slow path explains it
        return None
    days = _midnights.setdefault(suffix, {})
    if len(days) > _CACHE_LIMIT:
        days.clear()
    days[day] = found
    return found


def _since_midnight(clock: str) -> timedelta | None:
    if not _TIME.fullmatch(clock):
        return None
    since = _times[clock] = timedelta(
        hours=int(clock[:2]), minutes=int(clock[3:5]), seconds=int(clock[6:])
    )
    return since


def shared_instant(text: str) -> datetime | None:
    """``YYYY-MM-DDTHH:MM:SS`` with ``+HH:MM``, ``-HH:MM`` or ``Z``, in its shared zone.

    None for anything else (the caller then parses it the slow way). Built as the
    day's midnight plus the time of day, both remembered (an export spans few days
    and few distinct times): the instant ``datetime.fromisoformat`` reads, in the
    shared zone, without the cost of parsing and then replacing the zone.
    """
    if (len(text) != 25 and len(text) != 20) or text[10] != "T":
        return None
    suffix, day, clock = text[19:], text[:10], text[11:19]
    days = _midnights.get(suffix)
    midnight = days.get(day) if days is not None else None
    if midnight is None:
        midnight = _midnight(day, suffix)
        if midnight is None:
            return None
    since = _times.get(clock)
    if since is None:
        since = _since_midnight(clock)
        if since is None:
            return None
    return midnight + since


__all__ = ["fixed_zone", "in_shared_zone", "shared_instant"]
