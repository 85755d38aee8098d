"""Which unit a ticket's KPIs and breaches are credited to (主办、协办、首接负责).

v1 credited the last unit a ticket was dispatched to, and said so nowhere. A profile now
declares it (``units.credit``): ``last_dispatched`` (the v1 rule, also the default),
``lead`` (the unit a dispatch marked ``role: lead``, 主办) or ``first_receiving`` (the unit a
dispatch marked ``role: first_receiving``, 首接负责, which coordinates the others). A ticket whose
dispatches carry no such role falls back on the v1 rule, so old exports keep their units.
A unit marked ``first_receiving`` whose return (退单) was approved afterwards is not the
first-receiving one: it was found not to be the unit responsible (首接负责 is "within the unit's
own duties"), so the next marked unit, or the v1 rule, is credited.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotline_rules.engine.ticket import Event, Ticket
from hotline_rules.profile.schema import Profile

_DISPATCHES = ("dispatched", "redispatched")


def credited_unit(ticket: Ticket, profile: Profile) -> str | None:
    """The unit ``ticket`` counts for under ``profile``; None when it was never dispatched."""
    units = profile.units
    events = ticket.events
    if units is not None and units.credit != "last_dispatched":
        role = units.credit
        for i, e in enumerate(reversed(events) if role == "lead" else events):
            if e.type in _DISPATCHES and e.unit and e.role == role:
                if role == "first_receiving" and _returned_later(events, i, e.unit):
                    continue
                return e.unit
    for e in reversed(events):
        if e.type in _DISPATCHES and e.unit and e.role != "co":
            return e.unit
    for e in reversed(events):  # only co-handling dispatches: the last of them
        if e.type in _DISPATCHES and e.unit:
            return e.unit
    return None


def _returned_later(events: Sequence[Event], index: int, unit: str) -> bool:
    """Whether ``unit`` had a return approved after the event at ``index``."""
    return any(e.type == "return_approved" and e.unit == unit for e in events[index + 1 :])


__all__ = ["credited_unit"]
