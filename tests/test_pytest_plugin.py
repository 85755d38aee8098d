"""The pytest plugin: ``*.test.yaml`` suites collected as items, one per case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hotline_rules.suites import load_suite

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
MOUSHI_SUITE = ROOT / "profiles" / "tests" / "moushi.test.yaml"

SUITE = """\
apiVersion: hotline_rules/test/v1
profile: moushi
as_of: 2026-10-20T00:00:00+08:00
fixtures:
  tickets:
    群众求助:
      requester: citizen
      events:
        - {type: dispatched, at: 2026-09-30T16:40:00+08:00, unit: 某市市场监督管理局}
cases:
  - name: 按时
    ticket: 群众求助
    expect:
      clocks: [{rule: completion.citizen, due: 2026-10-14T00:00:00+08:00}]
  - name: 写错的截止时刻
    ticket: 群众求助
    expect:
      clocks: [{rule: completion.citizen, due: 2026-10-13T00:00:00+08:00}]
  - name: 暂缓
    ticket: 群众求助
    skip: 等待答复口径
    expect:
      clocks: [{rule: feedback.same_day}]
"""


def test_cases_become_items_with_the_same_diff(pytester: pytest.Pytester) -> None:
    pytester.makefile(".test.yaml", moushi=SUITE)
    result = pytester.runpytest("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*moushi.test.yaml: 写错的截止时刻*",
            "失败：写错的截止时刻（*moushi.test.yaml:15）",
            "  时限 completion.citizen · 截止 due",
            "    期望 expected: 2026-10-13T00:00:00+08:00",
            "    实际 actual:   2026-10-14T00:00:00+08:00",
            "*SKIPPED*等待答复口径*",
        ]
    )


def test_junit_xml_of_pytest_includes_the_cases(pytester: pytest.Pytester) -> None:
    pytester.makefile(".test.yaml", moushi=SUITE)
    result = pytester.runpytest("-p", "no:cacheprovider", "--junitxml=out.xml")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    xml = (pytester.path / "out.xml").read_text(encoding="utf-8")
    assert 'name="按时"' in xml and 'name="写错的截止时刻"' in xml


def test_a_broken_suite_is_a_collection_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".test.yaml", moushi=SUITE.replace("ticket: 群众求助\n    skip", "ticket: 群众\n    skip")
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.re_match_lines(
        [r".*moushi\.test\.yaml:20:13: cases\[2\]\.ticket: 错误 \[suite\.unknown_fixture\].*"]
    )


def test_other_tools_test_yaml_files_are_left_alone(pytester: pytest.Pytester) -> None:
    pytester.makefile(".test.yaml", other="kind: something-else\ncases: [1, 2]\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_pytest_in_the_repository_collects_the_profile_suites() -> None:
    """A plain ``pytest`` in the checkout runs profiles/tests through the plugin (testpaths)."""
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    ids = set(out.stdout.splitlines())
    names = [c.name for c in load_suite(MOUSHI_SUITE).cases]
    assert {f"profiles/tests/moushi.test.yaml::{n}" for n in names} <= ids, out.stdout[-2000:]
