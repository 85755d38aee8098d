"""Audit many work orders: KPIs and accountability per unit and period, streaming.

Tickets are evaluated one at a time and only counters are kept (plus a bounded
sample of ticket ids behind each finding, and the first :data:`REJECTED_EXAMPLES`
rejected rows), so memory does not grow with the number of tickets or of bad rows.
The one thing that does grow is the index of ticket ids seen (to reject a
duplicate id): about 24 bytes an id, 24 MB for a million distinct ids.

Nothing is dropped: every row read is accounted for (:attr:`AuditResult.accounting`)::

    rows read = tickets evaluated + outside the period + estimated and excluded
                + rejected + blank lines + comment lines

A ticket whose clocks depend on a year no holiday notice covers (``ClockResult.estimated``)
is counted as estimated: per unit and period, and per KPI in its numerator and denominator,
so a rate built on estimated verdicts is never shown as certain; ``exclude_estimated=True``
leaves such tickets out of every count instead (and counts how many).
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from hotline_rules.audit.platform import observe
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation, Severity
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket
from hotline_rules.errors import HotlineRulesError, InputError

SAMPLE = 20
"""How many ticket ids are kept as examples behind each count."""

REJECTED_EXAMPLES = 1000
"""How many rejected rows are kept with their line and reason: the first ones, in file order.
Every rejected row is counted (``rows_rejected``, ``rejected_by_code``) however many there are."""

DUPLICATE_ID = "record.duplicate_id"
"""The reason code of a ticket whose id an earlier record of the export already had."""

_PERIOD = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")

UNDISPATCHED = "（未派单）"
"""The unit of a ticket never dispatched to anyone."""

_DUTIES = frozenset({"supervision.triggered", "ownership.ruling_due"})


@dataclass
class Tally:
    """A rate: how many tickets met the numerator among those in the denominator."""

    numerator: int = 0
    denominator: int = 0
    estimated_numerator: int = 0
    """Of the numerator, tickets whose verdict rests on an estimated calendar year."""
    estimated_denominator: int = 0
    """Of the denominator, tickets whose verdict rests on an estimated calendar year."""

    @property
    def rate(self) -> float | None:
        """numerator / denominator, or None when nothing was counted."""
        return self.numerator / self.denominator if self.denominator else None

    def to_dict(self) -> dict[str, Any]:
        """Stable field names (``estimated_*``: how many of each are estimated verdicts)."""
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
            "estimated_numerator": self.estimated_numerator,
            "estimated_denominator": self.estimated_denominator,
        }


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


@dataclass
class AuditResult:
    """The whole audit: counts per unit and period, what fired, and the rows that were rejected."""

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
    rejected: list[Rejected] = field(default_factory=list)
    """The first :data:`REJECTED_EXAMPLES` rejected rows, in the order read."""
    rejected_by_code: dict[str, int] = field(default_factory=dict)
    """Every rejected row counted by its reason code."""
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
    fired: list[Fired] = field(default_factory=list)
    duties: dict[str, Matches] = field(default_factory=dict)
    """Supervision triggers and ownership rulings due, per rule id (the office's duties)."""
    export_checks: dict[str, int] = field(default_factory=dict)
    """Counted by ``audit/platform.py``: platform deadlines compared and differing, orders not
    judged (by reason), open orders and open overdue ones."""
    open_overdue_by_due: dict[str, int] = field(default_factory=dict)
    """Open orders overdue at as-of, by the day their deadline passed (to tell a snapshot)."""
    last_event_days: dict[str, int] = field(default_factory=dict)
    """Orders by the day of their last event: the newest is about when the export was made."""

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

    def to_dict(self) -> dict[str, Any]:
        """The complete result with stable field names (the CLI's ``--format json``)."""
        return {
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


def check_period(period: str | None) -> str | None:
    """The period as given when it is a month (``2026-10``) or a year (``2026``); else an error.

    ``2026-1`` is refused rather than read as a prefix (it would match October to December).
    """
    if period is None or _PERIOD.fullmatch(period):
        return period
    raise InputError(
        f"期间“{period}”的写法不对：应写成 YYYY-MM（如 2026-01）或 YYYY（如 2026）",
        f"the period '{period}' is not understood: write YYYY-MM (e.g. 2026-01) or YYYY (e.g. 2026)",
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

    ``period`` is a month (``2026-10``) or a year (``2026``), anything else an ``InputError``;
    ``exclude_estimated`` leaves out of every count the tickets whose verdict rests on a year no
    holiday notice covers (they are counted as excluded); otherwise they are counted and marked.
    ``on_reject`` is called with every rejected row as it comes (duplicates included), for a
    caller that streams them all to a file: the result keeps only the first ones.
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
    ) -> None:
        period = check_period(period)
        self.engine = engine
        self.on_reject = on_reject
        self.keep_flagged = keep_flagged
        self.on_evaluated: Callable[[Ticket, Evaluation], None] | None = None
        """Called with every ticket counted and its evaluation (``audit --tickets``)."""
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
            exclude_estimated=exclude_estimated,
        )
        self._exclude_estimated = exclude_estimated
        self._seen = SeenIds()
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
        if len(r.rejected) < REJECTED_EXAMPLES:
            r.rejected.append(rejected)

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
        unit = unit_of(ticket)
        up = r.units.get((unit, month))
        if up is None:
            up = r.units[(unit, month)] = UnitPeriod()
        up.tickets += 1
        if estimated:
            up.estimated += 1
        observe(r, ticket, ev, self._as_of)  # platform deadlines, not judged, open orders
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
        for kpi_id, in_denominator, in_numerator in kpi_tests:
            if in_denominator(facts):
                tally = kpis.get(kpi_id)
                if tally is None:
                    tally = kpis[kpi_id] = Tally()
                tally.denominator += 1
                if in_numerator(facts):
                    tally.numerator += 1
                    if estimated:
                        tally.estimated_numerator += 1
                if estimated:
                    tally.estimated_denominator += 1
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
    "REJECTED_EXAMPLES",
    "AuditResult",
    "Auditor",
    "Fired",
    "LineTracker",
    "Matches",
    "SeenIds",
    "Tally",
    "UnitPeriod",
    "audit",
    "check_period",
    "period_key",
    "unit_of",
]
