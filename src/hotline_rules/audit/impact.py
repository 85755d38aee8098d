"""Change impact: replay an export under an old and a new profile and see which verdicts change.

Before a changed profile goes live ("2个工作日" becomes "3个工作日"), the
office wants to know what it does to real tickets. Every ticket of an export
is evaluated with both profiles at one ``as_of`` and the two results compared.

What "changes verdict" means here. A ticket's **verdict** is the set of its
violations, each taken as (finding code, rule id, unit): the things a unit is
held to account for. Warnings and notes are not part of it. A ticket's verdict
changed when the two sets differ, in one of three ways:

- ``newly_violating``: no violation before, some after;
- ``no_longer_violating``: some before, none after;
- ``different_violations``: some before and after, but not the same ones.

Separately, ``due_moved`` counts the tickets whose verdict is the same but at
least one clock's due instant or state differs (a clock is matched across the
two profiles by clock name, unit and start instant, so two cities' rule ids need
not agree).

A ticket is **estimated** when, under either profile, a clock's due instant
depends on a year no holiday notice covers (the engine then estimates it from
the statutory holidays: ``ClockResult.estimated``, finding ``calendar.estimated``).
Its verdict and moved due instants may change once the notice is published, so
the result counts such tickets, in total and per kind of change, instead of
presenting them as certain. Since rule ids are part of a violation, comparing two different
cities reports most violating tickets as ``different_violations``; the verdict
is meant for two versions of one profile.

Tickets are read and compared one at a time; only counters, a bounded sample of
changed tickets and a bounded sample of rejected rows are kept, so memory does
not grow with the export. Every row read is evaluated, counted as rejected, or
counted as a blank or comment line (``Skipped``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from hotline_rules.audit.auditor import count_skipped
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import ClockResult, Evaluation, Finding, Severity
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket

SAMPLE = 10
"""How many changed tickets are kept, with before and after, by default."""

REJECTED_SAMPLE = 20
"""How many rejected rows are kept with their line and reason (all are counted)."""

Violation = tuple[str, str | None, str | None]
"""(finding code, rule id, unit) of a finding of severity ``violation``."""

ClockKey = tuple[str, str | None, datetime | None, int]
"""(clock name, unit, start instant, n-th such clock) – how a clock is matched across profiles."""


class Change(StrEnum):
    """How one ticket's result differs between the old and the new profile."""

    NEWLY_VIOLATING = "newly_violating"
    NO_LONGER_VIOLATING = "no_longer_violating"
    DIFFERENT_VIOLATIONS = "different_violations"
    DUE_MOVED = "due_moved"
    """Same violations, but a due instant or a clock's state differs."""
    UNCHANGED = "unchanged"

    @property
    def verdict_changed(self) -> bool:
        """True for the three kinds of verdict change."""
        return self in _VERDICT_CHANGES


_VERDICT_CHANGES = frozenset(
    {Change.NEWLY_VIOLATING, Change.NO_LONGER_VIOLATING, Change.DIFFERENT_VIOLATIONS}
)


def _unit_of(f: Finding) -> str | None:
    unit = (f.details or {}).get("unit")
    if isinstance(unit, str):
        return unit
    return next((e.unit for e in f.evidence if e.unit), None)


def verdict(ev: Evaluation) -> frozenset[Violation]:
    """The violations of an evaluation, as (code, rule id, unit)."""
    return frozenset(
        (f.code, f.rule_id, _unit_of(f)) for f in ev.findings if f.severity is Severity.VIOLATION
    )


def _clocks(ev: Evaluation) -> dict[ClockKey, ClockResult]:
    out: dict[ClockKey, ClockResult] = {}
    for c in ev.clocks:
        n = 0
        while (c.clock, c.unit, c.start, n) in out:
            n += 1
        out[(c.clock, c.unit, c.start, n)] = c
    return out


@dataclass(frozen=True, slots=True)
class ClockChange:
    """One clock whose due instant or state differs (``None``: the profile has no such clock)."""

    clock: str
    unit: str | None
    start: datetime | None
    before: ClockResult | None
    after: ClockResult | None

    def to_dict(self) -> dict[str, Any]:
        def side(c: ClockResult | None) -> dict[str, Any] | None:
            if c is None:
                return None
            return {
                "rule_id": c.rule_id,
                "due": c.due.isoformat() if c.due else None,
                "state": c.state.value,
            }

        return {
            "clock": self.clock,
            "unit": self.unit,
            "start": self.start.isoformat() if self.start else None,
            "before": side(self.before),
            "after": side(self.after),
        }


@dataclass(frozen=True, slots=True)
class TicketChange:
    """One ticket compared: how it changed, its violations before and after, clocks that moved."""

    ticket_id: str
    change: Change
    before: frozenset[Violation]
    after: frozenset[Violation]
    clocks: tuple[ClockChange, ...]
    estimated: bool = False
    """A due instant under either profile depends on a year no holiday notice covers."""

    def to_dict(self) -> dict[str, Any]:
        def listed(vs: frozenset[Violation]) -> list[dict[str, Any]]:
            return [
                {"code": code, "rule_id": rule_id, "unit": unit}
                for code, rule_id, unit in sorted(vs, key=_violation_order)
            ]

        return {
            "ticket_id": self.ticket_id,
            "change": self.change.value,
            "before": {"violations": listed(self.before)},
            "after": {"violations": listed(self.after)},
            "clocks": [c.to_dict() for c in self.clocks],
            "estimated": self.estimated,
        }


def _violation_order(v: Violation) -> tuple[str, str, str]:
    return (v[0], v[1] or "", v[2] or "")


def compare(before: Evaluation, after: Evaluation) -> TicketChange:
    """How one ticket's evaluation under the new profile differs from the one under the old."""
    vb, va = verdict(before), verdict(after)
    cb, ca = _clocks(before), _clocks(after)
    moved = tuple(
        ClockChange(key[0], key[1], key[2], cb.get(key), ca.get(key))
        for key in sorted({*cb, *ca}, key=_clock_order)
        if _differs(cb.get(key), ca.get(key))
    )
    if vb == va:
        change = Change.DUE_MOVED if moved else Change.UNCHANGED
    elif not vb:
        change = Change.NEWLY_VIOLATING
    elif not va:
        change = Change.NO_LONGER_VIOLATING
    else:
        change = Change.DIFFERENT_VIOLATIONS
    estimated = any(c.estimated for c in before.clocks) or any(c.estimated for c in after.clocks)
    return TicketChange(before.ticket_id, change, vb, va, moved, estimated)


def _clock_order(key: ClockKey) -> tuple[str, str, str, int]:
    return (key[0], key[1] or "", key[2].isoformat() if key[2] else "", key[3])


def _differs(a: ClockResult | None, b: ClockResult | None) -> bool:
    if a is None or b is None:
        return a is not b
    return a.due != b.due or a.state is not b.state


@dataclass
class RuleDelta:
    """For one (code, rule id): tickets that gained that violation, and tickets that lost it."""

    added: int = 0
    removed: int = 0


@dataclass
class ImpactResult:
    """Counts, a sample of changed tickets, and the rows that could not be read."""

    old: str
    new: str
    as_of: datetime
    rows_read: int = 0
    tickets_evaluated: int = 0
    rows_rejected: int = 0
    blank_lines: int = 0
    comment_lines: int = 0
    counts: dict[Change, int] = field(default_factory=lambda: dict.fromkeys(Change, 0))
    estimated: dict[Change, int] = field(default_factory=lambda: dict.fromkeys(Change, 0))
    """Per kind of change, the tickets whose due instants depend on a year no notice covers."""
    by_rule: dict[tuple[str, str | None], RuleDelta] = field(default_factory=dict)
    sample: list[TicketChange] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    """The first rejected rows (at most ``REJECTED_SAMPLE``); ``rows_rejected`` counts them all."""

    @property
    def verdict_changed(self) -> int:
        """Tickets whose verdict changed, in any of the three ways."""
        return sum(n for c, n in self.counts.items() if c.verdict_changed)

    @property
    def estimated_total(self) -> int:
        """Tickets whose judgement depends on a year no holiday notice covers (any change)."""
        return sum(self.estimated.values())

    def to_dict(self) -> dict[str, Any]:
        """Stable field names (the CLI's ``diff --replay --format json``)."""
        return {
            "old": self.old,
            "new": self.new,
            "as_of": self.as_of.isoformat(),
            "rows_read": self.rows_read,
            "tickets_evaluated": self.tickets_evaluated,
            "rows_rejected": self.rows_rejected,
            "blank_lines": self.blank_lines,
            "comment_lines": self.comment_lines,
            "verdict_changed": self.verdict_changed,
            **{c.value: self.counts[c] for c in Change},
            "estimated": self.estimated_total,
            "estimated_by_change": {c.value: self.estimated[c] for c in Change},
            "by_rule": [
                {"code": code, "rule_id": rule_id, "added": d.added, "removed": d.removed}
                for (code, rule_id), d in sorted(
                    self.by_rule.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
                )
            ],
            "sample": [t.to_dict() for t in self.sample],
            "rejected": [r.to_dict() for r in self.rejected],
        }


class Replayer:
    """Feed it tickets (and rejected rows) one by one; ask for the result at the end."""

    def __init__(self, old: Engine, new: Engine, *, as_of: datetime, sample: int = SAMPLE) -> None:
        self.old = old
        self.new = new
        self.keep = sample
        self.result = ImpactResult(old.profile.meta.id, new.profile.meta.id, as_of)

    def feed(self, item: Ticket | Rejected | Skipped) -> None:
        """Count one item of a reader: a ticket, a rejected row or a skipped line."""
        if isinstance(item, Rejected):
            self.reject(item)
        elif isinstance(item, Skipped):
            self.skip(item)
        else:
            self.add(item)

    def skip(self, skipped: Skipped) -> None:
        """Count a blank or comment line (it holds no ticket)."""
        count_skipped(self.result, skipped)

    def reject(self, rejected: Rejected) -> None:
        """Count a row that could not be read (keep the first few)."""
        r = self.result
        r.rows_read += 1
        r.rows_rejected += 1
        if len(r.rejected) < REJECTED_SAMPLE:
            r.rejected.append(rejected)

    def add(self, ticket: Ticket) -> TicketChange:
        """Evaluate one ticket with both profiles and count how it changed."""
        r = self.result
        r.rows_read += 1
        change = compare(self.old.evaluate(ticket, r.as_of), self.new.evaluate(ticket, r.as_of))
        r.tickets_evaluated += 1
        r.counts[change.change] += 1
        if change.estimated:
            r.estimated[change.change] += 1
        if change.change.verdict_changed:
            gained = {(code, rule_id) for code, rule_id, _ in change.after - change.before}
            lost = {(code, rule_id) for code, rule_id, _ in change.before - change.after}
            for key in gained:
                r.by_rule.setdefault(key, RuleDelta()).added += 1
            for key in lost:
                r.by_rule.setdefault(key, RuleDelta()).removed += 1
            if len(r.sample) < self.keep:
                r.sample.append(change)
        return change

    def finish(self) -> ImpactResult:
        """The result so far."""
        return self.result


def replay(
    items: Iterable[Ticket | Rejected | Skipped],
    old: Engine,
    new: Engine,
    *,
    as_of: datetime,
    sample: int = SAMPLE,
) -> ImpactResult:
    """Replay a stream of tickets and rejected rows (``exports.read_export``) under both profiles."""
    replayer = Replayer(old, new, as_of=as_of, sample=sample)
    for item in items:
        replayer.feed(item)
    return replayer.finish()


CHANGE_ZH = {
    Change.NEWLY_VIOLATING: "新增违规",
    Change.NO_LONGER_VIOLATING: "不再违规",
    Change.DIFFERENT_VIOLATIONS: "违规不同",
    Change.DUE_MOVED: "截止时刻变动",
    Change.UNCHANGED: "不变",
}


__all__ = [
    "CHANGE_ZH",
    "REJECTED_SAMPLE",
    "SAMPLE",
    "Change",
    "ClockChange",
    "ImpactResult",
    "Replayer",
    "RuleDelta",
    "TicketChange",
    "compare",
    "replay",
    "verdict",
]
