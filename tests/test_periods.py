"""Quarters and years are made of months, as the profile's ``assessment.combine`` says (issue 19).

``sum`` pools the months' counts (the annual rate is all numerators over all denominators);
``mean`` averages the monthly rates (months with no denominator left out). ``--period`` takes a
month, a quarter (``2026-Q1``) or a year and reports that period's figures.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hotline_rules.audit.auditor import (
    AuditResult,
    Tally,
    UnitPeriod,
    check_period,
    grain_of,
    in_period,
)
from hotline_rules.audit.demo import demo_tickets
from hotline_rules.cli import app
from hotline_rules.errors import InputError
from hotline_rules.profile import load_profile

AS_OF = datetime.fromisoformat("2026-06-30T00:00:00+08:00")
UNITS = ("水务局", "公安局")
MONTHS = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]

tallies = st.builds(lambda d, n: Tally(min(n, d), d), st.integers(0, 30), st.integers(0, 30))
monthly = st.dictionaries(
    st.tuples(st.sampled_from(UNITS), st.sampled_from(MONTHS)),
    st.tuples(st.integers(0, 50), st.dictionaries(st.sampled_from(("k.a", "k.b")), tallies)),
    max_size=30,
)


def result_of(
    units: dict[tuple[str, str], tuple[int, dict[str, Tally]]], combine: str
) -> AuditResult:
    r = AuditResult("p", "0" * 64, {}, AS_OF, None, grains=("month", "quarter", "year"))
    r.combine = combine
    r.units = {k: UnitPeriod(tickets=n, kpis=dict(kpis)) for k, (n, kpis) in units.items()}
    return r


def reference_period(month: str, grain: str) -> str:
    """The slow obvious way: the month's first day, and its quarter or year."""
    day = date.fromisoformat(month + "-01")
    if grain == "year":
        return str(day.year)
    return f"{day.year}-Q{(day.month + 2) // 3}"


@settings(max_examples=60, deadline=None)
@given(monthly, st.sampled_from(("quarter", "year")))
def test_a_pooled_period_adds_its_months(
    units: dict[tuple[str, str], tuple[int, dict[str, Tally]]], grain: str
) -> None:
    figures = {(f.unit, f.period): f for f in result_of(units, "sum").figures(grain)}
    for (unit, period), fig in figures.items():
        months = {
            k: v
            for k, v in units.items()
            if k[0] == unit and reference_period(k[1], grain) == period
        }
        assert sorted(fig.months) == sorted(m for _, m in months)
        assert fig.tickets == sum(n for n, _ in months.values())
        for kpi in ("k.a", "k.b"):
            num = sum(k[kpi].numerator for _, k in months.values() if kpi in k)
            den = sum(k[kpi].denominator for _, k in months.values() if kpi in k)
            assert fig.rate(kpi, "sum") == (num / den if den else None)
    assert sum(f.tickets for f in figures.values()) == sum(n for n, _ in units.values())


@settings(max_examples=60, deadline=None)
@given(monthly, st.sampled_from(("quarter", "year")))
def test_an_averaged_period_is_the_mean_of_its_monthly_rates(
    units: dict[tuple[str, str], tuple[int, dict[str, Tally]]], grain: str
) -> None:
    for fig in result_of(units, "mean").figures(grain):
        for kpi in ("k.a", "k.b"):
            rates = [
                t.numerator / t.denominator
                for (unit, month), (_, kpis) in units.items()
                if unit == fig.unit and reference_period(month, grain) == fig.period
                for k, t in kpis.items()
                if k == kpi and t.denominator
            ]
            want = sum(rates) / len(rates) if rates else None
            got = fig.rate(kpi, "mean")
            assert got == pytest.approx(want) if want is not None else got is None


@given(st.sampled_from(MONTHS), st.sampled_from(["2025", "2026", "2025-Q1", "2026-Q4", "2026-03"]))
def test_a_month_lies_in_a_period_as_the_calendar_says(month: str, period: str) -> None:
    grain = grain_of(period)
    want = month == period if grain == "month" else reference_period(month, grain) == period
    assert in_period(month, period) is want


@pytest.mark.parametrize("period", ["2026", "2026-03", "2026-Q1", "2026-Q4"])
def test_periods_that_are_understood(period: str) -> None:
    assert check_period(period) == period


@pytest.mark.parametrize("period", ["2026-Q0", "2026-Q5", "2026Q1", "2026-q1"])
def test_quarters_that_are_not(period: str) -> None:
    with pytest.raises(InputError) as err:
        check_period(period)
    assert err.value.code == "usage.bad_period" and "YYYY-Qn" in err.value.message_zh


def audit_json(tmp_path: Path, *extra: str) -> dict[str, object]:
    profile = load_profile("haikou").profile
    path = tmp_path / "export.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for data, _ in demo_tickets(profile, 150, seed=2):
            f.write(json.dumps(data, ensure_ascii=False) + "\n")
    out = CliRunner().invoke(
        app,
        ["audit", str(path), "-p", "haikou", "--as-of", AS_OF.isoformat(), "-f", "json", *extra],
    )
    assert out.exit_code == 0, out.output
    data: dict[str, object] = json.loads(out.stdout)
    return data


def test_audit_of_a_quarter_counts_its_months_and_reports_it(tmp_path: Path) -> None:
    data = audit_json(tmp_path, "--period", "2026-Q1")
    months = {u["period"] for u in data["units"]}  # type: ignore[attr-defined]
    assert months and months <= {"2026-01", "2026-02", "2026-03"}
    periods = data["periods"]
    assert periods["grains"] == ["month", "quarter"]  # type: ignore[index]  # no year of a quarter
    figures = periods["figures"]  # type: ignore[index]
    assert {f["period"] for f in figures} == {"2026-Q1"}
    assert sum(f["tickets"] for f in figures) == data["tickets_evaluated"]


def test_audit_of_a_year_reports_the_year_as_the_profile_combines(tmp_path: Path) -> None:
    data = audit_json(tmp_path, "--period", "2026")
    periods = data["periods"]
    assert "year" in periods["grains"]  # type: ignore[index]
    assert periods["combine"] == (load_profile("haikou").profile.assessment.combine)  # type: ignore[index,union-attr]
    for fig in periods["figures"]:  # type: ignore[index]
        if fig["grain"] != "year":
            continue
        assert fig["period"] == "2026" and all(m.startswith("2026-") for m in fig["months"])
        for kpi in fig["kpis"].values():
            if periods["combine"] == "sum" and kpi["denominator"]:  # type: ignore[index]
                assert kpi["rate"] == kpi["numerator"] / kpi["denominator"]
