"""``audit --tickets``: each order's line says which KPIs it counts for or against, and filtering
the lines by a KPI's id gives every order behind the audit's figure (the report shows only the
first few)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hotline_rules.audit.auditor import Tally
from hotline_rules.audit.ticket_lines import CSV_COLUMNS
from hotline_rules.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "haikou.jsonl"
AS_OF = "2026-12-31T00:00:00+08:00"


def audit(out: Path) -> dict[str, Tally]:
    """Audit the haikou demo export writing ``--tickets out``; per KPI, its tally over every
    unit and month of the audit's JSON, merged as the report merges them."""
    args = ["audit", str(EXPORT), "-p", "haikou", "--as-of", AS_OF, "--tickets", str(out)]
    result = CliRunner().invoke(app, [*args, "-q", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    overall: dict[str, Tally] = defaultdict(Tally)
    for row in json.loads(result.stdout)["units"]:
        for kpi, tally in row["kpis"].items():
            overall[kpi].add(Tally.from_dict(tally))
    return dict(overall)


Lines = tuple[dict[str, Tally], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Lines:
    """The overall tallies, and the JSON lines of ``--tickets orders.jsonl``."""
    out = tmp_path_factory.mktemp("lines") / "orders.jsonl"
    overall = audit(out)
    return overall, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_lines_marked_against_a_kpi_are_the_ones_its_figure_counts(jsonl: Lines) -> None:
    """Per KPI: the lines holding its id are its denominator, those saying "against" are its
    ``against.count``, and their 20 smallest ids are the report's ``against.tickets``, in
    both directions (a rate where higher is better, and a repeat rate where it is not)."""
    overall, records = jsonl
    assert {t.lower_is_better for t in overall.values()} == {False, True}
    for kpi, tally in overall.items():
        counted = [r for r in records if kpi in r["kpis"]]
        against = sorted(r["id"] for r in counted if r["kpis"][kpi] == "against")
        assert len(counted) == tally.denominator, kpi
        assert len(against) == tally.against.count > 0, kpi
        assert against[:20] == tally.against.sample, kpi
        assert {v for r in counted for v in r["kpis"].values()} <= {"against", "for"}
    assert sum(r["kpis"].get("kpi.immediate_reply") == "against" for r in records) == 1649


def test_only_computable_kpis_are_marked(jsonl: Lines) -> None:
    """A KPI the profile cannot compute from this export is never tallied, and never marked."""
    overall, records = jsonl
    marked = {k for r in records for k in r["kpis"]}
    assert marked == set(overall)
    assert "kpi.on_time_completion" not in marked  # the demo has no completion clock


def test_the_csv_lists_the_kpis_against_in_a_last_column(jsonl: Lines, tmp_path: Path) -> None:
    """The existing columns keep their order; ``kpis_against`` comes last, on each row of the
    order, and says what the JSON lines say."""
    _, records = jsonl
    want = {r["id"]: ";".join(k for k, v in r["kpis"].items() if v == "against") for r in records}
    out = tmp_path / "orders.csv"
    audit(out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    assert tuple(header) == CSV_COLUMNS
    assert header[:13] == [
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
    ]
    assert header[-1] == "kpis_against"
    got: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        got[row["id"]].add(row["kpis_against"])
    assert {k: v.pop() for k, v in got.items() if len(v) == 1} == want
    assert any(";" in v for v in want.values())
