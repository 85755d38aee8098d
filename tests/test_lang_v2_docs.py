"""The worked examples of docs/zh/reference.md ("第二版新增的写法") load as profile sections."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lang_v2_support import BASE_CLOCK, load_body

from hotline_rules.profile.reference import V2_EXAMPLES

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "zh" / "reference.md"


@pytest.mark.parametrize("example", V2_EXAMPLES, ids=[e[0][:12] for e in V2_EXAMPLES])
def test_each_worked_example_loads(tmp_path: Path, example: tuple[str, str, str, str]) -> None:
    title, _words, _what, yaml_text = example
    body = yaml_text + "\n"
    if not body.startswith("clocks:") and "\nclocks:" not in body:
        body = BASE_CLOCK + body
    loaded = load_body(tmp_path, body)
    assert loaded.profile.rules(), title
    assert f"```yaml\n{yaml_text}\n```" in REFERENCE.read_text(encoding="utf-8")
