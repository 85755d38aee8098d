"""The Excel report (``audit --xlsx``, issue 15): opened by LibreOffice, the same numbers as JSON.

LibreOffice (Debian's ``libreoffice-calc-nogui``, installed by ``.ci/run``) converts every sheet
to CSV headless, as an office's own software would read the file; its numbers are compared with
``--format json``. Skipped, with the reason, only when LibreOffice is not installed.
"""

from __future__ import annotations

import builtins
import csv
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from engine_support import engine
from hotline_rules.audit.auditor import Auditor
from hotline_rules.cli import app
from hotline_rules.engine.ticket import parse_ticket
from hotline_rules.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "examples" / "exports"
AS_OF = "2026-12-31T00:00:00+08:00"
SHEETS = (
    "摘要",
    "单位排名",
    "单位月度指标",
    "指标背后的工单",
    "问责情形",
    "督办与认定",
    "问题工单",
    "无法读取",
)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def write(tmp_path: Path, name: str, *more: str) -> tuple[Path, dict[str, Any]]:
    """The workbook of a bundled demo export, and the same audit's JSON."""
    out = tmp_path / f"{name}.xlsx"
    args = ["audit", str(EXPORTS / f"{name}.jsonl"), "-p", name, "--as-of", AS_OF, "-q", *more]
    result = CliRunner().invoke(app, [*args, "--xlsx", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


def test_a_sheet_per_table_frozen_headers_and_number_formats(tmp_path: Path) -> None:
    import openpyxl

    path, _ = write(tmp_path, "haikou")
    book = openpyxl.load_workbook(path)
    assert tuple(book.sheetnames) == SHEETS
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.value for c in ws[1]), ws.title  # a header over every column
    months = book["单位月度指标"]
    header = [c.value for c in months[1]]
    rate, numerator = header.index("比率") + 1, header.index("分子") + 1
    row = next(r for r in months.iter_rows(min_row=2) if isinstance(r[rate - 1].value, float))
    assert row[rate - 1].number_format == "0.0%" and row[numerator - 1].number_format == "#,##0"
    # a KPI haikou cannot compute is "—" with the reason, never 0% or 100%
    gap = next(r for r in months.iter_rows(min_row=2) if r[5].value == "kpi.on_time_completion")
    assert gap[rate - 1].value == "—" and "无法计算" in gap[-1].value


def test_text_from_an_export_stays_text(tmp_path: Path) -> None:
    """A unit named like a formula is written as a string, never run by a spreadsheet."""
    import openpyxl

    from hotline_rules.audit.xlsx_report import write_xlsx

    unit = '=HYPERLINK("http://evil","x")'
    auditor = Auditor(engine("moushi"), as_of=datetime.fromisoformat(AS_OF))
    auditor.add(
        parse_ticket(
            {
                "id": "X\x07",
                "requester": "citizen",
                "events": [
                    {"type": "received", "at": "2026-03-02T09:00:00+08:00"},
                    {"type": "dispatched", "at": "2026-03-02T10:00:00+08:00", "unit": unit},
                ],
            }
        )
    )
    path = tmp_path / "x.xlsx"
    write_xlsx(path, auditor.finish(), engine("moushi"))
    ws = openpyxl.load_workbook(path)["单位排名"]
    cell = ws.cell(row=2, column=2)
    assert cell.value == unit and cell.data_type == "s"


def test_without_openpyxl_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    from hotline_rules.audit.xlsx_report import write_xlsx

    auditor = Auditor(engine("moushi"), as_of=datetime.fromisoformat(AS_OF))
    with pytest.raises(InputError) as info:
        write_xlsx(tmp_path / "x.xlsx", auditor.finish(), engine("moushi"))
    assert info.value.code == "report.excel_writer_missing"
    assert "hotline-rules[excel]" in info.value.message_zh


def to_csv(path: Path, tmp_path: Path) -> dict[str, list[dict[str, str]]]:
    """Every sheet of ``path`` as CSV rows, converted by LibreOffice headless."""
    assert SOFFICE is not None
    out = tmp_path / "csv"
    # 44 ',', 34 '"', 76 UTF-8, from line 1, ..., the last token -1: every sheet, one file each
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            options,
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sheets = {}
    for name in SHEETS:
        with (out / f"{path.stem}-{name}.csv").open(encoding="utf-8", newline="") as handle:
            sheets[name] = list(csv.DictReader(handle))
    return sheets


def test_the_tickets_against_each_kpi_figure_are_listed_as_in_json(tmp_path: Path) -> None:
    """指标背后的工单: per KPI, all units then each unit, how many tickets count against the
    figure and the smallest of their ids, the same as the JSON's units summed; 单位月度指标
    carries each month's ids beside its figure."""
    import openpyxl

    from hotline_rules.audit.auditor import SAMPLE

    path, data = write(tmp_path, "haikou")
    book = openpyxl.load_workbook(path)
    rows = list(book["指标背后的工单"].iter_rows(values_only=True))
    header = rows[0]
    got = {(r[0], r[3]): (r[header.index("张数")], r[-1] or "") for r in rows[1:]}
    want: dict[tuple[str, str], tuple[int, set[str]]] = {}
    for u in data["units"]:
        for k, t in u["kpis"].items():
            for key in ((k, "全部单位"), (k, u["unit"])):
                n, ids = want.get(key, (0, set()))
                want[key] = (n + t["against"]["count"], ids | set(t["against"]["tickets"]))
    gaps = {k for k, _ in want} - {k for k, _ in got}
    assert gaps <= {"kpi.on_time_completion", "kpi.overdue_completion"}  # not computable
    assert got, "no KPI listed"
    for key, (count, ids) in got.items():
        n, all_ids = want[key]
        assert count == n, key
        assert ids.split("、") == sorted(all_ids)[:SAMPLE] if n else ids == "", key
    # a rate where lower is better lists the tickets in its numerator: it says so
    what = {r[0]: r[2] for r in rows[1:]}
    assert what["kpi.repeat_tickets"] == "计入分子的工单（推高比率）"
    assert what["kpi.immediate_reply"] == "分母中未计入分子的工单（拉低比率）"
    months = list(book["单位月度指标"].iter_rows(values_only=True))
    column = months[0].index("其编号（最小的几张）")
    by_month = {(r[0], r[1], r[5]): r[column] or "" for r in months[1:]}
    for u in data["units"]:
        for k, t in u["kpis"].items():
            assert by_month[(u["unit"], u["period"], k)] == "、".join(t["against"]["tickets"])


def _number(text: str) -> float:
    text = text.replace(",", "")
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
)
@pytest.mark.usefixtures("docs_calendar")
def test_libreoffice_reads_the_same_numbers_as_json(tmp_path: Path) -> None:
    path, data = write(tmp_path, "gaoling")
    sheets = to_csv(path, tmp_path)
    # units × months × KPIs: every numerator and denominator of the JSON, and nothing else
    want = {
        (u["unit"], u["period"], k): (t["numerator"], t["denominator"])
        for u in data["units"]
        for k, t in u["kpis"].items()
    }
    got = {
        (r["单位"], r["月份"], r["指标"]): (int(_number(r["分子"])), int(_number(r["分母"])))
        for r in sheets["单位月度指标"]
        if r["分母"] not in ("", "0")
    }
    assert got == {key: nd for key, nd in want.items() if nd[1]}
    for r in sheets["单位月度指标"]:
        if r["比率"] not in ("", "—"):
            assert _number(r["比率"]) == pytest.approx(
                _number(r["分子"]) / _number(r["分母"]), abs=5e-4
            )
    tickets = {(u["unit"], u["period"]): u["tickets"] for u in data["units"]}
    for r in sheets["单位月度指标"]:
        assert int(_number(r["工单"])) == tickets[(r["单位"], r["月份"])]
    # the summary's counts and the circumstances
    summary = {r["项目"]: r for r in sheets["摘要"]}
    assert int(_number(summary["评估工单（张）"]["分子"])) == data["tickets_evaluated"]
    assert int(_number(summary["违规（项）"]["分子"])) == sum(
        u["violations"] for u in data["units"]
    )
    assert len(sheets["问责情形"]) == len(data["accountability"])
    assert {(r["单位"], r["期间"]) for r in sheets["问责情形"]} == {
        (a["unit"], a["period"]) for a in data["accountability"]
    }
    ranking = sheets["单位排名"]
    assert sum(int(_number(r["工单"])) for r in ranking) == data["tickets_evaluated"]
    assert [int(r["名次"]) for r in ranking] == list(range(1, len(ranking) + 1))
