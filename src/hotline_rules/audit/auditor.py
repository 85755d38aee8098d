"""Audit many work orders: KPIs and accountability per unit and period, streaming.

Tickets are evaluated one at a time and only counters are kept (plus a bounded
sample of ticket ids behind each finding), so memory does not grow with the
size of the export. Nothing is dropped: every row read is either evaluated or
rejected with its line number and reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation, Severity
from hotline_rules.engine.ticket import Rejected, Ticket

SAMPLE = 20
"""How many ticket ids are kept as examples behind each count."""

UNDISPATCHED = "（未派单）"
"""The unit of a ticket never dispatched to anyone."""

_DUTIES = frozenset({"supervision.triggered", "ownership.ruling_due"})


@dataclass
class Tally:
    """A rate: how many tickets met the numerator among those in the denominator."""

    numerator: int = 0
    denominator: int = 0

    @property
    def rate(self) -> float | None:
        """numerator / denominator, or None when nothing was counted."""
        return self.numerator / self.denominator if self.denominator else None


@dataclass
class Matches:
    """Tickets that match a condition: a count and a bounded sample of their ids."""

    count: int = 0
    sample: list[str] = field(default_factory=list)

    def add(self, ticket_id: str) -> None:
        self.count += 1
        if len(self.sample) < SAMPLE:
            self.sample.append(ticket_id)


@dataclass
class UnitPeriod:
    """Everything counted for one unit in one period (a month, ``2026-10``)."""

    tickets: int = 0
    violations: int = 0
    kpis: dict[str, Tally] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Fired:
    """An accountability circumstance or veto that applies to a unit in a period."""

    rule_id: str
    kind: str  # "circumstance" or "veto"
    unit: str
    period: str
    count: int
    threshold: int | None
    tier: str | None
    tickets: tuple[str, ...]
    article: str
    text: str


@dataclass
class AuditResult:
    """The whole audit: counts per unit and period, what fired, and every rejected row."""

    profile_id: str
    profile_sha256: str
    calendar: dict[str, Any]
    as_of: datetime
    period: str | None
    rows_read: int = 0
    tickets_evaluated: int = 0
    outside_period: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    units: dict[tuple[str, str], UnitPeriod] = field(default_factory=dict)
    fired: list[Fired] = field(default_factory=list)
    duties: dict[str, Matches] = field(default_factory=dict)
    """Supervision triggers and ownership rulings due, per rule id (the office's duties)."""

    def to_dict(self) -> dict[str, Any]:
        """The complete result with stable field names (the CLI's ``--format json``)."""
        return {
            "profile": self.profile_id,
            "profile_sha256": self.profile_sha256,
            "calendar": self.calendar,
            "as_of": self.as_of.isoformat(),
            "period": self.period,
            "rows_read": self.rows_read,
            "tickets_evaluated": self.tickets_evaluated,
            "outside_period": self.outside_period,
            "rows_rejected": len(self.rejected),
            "rejected": [r.to_dict() for r in self.rejected],
            "units": [
                {
                    "unit": unit,
                    "period": period,
                    "tickets": up.tickets,
                    "violations": up.violations,
                    "kpis": {
                        k: {"numerator": t.numerator, "denominator": t.denominator, "rate": t.rate}
                        for k, t in up.kpis.items()
                    },
                    "findings": dict(sorted(up.findings.items())),
                }
                for (unit, period), up in sorted(self.units.items())
            ],
            "duties": {
                rule_id: {"count": m.count, "tickets": list(m.sample)}
                for rule_id, m in sorted(self.duties.items())
            },
            "accountability": [
                {
                    "rule_id": f.rule_id,
                    "kind": f.kind,
                    "unit": f.unit,
                    "period": f.period,
                    "count": f.count,
                    "threshold": f.threshold,
                    "tier": f.tier,
                    "tickets": list(f.tickets),
                    "article": f.article,
                    "text": f.text,
                }
                for f in self.fired
            ],
        }


def unit_of(ticket: Ticket) -> str:
    """The unit answerable for the ticket: the last one it was dispatched to."""
    for e in reversed(ticket.events):
        if e.type in ("dispatched", "redispatched") and e.unit:
            return e.unit
    return UNDISPATCHED


def period_key(at: datetime | None, period: str) -> str:
    """The period an instant falls in: ``2026-10`` (month), ``2026`` (year), ``2026-Q4``..."""
    if at is None:
        return "—"
    if period == "year":
        return f"{at.year:04d}"
    if period == "quarter":
        return f"{at.year:04d}-Q{(at.month - 1) // 3 + 1}"
    if period == "week":
        iso = at.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if period == "day":
        return at.date().isoformat()
    return f"{at.year:04d}-{at.month:02d}"


class _Counted(NamedTuple):
    """A circumstance or veto as the counting loop reads it (profile models are slow to read)."""

    kind: str
    rule: Any
    needs: frozenset[str] | None
    test: Any
    period: str

    @classmethod
    def of(cls, kind: str, rule: Any) -> _Counted:
        threshold = getattr(rule, "threshold", None)
        period = threshold.period if threshold is not None else "month"
        return cls(kind, rule, rule.when.needs_any_tag, rule.when.test, period)


class Auditor:
    """Feed it tickets (and rejected rows); ask it for the result at the end."""

    def __init__(
        self, engine: Engine, *, as_of: datetime, period: str | None = None, keep_flagged: int = 0
    ) -> None:
        self.engine = engine
        self.keep_flagged = keep_flagged
        self.flagged: list[tuple[Ticket, Evaluation]] = []
        """The first ``keep_flagged`` tickets with violations, for a report's timelines."""
        p = engine.profile
        digest = hashlib.sha256()
        for path in engine.versions.files:  # every version's files: a new version changes it
            digest.update(path.read_bytes())
        self.result = AuditResult(
            profile_id=p.meta.id,
            profile_sha256=digest.hexdigest(),
            calendar=engine.calc.calendar.version.to_dict(),
            as_of=as_of,
            period=period,
        )
        stamp = getattr(engine, "_stamp_zone", None)
        self._as_of = as_of.astimezone(stamp) if stamp is not None else as_of
        """``as_of`` in the engine's shared zone, converted once rather than per ticket."""
        self._zone = engine.calc.zone
        self._fixed = engine.calc._fixed  # the zone's offset when it never changes
        self._period = period
        self._matches: dict[tuple[str, str, str], Matches] = {}
        self._months: dict[tuple[int, int], str] = {}
        self._counting: dict[int, tuple[list[Any], list[_Counted]]] = {}
        """Per engine of a version: its KPI tests and counted rules (a ticket is counted by the
        version that judged it)."""
        self._kpis, self._counted = self._rules_of(engine)
        self._all_counted = {c.rule.id: (c.kind, c.rule) for c in self._counted}

    def _rules_of(self, judge: Engine) -> tuple[list[Any], list[_Counted]]:
        found = self._counting.get(id(judge))
        if found is None:
            acc = judge.profile.accountability
            found = self._counting[id(judge)] = (
                [(k.id, k.denominator.test, k.numerator.test) for k in judge.profile.kpis],
                [_Counted.of("circumstance", c) for c in acc.circumstances]
                + [_Counted.of("veto", v) for v in acc.vetoes],
            )
        return found

    def _month(self, local: datetime | None) -> str:
        """``period_key(local, "month")``, remembered per month (it is asked once per ticket)."""
        if local is None:
            return period_key(None, "month")
        key = (local.year, local.month)
        found = self._months.get(key)
        if found is None:
            found = self._months[key] = period_key(local, "month")
        return found

    def reject(self, rejected: Rejected) -> None:
        """Count a row that could not be read."""
        self.result.rows_read += 1
        self.result.rejected.append(rejected)

    def add(self, ticket: Ticket) -> Evaluation | None:
        """Evaluate one ticket and count it (None when it falls outside the audited period)."""
        r = self.result
        r.rows_read += 1
        received = ticket.received_at
        local = None
        if received is not None:
            local = (
                received if received.utcoffset() == self._fixed else received.astimezone(self._zone)
            )
        month = self._month(local)
        if self._period is not None and not month.startswith(self._period):
            r.outside_period += 1
            return None
        judge = self.engine.engine_for(ticket, self._as_of)
        if judge is self.engine:
            kpi_tests, counted = self._kpis, self._counted
        else:
            kpi_tests, counted = self._rules_of(judge)
            for c in counted:
                self._all_counted.setdefault(c.rule.id, (c.kind, c.rule))
        ev = judge.evaluate(ticket, self._as_of)
        r.tickets_evaluated += 1
        unit = unit_of(ticket)
        up = r.units.get((unit, month))
        if up is None:
            up = r.units[(unit, month)] = UnitPeriod()
        up.tickets += 1
        violations_before = up.violations
        for f in ev.findings:
            up.findings[f.code] = up.findings.get(f.code, 0) + 1
            if f.severity is Severity.VIOLATION:
                up.violations += 1
            elif f.code in _DUTIES and f.rule_id is not None:
                m = r.duties.get(f.rule_id)
                if m is None:
                    m = r.duties[f.rule_id] = Matches()
                m.add(ticket.id)
        if up.violations > violations_before and len(self.flagged) < self.keep_flagged:
            self.flagged.append((ticket, ev))
        facts = ev.facts
        kpis = up.kpis
        for kpi_id, in_denominator, in_numerator in kpi_tests:
            if in_denominator(facts):
                tally = kpis.get(kpi_id)
                if tally is None:
                    tally = kpis[kpi_id] = Tally()
                tally.denominator += 1
                if in_numerator(facts):
                    tally.numerator += 1
        tags = facts.get("tags") or ()
        for c in counted:
            if c.needs is not None and c.needs.isdisjoint(tags):
                continue  # cannot hold without one of these tags
            if c.test(facts):
                key = (c.rule.id, unit, period_key(local, c.period))
                m = self._matches.get(key)
                if m is None:
                    m = self._matches[key] = Matches()
                m.add(ticket.id)
        return ev

    def finish(self) -> AuditResult:
        """Decide which circumstances fire (thresholds per unit and period) and return the result."""
        rules = self._all_counted
        fired: list[Fired] = []
        for (rule_id, unit, period), m in sorted(self._matches.items()):
            kind, rule = rules[rule_id]
            threshold = getattr(rule, "threshold", None)
            need = threshold.count if threshold is not None else 1
            if m.count >= need:
                fired.append(
                    Fired(
                        rule_id,
                        kind,
                        unit,
                        period,
                        m.count,
                        threshold.count if threshold is not None else None,
                        getattr(rule, "tier", None),
                        tuple(m.sample),
                        rule.cite.label(),
                        rule.cite.text,
                    )
                )
        self.result.fired = fired
        return self.result


def audit(
    items: Iterable[Ticket | Rejected],
    engine: Engine,
    *,
    as_of: datetime,
    period: str | None = None,
) -> AuditResult:
    """Audit a stream of tickets and rejected rows (see ``ticket.iter_jsonl``)."""
    auditor = Auditor(engine, as_of=as_of, period=period)
    for item in items:
        if isinstance(item, Rejected):
            auditor.reject(item)
        else:
            auditor.add(item)
    return auditor.finish()


__all__ = [
    "AuditResult",
    "Auditor",
    "Fired",
    "Matches",
    "Tally",
    "UnitPeriod",
    "audit",
    "period_key",
    "unit_of",
]
