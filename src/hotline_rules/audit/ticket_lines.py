"""One line per work order (``audit --tickets out.jsonl`` or ``.csv``): what the audit found for each.

The unit totals say how a unit did; comparing with the platform, or answering "why is order
X overdue?", needs each order: its id and unit, each clock's due instant, state and rule, the
platform's own due instant where the mapping gives one, whether it was judged at all, the
codes of its findings (``platform.deadline_differs`` included), and each KPI it counts for or
against: the report shows the first few orders behind a rate, filtering these lines by the
KPI's id gives all of them. Written as the audit goes, so memory does not grow with the
export. Personal data is never written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from hotline_rules.audit.auditor import UNDISPATCHED, unit_of
from hotline_rules.audit.platform import durations_of, findings, not_judged, starting_events
from hotline_rules.engine.results import Evaluation
from hotline_rules.engine.ticket import Ticket
from hotline_rules.engine.units import credited_unit

CSV_COLUMNS: Final = (
    "id",
    "unit",
    "judged",
    "not_judged_reason",
    "clock",
    "rule",
    "state",
    "start",
    "due",
    "original_due",
    "platform_due",
    "platform_differs",
    "findings",
    "kpis_against",
)
"""The CSV has one row per clock of each order (an order without clocks: one row); new columns
go at the end, as consumers index them. ``kpis_against``: the ids of the KPIs the order counts
against, ``;``-separated, in the profile's order."""

_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")


def ticket_record(
    ticket: Ticket,
    ev: Evaluation,
    durations: dict[str, str],
    starts: frozenset[str] | None = None,
    profile: Any = None,
    *,
    kpis: Mapping[str, bool],
) -> dict[str, Any]:
    """Everything one line says about one order (stable keys; no personal data).

    ``kpis`` is what the auditor counted (``Auditor.on_counted``): each KPI whose denominator
    holds the order, True when it counts against it. The line says ``"against"`` or ``"for"``
    under the KPI's id, and leaves out the KPIs the order is not counted for, so that the lines
    holding an id are the denominator and those saying ``"against"`` are the rate's
    ``against.count``. A word rather than a boolean: ``true`` would leave a reader to recall
    the KPI's direction (for a complaint rate, the orders against it are in the numerator)."""
    platform = ticket.platform_due or {}
    extra = findings(ticket, ev, durations)
    why = not_judged(ticket, ev, starts)
    return {
        "id": ticket.id,
        "unit": (  # as the audit credits it (the profile's units.credit)
            (credited_unit(ticket, profile) or UNDISPATCHED)
            if profile is not None
            else unit_of(ticket)
        ),
        "judged": why is None,
        "not_judged": None
        if why is None
        else {"code": why[0], "reason_zh": why[1], "reason_en": why[2]},
        "clocks": [
            {
                "clock": c.clock,
                "rule": c.rule_id,
                "unit": c.unit,
                "state": c.state.value,
                "start": c.start.isoformat() if c.start else None,
                "due": c.due.isoformat() if c.due else None,
                "original_due": c.original_due.isoformat() if c.original_due else None,
                "estimated": c.estimated,
                "cite": c.cite.label(),
            }
            for c in ev.clocks
        ],
        "platform_due": {k: v.isoformat() for k, v in sorted(platform.items())},
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "rule_id": f.rule_id,
                "message_zh": f.message_zh,
            }
            for f in (*ev.findings, *extra)
        ],
        "kpis": {k: "against" if against else "for" for k, against in kpis.items()},
    }


def _safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


class TicketLines:
    """A file receiving one line (JSON Lines) or clock rows (CSV) per order, as the audit goes."""

    def __init__(
        self,
        out: IO[str],
        kind: str,
        durations: dict[str, str],
        starts: frozenset[str],
        profile: Any = None,
    ) -> None:
        self._out = out
        self._profile = profile
        self._starts = starts
        self.kind = kind
        self.count = 0
        self._durations = durations
        self._csv = csv.writer(out) if kind == "csv" else None
        if self._csv is not None:
            self._csv.writerow(CSV_COLUMNS)
        self._buffer = io.StringIO()  # an order's CSV rows, rendered before they are written
        self._rows = csv.writer(self._buffer)

    @classmethod
    def open(cls, path: Path, profile: Any) -> TicketLines:
        """Open ``path`` for writing: CSV when it ends in ``.csv``, else JSON Lines."""
        kind = "csv" if path.suffix.lower() == ".csv" else "jsonl"
        out = path.open("w", encoding="utf-8-sig" if kind == "csv" else "utf-8", newline="")
        return cls(out, kind, durations_of(profile), starting_events(profile), profile)

    def write(self, ticket: Ticket, ev: Evaluation, kpis: Mapping[str, bool]) -> None:
        """Write one order (the ``Auditor.on_counted`` hook)."""
        self.add(self.render(ticket, ev, kpis))

    def add(self, text: str) -> None:
        """Write one order's text, made by :meth:`render` (in an audit's worker process)."""
        self._out.write(text)
        self.count += 1

    def render(self, ticket: Ticket, ev: Evaluation, kpis: Mapping[str, bool]) -> str:
        """The text of one order: its JSON line, or its CSV rows. Writes nothing, so that
        ``audit --workers`` renders in the workers and the parent only adds the texts."""
        record = ticket_record(ticket, ev, self._durations, self._starts, self._profile, kpis=kpis)
        if self._csv is None:
            return json.dumps(record, ensure_ascii=False) + "\n"
        codes = ";".join(f["code"] for f in record["findings"])
        reason = record["not_judged"]["code"] if record["not_judged"] else ""
        against = ";".join(k for k, v in record["kpis"].items() if v == "against")
        differs = {
            f["rule_id"] for f in record["findings"] if f["code"] == "platform.deadline_differs"
        }
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        clocks = record["clocks"] or [None]
        for c in clocks:
            clock = c["clock"] if c else ""
            row = [
                record["id"],
                record["unit"],
                "true" if record["judged"] else "false",
                reason,
                clock,
                c["rule"] if c else "",
                c["state"] if c else "",
                c["start"] if c else "",
                c["due"] if c else "",
                c["original_due"] if c else "",
                record["platform_due"].get(clock, "") if c else "",
                "true" if c and c["rule"] in differs else "",
                codes,
                against,
            ]
            self._rows.writerow([_safe(v) for v in row])
        return buffer.getvalue()

    def close(self) -> None:
        self._out.close()

    def __enter__(self) -> TicketLines:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


__all__ = ["CSV_COLUMNS", "TicketLines", "ticket_record"]
