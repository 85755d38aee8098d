"""check and explain from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hotline_rules.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "tickets"
runner = CliRunner()


def test_check_json_and_exit_code_without_violations() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            str(EXAMPLES / "gaoling.json"),
            "-p",
            "gaoling",
            "--as-of",
            "2026-10-20T00:00:00+08:00",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ticket_id"] == "GL-20260930-0417"
    assert {c["state"] for c in data["clocks"]} == {"met"}
    assert all(f["severity"] != "violation" for f in data["findings"])


def test_check_exits_5_with_violations(tmp_path: Path) -> None:
    ticket = {
        "id": "LATE-1",
        "requester": "citizen",
        "events": [
            {"type": "received", "at": "2026-09-30T15:00:00+08:00"},
            {"type": "dispatched", "at": "2026-09-30T16:00:00+08:00", "unit": "市住建局"},
        ],
    }
    path = tmp_path / "late.json"
    path.write_text(json.dumps(ticket, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(
        app, ["check", str(path), "-p", "moushi", "--as-of", "2026-10-20T00:00:00+08:00"]
    )
    assert result.exit_code == 5
    assert "deadline.breached" in result.stdout and "第七条" in result.stdout
    assert "超时" in result.stdout


def test_check_bad_ticket_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        '{"id": "X", "events": [{"type": "received", "at": "2026-09-30T15:00:00"}]}',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(path), "-p", "moushi"])
    assert result.exit_code == 2
    assert "ticket.naive_datetime" in result.stderr


def test_explain_names_articles_in_time_order() -> None:
    result = runner.invoke(
        app,
        [
            "explain",
            str(EXAMPLES / "gaoling.json"),
            "-p",
            "gaoling",
            "--as-of",
            "2026-10-20T00:00:00+08:00",
        ],
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("工单 GL-20260930-0417")
    stamps = [
        line.split()[0] + " " + line.split()[1] for line in lines[2:-1] if line.startswith("  20")
    ]
    assert stamps == sorted(stamps)
    assert "第十七条" in result.stdout and "联席会议" in result.stdout
    assert lines[-1].strip() == "结论：没有违规。"
