"""The outputs shown in docs/zh/testing.md that ``tests/test_docs.py`` cannot run.

A failing run exits 4 and needs a broken profile, so those examples are ```text blocks
marked ``<!-- checked: NAME -->``; this test builds the broken copy, runs the command
shown in the block (in the copy's directory, COLUMNS=120) and compares the output.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "zh" / "testing.md"
_BLOCK = re.compile(r"<!-- checked: ([\w-]+) -->\n```text\n(.*?)```", re.S)


def blocks() -> dict[str, str]:
    return dict(_BLOCK.findall(DOC.read_text(encoding="utf-8")))


def copy_moushi(
    tmp_path: Path, profile_change: tuple[str, str], suite_change: tuple[str, str]
) -> None:
    (tmp_path / "profiles" / "tests").mkdir(parents=True)
    for rel, (old, new) in (
        ("profiles/moushi.yaml", profile_change),
        ("profiles/tests/moushi.test.yaml", suite_change),
    ):
        text = (ROOT / rel).read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        (tmp_path / rel).write_text(text.replace(old, new), encoding="utf-8")


SETUPS = {
    "failing-case": (("duration: 5个工作日", "duration: 6个工作日"), ("", "")),
    "load-error": (
        ("duration: 5个工作日", "duration: 5个工作日"),
        ("{rule: completion.citizen, state: met,", "{rule: completion.citizn, state: met,"),
    ),
}


def test_every_checked_block_has_a_setup() -> None:
    assert set(blocks()) == set(SETUPS)


@pytest.mark.parametrize("name", sorted(SETUPS))
def test_checked_block(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile_change, suite_change = SETUPS[name]
    if suite_change == ("", ""):
        suite_change = ("apiVersion:", "apiVersion:")
    copy_moushi(tmp_path, profile_change, suite_change)
    shutil.copy(ROOT / "profiles" / "schema" / "test.schema.json", tmp_path / "profiles")
    block = blocks()[name]
    command, _, expected = block.partition("\n")
    assert command.startswith("$ hotline-rules ")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, shlex.split(command)[2:], env={"COLUMNS": "120"})
    got = "\n".join(line.rstrip() for line in result.output.rstrip("\n").splitlines())
    want = "\n".join(line.rstrip() for line in expected.rstrip("\n").splitlines())
    assert got == want, result.output
    assert result.exit_code == {"failing-case": 4, "load-error": 2}[name]
