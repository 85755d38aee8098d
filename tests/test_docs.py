"""Every example in the README and docs/ is run and its output compared.

```console blocks: each ``$ hotline-rules ...`` line is run through the CLI
and its output (stdout and stderr together) must equal the lines under it; the exit code
must be 0, or 2/3 when an error is shown, or the one a last line ``[exit N]`` states.
Python examples (``>>>``) are run as doctests.

Both run against the bundled notices as the docs were written (``docs_calendar``, up to
``calendar_years.DOCS_LAST_NOTICE_YEAR``): an example showing next year as "no notice yet", or
the data version of the notices, stays true when a new year's notice is added.

``UPDATE_DOCS=check`` (a verb, or ``all``) writes what the command printed into the doc
instead of failing, for the examples of that verb: after a deliberate change of output, run
it, then read the diff of docs/ before committing.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *ROOT.glob("docs/**/*.md")])
_BLOCK = re.compile(r"```console\n(.*?)```", re.S)
_EXIT = re.compile(r"^\[exit (\d+)\]\s*\Z", re.M)


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
@pytest.mark.usefixtures("docs_calendar")
def test_console_example(
    doc: str, command: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)[1:]
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "120"})
    exit_code = _EXIT.search(expected)  # a last line "[exit 4]": the exit code the doc shows
    if exit_code is not None:
        expected = expected[: exit_code.start()]
    got = "\n".join(line.rstrip() for line in result.output.rstrip("\n").splitlines())
    want = "\n".join(line.rstrip() for line in expected.rstrip("\n").splitlines())
    if got != want and os.environ.get("UPDATE_DOCS") in ("all", argv[0]):
        path = ROOT / doc
        text = path.read_text(encoding="utf-8")
        old = f"$ {command}\n{expected.rstrip(chr(10))}\n"
        assert text.count(old) == 1, f"{doc}: `{command}` is not one block to update"
        path.write_text(text.replace(old, f"$ {command}\n{got}\n"), encoding="utf-8")
        pytest.skip(f"{doc}: `{command}` updated (UPDATE_DOCS)")
    assert got == want, f"{doc}: `{command}` printed:\n{result.output}"
    if exit_code is not None:
        assert result.exit_code == int(exit_code.group(1))
    elif "错误 [" in want or "error [" in want:
        assert result.exit_code in (2, 3)  # bad input, invalid profile
    else:
        assert result.exit_code == 0


@pytest.mark.parametrize(
    "path", [p for p in DOCS if ">>> " in p.read_text(encoding="utf-8")], ids=str
)
@pytest.mark.usefixtures("docs_calendar")
def test_python_examples(path: Path) -> None:
    failures, tried = doctest.testfile(
        str(path), module_relative=False, encoding="utf-8", optionflags=doctest.ELLIPSIS
    )
    assert tried > 0
    assert failures == 0


def test_worked_example_shows_the_suite_file_as_it_is() -> None:
    """The test file printed in docs/zh/worked-example.md is the one the example runs."""
    doc = (ROOT / "docs" / "zh" / "worked-example.md").read_text(encoding="utf-8")
    suite = (ROOT / "examples" / "profiles" / "tests" / "moushi_3days.test.yaml").read_text(
        encoding="utf-8"
    )
    shown = [b for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "profile: moushi_3days" in b]
    assert len(shown) == 1
    assert shown[0].strip() in suite
