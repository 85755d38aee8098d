"""`audit --format csv`: an empty rate cell always says why, and a KPI the profile cannot compute
is never written as 0/0 (a figure the text does not define is not a measured zero)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from engine_support import engine
from hotline_rules.cli import app
from hotline_rules.profile.kpis import kpi_gaps

ROOT = Path(__file__).resolve().parent.parent


def _rows(name: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(ROOT / "examples" / "exports" / f"{name}.jsonl"),
            "-p",
            name,
            "--as-of",
            "2026-12-31T00:00:00+08:00",
            "-q",
            "-f",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_kpi_the_profile_cannot_compute_has_no_figures() -> None:
    gaps = kpi_gaps(engine("haikou").profile)
    assert gaps  # the report sets no completion limit: two rates cannot be computed
    rows = _rows("haikou")
    for kpi in gaps:
        cells = {(r[f"{kpi}.numerator"], r[f"{kpi}.denominator"], r[f"{kpi}.rate"]) for r in rows}
        assert cells == {("", "", "")}
        assert {r[f"{kpi}.status"] for r in rows} == {"not_computable"}


def test_every_empty_rate_says_why_and_every_rate_agrees_with_its_counts() -> None:
    for name in ("haikou", "moushi"):
        profile = engine(name).profile
        gaps = kpi_gaps(profile)
        for r in _rows(name):
            for k in profile.kpis:
                status, rate = r[f"{k.id}.status"], r[f"{k.id}.rate"]
                if k.id in gaps:
                    assert status == "not_computable"
                    continue
                num, den = int(r[f"{k.id}.numerator"]), int(r[f"{k.id}.denominator"])
                if den == 0:
                    assert (status, rate) == ("no_denominator", "")
                else:
                    assert status == "ok" and abs(float(rate) - num / den) < 1e-6
