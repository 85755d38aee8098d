"""Every example in the README and docs/ is run and its output compared.

```console blocks: each ``$ hotline-rules ...`` line is run through the CLI
and its output (stdout and stderr together) must equal the lines under it.
Python examples (``>>>``) are run as doctests.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *ROOT.glob("docs/**/*.md")])
_BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def _examples() -> list[tuple[str, str, str]]:
    out = []
    for path in DOCS:
        for block in _BLOCK.findall(path.read_text(encoding="utf-8")):
            lines = block.splitlines()
            i = 0
            while i < len(lines):
                if lines[i].startswith("$ hotline-rules "):
                    command = lines[i][2:]
                    j = i + 1
                    while j < len(lines) and not lines[j].startswith("$ "):
                        j += 1
                    expected = "\n".join(lines[i + 1 : j])
                    out.append((str(path.relative_to(ROOT)), command, expected))
                    i = j
                else:
                    i += 1
    return out


EXAMPLES = _examples()


def test_docs_have_examples() -> None:
    assert len(EXAMPLES) >= 6, EXAMPLES


@pytest.mark.parametrize(
    ("doc", "command", "expected"), EXAMPLES, ids=[f"{d}:{c[:60]}" for d, c, _ in EXAMPLES]
)
def test_console_example(
    doc: str, command: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)[1:]
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "120"})
    got = "\n".join(line.rstrip() for line in result.output.rstrip("\n").splitlines())
    want = "\n".join(line.rstrip() for line in expected.rstrip("\n").splitlines())
    assert got == want, f"{doc}: `{command}` printed:\n{result.output}"
    if "错误 [" in want or "error [" in want:
        assert result.exit_code in (2, 3)  # bad input, invalid profile
    else:
        assert result.exit_code == 0


@pytest.mark.parametrize(
    "path", [p for p in DOCS if ">>> " in p.read_text(encoding="utf-8")], ids=str
)
def test_python_examples(path: Path) -> None:
    failures, tried = doctest.testfile(
        str(path), module_relative=False, encoding="utf-8", optionflags=doctest.ELLIPSIS
    )
    assert tried > 0
    assert failures == 0
