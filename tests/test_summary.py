"""The audit's summary (issue 15): fits a screen, ranks the units, honest figures, trends.

Figures are checked against a slow reference worked out from ``--format json`` (the counts the
auditor keeps), never against numbers copied from a run.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from engine_support import engine
from hotline_rules.audit.auditor import AuditResult, Tally, UnitPeriod, audit
from hotline_rules.audit.summary import Figure, previous_period, summarize
from hotline_rules.cli import app
from hotline_rules.engine.ticket import iter_jsonl

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "examples" / "exports"
AS_OF = "2026-12-31T00:00:00+08:00"
NAMES = ("gaoling", "haikou", "hebi", "moushi", "qingpu_water")


def run(*args: str, columns: int = 80) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def audit_args(name: str, *more: str) -> list[str]:
    return ["audit", str(EXPORTS / f"{name}.jsonl"), "-p", name, "--as-of", AS_OF, "-q", *more]


def reference_ranking(data: dict[str, Any]) -> list[str]:
    """Units worst first by the rule the summary states, from the JSON counts (slow, obvious)."""
    totals: dict[str, list[int]] = {}
    for row in data["units"]:
        t = totals.setdefault(row["unit"], [0, 0])
        t[0] += row["violations"]
        t[1] += row["findings"].get("deadline.breached", 0)
    return sorted(totals, key=lambda u: (-totals[u][0], -totals[u][1]))


@pytest.mark.usefixtures("docs_calendar")
@pytest.mark.parametrize("name", NAMES)
def test_the_summary_of_each_demo_export_fits_a_screen_and_ranks_the_units(name: str) -> None:
    text = run(*audit_args(name))
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert len(lines) <= 80, len(lines)
    data = json.loads(run(*audit_args(name, "-f", "json")).stdout)
    ranked = [
        line.split()[1]
        for line in lines[lines.index("各单位排名（最差在前：违规、超时、各项指标）") + 2 :]
        if line.strip() and line.split()[0].isdigit()
    ]
    expected = reference_ranking(data)
    assert ranked == expected[: len(ranked)] or _ties_only(ranked, expected, data)
    assert len(ranked) == min(15, len(expected))


def _ties_only(ranked: list[str], expected: list[str], data: dict[str, Any]) -> bool:
    """The order differs only among units with equal violations and overdue counts."""
    key = {u: tuple(reference_key(data, u)) for u in expected}
    return [key[u] for u in ranked] == [key[u] for u in expected[: len(ranked)]]


def reference_key(data: dict[str, Any], unit: str) -> tuple[int, int]:
    rows = [r for r in data["units"] if r["unit"] == unit]
    return (
        sum(r["violations"] for r in rows),
        sum(r["findings"].get("deadline.breached", 0) for r in rows),
    )


@pytest.mark.usefixtures("docs_calendar")
@pytest.mark.parametrize("name", ["haikou", "gaoling"])
def test_overall_rates_are_the_sums_of_the_units_months(name: str) -> None:
    data = json.loads(run(*audit_args(name, "-f", "json")).stdout)
    text = run(*audit_args(name)).stdout
    for kpi in engine(name).profile.kpis:
        n = sum(r["kpis"].get(kpi.id, {}).get("numerator", 0) for r in data["units"])
        d = sum(r["kpis"].get(kpi.id, {}).get("denominator", 0) for r in data["units"])
        line = next(x for x in text.splitlines() if x.strip().startswith(kpi.name_zh))
        if d:
            assert f"{n}/{d} = {n / d:.1%}" in line
        else:  # never 0% or 100%: a dash, and the reason on the next line
            assert "—" in line and "%" not in line.split(kpi.name_zh, 1)[1].split("《")[0]


def test_a_kpi_the_profile_cannot_compute_is_a_dash_with_its_reason() -> None:
    """haikou sets no completion limit: its on-time and overdue completion rates are not 100%/0%."""
    text = run(*audit_args("haikou")).stdout
    for name_zh in ("按时办结率", "逾期办结率"):
        i = next(i for i, x in enumerate(text.splitlines()) if x.strip().startswith(name_zh))
        line, reason = text.splitlines()[i : i + 2]
        assert "—" in line and "100" not in line and "0.0%" not in line
        assert "无法计算" in reason and "completion" in reason


def test_a_zero_denominator_is_a_dash_never_zero_or_a_hundred_percent() -> None:
    f = Figure(0, 0)
    assert f.rate is None and f.percent() == "—" and f.shown().startswith("—（分母为 0")
    gap = Figure(3, 3, missing_zh="无法计算", missing_en="not computable")
    assert gap.rate is None and gap.shown() == "—（无法计算）"
    assert Figure(1, 4).shown() == "1/4 = 25.0%"
    assert Figure(2, 2, 1, 1).shown() == "2/2 = 100.0%（推定 1/1）"


def _result(rows: dict[tuple[str, str], tuple[int, int, int, int]]) -> AuditResult:
    """A result with, per (unit, month): tickets, violations, breached, KPI numerator/denominator."""
    r = AuditResult("moushi", "0" * 64, {}, datetime.fromisoformat(AS_OF), None)
    for (unit, month), (violations, breached, num, den) in rows.items():
        up = UnitPeriod(tickets=max(den, 1), violations=violations)
        up.findings["deadline.breached"] = breached
        up.kpis["kpi.on_time_completion"] = Tally(num, den)
        r.units[(unit, month)] = up
    return r


counts = st.tuples(
    st.integers(0, 30), st.integers(0, 30), st.integers(0, 20), st.integers(0, 20)
).map(lambda t: (t[0], min(t[1], t[0]), min(t[2], t[3]), t[3]))


@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["甲局", "乙局", "丙局", "丁局"]),
            st.sampled_from(["2026-01", "2026-02"]),
        ),
        counts,
        min_size=1,
        max_size=8,
    )
)
def test_ranking_is_worst_first_and_totals_add_up(rows: dict[tuple[str, str], Any]) -> None:
    s = summarize(_result(rows), engine("moushi").profile)
    keys = [(-u.violations, -u.overdue) for u in s.units]
    assert keys == sorted(keys)  # violations, then overdue, never out of order
    assert [u.rank for u in s.units] == list(range(1, len(s.units) + 1))
    assert s.violations == sum(v for v, _, _, _ in rows.values())
    (kpi,) = s.kpis
    assert (kpi.overall.numerator, kpi.overall.denominator) == (
        sum(n for _, _, n, _ in rows.values()),
        sum(d for _, _, _, d in rows.values()),
    )
    # a unit's rate is never shown when nothing was counted below the line
    for u in s.units:
        f = u.kpis["kpi.on_time_completion"]
        assert (f.rate is None) == (f.denominator == 0)


def test_the_trend_compares_the_last_month_with_the_one_before() -> None:
    rows = {
        ("甲局", "2026-01"): (0, 0, 9, 10),
        ("甲局", "2026-02"): (1, 1, 6, 10),
        ("乙局", "2026-02"): (0, 0, 10, 10),
    }
    s = summarize(_result(rows), engine("moushi").profile)
    (kpi,) = s.kpis
    assert s.trend_zh == "2026-02 对比 2026-01"
    assert kpi.trend is not None and kpi.trend.change == pytest.approx(16 / 20 - 9 / 10)
    assert kpi.trend.arrow == "↓" and kpi.trend.better is False
    unit = next(u for u in s.units if u.unit == "甲局")
    assert unit.trends["kpi.on_time_completion"].shown() == "↓ 30.0 个百分点（变差）"
    one_month = summarize(_result({("甲局", "2026-01"): (0, 0, 1, 1)}), engine("moushi").profile)
    assert one_month.kpis[0].trend is None and "没有上期可比" in one_month.trend_zh


@pytest.mark.parametrize(
    ("period", "before"),
    [
        ("2026-01", "2025-12"),
        ("2026-10", "2026-09"),
        ("2026-Q1", "2025-Q4"),
        ("2026-Q3", "2026-Q2"),
        ("2026", "2025"),
        (None, None),
    ],
)
def test_previous_period(period: str | None, before: str | None) -> None:
    assert previous_period(period) == before


@pytest.mark.usefixtures("docs_calendar")
def test_an_audit_of_one_month_is_compared_with_the_month_before() -> None:
    """``--period`` leaves the month before out of the counts: it is read again for the trend."""
    text = run(*audit_args("gaoling", "--period", "2026-06")).stdout
    assert "趋势：2026-06 对比 2026-05" in text
    with (EXPORTS / "gaoling.jsonl").open(encoding="utf-8") as handle:
        may = audit(
            iter_jsonl(handle),
            engine("gaoling"),
            as_of=datetime.fromisoformat(AS_OF),
            period="2026-05",
        )
    with (EXPORTS / "gaoling.jsonl").open(encoding="utf-8") as handle:
        june = audit(
            iter_jsonl(handle),
            engine("gaoling"),
            as_of=datetime.fromisoformat(AS_OF),
            period="2026-06",
        )
    s = summarize(june, engine("gaoling").profile, previous=may)
    for k in s.kpis:
        line = next(x for x in text.splitlines() if x.strip().startswith(k.name_zh))
        assert k.trend is not None and k.trend.shown() in line


def test_detail_prints_the_full_tables() -> None:
    out = run(*audit_args("moushi", "--detail"), columns=160).stdout
    assert "各单位指标 / KPIs by unit" in out and len(out.splitlines()) > 80


def test_an_export_with_no_record_exits_2_and_strict_keeps_its_meaning(tmp_path: Path) -> None:
    for content in ("", "\n\n", "   \n"):
        path = tmp_path / "empty.jsonl"
        path.write_text(content, encoding="utf-8")
        args = ["audit", str(path), "-p", "moushi", "--as-of", AS_OF, "-q"]
        out = run(*args)
        assert out.exit_code == 2 and "audit.nothing_read" in out.stderr
        data = json.loads(run(*args, "-f", "json").stdout)
        assert data["error"]["code"] == "audit.nothing_read"
    good = (EXPORTS / "moushi-2026-03.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "mixed.jsonl"
    path.write_text(good, encoding="utf-8")  # one line of it is rejected
    base = ["audit", str(path), "-p", "moushi", "--as-of", AS_OF, "-q"]
    assert run(*base).exit_code == 0
    assert run(*base, "--strict").exit_code == 2


def test_many_units_and_circumstances_still_fit_a_screen() -> None:
    """A city's 60 units and 40 circumstances: the summary shows the worst and says how many more."""
    from hotline_rules.audit.auditor import Fired
    from hotline_rules.cli.audit_cmds import summary_lines

    rows = {(f"单位{i:02d}", "2026-01"): (i % 7, i % 3, i % 5, 5) for i in range(60)}
    result = _result(rows)
    result.fired = [
        Fired(
            "circumstance.x",
            "circumstance",
            f"单位{i:02d}",
            "2026-01",
            3,
            2,
            None,
            ("A",),
            "第一条",
            "某情形",
        )
        for i in range(40)
    ]
    lines = summary_lines(result, engine("haikou"))  # a profile with circumstances
    assert len(lines) <= 80
    assert any("另有 45 个单位" in line for line in lines)
    assert any("另有 30 项" in line for line in lines)


def test_estimated_verdicts_are_marked_in_the_summary() -> None:
    rows = {("甲局", "2026-12"): (0, 0, 2, 2)}
    result = _result(rows)
    up = result.units[("甲局", "2026-12")]
    up.estimated = 1
    up.kpis["kpi.on_time_completion"] = Tally(2, 2, 1, 1)
    result.tickets_estimated = 1
    from hotline_rules.cli.audit_cmds import summary_lines

    text = "\n".join(summary_lines(result, engine("moushi")))
    assert "2/2 = 100.0%（推定 1/1）" in text and "（推定 1）" in text
    assert "其中 1 张的截止时刻依赖尚无放假通知的年份" in text


@pytest.mark.usefixtures("docs_calendar")
@pytest.mark.parametrize("name", ["haikou", "hebi"])
def test_each_figure_holds_the_smallest_ids_against_it_over_its_months(name: str) -> None:
    """Overall and per unit, a figure's tickets against it are the union of its months' samples
    cut to the smallest SAMPLE ids, with the counts added (as a merge would)."""
    from hotline_rules.audit.auditor import SAMPLE

    data = json.loads(run(*audit_args(name, "-f", "json")).stdout)
    result = AuditResult.from_dict(data)
    s = summarize(result, engine(name).profile)

    def reference(unit: str | None, kpi: str) -> tuple[int, tuple[str, ...]]:
        count, ids = 0, set()
        for row in data["units"]:
            if unit in (None, row["unit"]) and kpi in row["kpis"]:
                count += row["kpis"][kpi]["against"]["count"]
                ids |= set(row["kpis"][kpi]["against"]["tickets"])
        return count, tuple(sorted(ids)[:SAMPLE])

    assert any(k.overall.against_count > SAMPLE for k in s.kpis)  # the cut is at work
    for k in s.kpis:
        assert (k.overall.against_count, k.overall.against) == reference(None, k.id)
        for u in s.units:
            f = u.kpis[k.id]
            assert (f.against_count, f.against) == reference(u.unit, k.id)
            bad = f.numerator if not k.higher_is_better else f.denominator - f.numerator
            assert f.against_count == bad
    line = s.to_dict()["kpis"][0]
    assert line["against"]["tickets"] == list(s.kpis[0].overall.against)


def test_adding_figures_keeps_the_smallest_ids_in_any_order() -> None:
    a = Figure(1, 4, against=("T3", "T7", "T9"), against_count=3)
    b = Figure(0, 2, against=("T1", "T8"), against_count=2)
    assert (a + b).against == (b + a).against == ("T1", "T3", "T7", "T8", "T9")
    assert (a + b).against_count == 5 and (a + b).numerator == 1


@pytest.mark.usefixtures("docs_calendar")
def test_look_again_fetches_the_named_tickets_before_a_units_first_violations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Within its budget, the tickets a report names (fired, duties, against each KPI figure)
    come first, so every id it links has its timeline; a unit's first violations fill the rest."""
    from hotline_rules.audit import summary as summary_module
    from hotline_rules.audit.summary import against_shown, look_again

    path = EXPORTS / "haikou.jsonl"
    judge = engine("haikou")
    as_of = datetime.fromisoformat(AS_OF)
    with path.open(encoding="utf-8") as handle:
        result = audit(iter_jsonl(handle), judge, as_of=as_of)
    named = [t for f in result.fired for t in f.tickets]
    named += [t for m in result.duties.values() for t in m.sample]
    named = list(dict.fromkeys([*named, *against_shown(result)]))
    assert len(named) > 40

    def reopen() -> Any:
        return iter_jsonl(path.open(encoding="utf-8"))

    monkeypatch.setattr(summary_module, "LOOKED_UP", 40)
    _, found = look_again(reopen, judge, result, None)
    assert set(found) == set(named[:40])
    monkeypatch.setattr(summary_module, "LOOKED_UP", 400)
    _, found = look_again(reopen, judge, result, None)
    assert set(named) < set(found)  # and some units' first violations besides
