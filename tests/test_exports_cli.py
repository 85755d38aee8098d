"""The export verbs end to end: audit of a wide Excel export with --tickets, standard input,
check/explain of one order of an export, mapping suggest, schema --mapping."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from hotline_rules.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
MAPPING = str(EXPORTS / "wide-mapping.yaml")
AS_OF = "2026-10-31T00:00:00+08:00"


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("tickets", ["orders.csv", "orders.jsonl"])
def test_audit_of_the_wide_xlsx_writes_one_line_per_order(tmp_path: Path, tickets: str) -> None:
    out = tmp_path / tickets
    code, stdout, stderr = run(
        "audit",
        str(EXPORTS / "wide.xlsx"),
        "-p",
        "moushi",
        "--mapping",
        MAPPING,
        "--as-of",
        AS_OF,
        "--tickets",
        str(out),
        "-q",
        "-f",
        "json",
    )
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["format"] == "xlsx" and data["accounting"]["balanced"]
    assert data["export_checks"]["platform"]["differs"] == 22
    assert data["reading_warnings"] == {"counts": {}, "examples": []}
    assert "39" in stderr  # 39 orders written
    text = out.read_text(encoding="utf-8-sig")
    assert "张先生" not in text and "******" not in text  # never personal data
    if tickets.endswith(".csv"):
        rows = list(csv.DictReader(text.splitlines()))
        assert len({r["id"] for r in rows}) == 39
        late = next(r for r in rows if r["id"] == "GD2026091400031" and r["clock"] == "completion")
        assert (late["state"], late["due"], late["platform_due"], late["platform_differs"]) == (
            "breached",
            "2026-10-16T00:00:00+08:00",
            "2026-10-17T00:00:00+08:00",
            "true",
        )
    else:
        records = [json.loads(line) for line in text.splitlines()]
        assert len(records) == 39
        one = next(r for r in records if r["id"] == "GD2026091400031")
        assert one["judged"] and one["unit"] == "某区住建局"
        assert one["platform_due"] == {"completion": "2026-10-17T00:00:00+08:00"}
        assert "platform.deadline_differs" in [f["code"] for f in one["findings"]]


def test_audit_text_says_what_the_platform_and_the_snapshot_are() -> None:
    code, stdout, _ = run(
        "audit",
        str(EXPORTS / "wide.xls"),
        "-p",
        "moushi",
        "--mapping",
        MAPPING,
        "--as-of",
        AS_OF,
        "-q",
    )
    assert code == 0
    assert "平台截止时间：核对 39 张，与本办法不一致 22 张（平台偏晚 22 张、偏早 0 张）" in stdout
    assert "这份导出像是某一时刻的快照" in stdout and "--as-of 2026-10-17T00:00:00+08:00" in stdout


def test_audit_reads_a_gb18030_csv_from_standard_input() -> None:
    data = (EXPORTS / "wide-gb18030.csv").read_bytes()
    code, stdout, stderr = run(
        "audit",
        "-",
        "-p",
        "moushi",
        "--mapping",
        MAPPING,
        "--as-of",
        AS_OF,
        "-q",
        "-f",
        "json",
        stdin=data,
    )
    assert code == 0, stderr
    result = json.loads(stdout)
    assert (result["format"], result["encoding"]) == ("csv", "gb18030")
    assert (result["tickets_evaluated"], result["rows_rejected"]) == (39, 1)


def test_audit_reads_json_lines_from_standard_input() -> None:
    data = (EXPORTS / "moushi-2026-03.jsonl").read_bytes()
    code, stdout, _ = run(
        "audit", "-", "-p", "moushi", "--as-of", AS_OF, "-q", "-f", "json", stdin=data
    )
    assert code == 0
    assert json.loads(stdout)["format"] == "jsonl"


def test_check_reads_a_ticket_from_standard_input() -> None:
    ticket = (ROOT / "examples" / "tickets" / "moushi.json").read_bytes()
    code, stdout, _ = run(
        "check", "-", "-p", "moushi", "--as-of", AS_OF, "-f", "json", stdin=ticket
    )
    from_file = run(
        "check",
        str(ROOT / "examples" / "tickets" / "moushi.json"),
        "-p",
        "moushi",
        "--as-of",
        AS_OF,
        "-f",
        "json",
    )
    assert (code, stdout) == from_file[:2]


def test_check_one_order_of_an_export(tmp_path: Path) -> None:
    code, stdout, _ = run(
        "check",
        str(EXPORTS / "wide.xlsx"),
        "--mapping",
        MAPPING,
        "--id",
        "GD2026091400031",
        "-p",
        "moushi",
        "--as-of",
        AS_OF,
        "-f",
        "json",
    )
    assert code == 5  # a violation: late under the regulation
    data = json.loads(stdout)
    assert data["ticket_id"] == "GD2026091400031"
    assert data["platform_due"] == {"completion": "2026-10-17T00:00:00+08:00"}
    differs = [f for f in data["findings"] if f["code"] == "platform.deadline_differs"]
    assert differs and differs[0]["details"]["due"] == "2026-10-16T00:00:00+08:00"


@pytest.mark.parametrize(
    ("args", "code_text"),
    [
        (["--mapping", MAPPING], "usage.id_required"),
        (["--mapping", MAPPING, "--id", "NOPE"], "ticket.not_in_export"),
        (["--mapping", MAPPING, "--id", "GD2026091400001"], "record.unmapped_value"),
    ],
)
def test_check_of_an_export_says_what_is_wrong(args: list[str], code_text: str) -> None:
    code, stdout, _ = run("check", str(EXPORTS / "wide.xlsx"), *args, "-p", "moushi", "-f", "json")
    assert code == 2
    assert json.loads(stdout)["error"]["code"] == code_text


def test_mapping_suggest_writes_a_draft_and_never_over_a_file(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    code, stdout, _ = run("mapping", "suggest", str(EXPORTS / "wide-gb18030.csv"), "-o", str(out))
    assert code == 0 and "draft.yaml" in stdout
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["platform_due"] == {"completion": "办结时限"}
    code, _, stderr = run("mapping", "suggest", str(EXPORTS / "wide-gb18030.csv"), "-o", str(out))
    assert code == 2 and "usage.file_exists" in stderr
    code, _, stderr = run("mapping", "suggest", str(EXPORTS / "moushi-2026-03.jsonl"))
    assert code == 2 and "usage.not_a_table" in stderr


def test_schema_mapping_is_a_json_schema_the_example_mapping_meets() -> None:
    code, stdout, _ = run("schema", "--mapping")
    assert code == 0
    schema = json.loads(stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(Path(MAPPING).read_text(encoding="utf-8")), schema)
