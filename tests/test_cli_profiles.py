"""Profile verbs of the CLI: show, diff, schema, deadline --profile."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hotline_rules.cli import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_show_lists_every_rule_with_its_article() -> None:
    code, out, _ = invoke("show", "moushi")
    assert code == 0
    assert "completion.enterprise" in out and "15个工作日" in out and "第七条" in out
    assert "supervision.overdue" in out and "第八条第（一）项" in out


def test_show_json_is_the_whole_profile() -> None:
    code, out, _ = invoke("show", "gaoling", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["meta"]["id"] == "gaoling"
    assert data["apiVersion"] == "hotline_rules/v1"
    durations = {c["id"]: c["duration"] for c in data["clocks"]}
    assert durations["sign_for"] == "2小时"


def test_diff_two_cities_side_by_side() -> None:
    code, out, _ = invoke("diff", "moushi", "hebi", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["a"] == "moushi" and data["b"] == "hebi"
    rows = {(r["section"], r["key"]): r for r in data["rows"]}
    enterprise = [r for (s, k), r in rows.items() if "完成" in s or "办结" in s]
    assert any("15个工作日" in r["a"] for r in enterprise)
    assert any(not r["same"] for r in data["rows"])


def test_diff_of_a_profile_with_itself_has_no_differences() -> None:
    code, out, _ = invoke("diff", "qingpu_water", "qingpu_water", "--format", "json")
    assert code == 0
    assert all(r["same"] for r in json.loads(out)["rows"])


def test_schema_is_json() -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    schema = json.loads(out)
    assert "Condition" in schema["$defs"]


def test_deadline_with_profile_names_rule_and_citation() -> None:
    code, out, _ = invoke(
        "deadline",
        "--profile",
        "hebi",
        "--clock",
        "completion",
        "--set",
        "channel=hotline_12345",
        "--set",
        "handling=joint",
        "--start",
        "2026-09-30T16:00:00+08:00",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["add"] == "15 working_days"
    assert data["rule"]["id"] == "completion.hotline_joint"
    assert data["rule"]["cite"]["article"] == "第六条"
    # counted by hand: 10-08(1) 10-09(2) 10-10(3) 10-12..16(4-8) 10-19..23(9-13) 10-26(14) 10-27(15)
    assert data["due"] == "2026-10-28T00:00:00+08:00"


def test_deadline_profile_errors() -> None:
    code, _, err = invoke(
        "deadline",
        "--profile",
        "nosuch",
        "--clock",
        "completion",
        "--start",
        "2026-09-30T16:00:00+08:00",
    )
    assert code == 2 and "profile.not_found" in err
    code, _, err = invoke(
        "deadline",
        "--profile",
        "moushi",
        "--clock",
        "sign_for",
        "--start",
        "2026-09-30T16:00:00+08:00",
    )
    assert code == 2 and "clock.unknown" in err
    code, _, err = invoke(
        "deadline",
        "--profile",
        "moushi",
        "--clock",
        "completion",
        "--start",
        "2026-09-30T16:00:00+08:00",
    )
    assert code == 2 and "clock.no_rule_applies" in err
    code, _, err = invoke(
        "deadline",
        "--profile",
        "moushi",
        "--clock",
        "completion",
        "--set",
        "requester=citizen",
        "--add",
        "2天",
        "--start",
        "2026-09-30T16:00:00+08:00",
    )
    assert code == 2 and "usage.profile_needs_clock" in err
    code, _, err = invoke(
        "deadline",
        "--profile",
        "moushi",
        "--clock",
        "completion",
        "--set",
        "requester",
        "--start",
        "2026-09-30T16:00:00+08:00",
    )
    assert code == 2 and "usage.bad_fact" in err
