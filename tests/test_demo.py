"""The demo generator reads like a real ledger (issue 15): shares measured by auditing its output.

Real ledgers show a few percent of orders overdue, supervised (督办) or reworked (重办), and a
handful of units much worse than the rest; these tests audit the bundled demo exports and fresh
demo data and check those shares, not exact counts (the counts move with any recalibration).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_support import engine
from hotline_rules.audit.auditor import AuditResult, audit
from hotline_rules.audit.demo import DEFAULT, UNITS, demo_tickets, safe_span, weak_units
from hotline_rules.engine.ticket import iter_jsonl
from hotline_rules.profile import load_profile
from hotline_rules.time.deadline import DeadlineCalculator
from hotline_rules.time.duration import Duration, Unit

ROOT = Path(__file__).resolve().parent.parent
AS_OF = datetime.fromisoformat("2026-12-31T00:00:00+08:00")
NAMES = ("gaoling", "haikou", "hebi", "moushi", "qingpu_water")


@cache
def bundled(name: str) -> AuditResult:
    with (ROOT / "examples" / "exports" / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return audit(iter_jsonl(handle), engine(name), as_of=AS_OF)


@pytest.mark.parametrize("name", NAMES)
def test_most_orders_are_on_time_and_violations_are_far_fewer_than_tickets(name: str) -> None:
    result = bundled(name)
    tickets = result.tickets_evaluated
    violations = sum(up.violations for up in result.units.values())
    breached = sum(up.findings.get("deadline.breached", 0) for up in result.units.values())
    assert tickets == 2000 and not result.rows_rejected
    assert violations < tickets * 0.12, violations  # the old demo had more violations than tickets
    assert 0 < breached < tickets * 0.1, breached  # a few percent overdue, never none


@pytest.mark.parametrize("name", NAMES)
def test_a_handful_of_units_are_much_worse_than_the_rest(name: str) -> None:
    result = bundled(name)
    tickets: dict[str, int] = {}
    violations: dict[str, int] = {}
    for (unit, _), up in result.units.items():
        tickets[unit] = tickets.get(unit, 0) + up.tickets
        violations[unit] = violations.get(unit, 0) + up.violations
    weak = set(weak_units(load_profile(name).profile))

    def share(units: set[str]) -> float:
        return sum(violations[u] for u in units) / max(1, sum(tickets[u] for u in units))

    rest = set(UNITS) - weak
    assert share(weak) > 2.5 * share(rest), (share(weak), share(rest))
    ranked = sorted(tickets, key=lambda u: -violations[u] / tickets[u])
    assert weak & set(ranked[:3])  # a weak unit ranks among the worst three


def test_satisfaction_supervision_and_rework_are_a_few_percent() -> None:
    p = load_profile("haikou").profile
    tickets = [data for data, _ in demo_tickets(p, 3000, seed=11)]
    kinds = [{e["type"] for e in t["events"]} for t in tickets]
    revisits = [e["satisfaction"] for t in tickets for e in t["events"] if e["type"] == "revisit"]

    def share(event: str) -> float:
        return sum(event in k for k in kinds) / len(tickets)

    assert 0.02 < share("supervision_issued") < 0.1
    assert 0.01 < share("reopened") < 0.06
    assert 0.01 < share("return_requested") < 0.06
    assert share("completed") > 0.95
    assert 0.01 < revisits.count("unsatisfied") / len(revisits) < 0.12
    assert sum(t["repeat_count"] > 1 for t in tickets) / len(tickets) < 0.12
    assert sum(bool(t["tags"]) for t in tickets) / len(tickets) < 0.15


def test_the_calibration_is_documented_field_by_field() -> None:
    from dataclasses import fields

    source = (ROOT / "src" / "hotline_rules" / "audit" / "demo.py").read_text(encoding="utf-8")
    for f in fields(DEFAULT):
        assert f"{f.name}: " in source and getattr(DEFAULT, f.name) >= 0
    doc = (ROOT / "docs" / "zh" / "audit.md").read_text(encoding="utf-8")
    assert "Calibration" in doc  # the director's page says where the shares are set


CST = timezone(timedelta(hours=8))


@given(
    start=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20), timezones=st.just(CST)
    ),
    unit=st.sampled_from([Unit.MINUTES, Unit.HOURS, Unit.DAYS, Unit.WORKING_DAYS, Unit.SAME_DAY]),
    amount=st.integers(min_value=1, max_value=20),
)
def test_a_safe_span_never_reaches_the_due_instant(
    start: datetime, unit: Unit, amount: int
) -> None:
    """What the generator calls "on time" is on time by the engine's own arithmetic."""
    duration = Duration(0 if unit is Unit.SAME_DAY else amount, unit)
    due = _calculator().due(start, duration, allow_estimated=True).due
    assert start + safe_span(start, duration) <= due


@cache
def _calculator() -> DeadlineCalculator:
    return DeadlineCalculator()


def test_demo_output_is_plain_json_lines_the_audit_reads_whole() -> None:
    p = load_profile("qingpu_water").profile
    lines = [json.dumps(d, ensure_ascii=False) for d, _ in demo_tickets(p, 300, seed=3)]
    result = audit(iter_jsonl(lines), engine("qingpu_water"), as_of=AS_OF)
    assert result.tickets_evaluated == 300 and result.balanced
