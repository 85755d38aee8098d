"""Tables in a file or pipe are laid out 160 columns wide, unless COLUMNS says otherwise.

rich uses 80 columns when output is not a terminal, which folds rule ids inside table cells
("completion.enterp" / "rise"): a saved report could not be searched for a rule id. ``check``
prints its table without rich (cli/plain_text.py): aligned columns when they fit, else one block
of ``header  value`` lines per clock, so a rule id is never cut in two at any width.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.cli.common import FILE_WIDTH, stdout
from hotline_rules.cli.plain_text import display_width, table_lines

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
    table = result.stdout.split("时限 / clocks\n", 1)[1]
    return max(display_width(line) for line in table.splitlines()), result.stdout


def test_a_file_gets_room_for_the_whole_table() -> None:
    assert FILE_WIDTH == 160
    width, out = _widest(None)
    assert width <= FILE_WIDTH
    rows = [line for line in out.splitlines() if line.startswith("completion.enterprise ")]
    assert rows and "2026-10-28 00:00" in rows[0] and rows[0].endswith("第七条")  # one line


def test_columns_still_decides() -> None:
    width, out = _widest("60")
    assert width <= 60
    assert "completion.enterprise\n" in out  # a block per clock; the rule id whole


def test_display_width_counts_chinese_as_two_columns() -> None:
    assert display_width("abc") == 3
    assert display_width("办结") == 4
    assert display_width("e\u0301") == 1  # a combining accent takes no column


def test_the_table_aligns_by_display_width() -> None:
    lines = table_lines("t", ("规则", "状态"), [("a", "按时"), ("completion", "超时")], 80)
    assert lines[0] == "t"
    # the second column starts at the same screen column on every line, Chinese or not
    second = [("规则", "状态"), ("a", "按时"), ("completion", "超时")]
    starts = {
        display_width(line[: line.index(cell, len(first))])
        for line, (first, cell) in zip([lines[1], lines[3], lines[4]], second, strict=True)
    }
    assert starts == {display_width("completion") + 2}


def test_a_table_too_wide_becomes_blocks() -> None:
    lines = table_lines("t", ("规则", "状态"), [("completion.citizen", "按时")], 10)
    assert lines == ["t", "completion.citizen", "  状态  按时"]


def test_cells_print_as_themselves() -> None:
    lines = table_lines("t", ("规则",), [("\x1b[31mred",)], 80)
    assert "\x1b" not in "".join(lines) and "\\x1b[31mred" in lines[-1]


def test_the_console_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert stdout().width == FILE_WIDTH  # pytest captures the output: not a terminal
    monkeypatch.setenv("COLUMNS", "100")
    assert stdout().width == 100
