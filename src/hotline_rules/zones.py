"""One shared ``timezone`` object per UTC offset.

CPython compares two aware datetimes much faster when their ``tzinfo`` is the
same object (no ``utcoffset`` calls): parsed event times and the engine's due
instants use these shared objects so that the many comparisons of an audit
stay cheap.
"""

from __future__ import annotations

from datetime import timedelta, timezone

_ZONES: dict[timedelta, timezone] = {}


def fixed_zone(offset: timedelta) -> timezone:
    """The shared ``timezone`` for ``offset``."""
    zone = _ZONES.get(offset)
    if zone is None:
        zone = _ZONES.setdefault(offset, timezone(offset))
    return zone


__all__ = ["fixed_zone"]
