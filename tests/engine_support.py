"""Helpers for engine tests: build tickets tersely, evaluate them against a bundled profile."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from hotline_rules.engine import Engine
from hotline_rules.results import Evaluation
from hotline_rules.ticket import Ticket, parse_ticket


@cache
def engine(profile: str) -> Engine:
    """The engine of a bundled profile, built once per test session."""
    return Engine(profile)


def ticket(ticket_id: str = "T-1", events: list[tuple[Any, ...]] | None = None, **attrs: Any) -> Ticket:
    """A ticket from attributes and events given as (type, "2026-09-30T16:40:00+08:00", unit, {extra})."""
    evs = []
    for item in events or []:
        kind, at, *rest = item
        event: dict[str, Any] = {"type": kind, "at": at}
        if rest and rest[0] is not None:
            event["unit"] = rest[0]
        if len(rest) > 1:
            event.update(rest[1])
        evs.append(event)
    data: dict[str, Any] = {"id": ticket_id, "events": evs, **attrs}
    if "tags" in data:
        data["tags"] = list(data["tags"])
    return parse_ticket(data)


def evaluate(profile: str, t: Ticket, as_of: str) -> Evaluation:
    """Evaluate ``t`` with a bundled profile at an ISO instant."""
    return engine(profile).evaluate(t, datetime.fromisoformat(as_of))


def clock(ev: Evaluation, rule_id: str, unit: str | None = None) -> Any:
    """The single clock result of ``rule_id`` (and ``unit``); fails when there is not exactly one."""
    found = [c for c in ev.clocks if c.rule_id == rule_id and (unit is None or c.unit == unit)]
    assert len(found) == 1, f"{rule_id}: {[(c.rule_id, c.unit) for c in ev.clocks]}"
    return found[0]


def codes(ev: Evaluation, rule_id: str | None = None) -> list[str]:
    """Finding codes, optionally only those of one rule."""
    return [f.code for f in ev.findings if rule_id is None or f.rule_id == rule_id]
