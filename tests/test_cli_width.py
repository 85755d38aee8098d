"""Tables in a file or pipe are laid out 160 columns wide, unless COLUMNS says otherwise.

rich uses 80 columns when output is not a terminal, which folds rule ids inside table cells
("completion.enterp" / "rise"): a saved report could not be searched for a rule id.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.cli.common import FILE_WIDTH, stdout

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "check",
    str(ROOT / "examples" / "tickets" / "moushi-warning.json"),
    "--profile",
    "moushi",
    "--as-of",
    "2026-10-24T00:00:00+08:00",
]


def _widest(columns: str | None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ARGS, env={"COLUMNS": columns})
    assert result.exit_code == 0
    return max(
        len(line) for line in result.stdout.splitlines() if line.startswith("┏")
    ), result.stdout


def test_a_file_gets_room_for_the_whole_table() -> None:
    assert FILE_WIDTH == 160
    width, out = _widest(None)
    assert width <= FILE_WIDTH
    assert "│ completion.enterprise │" in out  # not folded


def test_columns_still_decides() -> None:
    width, out = _widest("60")
    assert width <= 60
    assert "completion.enterprise" not in out  # folded to fit 60 columns


def test_the_console_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert stdout().width == FILE_WIDTH  # pytest captures the output: not a terminal
    monkeypatch.setenv("COLUMNS", "100")
    assert stdout().width == 100
