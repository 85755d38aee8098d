"""Audit many work orders: KPIs and accountability per unit and period, streaming.

Tickets are evaluated one at a time and only counters are kept (plus a bounded
sample of ticket ids behind each finding and each KPI's figure, and the first
:data:`REJECTED_EXAMPLES` rejected rows), so memory does not grow with the number of tickets or of bad rows.
The one thing that does grow is the index of ticket ids seen (to reject a
duplicate id): about 24 bytes an id, 24 MB for a million distinct ids.

Nothing is dropped: every row read is accounted for (:attr:`AuditResult.accounting`)::

    rows read = tickets evaluated + outside the period + estimated and excluded
                + rejected + blank lines + comment lines

A ticket whose clocks depend on a year no holiday notice covers (``ClockResult.estimated``)
is counted as estimated: per unit and period, and per KPI in its numerator and denominator,
so a rate built on estimated verdicts is never shown as certain; ``exclude_estimated=True``
leaves such tickets out of every count instead (and counts how many).

An :class:`AuditResult` is a sum: every count adds, every sample keeps the smallest ids
(or the first rejected rows by source and line), and thresholds are judged from the summed
counts (:meth:`AuditResult.judge`). So chunks of an export audited apart (worker processes,
Spark partitions, months saved as JSON) merge into exactly the whole (``audit/merge.py``).
Months are the grain; quarters and years are made of them as the profile's ``assessment``
says (:meth:`AuditResult.figures`).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from hotline_rules.audit.platform import observe
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation, Severity
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket
from hotline_rules.engine.units import credited_unit
from hotline_rules.errors import HotlineRulesError, InputError
from hotline_rules.profile.kpis import kpi_gaps

SAMPLE = 20
"""How many ticket ids are kept as examples behind each count: the smallest ones, so the
examples do not depend on the order tickets were read or parts were merged in."""

REJECTED_EXAMPLES = 1000
"""How many rejected rows are kept with their line and reason: the first ones by source and
line (file order). Every rejected row is counted (``rows_rejected``, ``rejected_by_code``,
``rejected_by_source``) however many there are."""

DUPLICATE_ID = "record.duplicate_id"
"""The reason code of a ticket whose id an earlier record of the export already had."""

_PERIOD = re.compile(r"\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?")

GRAINS = ("month", "quarter", "year")
"""The assessment periods a result reports, made of its months (``assessment.periods``)."""

UNDISPATCHED = "（未派单）"
"""The unit of a ticket never dispatched to anyone."""

_DUTIES = frozenset({"supervision.triggered", "ownership.ruling_due"})


@dataclass
class Matches:
    """Tickets that match a condition: a count and the :data:`SAMPLE` smallest of their ids.

    The smallest, not the first: then the sample of a merged result is the same whatever the
    order the tickets or the parts came in.
    """

    count: int = 0
    sample: list[str] = field(default_factory=list)

    def add(self, ticket_id: str) -> None:
        self.count += 1
        sample = self.sample
        if len(sample) < SAMPLE:
            bisect.insort(sample, ticket_id)
        elif ticket_id < sample[-1]:
            bisect.insort(sample, ticket_id)
            sample.pop()

    def merged(self, other: Matches) -> Matches:
        """Both counts added, the smallest ids of both kept."""
        return Matches(self.count + other.count, sorted({*self.sample, *other.sample})[:SAMPLE])


@dataclass
class Tally:
    """A rate: how many tickets met the numerator among those in the denominator, and which
    tickets count against it (:attr:`against`), so a figure leads to the orders behind it."""

    numerator: int = 0
    denominator: int = 0
    estimated_numerator: int = 0
    """Of the numerator, tickets whose verdict rests on an estimated calendar year."""
    estimated_denominator: int = 0
    """Of the denominator, tickets whose verdict rests on an estimated calendar year."""
    against: Matches = field(default_factory=Matches)
    """The tickets that count against the KPI, with the :data:`SAMPLE` smallest of their ids.

    Which ones depends on the KPI's direction (``higher_is_better`` in the profile): when the
    numerator is the good outcome (按时办结率), the tickets in the denominator but not in the
    numerator, which pull the rate down; when it is the bad outcome (a return or complaint
    rate, ``higher_is_better: false``), the tickets in the numerator, which push it up. A
    director asks "which orders made this figure bad?", and for a complaint rate those are
    the complaints, not the orders that were no complaint. :attr:`lower_is_better` says which.
    """
    lower_is_better: bool = False
    """The KPI's direction when it was counted: True when :attr:`against` holds numerator tickets."""

    @property
    def rate(self) -> float | None:
        """numerator / denominator, or None when nothing was counted."""
        return self.numerator / self.denominator if self.denominator else None

    def count(self, ticket_id: str, *, in_numerator: bool, estimated: bool) -> bool:
        """Count one ticket of the denominator (and of the numerator when ``in_numerator``);
        say whether it counts against the KPI (``audit --tickets`` marks it so, by this rule)."""
        self.denominator += 1
        if estimated:
            self.estimated_denominator += 1
        if in_numerator:
            self.numerator += 1
            if estimated:
                self.estimated_numerator += 1
        if bool(in_numerator) == self.lower_is_better:
            self.against.add(ticket_id)
            return True
        return False

    def add(self, other: Tally) -> None:
        """Add ``other`` to this tally, in place (the smallest ids of both kept)."""
        self.numerator += other.numerator
        self.denominator += other.denominator
        self.estimated_numerator += other.estimated_numerator
        self.estimated_denominator += other.estimated_denominator
        self.against = self.against.merged(other.against)
        self.lower_is_better = self.lower_is_better or other.lower_is_better

    def to_dict(self) -> dict[str, Any]:
        """Stable field names (``estimated_*``: how many of each are estimated verdicts;
        ``against``: the tickets counting against the KPI, ``in_numerator`` saying which)."""
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
            "estimated_numerator": self.estimated_numerator,
            "estimated_denominator": self.estimated_denominator,
            "against": {
                "count": self.against.count,
                "tickets": list(self.against.sample),
                "in_numerator": self.lower_is_better,
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tally:
        """The inverse of :meth:`to_dict` (the rate is worked out again, not read). A result
        saved before tallies kept their tickets has no ``against``: an empty sample, count 0."""
        against = data.get("against") or {}
        return cls(
            int(data["numerator"]),
            int(data["denominator"]),
            int(data.get("estimated_numerator", 0)),
            int(data.get("estimated_denominator", 0)),
            Matches(int(against.get("count", 0)), [str(t) for t in against.get("tickets", ())]),
            bool(against.get("in_numerator", False)),
        )


@dataclass
class UnitPeriod:
    """Everything counted for one unit in one period (a month, ``2026-10``)."""

    tickets: int = 0
    violations: int = 0
    kpis: dict[str, Tally] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    estimated: int = 0
    """Of ``tickets``, those whose verdict rests on a year no holiday notice covers."""


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


@dataclass(frozen=True)
class CountedRule:
    """What judging a circumstance or veto needs once the counts are in (kept in the result, so
    a merged result, or one read back from JSON, is judged without the profile)."""

    kind: str  # "circumstance" or "veto"
    threshold: int | None
    period: str
    tier: str | None
    article: str
    text: str

    @classmethod
    def of(cls, kind: str, rule: Any) -> CountedRule:
        threshold = getattr(rule, "threshold", None)
        return cls(
            kind,
            threshold.count if threshold is not None else None,
            threshold.period if threshold is not None else "month",
            getattr(rule, "tier", None),
            rule.cite.label(),
            rule.cite.text,
        )


@dataclass(frozen=True, slots=True)
class RejectedRow(Rejected):
    """A rejected row as an audit keeps it: with the export (``source``) it was read from."""

    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """:meth:`Rejected.to_dict` and the source."""
        return {**Rejected.to_dict(self), "source": self.source}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RejectedRow:
        return cls(
            int(data["line"]),
            str(data["reason_zh"]),
            str(data["reason_en"]),
            data.get("ticket_id"),
            str(data.get("code", "record.invalid")),
            data.get("source"),
        )


def rejected_order(r: RejectedRow) -> tuple[str, int, str, str, str]:
    """The order kept rejected rows are in: by source and line, i.e. file order (the rest only
    breaks ties, so the order is total and a merge keeps the same rows whatever its order)."""
    return (r.source or "", r.line, r.code, r.ticket_id or "", r.reason_en)


@dataclass
class Figure:
    """One unit's figures over a quarter or a year (or a month), made of its months."""

    unit: str
    period: str
    grain: str
    months: list[str] = field(default_factory=list)
    tickets: int = 0
    violations: int = 0
    estimated: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    kpis: dict[str, Tally] = field(default_factory=dict)
    rates: dict[str, list[float]] = field(default_factory=dict)
    """Per KPI, the monthly rates (months with a denominator), for ``combine: mean``."""

    def rate(self, kpi: str, combine: str) -> float | None:
        """The period's rate: pooled counts (``sum``) or the mean of the monthly rates."""
        if combine == "mean":
            rates = self.rates.get(kpi)
            return sum(rates) / len(rates) if rates else None
        tally = self.kpis.get(kpi)
        return tally.rate if tally is not None else None

    def to_dict(self, combine: str) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "period": self.period,
            "grain": self.grain,
            "months": list(self.months),
            "tickets": self.tickets,
            "violations": self.violations,
            "estimated_tickets": self.estimated,
            "kpis": {
                k: {
                    **t.to_dict(),
                    "rate": self.rate(k, combine),
                    "months_with_denominator": len(self.rates.get(k, ())),
                }
                for k, t in sorted(self.kpis.items())
            },
            "findings": dict(sorted(self.findings.items())),
        }


def grain_of(period: str) -> str:
    """``month`` for ``2026-10``, ``quarter`` for ``2026-Q4``, ``year`` for ``2026``."""
    if len(period) == 4:
        return "year"
    return "quarter" if period[5:6] == "Q" else "month"


def in_period(month: str, period: str) -> bool:
    """Whether the month ``2026-10`` (a key of :attr:`AuditResult.units`) lies in ``period``."""
    if len(month) != 7 or not month[:4].isdigit():
        return False  # "—": no instant of receipt, in no period
    if period[5:6] == "Q":
        return month[:4] == period[:4] and (int(month[5:7]) - 1) // 3 + 1 == int(period[6])
    return month.startswith(period)


def _period_of_month(month: str, grain: str) -> str:
    if grain == "month" or len(month) != 7 or not month[:4].isdigit():
        return month
    if grain == "year":
        return month[:4]
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


_IDENTITY = (
    "profile_id",
    "profile_sha256",
    "calendar",
    "as_of",
    "period",
    "exclude_estimated",
)
"""Fields two results must agree on to be merged: they say what was judged and how."""


@dataclass
class AuditResult:
    """The whole audit: counts per unit and period, what fired, and the rows that were rejected.

    Every part adds (:func:`hotline_rules.audit.merge.merge`). A new counter needs no code in
    the merge: an ``int`` field adds, a ``dict`` merges key by key (ints and :class:`Tally`
    add), a ``bool`` is true if any part's is; it is written under its own name by
    :meth:`to_dict` under ``counters`` (as it is kept: the JSON a report shows may present
    it otherwise), and read back from there by :meth:`from_dict`.
    """

    profile_id: str
    profile_sha256: str
    calendar: dict[str, Any]
    as_of: datetime
    period: str | None
    rows_read: int = 0
    """Records and skipped lines read: see :attr:`accounting` for where each one went."""
    tickets_evaluated: int = 0
    """Tickets evaluated and counted (estimated ones left out by ``exclude_estimated`` are not)."""
    outside_period: int = 0
    rows_rejected: int = 0
    """Every rejected row (``rejected`` keeps only the first :data:`REJECTED_EXAMPLES`)."""
    rejected: list[RejectedRow] = field(default_factory=list)
    """The first :data:`REJECTED_EXAMPLES` rejected rows by source and line (file order)."""
    rejected_by_code: dict[str, int] = field(default_factory=dict)
    """Every rejected row counted by its reason code."""
    rejected_by_source: dict[str, int] = field(default_factory=dict)
    """Every rejected row counted by the export it was read from (``""`` when not named)."""
    blank_lines: int = 0
    comment_lines: int = 0
    tickets_estimated: int = 0
    """Of the tickets evaluated and counted, those whose verdict rests on an estimated year."""
    exclude_estimated: bool = False
    estimated_excluded: int = 0
    """Tickets left out of every count because their verdict rests on an estimated year."""
    encoding: str | None = None
    """The export's text encoding, when the reader says which it read (or was told)."""
    source_format: str | None = None
    """The export's format, when the reader says (``jsonl``, ``csv``...)."""
    units: dict[tuple[str, str], UnitPeriod] = field(default_factory=dict)
    """Per unit and month: the grain every longer period is made of (:meth:`figures`)."""
    fired: list[Fired] = field(default_factory=list)
    """What fires, judged from :attr:`matches` by :meth:`judge` (after any merge)."""
    duties: dict[str, Matches] = field(default_factory=dict)
    """Supervision triggers and ownership rulings due, per rule id (the office's duties)."""
    export_checks: dict[str, int] = field(default_factory=dict)
    """Counted by ``audit/platform.py``: platform deadlines compared and differing, orders not
    judged (by reason), open orders and open overdue ones."""
    open_overdue_by_due: dict[str, int] = field(default_factory=dict)
    """Open orders overdue at as-of, by the day their deadline passed (to tell a snapshot)."""
    last_event_days: dict[str, int] = field(default_factory=dict)
    """Orders by the day of their last event: the newest is about when the export was made."""
    matches: dict[tuple[str, str, str], Matches] = field(default_factory=dict)
    """Per (rule id, unit, period of its threshold): tickets matching a circumstance or veto,
    whether or not they reach its threshold."""
    rules: dict[str, CountedRule] = field(default_factory=dict)
    """The circumstances and vetoes counted, with what judging them needs."""
    grains: tuple[str, ...] = ("month",)
    """The periods reported: the profile's ``assessment.periods`` and the ``period`` asked."""
    combine: str = "sum"
    """How a quarter or a year is made of its months (``assessment.combine``): ``sum`` pools
    the counts, ``mean`` averages the monthly rates."""

    @property
    def accounting(self) -> dict[str, int]:
        """Where every row read went; the parts add up to ``rows_read`` (:attr:`balanced`)."""
        return {
            "rows_read": self.rows_read,
            "tickets_evaluated": self.tickets_evaluated,
            "outside_period": self.outside_period,
            "estimated_excluded": self.estimated_excluded,
            "rejected": self.rows_rejected,
            "blank": self.blank_lines,
            "comment": self.comment_lines,
        }

    @property
    def balanced(self) -> bool:
        """True when the parts of :attr:`accounting` add up to the rows read: nothing lost."""
        parts = self.accounting
        return parts.pop("rows_read") == sum(parts.values())

    @property
    def all_rejected(self) -> bool:
        """Rows were rejected and not one ticket was read: the audit says nothing."""
        return self.rows_rejected > 0 and self.rows_rejected == self.rows_read - (
            self.blank_lines + self.comment_lines
        )

    def judge(self) -> AuditResult:
        """Decide what fires from the counts (thresholds per unit and period); returns self."""
        fired: list[Fired] = []
        for (rule_id, unit, period), m in sorted(self.matches.items()):
            rule = self.rules[rule_id]
            if m.count >= (rule.threshold or 1):
                fired.append(
                    Fired(
                        rule_id,
                        rule.kind,
                        unit,
                        period,
                        m.count,
                        rule.threshold,
                        rule.tier,
                        tuple(m.sample),
                        rule.article,
                        rule.text,
                    )
                )
        self.fired = fired
        return self

    def figures(self, grain: str) -> list[Figure]:
        """Per unit, the figures of each quarter or year (``grain``) made of its months.

        Counts add; a KPI's rate is the pooled rate (``combine: sum``) or the mean of the
        months' rates (``mean``, months with no denominator left out), as the profile says.
        """
        out: dict[tuple[str, str], Figure] = {}
        for (unit, month), up in sorted(self.units.items()):
            period = _period_of_month(month, grain)
            fig = out.get((unit, period))
            if fig is None:
                fig = out[(unit, period)] = Figure(unit, period, grain)
            fig.months.append(month)
            fig.tickets += up.tickets
            fig.violations += up.violations
            fig.estimated += up.estimated
            for code, n in up.findings.items():
                fig.findings[code] = fig.findings.get(code, 0) + n
            for kpi, t in up.kpis.items():
                fig.kpis.setdefault(kpi, Tally()).add(t)
                if t.rate is not None:
                    fig.rates.setdefault(kpi, []).append(t.rate)
        return [out[k] for k in sorted(out)]

    def to_dict(self) -> dict[str, Any]:
        """The complete result with stable field names (the CLI's ``--format json``).

        ``accounting``, ``rejected_examples``, ``accountability`` and ``periods`` are worked
        out from the rest (:meth:`from_dict` does not read them).
        """
        out: dict[str, Any] = {
            "profile": self.profile_id,
            "profile_sha256": self.profile_sha256,
            "calendar": self.calendar,
            "as_of": self.as_of.isoformat(),
            "period": self.period,
            "encoding": self.encoding,
            "format": self.source_format,
            "rows_read": self.rows_read,
            "tickets_evaluated": self.tickets_evaluated,
            "outside_period": self.outside_period,
            "rows_rejected": self.rows_rejected,
            "accounting": {**self.accounting, "balanced": self.balanced},
            "estimated": {
                "tickets": self.tickets_estimated,
                "excluded": self.exclude_estimated,
                "tickets_excluded": self.estimated_excluded,
            },
            "rejected_by_code": dict(sorted(self.rejected_by_code.items())),
            "rejected_by_source": dict(sorted(self.rejected_by_source.items())),
            "rejected_examples": {
                "kept": len(self.rejected),
                "limit": REJECTED_EXAMPLES,
                "not_kept": self.rows_rejected - len(self.rejected),
            },
            "rejected": [r.to_dict() for r in self.rejected],
            "units": [
                {
                    "unit": unit,
                    "period": period,
                    "tickets": up.tickets,
                    "violations": up.violations,
                    "estimated_tickets": up.estimated,
                    "kpis": {k: t.to_dict() for k, t in up.kpis.items()},
                    "findings": dict(sorted(up.findings.items())),
                    "counters": _extra_fields(up, _UNIT_FIELDS),
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
            "matches": [
                {
                    "rule_id": rule_id,
                    "unit": unit,
                    "period": period,
                    "count": m.count,
                    "tickets": list(m.sample),
                }
                for (rule_id, unit, period), m in sorted(self.matches.items())
            ],
            "rules": {
                rule_id: {
                    "kind": r.kind,
                    "threshold": r.threshold,
                    "period": r.period,
                    "tier": r.tier,
                    "article": r.article,
                    "text": r.text,
                }
                for rule_id, r in sorted(self.rules.items())
            },
            "periods": {
                "grains": list(self.grains),
                "combine": self.combine,
                "figures": [
                    fig.to_dict(self.combine)
                    for grain in self.grains
                    if grain != "month"
                    for fig in self.figures(grain)
                ],
            },
        }
        out["counters"] = _extra_fields(self, _RESULT_FIELDS)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditResult:
        """A result from its :meth:`to_dict` (a saved ``--format json``), to merge or report."""
        estimated = data.get("estimated") or {}
        accounting = data.get("accounting") or {}
        periods = data.get("periods") or {}
        result = cls(
            profile_id=data["profile"],
            profile_sha256=data["profile_sha256"],
            calendar=data["calendar"],
            as_of=datetime.fromisoformat(data["as_of"]),
            period=data.get("period"),
            rows_read=int(data["rows_read"]),
            tickets_evaluated=int(data["tickets_evaluated"]),
            outside_period=int(data["outside_period"]),
            rows_rejected=int(data["rows_rejected"]),
            rejected=[RejectedRow.from_dict(r) for r in data.get("rejected", ())],
            rejected_by_code=dict(data.get("rejected_by_code", {})),
            rejected_by_source=dict(data.get("rejected_by_source", {})),
            blank_lines=int(accounting.get("blank", 0)),
            comment_lines=int(accounting.get("comment", 0)),
            tickets_estimated=int(estimated.get("tickets", 0)),
            exclude_estimated=bool(estimated.get("excluded", False)),
            estimated_excluded=int(estimated.get("tickets_excluded", 0)),
            encoding=data.get("encoding"),
            source_format=data.get("format"),
            units={
                (u["unit"], u["period"]): UnitPeriod(
                    tickets=int(u["tickets"]),
                    violations=int(u["violations"]),
                    kpis={k: Tally.from_dict(t) for k, t in u.get("kpis", {}).items()},
                    findings=dict(u.get("findings", {})),
                    estimated=int(u.get("estimated_tickets", 0)),
                    **_revived(u.get("counters", {}), _UNIT_FIELDS, UnitPeriod),
                )
                for u in data.get("units", ())
            },
            duties={
                rule_id: Matches(int(m["count"]), list(m["tickets"]))
                for rule_id, m in data.get("duties", {}).items()
            },
            matches={
                (m["rule_id"], m["unit"], m["period"]): Matches(int(m["count"]), list(m["tickets"]))
                for m in data.get("matches", ())
            },
            rules={
                rule_id: CountedRule(
                    r["kind"], r["threshold"], r["period"], r["tier"], r["article"], r["text"]
                )
                for rule_id, r in data.get("rules", {}).items()
            },
            grains=tuple(periods.get("grains", ("month",))),
            combine=str(periods.get("combine", "sum")),
            **_revived(data.get("counters", {}), _RESULT_FIELDS, cls),
        )
        return result.judge()


_UNIT_FIELDS = frozenset({"tickets", "violations", "kpis", "findings", "estimated"})
"""The fields of :class:`UnitPeriod` that ``to_dict`` writes by hand; others go by name."""

_RESULT_FIELDS = frozenset(
    {
        *_IDENTITY,
        "rows_read",
        "tickets_evaluated",
        "outside_period",
        "rows_rejected",
        "rejected",
        "rejected_by_code",
        "rejected_by_source",
        "blank_lines",
        "comment_lines",
        "tickets_estimated",
        "estimated_excluded",
        "encoding",
        "source_format",
        "units",
        "fired",
        "duties",
        "matches",
        "rules",
        "grains",
        "combine",
    }
)
"""The fields of :class:`AuditResult` that ``to_dict`` writes by hand; others go by name."""


def _plain(value: Any) -> Any:
    """A counter as JSON: a Tally as its dict, a dict's values likewise, sorted keys."""
    if isinstance(value, Tally):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    return value


def _extra_fields(obj: Any, known: frozenset[str]) -> dict[str, Any]:
    """Fields another part of the project added (new counters), by name."""
    return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj) if f.name not in known}


def _revive(value: Any) -> Any:
    if isinstance(value, dict):
        if "numerator" in value and "denominator" in value:
            return Tally.from_dict(value)
        return {k: _revive(v) for k, v in value.items()}
    return value


def _revived(data: dict[str, Any], known: frozenset[str], cls: type) -> dict[str, Any]:
    """The added fields found under their names in ``data`` (see :func:`_extra_fields`)."""
    return {
        f.name: _revive(data[f.name]) for f in fields(cls) if f.name not in known and f.name in data
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


def check_period(period: str | None) -> str | None:
    """The period as given when it is a month (``2026-10``), a quarter (``2026-Q4``) or a year
    (``2026``); else an error.

    ``2026-1`` is refused rather than read as a prefix (it would match October to December).
    """
    if period is None or _PERIOD.fullmatch(period):
        return period
    raise InputError(
        f"期间“{period}”的写法不对：应写成 YYYY-MM（如 2026-01）、YYYY-Qn（季度，如 2026-Q1）"
        "或 YYYY（如 2026）",
        f"the period '{period}' is not understood: write YYYY-MM (e.g. 2026-01), YYYY-Qn"
        " (a quarter, e.g. 2026-Q1) or YYYY (e.g. 2026)",
        code="usage.bad_period",
    )


class SeenIds:
    """The ticket ids seen so far, each with the line of its first record, in little memory.

    A set of a million id strings takes about 110 MB, a dict with their lines 140 MB. This keeps
    a 64-bit digest and a line per id in two arrays (open addressing, at most half full): 12 bytes
    a slot, about 24 MB for a million ids. The digest is Python's own string hash (SipHash, keyed
    afresh in every process, and cached on the string): nobody can make up two ids that collide,
    and two different ids share a digest with a chance of about n²/2⁶⁵ (1 in 37 million for a
    million ids), which then would not repeat on the next run. The rejection names the line of
    the first, so such a case can be checked by eye.
    """

    __slots__ = ("_count", "_keys", "_lines", "_mask")

    def __init__(self, size: int = 1 << 12) -> None:
        self._keys = array("Q", bytes(8 * size))
        self._lines = array("I", bytes(4 * size))
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def nbytes(self) -> int:
        """The memory held by the two arrays."""
        return len(self._keys) * (self._keys.itemsize + self._lines.itemsize)

    def first(self, ticket_id: str, line: int) -> int | None:
        """The line of an earlier record with this id; None, remembering ``line``, if none."""
        h = (hash(ticket_id) & 0xFFFFFFFFFFFFFFFF) or 1
        keys, mask = self._keys, self._mask
        i = h & mask
        while True:
            k = keys[i]
            if k == 0:
                break
            if k == h:
                return int(self._lines[i])
            i = (i + 1) & mask
        keys[i] = h
        self._lines[i] = max(0, min(line, 0xFFFFFFFF))
        self._count += 1
        if self._count * 2 > len(keys):
            self._grow()
        return None

    def _grow(self) -> None:
        old_keys, old_lines = self._keys, self._lines
        size = len(old_keys) * 2
        keys = array("Q", bytes(8 * size))
        lines = array("I", bytes(4 * size))
        mask = size - 1
        for k, line in zip(old_keys, old_lines, strict=True):
            if k:
                i = k & mask
                while keys[i]:
                    i = (i + 1) & mask
                keys[i] = k
                lines[i] = line
        self._keys, self._lines, self._mask = keys, lines, mask


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


class _LineCounts(Protocol):
    rows_read: int
    blank_lines: int
    comment_lines: int


def count_skipped(counts: _LineCounts, skipped: Skipped) -> None:
    """Count a line that holds no record (blank or comment) as read: an audit's and a replay's."""
    counts.rows_read += 1
    if skipped.kind == "comment":
        counts.comment_lines += 1
    else:
        counts.blank_lines += 1


class Auditor:
    """Feed it tickets, rejected rows and skipped lines (:meth:`feed`); ask for the result at the end.

    ``period`` is a month (``2026-10``), a quarter (``2026-Q4``) or a year (``2026``), anything
    else an ``InputError``; ``exclude_estimated`` leaves out of every count the tickets whose
    verdict rests on a year no holiday notice covers (they are counted as excluded); otherwise
    they are counted and marked. ``on_reject`` is called with every rejected row as it comes
    (duplicates included), for a caller that streams them all to a file: the result keeps only
    the first ones. ``source`` names the export in the rejected rows kept.

    For a chunk of a larger export (``audit/workers.py``): ``seen`` gives ids met in earlier
    chunks with their first line (a ticket with one of them is a duplicate), and
    ``track_ids=True`` keeps :attr:`first_seen`, every id met here first with its line.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        as_of: datetime,
        period: str | None = None,
        keep_flagged: int = 0,
        exclude_estimated: bool = False,
        on_reject: Callable[[Rejected], None] | None = None,
        source: str | None = None,
        seen: dict[str, int] | None = None,
        track_ids: bool = False,
    ) -> None:
        period = check_period(period)
        self.engine = engine
        self.on_reject = on_reject
        self.keep_flagged = keep_flagged
        self.on_evaluated: Callable[[Ticket, Evaluation], None] | None = None
        """Called with every ticket counted and its evaluation, before it is counted."""
        self.on_counted: Callable[[Ticket, Evaluation, dict[str, bool]], None] | None = None
        """Called with every ticket once counted, its evaluation, and its KPIs (``audit
        --tickets``): each KPI whose denominator holds it, in the profile's order, True when it
        counts against it (:attr:`Tally.against`). Made only when set, from the tests counted."""
        self.source = source
        self.flagged: list[tuple[Ticket, Evaluation]] = []
        """The first ``keep_flagged`` tickets with violations, for a report's timelines."""
        self.first_seen: list[tuple[str, int]] | None = [] if track_ids else None
        """With ``track_ids``: each ticket id met first here, and its line, in the order read."""
        p = engine.profile
        digest = hashlib.sha256()
        for path in engine.versions.files:  # every version's files: a new version changes it
            digest.update(path.read_bytes())
        assessment = p.assessment
        declared: set[str] = set(assessment.periods) if assessment is not None else set()
        if period is not None:  # that period's figures, none longer (a year of one quarter)
            longest = GRAINS.index(grain_of(period))
            declared = {g for g in declared if GRAINS.index(g) <= longest} | {grain_of(period)}
        self.result = AuditResult(
            profile_id=p.meta.id,
            profile_sha256=digest.hexdigest(),
            calendar=engine.calc.calendar.version.to_dict(),
            as_of=as_of,
            period=period,
            exclude_estimated=exclude_estimated,
            grains=tuple(g for g in GRAINS if g == "month" or g in declared),
            combine=assessment.combine if assessment is not None else "sum",
        )
        self._exclude_estimated = exclude_estimated
        self._seen = SeenIds()
        for ticket_id, line in (seen or {}).items():
            self._seen.first(ticket_id, line)
        stamp = getattr(engine, "_stamp_zone", None)
        self._as_of = as_of.astimezone(stamp) if stamp is not None else as_of
        """``as_of`` in the engine's shared zone, converted once rather than per ticket."""
        self._zone = engine.calc.zone
        self._fixed = engine.calc._fixed  # the zone's offset when it never changes
        self._period = period
        self._months: dict[tuple[int, int], str] = {}
        self._inside: dict[str, bool] = {}
        """Per month key: whether it lies in ``period`` (asked once per ticket)."""
        self._counting: dict[int, tuple[list[Any], list[_Counted]]] = {}
        """Per engine of a version: its KPI tests and counted rules (a ticket is counted by the
        version that judged it)."""
        self._kpis, self._counted = self._rules_of(engine)

    def _rules_of(self, judge: Engine) -> tuple[list[Any], list[_Counted]]:
        found = self._counting.get(id(judge))
        if found is None:
            acc = judge.profile.accountability
            gaps = kpi_gaps(judge.profile)
            found = self._counting[id(judge)] = (
                [  # a KPI the profile cannot compute is never tallied (it would read 100%)
                    (k.id, k.denominator.test, k.numerator.test, not k.higher_is_better)
                    for k in judge.profile.kpis
                    if k.id not in gaps
                ],
                [_Counted.of("circumstance", c) for c in acc.circumstances]
                + [_Counted.of("veto", v) for v in acc.vetoes],
            )
            rules = self.result.rules
            for c in found[1]:
                if c.rule.id not in rules:
                    rules[c.rule.id] = CountedRule.of(c.kind, c.rule)
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

    def feed(self, item: Ticket | Rejected | Skipped, line: int | None = None) -> None:
        """Count one item of a reader: a ticket (at ``line``, when known), a rejected row or a
        skipped line."""
        if isinstance(item, Rejected):
            self.reject(item)
        elif isinstance(item, Skipped):
            self.skip(item)
        else:
            try:
                self.add(item, line=line)
            except HotlineRulesError as exc:  # one ticket the engine cannot judge: not the batch
                self.result.rows_read -= 1  # add counted it as read; reject counts it again
                self.reject(
                    Rejected(
                        line or 0,
                        f"无法评估（{exc.code}）：{exc.message_zh}",
                        f"cannot be judged ({exc.code}): {exc.message_en}",
                        item.id,
                        code="record.not_judged",
                    )
                )

    def reject(self, rejected: Rejected) -> None:
        """Count a row that could not be read (keeping the first :data:`REJECTED_EXAMPLES`)."""
        r = self.result
        r.rows_read += 1
        r.rows_rejected += 1
        if self.on_reject is not None:
            self.on_reject(rejected)
        r.rejected_by_code[rejected.code] = r.rejected_by_code.get(rejected.code, 0) + 1
        source = self.source or ""
        r.rejected_by_source[source] = r.rejected_by_source.get(source, 0) + 1
        kept = r.rejected
        kept.append(
            RejectedRow(
                rejected.line,
                rejected.reason_zh,
                rejected.reason_en,
                rejected.ticket_id,
                rejected.code,
                self.source,
            )
        )
        if len(kept) >= 2 * REJECTED_EXAMPLES:  # rows may come out of line order (CSV per event)
            kept.sort(key=rejected_order)
            del kept[REJECTED_EXAMPLES:]

    def skip(self, skipped: Skipped) -> None:
        """Count a blank or comment line (it holds no record, and is not judged)."""
        count_skipped(self.result, skipped)

    def add(self, ticket: Ticket, *, line: int | None = None) -> Evaluation | None:
        """Evaluate one ticket and count it.

        None when it is not counted: outside the audited period, estimated and excluded, or its
        id already seen (then it is counted as rejected, ``record.duplicate_id``, naming the line
        of the first; ``line`` is where this one starts, when the reader knows it).
        """
        r = self.result
        first = self._seen.first(ticket.id, line or 0)
        if first is not None:
            self.reject(_duplicate(ticket.id, line, first))
            return None
        if self.first_seen is not None:
            self.first_seen.append((ticket.id, line or 0))
        r.rows_read += 1
        received = ticket.received_at
        local = None
        if received is not None:
            local = (
                received if received.utcoffset() == self._fixed else received.astimezone(self._zone)
            )
        month = self._month(local)
        if self._period is not None:
            inside = self._inside.get(month)
            if inside is None:
                inside = self._inside[month] = in_period(month, self._period)
            if not inside:
                r.outside_period += 1
                return None
        judge = self.engine.engine_for(ticket, self._as_of)
        if judge is self.engine:
            kpi_tests, counted = self._kpis, self._counted
        else:
            kpi_tests, counted = self._rules_of(judge)
        ev = judge.evaluate(ticket, self._as_of)
        estimated = False
        for clock in ev.clocks:
            if clock.estimated:
                estimated = True
                break
        if estimated:
            if self._exclude_estimated:
                r.estimated_excluded += 1
                return None
            r.tickets_estimated += 1
        r.tickets_evaluated += 1
        unit = credited_unit(ticket, judge.profile) or UNDISPATCHED  # the profile's units.credit
        up = r.units.get((unit, month))
        if up is None:
            up = r.units[(unit, month)] = UnitPeriod()
        up.tickets += 1
        if estimated:
            up.estimated += 1
        observe(r, ticket, ev, judge)  # platform deadlines, not judged, open orders
        if self.on_evaluated is not None:
            self.on_evaluated(ticket, ev)
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
        hook = self.on_counted
        marks: dict[str, bool] | None = {} if hook is not None else None
        for kpi_id, in_denominator, in_numerator, lower_is_better in kpi_tests:
            if in_denominator(facts):
                tally = kpis.get(kpi_id)
                if tally is None:
                    tally = kpis[kpi_id] = Tally(lower_is_better=lower_is_better)
                against = tally.count(
                    ticket.id, in_numerator=in_numerator(facts), estimated=estimated
                )
                if marks is not None:
                    marks[kpi_id] = against
        tags = facts.get("tags") or ()
        matches = r.matches
        for c in counted:
            if c.needs is not None and c.needs.isdisjoint(tags):
                continue  # cannot hold without one of these tags
            if c.test(facts):
                key = (
                    c.rule.id,
                    unit,
                    month if c.period == "month" else period_key(local, c.period),
                )
                m = matches.get(key)
                if m is None:
                    m = matches[key] = Matches()
                m.add(ticket.id)
        if hook is not None and marks is not None:
            hook(ticket, ev, marks)
        return ev

    def finish(self) -> AuditResult:
        """Keep the first rejected rows, decide which circumstances fire (thresholds per unit and
        period) and return the result."""
        kept = self.result.rejected
        kept.sort(key=rejected_order)
        del kept[REJECTED_EXAMPLES:]
        return self.result.judge()


def _duplicate(ticket_id: str, line: int | None, first: int) -> Rejected:
    where_zh = f"第 {first} 行" if first else "此前的一条记录"
    where_en = f"line {first}" if first else "an earlier record"
    return Rejected(
        line or 0,
        f"工单编号重复：{where_zh}已有编号相同的工单（保留第一张，本条不计）",
        f"duplicate ticket id: {where_en} has the same id (the first is kept, this one is not counted)",
        ticket_id,
        DUPLICATE_ID,
    )


def audit(
    items: Iterable[Ticket | Rejected | Skipped],
    engine: Engine,
    *,
    as_of: datetime,
    period: str | None = None,
    exclude_estimated: bool = False,
) -> AuditResult:
    """Audit a stream of tickets, rejected rows and skipped lines (``exports.open_export``, or
    ``ticket.iter_jsonl``).

    A ticket's line (named when a later record repeats its id) is the reader's ``line`` when it
    keeps one (``open_export``), else the one after the previous item's (JSON Lines).
    """
    auditor = Auditor(engine, as_of=as_of, period=period, exclude_estimated=exclude_estimated)
    lines = LineTracker(per_line=getattr(items, "format", "jsonl") != "csv")
    for item in items:
        known = getattr(items, "line", None)
        auditor.feed(item, lines.line_of(item, known if isinstance(known, int) else None))
    return auditor.finish()


class LineTracker:
    """The line of each ticket of a stream that yields one item per line (JSON Lines).

    Rejected rows and skipped lines carry their line; a ticket is on the line after the item
    before it. ``per_line=False`` (a CSV export, where a record may span several lines) gives
    ``None`` for tickets unless ``known`` (the reader's own ``line``, read after each item) says.
    """

    __slots__ = ("_last", "per_line")

    def __init__(self, *, per_line: bool = True) -> None:
        self.per_line = per_line
        self._last = 0

    def line_of(self, item: object, known: int | None = None) -> int | None:
        """The line of ``item`` (for a ticket: ``known``, or inferred when one item per line)."""
        line = getattr(item, "line", None) if not isinstance(item, Ticket) else known
        if line is None and self.per_line:
            line = self._last + 1
        if isinstance(line, int) and line > 0:
            self._last = line
            return line
        return None


__all__ = [
    "DUPLICATE_ID",
    "GRAINS",
    "REJECTED_EXAMPLES",
    "AuditResult",
    "Auditor",
    "CountedRule",
    "Figure",
    "Fired",
    "LineTracker",
    "Matches",
    "RejectedRow",
    "SeenIds",
    "Tally",
    "UnitPeriod",
    "audit",
    "check_period",
    "grain_of",
    "in_period",
    "period_key",
    "rejected_order",
    "unit_of",
]
