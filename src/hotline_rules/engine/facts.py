"""Derive the facts a condition reads (``profile.facts.FACTS``) from a ticket and its events.

The profile layer declares the facts; this module, in the engine, computes them, so the profile
language never needs the engine's types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hotline_rules.engine.results import ClockResult
from hotline_rules.engine.ticket import Event, Ticket


def static_facts(ticket: Ticket) -> dict[str, Any]:
    """The facts a ticket's attributes give, before any event is read.

    Clock conditions read only these: which limits apply is decided by what
    the request is, not by what happened to it since.
    """
    d = ticket.__dict__  # a pydantic model's fields; read directly, as attribute reads are slow
    return {
        "kind": d["kind"],
        "urgency": d["urgency"],
        "complexity": d["complexity"],
        "channel": d["channel"],
        "requester": d["requester"],
        "handling": d["handling"],
        "tags": d["tags"],
        "repeat_count": d["repeat_count"],
    }


_COUNTED = (
    "return_approved",
    "return_requested",
    "redispatched",
    "extension_approved",
    "completed",
    "reply_sent",
    "supervision_issued",
    "revisit",
)
_ROUND = ("completed", "reply_sent")
"""Counts that start again at each rework (发回重办): they describe the current round."""


def derive(
    static: Mapping[str, Any],
    events: Sequence[Event],
    clocks: Sequence[ClockResult],
    rework_event: str | None = None,
) -> dict[str, Any]:
    """Every fact of ``FACTS`` for a ticket, from its attributes, events and judged clocks.

    With ``rework_event`` (a profile's ``rework``), each such event starts a new round:
    ``completed``, ``reported``, ``satisfaction`` and ``resolved`` then describe the latest
    round only (the second round's rating is the one assessed); ``reworks`` counts the rounds
    sent back. Without it, as in v1, they describe the whole history.
    """
    counts: dict[str, int] = dict.fromkeys(_COUNTED, 0)
    satisfaction = None
    resolved = None
    reworks = 0
    rework = rework_event or "reopened"
    for e in events:
        t = e.type
        if t in counts:
            counts[t] += 1
            if t == "revisit":
                if e.satisfaction is not None:
                    satisfaction = e.satisfaction
                if e.resolved is not None:
                    resolved = e.resolved
        elif t == rework:
            reworks += 1
            if rework_event is not None:
                for k in _ROUND:
                    counts[k] = 0
                satisfaction = resolved = None
    breached = frozenset([c.clock for c in clocks if c.state == "breached"])  # a StrEnum
    overdue = "completion" in breached
    return {
        **static,
        "satisfaction": satisfaction,
        "returns": counts["return_approved"],
        "return_requests": counts["return_requested"],
        "redispatches": counts["redispatched"],
        "extensions": counts["extension_approved"],
        "breached": breached,
        "overdue": overdue,
        "overdue_unexcused": overdue and "excused_delay" not in static.get("tags", ()),
        "completed": counts["completed"] > 0,
        "reported": counts["reply_sent"] > 0,
        "supervised": counts["supervision_issued"] > 0,
        "first_contact_late": "first_contact" in breached,
        "sign_for_late": "sign_for" in breached,
        "in_time_limit": not overdue,
        "resolved": resolved,
        "reworks": reworks,
        "supervisions": counts["supervision_issued"],
    }


__all__ = ["derive", "static_facts"]
