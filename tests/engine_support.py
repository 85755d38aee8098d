"""Helpers for engine tests: build tickets tersely, evaluate them against a bundled profile,
compare the example work orders with their hand-worked expectations, and keep track of which
rules of a profile have a test that satisfies them and one that breaks them (``Coverage``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation
from hotline_rules.engine.ticket import Ticket, load_ticket_file, parse_ticket

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tickets"


@cache
def engine(profile: str) -> Engine:
    """The engine of a bundled profile, built once per test session."""
    return Engine(profile)


def ticket(
    ticket_id: str = "T-1", events: list[tuple[Any, ...]] | None = None, **attrs: Any
) -> Ticket:
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


def fired(ev: Evaluation) -> set[str]:
    """Rule ids of the supervision triggers that fired."""
    return {f.rule_id for f in ev.findings if f.code == "supervision.triggered" and f.rule_id}


def family(ev: Evaluation, prefix: str) -> list[str]:
    """Finding codes that start with ``prefix``."""
    return [c for c in ev.codes() if c.startswith(prefix)]


# ---- times -----------------------------------------------------------------------------------


def at(short: str) -> str:
    """``"10-08 09:10"`` -> ``"2026-10-08T09:10:00+08:00"`` (a 2026 instant, +08:00)."""
    day, time = short.split()
    return f"2026-{day}T{time}:00+08:00"


def instant(text: str) -> datetime:
    """An ISO 8601 instant, e.g. ``"2026-09-30T16:40:00+08:00"``, as a datetime."""
    return datetime.fromisoformat(text)


def iso(d: datetime | None) -> str | None:
    return d.isoformat() if d is not None else None


# ---- the example work orders (examples/tickets/) -----------------------------------------------

CLOCK_FIELDS = ("rule_id", "unit", "state", "start", "due")


def load_expected(profile: str) -> dict[str, Any]:
    """The hand-worked ``<profile>.expected.json`` of a bundled profile's example work order."""
    expected: dict[str, Any] = json.loads(
        (EXAMPLES / f"{profile}.expected.json").read_text(encoding="utf-8")
    )
    return expected


def example(profile: str) -> tuple[Ticket, dict[str, Any]]:
    """The example work order of a bundled profile, and its hand-worked expectation."""
    expected = load_expected(profile)
    return load_ticket_file(EXAMPLES / expected["ticket"]), expected


def assert_matches_expected(
    clocks: Iterable[dict[str, Any]],
    findings: Iterable[dict[str, Any]],
    expected: dict[str, Any],
    *,
    fields: Sequence[str] = CLOCK_FIELDS,
    notes: Sequence[str] = (),
    ordered: bool = False,
) -> None:
    """Clocks and findings, as JSON dicts (``to_dict()`` or the command line's JSON), equal the
    hand-worked expectation: each clock on ``fields``, in any order unless ``ordered``; the
    findings' (code, rule id) pairs in any order. An expected clock has exactly ``fields``,
    plus any of ``notes`` (explanations for the reader, e.g. ``why``)."""
    for c in expected["clocks"]:
        assert set(c) - set(notes) == set(fields), f"fields of an expected clock: {sorted(c)}"

    def key(c: dict[str, Any]) -> tuple[str, str, str]:
        return (c["rule_id"], c["unit"] or "", c["start"] or "")

    got = [{k: c[k] for k in fields} for c in clocks]
    want = [{k: c[k] for k in fields} for c in expected["clocks"]]
    if not ordered:
        got, want = sorted(got, key=key), sorted(want, key=key)
    assert got == want

    def pairs(fs: Iterable[dict[str, Any]]) -> list[tuple[str, str | None]]:
        return sorted(((f["code"], f["rule_id"]) for f in fs), key=lambda p: (p[0], p[1] or ""))

    assert pairs(findings) == pairs(expected["findings"])


# ---- which rules have a satisfying and a breaking test -------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])


class Coverage:
    """Which rule ids of a bundled profile have a test that satisfies them and one that breaks
    them, collected at import time::

        cov = Coverage("gaoling")

        @cov.satisfies("completion.complaint")
        def test_completion_met() -> None: ...

        cov.mark(*(case[0] for case in CLOCK_CASES), satisfied=True, broken=True)  # case tables

        def test_every_rule_is_satisfied_and_broken() -> None:
            cov.assert_complete(NOT_TICKET_RULES)
    """

    def __init__(self, profile: str) -> None:
        self.profile = profile
        self.satisfied: set[str] = set()
        self.broken: set[str] = set()

    def satisfies(self, *rule_ids: str) -> Callable[[F], F]:
        """Mark a test as one with a ticket that satisfies each of ``rule_ids``."""

        def mark(fn: F) -> F:
            self.satisfied.update(rule_ids)
            return fn

        return mark

    def breaks(self, *rule_ids: str) -> Callable[[F], F]:
        """Mark a test as one with a ticket that breaks each of ``rule_ids``."""

        def mark(fn: F) -> F:
            self.broken.update(rule_ids)
            return fn

        return mark

    def mark(self, *rule_ids: str, satisfied: bool, broken: bool) -> None:
        """Record rule ids tested by a table of cases rather than by a decorated test."""
        if satisfied:
            self.satisfied.update(rule_ids)
        if broken:
            self.broken.update(rule_ids)

    def assert_complete(self, not_ticket_rules: Iterable[str]) -> None:
        """Every rule id of the profile is both satisfied and broken by some test, or is one of
        ``not_ticket_rules`` (rules a ticket cannot show, each given with its reason), which
        no test may claim."""
        ids = {r.id for _, r in engine(self.profile).profile.rules()}
        explained = set(not_ticket_rules)
        tested = self.satisfied | self.broken
        assert not explained & tested, (
            f"tested, yet listed as not about tickets: {explained & tested}"
        )
        assert self.satisfied | explained == ids, "rules without a satisfying test"
        assert self.broken | explained == ids, "rules without a breaking test"
