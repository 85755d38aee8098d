"""The language v2 suite passes, and ``test --format json`` shows the engine's answer."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hotline_rules.cli import app

DATA = Path(__file__).parent / "data" / "profiles"
SUITE = DATA / "tests" / "lang_v2.test.yaml"
PROFILE = DATA / "lang_v2.yaml"


def run_json() -> dict[str, object]:
    result = CliRunner().invoke(
        app, ["test", str(SUITE), "--profile", str(PROFILE), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_every_construct_shows_its_verdict() -> None:
    doc = run_json()
    (suite,) = doc["suites"]  # type: ignore[index]
    assert all(c["status"] == "passed" for c in suite["cases"])
    assert len(suite["cases"]) >= 10


def test_json_shows_the_engines_answer_for_a_passing_case() -> None:
    (suite,) = run_json()["suites"]  # type: ignore[index]
    by_name = {c["name"]: c for c in suite["cases"]}
    asked = by_name["可否退单：咨询不得退单（答复里有依据与截止时刻）"]
    answer = asked["engine"]["answer"]
    assert answer["allowed"] is False and answer["rule_id"] == "return.rules"
    assert answer["details"]["window_due"]  # the window's due instant, not only pass/fail
    judged = by_name["含本数：9月30日受理，10个工作日截止于10月19日24时"]["engine"]["evaluation"]
    (clock,) = [c for c in judged["clocks"] if c["rule_id"] == "completion.inclusive"]
    assert clock["due"] == "2026-10-20T00:00:00+08:00"
