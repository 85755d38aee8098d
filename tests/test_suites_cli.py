"""``hotline-rules test``: exit codes, text and JSON output, coverage, filters, JUnit XML, schema."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.suites.json_schema import render, schema_file

ROOT = Path(__file__).resolve().parent.parent
MOUSHI_SUITE = ROOT / "profiles" / "tests" / "moushi.test.yaml"

SMALL = """\
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
  - name: 群众诉求超时
    ticket: 群众求助
    expect:
      clocks: [{rule: completion.citizen, state: breached, due: 2026-10-14T00:00:00+08:00}]
  - name: 暂缓
    ticket: 群众求助
    skip: 等待答复口径
    expect:
      clocks: [{rule: feedback.same_day}]
"""


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, ["test", *args], env={"COLUMNS": "120"})


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.test.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of moushi (profile and suite) with 5个工作日 changed to 6个工作日."""
    profiles = tmp_path / "profiles"
    (profiles / "tests").mkdir(parents=True)
    text = (ROOT / "profiles" / "moushi.yaml").read_text(encoding="utf-8")
    (profiles / "moushi.yaml").write_text(
        text.replace("duration: 5个工作日", "duration: 6个工作日"), encoding="utf-8"
    )
    shutil.copy(MOUSHI_SUITE, profiles / "tests" / "moushi.test.yaml")
    return profiles


def test_the_bundled_suites_pass_with_full_coverage() -> None:
    result = invoke("--min-coverage", "100", "--coverage")
    assert result.exit_code == 0, result.output
    assert "profiles/tests/moushi.test.yaml" in result.output
    assert "moushi：每条规则都有用例覆盖。 Every rule is covered." in result.output


def _moushi_counts() -> tuple[int, int]:
    """Cases of the moushi suite and rules of the moushi profile, as they stand."""
    from hotline_rules.profile import load_profile
    from hotline_rules.suites.loader import load_suite

    suite = load_suite(MOUSHI_SUITE)
    return len(suite.cases), len(load_profile("moushi").profile.rules())


def _case_line(name: str) -> int:
    """The line of the case ``name`` in the moushi suite."""
    lines = MOUSHI_SUITE.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if ln.strip() == f"- name: {name}")


def test_a_profile_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("moushi")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].strip() == "测试结果 / test results"
    cases, rules = _moushi_counts()  # the live suite and profile (issue 14 edits them)
    row = [ln for ln in lines if ln.startswith("│ profiles/tests/moushi.test.yaml │")]
    assert len(row) == 1
    cells = [c.strip() for c in row[0].strip("│").split("│")]
    assert cells == [
        "profiles/tests/moushi.test.yaml",
        "moushi",
        str(cases),
        "0",
        "0",
        f"100%（{rules}/{rules}）",
    ]
    assert (
        lines[-1] == f"{cases} 个用例：{cases} 通过，0 失败，0 跳过。 "
        f"{cases} cases: {cases} passed, 0 failed, 0 skipped."
    )


def test_breaking_a_number_exits_4_with_the_diff(broken: Path) -> None:
    result = invoke(str(broken / "tests" / "moushi.test.yaml"))
    assert result.exit_code == 4
    out = result.output
    assert "失败：群众诉求5个工作日内办结（" in out
    assert (
        "    期望 expected: 2026-10-14T00:00:00+08:00\n    实际 actual:   2026-10-15T00:00:00+08:00"
        in out
    )
    assert "    跳过 2026-10-01..07 国庆节" in out
    # a directory holding tests/ runs the suites in it
    assert invoke(str(broken)).exit_code == 4


def test_json_output_is_one_document(broken: Path) -> None:
    result = invoke(str(broken / "tests"), "--format", "json")
    assert result.exit_code == 4
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["exit_code"] == 4
    assert doc["summary"]["failed"] >= 1
    (suite,) = doc["suites"]
    assert suite["profile"] == "moushi"
    failed = [c for c in suite["cases"] if c["status"] == "failed"]
    first = next(c for c in failed if c["name"] == "群众诉求5个工作日内办结")
    assert first["mismatches"][0] == {
        "subject": "时限 completion.citizen",
        "field": "截止 due",
        "expected": "2026-10-14T00:00:00+08:00",
        "actual": "2026-10-15T00:00:00+08:00",
    }
    assert first["trace"][0] == "工单经过（hotline-rules explain）："
    assert first["line"] == _case_line("群众诉求5个工作日内办结")


def test_a_draft_profile_runs_against_todays_cases() -> None:
    """--profile: the 3-working-day draft fails exactly the cases that hang on 5 working days."""
    draft = ROOT / "examples" / "profiles" / "moushi_3days.yaml"
    result = invoke("moushi", "--profile", str(draft), "--format", "json")
    assert result.exit_code == 4, result.output
    (suite,) = json.loads(result.stdout)["suites"]
    assert suite["profile"] == "moushi_3days"
    failed = {c["name"]: c for c in suite["cases"] if c["status"] == "failed"}
    # 2026-09-30 16:40 + 3 working days: 10-01..07 国庆 skipped, 10-08, 10-09, 10-10 (调休上班)
    first = failed["群众诉求5个工作日内办结"]
    assert {
        "subject": "时限 completion.citizen",
        "field": "截止 due",
        "expected": "2026-10-14T00:00:00+08:00",
        "actual": "2026-10-11T00:00:00+08:00",
    } in first["mismatches"]
    # the enterprise limit (15 working days) is not in the draft's override: untouched
    assert all("enterprise" not in c["name"] and "企业" not in c["name"] for c in failed.values())
    assert invoke("moushi").exit_code == 0  # the suite itself is unchanged


def test_skipped_cases_are_reported_and_coverage_lists_the_rest(small: Path) -> None:
    result = invoke(str(small), "--coverage")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "跳过 skipped：暂缓：等待答复口径" in out
    assert "moushi：没有用例覆盖的规则 / rules no case covers" in out
    lines = (ROOT / "profiles" / "moushi.yaml").read_text(encoding="utf-8").splitlines()
    feedback_line = lines.index("  - id: feedback.same_day") + 1
    assert f"moushi.yaml:{feedback_line}" in out
    assert "completion.citizen " not in out.split("rules no case covers")[1]
    assert out.rstrip().endswith("2 cases: 1 passed, 0 failed, 1 skipped.")


def test_min_coverage_below_the_threshold_exits_4(small: Path) -> None:
    result = invoke(str(small), "--min-coverage", "90")
    assert result.exit_code == 4
    pct = f"{100 / _moushi_counts()[1]:.1f}%"  # one rule of the live profile covered
    assert (
        f"moushi 的规则覆盖率 {pct} 低于要求的 90%。 Rule coverage of moushi is {pct}, below 90%."
        in result.output
    )
    assert invoke(str(small), "--min-coverage", str(int(100 / _moushi_counts()[1]))).exit_code == 0


def test_zero_cases_run_is_a_failure_unless_allowed(small: Path) -> None:
    result = invoke(str(small), "--filter", "没有这个用例")
    assert result.exit_code == 4
    assert "没有运行任何用例，视为失败（确需如此请加 --allow-empty）。" in result.output
    assert invoke(str(small), "--filter", "没有这个用例", "--allow-empty").exit_code == 0
    # skipped cases do not count as run
    assert invoke(str(small), "--filter", "暂缓").exit_code == 4


def test_filter_selects_cases_by_name(small: Path) -> None:
    result = invoke(str(small), "-k", "超时", "--format", "json")
    doc = json.loads(result.stdout)
    assert [c["name"] for c in doc["suites"][0]["cases"]] == ["群众诉求超时"]


def test_junit_xml(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    result = invoke(str(broken / "tests" / "moushi.test.yaml"), "--junit-xml", str(out))
    assert result.exit_code == 4
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "0")) == len(cases) >= 45
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures", "0")) == len(failures) >= 1
    first = next(c for c in failures if c.get("name") == "群众诉求5个工作日内办结")
    assert first.get("line") == str(_case_line("群众诉求5个工作日内办结"))
    failure = first.find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "时限 completion.citizen 截止 due: expected 2026-10-14T00:00:00+08:00, "
        "got 2026-10-15T00:00:00+08:00"
    )
    assert "跳过 2026-10-01..07 国庆节" in (failure.text or "")


def test_a_bad_suite_exits_2_and_still_writes_junit(small: Path, tmp_path: Path) -> None:
    small.write_text(SMALL.replace("ticket: 群众求助\n    skip", "ticket: 群众\n    skip"), "utf-8")
    out = tmp_path / "report.xml"
    result = invoke(str(small), "--junit-xml", str(out))
    assert result.exit_code == 2
    assert "错误 [suite.unknown_fixture]：没有名为“群众”的工单夹具" in result.output
    error = ET.parse(out).getroot().find("testsuite/testcase/error")
    assert error is not None and error.get("message", "").startswith("[suite.unknown_fixture]")
    doc = json.loads(invoke(str(small), "-f", "json").stdout)
    assert doc["errors"][0]["code"] == "suite.unknown_fixture"
    assert doc["errors"][0]["line"] == 16


def test_an_invalid_profile_exits_3(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("apiVersion: hotline_rules/v1\n", encoding="utf-8")
    suite = tmp_path / "bad.test.yaml"
    suite.write_text(SMALL.replace("profile: moushi", "profile: bad.yaml"), encoding="utf-8")
    result = invoke(str(suite))
    assert result.exit_code == 3
    assert "profile.missing" in result.output


def test_an_unknown_target(tmp_path: Path) -> None:
    result = invoke("nowhere")
    assert result.exit_code == 2
    assert "错误 [suite.not_found]：配置“nowhere”没有测试文件" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(str(empty))
    assert result.exit_code == 2
    assert "suite.none_found" in result.output


# ---- the schema ----------------------------------------------------------------------------------


def test_the_shipped_test_schema_is_up_to_date() -> None:
    assert schema_file().read_text(encoding="utf-8") == render(), (
        "run: python -m hotline_rules.suites.json_schema"
    )


def test_schema_test_prints_it() -> None:
    result = CliRunner().invoke(app, ["schema", "--test"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(render())
    schema = json.loads(result.stdout)
    assert schema["properties"]["apiVersion"]["const"] == "hotline_rules/test/v1"


def test_a_checkouts_own_suites_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a source tree, `test NAME` and `test` take ./profiles/tests/ before the installed copy."""
    from hotline_rules.suites.loader import resolve_targets

    (tmp_path / "profiles" / "tests").mkdir(parents=True)
    shutil.copy(ROOT / "profiles" / "moushi.yaml", tmp_path / "profiles" / "moushi.yaml")
    local = tmp_path / "profiles" / "tests" / "moushi.test.yaml"
    local.write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [p.resolve() for p in resolve_targets(["moushi"])] == [local.resolve()]
    assert [p.resolve() for p in resolve_targets([])] == [local.resolve()]
    result = invoke("moushi")
    assert result.exit_code == 0, result.output
    assert "2 个用例：1 通过，0 失败，1 跳过" in result.output  # the local suite, not the 45
